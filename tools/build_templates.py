"""Build the form templates in govproj/templates/docx/ (docxtpl: jinja2 inside .docx).

Run: python tools/build_templates.py   — rewrites every template; tests check they are current.
Each template is a function below, named after its form id; the variables it uses are those
of govproj/render/context.py (docs/render.md). Layout follows GB/T 9704 (govproj/render/gbt9704.py).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from govproj.render import gbt9704 as g  # noqa: E402

OUT = ROOT / "govproj" / "templates" / "docx"
TEMPLATES = {}


def template(form_id: str, landscape: bool = False):
    def register(fn):
        TEMPLATES[form_id] = (fn, landscape)
        return fn

    return register


def new(landscape: bool = False):
    d = docx.Document()
    g.setup_document(d, landscape=landscape)
    # python-docx's default template starts with no paragraphs; keep it that way
    return d


# --------------------------------------------------------------------------- common forms


@template("change_request")
def change_request(d):
    g.title(d, "项目变更申请表")
    g.body(d, "{% if change %}变更编号：{{ change.id }}　　申请日期：{{ change.date_text }}{% endif %}", indent=False)
    g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("建设单位", "{{ project.owner_unit }}"),
        ("适用办法", "{{ regulation.title }}"),
        ("批复概算（万元）", "{{ change.baseline_total_text }}"),
        ("变更事项", "{{ change.title }}"),
        ("变更原因", "{{ change.reason_label }}"),
        ("变更内容及理由", "{{ change.description }}"),
        ("调整数额（万元）", "{{ change.gross_change_text }}（占批复概算 {{ change.percent_text }}%）"),
        ("净增减（万元）", "{{ change.net_change_text }}"),
        ("是否重大变更", "{{ change.major_text }}"),
        ("办理方式", "{{ change.classification_label }}（{{ change.basis }}）"),
        ("建设单位意见", "\n\n（盖章）\n年　月　日"),
        ("审批/备案单位意见", "\n\n（盖章）\n年　月　日"),
    ])
    g.heading(d, "变更明细", 1)
    g.loop_table(d, ["名称", "变更前（万元）", "变更后（万元）", "增减（万元）", "说明"],
                 ["{{ row.item }}", "{{ row.before_text }}", "{{ row.after_text }}", "{{ row.delta_text }}", "{{ row.note }}"],
                 "row in change.rows", (46, 26, 26, 26, 32))


@template("acceptance_application")
def acceptance_application(d):
    g.title(d, "项目竣工验收申请")
    g.body(d, "{{ acceptance.recipient }}：", indent=False)
    g.body(d, "{{ project.name }}（以下简称本项目）由{{ project.owner_unit }}建设，总投资 {{ project.total_investment_text }} 万元"
              "（{{ project.total_investment_capital }}），已于{{ acceptance.completed_text }}建成。"
              "根据《{{ regulation.title }}》{{ acceptance.article }}的规定，现申请竣工验收，请予组织。")
    g.heading(d, "一、验收材料清单", 1)
    g.loop_table(d, ["序号", "材料", "依据", "是否具备", "文件"],
                 ["{{ loop.index }}", "{{ m.title }}", "{{ m.article }}", "{{ m.present_text }}", "{{ m.file }}"],
                 "m in acceptance.materials", (14, 56, 30, 22, 34))
    g.heading(d, "二、验收前提条件", 1)
    g.loop_table(d, ["事项", "情况", "依据"], ["{{ c.title }}", "{{ c.status }}", "{{ c.article }}"],
                 "c in acceptance.prerequisites", (60, 56, 40))
    g.body(d, "")
    g.body(d, "{{ project.owner_unit }}（盖章）", indent=False).alignment = 2
    g.body(d, "{{ today }}", indent=False).alignment = 2


@template("cloud_resources", landscape=True)
def cloud_resources(d):
    g.title(d, "政务云资源需求清单")
    g.body(d, "项目名称：{{ project.name }}　　建设单位：{{ project.owner_unit }}　　云平台：{{ cloud.platform }}　　网络区域：{{ cloud.network_zone }}", indent=False)
    g.loop_table(d, ["序号", "名称", "资源类型", "vCPU（核）", "内存（GB）", "存储（GB）", "带宽（Mbps）", "数量", "操作系统", "用途"],
                 ["{{ loop.index }}", "{{ r.name }}", "{{ r.type_label }}", "{{ r.vcpu }}", "{{ r.memory_gb }}", "{{ r.storage_gb }}",
                  "{{ r.bandwidth_mbps }}", "{{ r.quantity }}", "{{ r.os }}", "{{ r.purpose }}"],
                 "r in cloud.resources", (12, 34, 22, 18, 18, 18, 18, 12, 28, 45), size="五号")
    g.body(d, "合计：vCPU {{ cloud.total_vcpu }} 核，内存 {{ cloud.total_memory_gb }} GB，存储 {{ cloud.total_storage_gb }} GB。", indent=False)


@template("data_catalog", landscape=True)
def data_catalog(d):
    g.title(d, "政务信息资源目录")
    g.body(d, "项目名称：{{ project.name }}　　提供单位：{{ project.owner_unit }}", indent=False)
    g.loop_table(d, ["资源代码", "资源名称", "分类", "提供方", "信息项", "格式", "共享类型", "共享方式", "是否开放", "更新周期"],
                 ["{{ e.code }}", "{{ e.name }}", "{{ e.classification }}", "{{ e.provider }}", "{{ e.items_text }}", "{{ e.format }}",
                  "{{ e.share_type_label }}", "{{ e.share_mode }}", "{{ e.open_text }}", "{{ e.update_cycle }}"],
                 "e in catalog.entries", (24, 30, 20, 26, 45, 16, 18, 18, 14, 14), size="五号")


@template("self_evaluation")
def self_evaluation(d):
    g.title(d, "{{ project.name }}\n绩效自评价报告")
    g.heading(d, "一、项目概况", 1)
    g.body(d, "{{ project.name }}由{{ project.owner_unit }}建设，总投资 {{ project.total_investment_text }} 万元，"
              "于{{ evaluation.accepted_text }}通过竣工验收、{{ evaluation.operation_text }}投入运行。")
    g.heading(d, "二、绩效目标完成情况", 1)
    g.body(d, "总体目标：{{ project.performance_goals.overall }}")
    g.loop_table(d, ["一级指标", "二级指标", "三级指标", "目标值", "完成值", "说明"],
                 ["{{ i.level1_label }}", "{{ i.level2 }}", "{{ i.name }}", "{{ i.value }}", "（待填）", ""],
                 "i in project.indicators", (22, 24, 40, 24, 24, 22))
    for h, prompt in (("三、项目实施情况", "（写作提示：建设内容完成情况、进度、质量、资金使用与结余。）"),
                      ("四、应用成效", "（写作提示：用户规模、业务量、效率提升、数据共享情况。）"),
                      ("五、存在问题及改进措施", "（写作提示：对照绩效目标逐项说明差距和原因，提出整改措施。）"),
                      ("六、前置审查（评审）意见落实情况", "（写作提示：逐条说明审查意见的落实情况。）")):
        g.heading(d, h, 1)
        g.body(d, prompt)
    g.body(d, "")
    g.body(d, "{{ project.owner_unit }}", indent=False).alignment = 2
    g.body(d, "{{ today }}", indent=False).alignment = 2


def main(only: list[str] | None = None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for form_id, (fn, landscape) in TEMPLATES.items():
        if only and form_id not in only:
            continue
        d = new(landscape)
        fn(d)
        props = d.core_properties
        props.created = props.modified = datetime(2000, 1, 1)
        props.author = props.last_modified_by = "govproj"
        props.title = form_id
        path = OUT / f"{form_id}.docx"
        d.save(str(path))
        from govproj.render.docx_render import _deterministic_zip

        path.write_bytes(_deterministic_zip(path.read_bytes()))


if __name__ == "__main__":
    main(sys.argv[1:] or None)
