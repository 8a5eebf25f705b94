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
from docx.enum.table import WD_ALIGN_VERTICAL  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

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


def plan_overview(code: bool = False, funding: bool = False) -> list[tuple[str, str]]:
    """The 项目概况 table that opens the plan skeletons (可研, 技术方案)."""
    rows = [("项目名称", "{{ project.name }}")]
    if code:
        rows.append(("项目代码", "{{ project.project_code or \"—\" }}"))
    rows += [
        ("建设单位", "{{ project.owner_unit }}"),
        ("项目实施机构", "{{ project.implementing_body }}"),
        ("建设性质", "{{ project.nature_label }}（{{ project.classified_text }}）"),
        ("建设地点", "{{ project.location }}"),
        ("建设周期", "{{ project.period_text }}"),
        ("总投资", "{{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）"),
    ]
    if funding:
        rows.append(("资金来源", "{{ project.funding_sources_text }}"))
    return rows


# --------------------------------------------------------------------------- building blocks


def prompt(d, text: str):
    """A writing prompt where the dossier has no facts for a section: the clerk replaces it."""
    return g.body(d, f"（写作提示：{text}）")


def tag(d, text: str):
    """A paragraph holding only a block tag such as ``{%p if … %}`` (docxtpl removes the paragraph)."""
    return d.add_paragraph(text)


def centered(d, text: str):
    p = g.body(d, text, indent=False)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def right(d, text: str):
    p = g.body(d, text, indent=False)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def caption(d, text: str):
    """A table title above a table: 黑体 四号, centered (表 1 …)."""
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    g.set_font(run, g.H1_FONT, g.SIZE["四号"])
    g.no_snap(p)  # smaller than the 3号 grid: set at its own size, not spread over the character grid
    return p


def small(d, text: str, size: str = "小四"):
    """A note below a table (依据、单位说明), in a smaller size."""
    p = d.add_paragraph()
    p.paragraph_format.line_spacing = Pt(20)
    run = p.add_run(text)
    g.set_font(run, g.BODY_FONT, g.SIZE[size])
    g.no_snap(p)
    return p


def head_line(d, text: str):
    """The line above a form's table (填报单位 … at the left, the date at the right after a tab), 小四,
    labels verbatim from the regulation's 附件."""
    head = g.body(d, text, indent=False)
    head.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    for run in head.runs:
        g.set_font(run, g.BODY_FONT, g.SIZE["小四"])
    g.no_snap(head)
    return head


def chart(d, name: str):
    """An optional chart (charts.timeline / charts.budget): an empty paragraph when absent."""
    p = centered(d, f"{{% if charts.{name} %}}{{{{ charts.{name} }}}}{{% endif %}}")
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact 28 pt line would clip the picture
    g.no_snap(p)
    return p


def signature(d, *lines: str):
    """The seal block, right-aligned; its lines keep together (layout.py keeps it with the table above)."""
    for i, line in enumerate(lines):
        p = right(d, line)
        if i < len(lines) - 1:
            p.paragraph_format.keep_with_next = True


# the cover date of a plan handed in with the declaration is the declaration date, not the rendering day
DECLARATION_DATE = "{{ declaration.date_text or today }}"


def cover(d, title_text: str, lines: list[str]):
    """The cover of a plan: title, unit and date, then a new page."""
    g.title(d, title_text)
    for line in lines:
        centered(d, line)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# Tables shared by the plan skeletons; widths fit the 156 mm text block (portrait).

BUDGET_WIDTHS = (9, 35, 18, 14, 14, 16, 50)


def budget_table(d):
    caption(d, "投资估算明细表")
    t = g.loop_table(d, ["序号", "费用名称", "类别", "数量", "单价（万元）", "金额（万元）", "测算依据"],
                     ["{{ loop.index }}", "{{ i.item }}", "{{ i.category_label }}",
                      "{% if i.quantity_text %}{{ i.quantity_text }}{{ i.unit or \"\" }}{% else %}—{% endif %}",
                      "{{ i.unit_price_text or \"—\" }}", "{{ i.amount_text }}", "{{ i.basis }}"],
                     "i in budget.items", BUDGET_WIDTHS, size="五号")
    g.add_row(t, ["合计", "{{ budget.total_text }}", ""], size="五号", bold=True, merge=(0, 4))
    g._widths(t, BUDGET_WIDTHS)
    small(d, "单位：万元。金额合计应等于项目总投资 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）。")


def category_table(d):
    caption(d, "投资结构表")
    g.loop_table(d, ["费用类别", "金额（万元）", "占总投资比例（%）"],
                 ["{{ c.label }}", "{{ c.amount_text }}", "{{ c.percent_text }}"],
                 "c in estimate.budget.by_category", (70, 43, 43), size="五号")


def funding_table(d):
    caption(d, "资金来源表")
    t = g.loop_table(d, ["资金来源", "金额（万元）", "落实情况"],
                     ["{{ f.source_label }}", "{{ f.amount_text }}", "{{ f.note or \"—\" }}"],
                     "f in budget.funding", (36, 26, 94), size="五号")
    g.add_row(t, ["合计", "{{ budget.total_text }}", ""], size="五号", bold=True)
    g._widths(t, (36, 26, 94))


def quotes_table(d):
    caption(d, "厂商（服务商）报价表")
    g.loop_table(d, ["序号", "厂商（服务商）", "报价（万元）", "报价日期", "报价文件"],
                 ["{{ loop.index }}", "{{ q.vendor }}", "{{ q.amount_text }}", "{{ q.date_text }}", "{{ q.file_title or \"—\" }}"],
                 "q in budget.quotes", (10, 50, 22, 26, 48), size="五号")
    small(d, "{% if estimate.budget.quotes.count %}共 {{ estimate.budget.quotes.count }} 家报价，最低 "
             "{{ estimate.budget.quotes.lowest_text }} 万元、最高 {{ estimate.budget.quotes.highest_text }} 万元、中位数 "
             "{{ estimate.budget.quotes.median_text }} 万元；本项目投资 {{ project.total_investment_text }} 万元，"
             "{{ estimate.budget.quotes.position }}。{% endif %}")


def similar_table(d):
    caption(d, "类似项目成交合同价")
    g.loop_table(d, ["项目名称", "采购单位", "成交金额（万元）", "成交日期", "信息来源"],
                 ["{{ c.name }}", "{{ c.buyer }}", "{{ c.amount_text }}", "{{ c.date_text }}", "{{ c.source or \"—\" }}"],
                 "c in budget.similar_contracts", (44, 30, 20, 22, 40), size="五号")


def cloud_table(d):
    caption(d, "政务云资源需求清单")
    small(d, "云平台：{{ cloud.platform }}　　网络区域：{{ cloud.network_zone }}").paragraph_format.keep_with_next = True
    g.loop_table(d, ["序号", "资源名称", "类型", "vCPU（核）", "内存（GB）", "存储（GB）", "数量", "用途"],
                 ["{{ loop.index }}", "{{ r.name }}", "{{ r.type_label }}", "{{ r.vcpu or \"—\" }}",
                  "{{ r.memory_gb or \"—\" }}", "{{ r.storage_gb or \"—\" }}", "{{ r.quantity or 1 }}", "{{ r.purpose }}"],
                 "r in cloud.resources", (9, 28, 18, 16, 16, 18, 11, 40), size="五号")
    small(d, "合计：vCPU {{ cloud.total_vcpu or 0 }} 核，内存 {{ cloud.total_memory_gb or 0 }} GB，"
             "存储 {{ cloud.total_storage_gb or 0 }} GB（按数量累计）。")


def catalog_table(d):
    caption(d, "政务信息资源目录（摘要）")
    g.loop_table(d, ["资源代码", "资源名称", "提供方", "共享类型", "共享方式", "是否开放", "更新周期"],
                 ["{{ e.code }}", "{{ e.name }}", "{{ e.provider }}", "{{ e.share_type_label }}",
                  "{{ e.share_mode or \"—\" }}", "{{ e.open_text }}", "{{ e.update_cycle }}"],
                 "e in catalog.entries", (26, 30, 28, 18, 22, 14, 18), size="五号")


def sharing_table(d):
    caption(d, "数据共享责任清单（摘要）")
    g.loop_table(d, ["共享信息名称", "信息项", "更新周期", "共享服务方式", "数据提供方式"],
                 ["{{ s.name }}", "{{ s.items_text }}", "{{ s.update_cycle }}", "{{ s.share_mode }}", "{{ s.provision_mode }}"],
                 "s in catalog.sharing_list", (30, 56, 18, 28, 24), size="五号")


def indicators_table(d, caption_text: str = "绩效目标表"):
    caption(d, caption_text)
    g.loop_table(d, ["一级指标", "二级指标", "三级指标", "指标值"],
                 ["{{ i.level1_label }}", "{{ i.level2 }}", "{{ i.name }}", "{{ i.value }}"],
                 "i in project.indicators", (26, 32, 64, 34), size="五号")


def timeline_table(d):
    caption(d, "项目时间节点")
    g.loop_table(d, ["序号", "环节", "期限", "实际完成", "状态", "依据"],
                 ["{{ loop.index }}", "{{ s.title }}", "{{ s.due_text }}", "{{ s.actual_text or \"—\" }}",
                  "{{ s.status_label }}", "{{ s.basis }}"],
                 "s in estimate.timeline", (10, 34, 26, 26, 16, 44), size="五号")


def route_table(d):
    tag(d, "{%p if estimate.route %}")
    g.body(d, "审批路线：{{ estimate.route.title }}（{{ estimate.route.article }}）。")
    g.loop_table(d, ["环节", "审批（受理）单位", "所需材料", "依据", "完成日期"],
                 ["{{ s.title }}", "{{ s.approver or \"—\" }}", "{{ s.documents_text or \"—\" }}", "{{ s.article }}",
                  "{{ s.done_on_text or \"—\" }}"],
                 "s in estimate.route.stages", (30, 32, 44, 24, 26), size="五号")
    tag(d, "{%p endif %}")


def products_table(d):
    caption(d, "主要软硬件产品安全可靠情况")
    g.loop_table(d, ["产品", "类别", "厂商", "安全可靠"],
                 ["{{ x.name }}", "{{ x.category }}", "{{ x.vendor }}", "{{ x.reliable }}"],
                 "x in security.safe_reliable.products", (54, 28, 54, 20), size="五号")


def security_paragraphs(d):
    g.body(d, "{% if security.mlps %}按网络安全等级保护第{{ security.mlps.level }}级要求同步规划、同步建设、同步运行安全保护措施"
              "{% if security.mlps.filing_date_text %}，已于{{ security.mlps.filing_date_text }}向{{ security.mlps.filed_with }}备案"
              "（备案编号 {{ security.mlps.filing_no }}）{% endif %}"
              "{% if security.mlps.test_date_text %}；{{ security.mlps.test_date_text }}完成等级测评，结论：{{ security.mlps.test_result_label }}{% endif %}。"
              "{% else %}（写作提示：说明网络安全等级保护定级、备案和测评安排。）{% endif %}")
    g.body(d, "{% if security.crypto.plan %}已编制商用密码应用方案{% if security.crypto.plan_title %}（《{{ security.crypto.plan_title }}》）{% endif %}，"
              "按 GB/T 39786-2021 要求同步规划、同步建设、同步运行密码保障系统"
              "{% if security.crypto.assessment_date_text %}；{{ security.crypto.assessment_date_text }}完成商用密码应用安全性评估，"
              "结论：{{ security.crypto.assessment_result_label }}{% endif %}。"
              "{% else %}（写作提示：说明国产密码应用方案：密码应用等级、密码产品和服务、密评安排。）{% endif %}")


def documents_table(d):
    caption(d, "附件目录")
    g.loop_table(d, ["序号", "材料名称", "类型", "日期"],
                 ["{{ loop.index }}", "{{ x.title or x.label }}", "{{ x.label }}", "{{ x.date_text or \"—\" }}"],
                 "x in documents", (12, 84, 32, 28), size="五号")


# --------------------------------------------------------------------------- common forms


@template("change_request")
def change_request(d):
    g.title(d, "项目变更申请表")
    g.body(d, "{% if change %}变更编号：{{ change.number_text }}　　申请日期：{{ change.date_text }}{% endif %}", indent=False)
    table = g.form_table(d, [
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
        ("办理方式", "{{ change.classification_label }}"),
        ("批准情况", "{% if change.approved_by %}{{ change.approved_by }}{% if change.approval_doc %}（{{ change.approval_doc }}）{% endif %}"
                     "{% if change.approval_date_text %}，{{ change.approval_date_text }}{% endif %}{% else %}—{% endif %}"),
        ("抄报备案", "{% if change.filed_with_text %}{{ change.filed_with_text }}{% if change.filing_date_text %}，"
                     "{{ change.filing_date_text }}{% endif %}{% else %}—{% endif %}"),
        ("建设单位意见", ""),
        ("审批/备案单位意见", ""),
    ])
    for row in table.rows[-2:]:
        g.seal_cell(row.cells[1], "四号", blank_lines=1)
    g.heading(d, "变更明细", 1)
    g.loop_table(d, ["名称", "变更前（万元）", "变更后（万元）", "增减（万元）", "说明"],
                 ["{{ row.item }}", "{{ row.before_text or \"—\" }}", "{{ row.after_text or \"—\" }}", "{{ row.delta_text or \"—\" }}",
                  "{{ row.note or \"—\" }}"],
                 "row in change.rows", (46, 26, 26, 26, 32))


@template("acceptance_application")
def acceptance_application(d):
    g.title(d, "项目竣工验收申请")
    g.body(d, "{{ acceptance.recipient }}：", indent=False)
    g.body(d, "{{ project.name }}（以下简称本项目）由{{ project.owner_unit }}建设，总投资 {{ project.total_investment_text }} 万元"
              "（{{ project.total_investment_capital }}），已于{{ acceptance.completed_text }}建成。"
              "根据《{{ regulation.title }}》{{ acceptance.article }}的规定，现申请竣工验收，请予组织。")
    g.heading(d, "一、验收材料清单", 1)
    g.loop_table(d, ["序号", "材料", "依据", "是否具备", "档案中的材料"],
                 ["{{ loop.index }}", "{{ m.title }}", "{{ m.article }}", "{{ m.present_text }}", "{{ m.found_text }}"],
                 "m in acceptance.materials", (12, 52, 26, 20, 46), size="五号",
                 empty_text="《{{ regulation.title }}》未列出验收材料")
    g.heading(d, "二、验收前提条件", 1)
    g.loop_table(d, ["事项", "日期", "结果"], ["{{ c.title }}", "{{ c.date_text }}", "{{ c.status }}"],
                 "c in acceptance.prerequisites", (70, 50, 36), size="五号")
    g.body(d, "")
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


@template("cloud_resources", landscape=True)
def cloud_resources(d):
    g.title(d, "政务云资源需求清单")
    # one field a line: side by side, a long name broke the line between a label and its value (「云平台：」 / 「市智慧…」)
    for line in ("项目名称：{{ project.name }}", "建设单位：{{ project.owner_unit }}", "云平台：{{ cloud.platform }}",
                 "网络区域：{{ cloud.network_zone }}"):
        g.body(d, line, indent=False)
    g.loop_table(d, ["序号", "名称", "资源类型", "vCPU（核）", "内存（GB）", "存储（GB）", "带宽（Mbps）", "数量", "操作系统", "用途"],
                 ["{{ loop.index }}", "{{ r.name }}", "{{ r.type_label }}", "{{ r.vcpu or \"—\" }}", "{{ r.memory_gb or \"—\" }}",
                  "{{ r.storage_gb or \"—\" }}", "{{ r.bandwidth_mbps or \"—\" }}", "{{ r.quantity or 1 }}", "{{ r.os or \"—\" }}",
                  "{{ r.purpose }}"],
                 "r in cloud.resources", (12, 34, 22, 18, 18, 18, 18, 12, 28, 45), size="五号")
    g.body(d, "合计：vCPU {{ cloud.total_vcpu or 0 }} 核，内存 {{ cloud.total_memory_gb or 0 }} GB，存储 {{ cloud.total_storage_gb or 0 }} GB"
              "（按数量累计）。", indent=False)
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


@template("data_catalog", landscape=True)
def data_catalog(d):
    g.title(d, "政务信息资源目录")
    g.body(d, "项目名称：{{ project.name }}", indent=False)
    g.body(d, "提供单位：{{ project.owner_unit }}", indent=False)
    g.loop_table(d, ["资源代码", "资源名称", "分类", "提供方", "信息项", "格式", "共享类型", "共享方式", "是否开放", "更新周期"],
                 ["{{ e.code }}", "{{ e.name }}", "{{ e.classification }}", "{{ e.provider }}", "{{ e.items_text }}", "{{ e.format }}",
                  "{{ e.share_type_label }}", "{{ e.share_mode or \"—\" }}", "{{ e.open_text }}", "{{ e.update_cycle }}"],
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
                      ("五、存在问题及改进措施", "（写作提示：对照绩效目标逐项说明差距和原因，提出整改措施。）")):
        g.heading(d, h, 1)
        g.body(d, prompt)
    # chapters only some regulations ask for (govproj/data/forms.yaml self_evaluation_sections)
    tag(d, "{%p for x in evaluation.sections %}")
    g.heading(d, "{{ x.number }}、{{ x.title }}", 1)
    g.body(d, "（写作提示：{{ x.prompt }}）")
    tag(d, "{%p endfor %}")
    g.body(d, "")
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


# --------------------------------------------------------------------------- 九江（jiujiang-2024）附件2


@template("jj_declaration_form")
def jj_declaration_form(d):
    """附件2 一、项目申报表：every field of 「九江市数字化项目申报表」 in order (JJ-A2-F1…F13), labels verbatim."""
    g.title(d, "九江市数字化项目申报表")
    head_line(d, "申报单位(盖章):{{ project.owner_unit }}\t申报时间:{{ declaration.date_text }}")
    widths = (40, 116)
    t = g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("应用单位", "{{ project.application_unit }}"),
        ("建设地点", "{{ project.location }}"),
        ("建设时间", "{{ project.period_text }}"),
        ("项目负责人", "{{ project.responsible_person_text }}"),
        ("联系方式", "{{ project.contact_text }}"),
        ("总投资", "{{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）"),
        ("其中,工程(实施)费用", "{{ project.engineering_cost_text }} 万元（{{ project.engineering_cost_capital }}）"),
        ("必要性及建设(实施)依据", "必要性：{{ project.necessity }}\n建设(实施)依据：{{ project.basis }}", "五号"),
        ("实施方式及原因", "实施方式：{{ project.implementation.method }}\n原因：{{ project.implementation.reason }}", "五号"),
    ], widths_mm=widths, size="小四")
    row = t.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cells = row.cells
    g._cell_text(cells[0], "主管部门意见", "小四", bold=True)
    cells[0].vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    g.seal_cell(cells[1], "小四", seal="(盖章)", blank_lines=1)  # 附件2 prints (盖章) half-width: verbatim
    g._widths(t, widths)
    small(d, "注：金额单位为万元；主管部门：{{ project.competent_unit }}。", "五号")


@template("jj_tech_plan")
def jj_tech_plan(d):
    """附件2 二、「XXX项目技术方案」：8 章 20 节，标题逐字取自附件2（半角标点照原文）。"""
    cover(d, "{{ project.name }}技术方案", ["{{ project.owner_unit }}", DECLARATION_DATE])

    g.heading(d, "一、概述", 1)
    g.heading(d, "(一)项目概况。", 2)
    g.body(d, "项目全称：{{ project.name }}；简称：{{ project.short_name }}。项目代码：{{ project.project_code or \"—\" }}。")
    g.body(d, "建设目标：{{ project.performance_goals.overall }}")
    g.body(d, "建设任务：")
    g.body(d, "{{ project.main_tasks_text }}")
    g.body(d, "建设地点：{{ project.location }}。建设工期：{{ project.period_text }}。建设性质：{{ project.nature_label }}，"
              "{{ project.classified_text }}项目。")
    g.body(d, "投资规模和资金来源：项目总投资 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），"
              "其中工程(实施)费用 {{ project.engineering_cost_text }} 万元；资金来源为{{ project.funding_sources_text }}。")
    g.body(d, "建设模式：{{ project.implementation.method }}。")
    g.body(d, "绩效目标：见下表。")
    indicators_table(d, "项目绩效目标表")
    g.heading(d, "(二)项目应用单位概况。", 2)
    g.body(d, "项目应用单位为{{ project.application_unit }}，项目实施机构为{{ project.implementing_body }}，"
              "项目负责人：{{ project.responsible_person_text }}。")
    prompt(d, "简述项目应用单位的职能、内设机构、人员和信息化工作基本情况；拟新组建项目法人的，简述项目法人组建方案。")

    g.heading(d, "二、数字政府建设总体方案落实情况", 1)
    g.heading(d, "(一)项目统筹建设情况。", 2)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}")
    prompt(d, "简述项目建设遵循统筹规划、共建共享、业务协同、安全可靠情况。非涉密数字化项目建设原则上必须依托政务信息化基础设施开展集约化建设。")
    g.heading(d, "(二)“五统一”原则落实情况。", 2)
    prompt(d, "逐项说明统一顶层架构、统一数字底座、统一技术标准、统一共性应用、统一运维运营的落实情况。")
    g.heading(d, "(三)“省级主建,市县主用”原则落实情况。", 2)
    prompt(d, "说明项目与省级平台的关系：哪些能力使用省级已建平台，哪些为本级特色应用，避免重复建设。")

    g.heading(d, "三、项目建设背景和必要性", 1)
    g.heading(d, "(一)项目建设背景。", 2)
    g.body(d, "{% if project.predecessor %}前期项目：{{ project.predecessor.name }}，{{ project.predecessor.acceptance_date_text }}通过验收。{% endif %}")
    prompt(d, "简述项目立项背景和前期工作进展（需求征集、纳入储备库、上级主管部门意见等）。")
    g.heading(d, "(二)项目建设必要性。", 2)
    g.body(d, "{{ project.necessity }}")
    g.body(d, "建设依据：{{ project.basis }}")
    prompt(d, "有文件建设依据的，提供文件内容并将原文以附件形式附后。")

    g.heading(d, "四、项目需求分析", 1)
    g.heading(d, "(一)现状分析。", 2)
    prompt(d, "从信息化系统、网络、数据、安全、运维、规章制度、人员队伍、应用情况等方面描述现状，可用图表。")
    g.heading(d, "(二)需求分析。", 2)
    prompt(d, "提出项目功能定位、近期和远期目标、产品或服务的需求总量及结构。")
    g.heading(d, "(三)建设内容和规模。", 2)
    g.body(d, "主要建设内容：")
    g.body(d, "{{ project.main_tasks_text }}")
    prompt(d, "补充总体布局、建设规模和建设标准；分期建设的，说明近远期规模和预留发展空间。")
    g.heading(d, "(四)项目产出方案。", 2)
    prompt(d, "说明项目正常运营年份应达到的服务能力及其质量标准，评价建设内容、规模和产出的合理性（可对照一(一)绩效目标表的产出指标）。")

    g.heading(d, "五、项目建设方案", 1)
    g.heading(d, "(一)总体建设方案。", 2)
    prompt(d, "从系统、网络、数据、安全、运维、规章制度、人员队伍、应用情况等方面阐述建设方案，通过多方案比较选择最佳或合理方案。")
    g.heading(d, "(二)技术方案。", 2)
    prompt(d, "提出技术目标、技术来源及其实现路径，确定核心技术方案和核心技术指标，简述推荐技术路线的理由；涉及专利或关键核心技术的，分析知识产权保护、技术标准和自主可控性。")
    g.heading(d, "(三)数字化方案。", 2)
    prompt(d, "对于具备条件的项目，提出以数字化交付为目的、覆盖设计—施工—运维全过程的数字化应用方案；不具备条件的，说明理由。")
    g.heading(d, "(四)信息安全保障和密码应用方案。", 2)
    security_paragraphs(d)
    g.body(d, "{% if security.safe_reliable.stated %}主要软硬件产品安全可靠情况见下表。{% endif %}")
    products_table(d)
    prompt(d, "从系统、网络、数据、应用、环境等方面补充安全保障方案；涉及工作秘密的，补充信息防护内容。")
    g.heading(d, "(五)建设管理方案。", 2)
    g.body(d, "项目实施机构：{{ project.implementing_body }}；项目负责人：{{ project.responsible_person_text }}。"
              "建设工期：{{ project.period_text }}。")
    g.body(d, "招标方案：{{ project.implementation.method }}。{{ project.implementation.reason }}")
    route_table(d)
    g.body(d, "项目主要时间节点（按《{{ regulation.title }}》规定的期限推算）见下表和下图。")
    timeline_table(d)
    chart(d, "timeline")
    prompt(d, "补充建设组织模式和机构设置、质量和安全管理方案、验收标准，以及拟采用的建设管理模式（代建、全过程工程咨询、EPC 等）。")

    g.heading(d, "六、集约化及信息资源共享分析", 1)
    g.heading(d, "(一)集约化建设。", 2)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}政务云资源需求清单如下。")
    cloud_table(d)
    g.heading(d, "(二)信息资源共享。", 2)
    g.body(d, "本项目编制政务信息资源目录 {{ catalog.entries|length }} 项，明确各类数据的共享属性和开放属性"
              "{% if catalog.in_sharing_platform %}，目录已纳入共享平台目录管理系统{% endif %}；"
              "数据共享责任清单 {{ catalog.sharing_list|length }} 项。")
    catalog_table(d)
    prompt(d, "描述项目所需的信息资源（向哪些部门获取、经全市电子政务共享数据统一交换平台）和可提供的信息资源。")

    g.heading(d, "七、项目投资与财务方案", 1)
    g.heading(d, "(一)投资估算。", 2)
    g.body(d, "项目总投资 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），"
              "其中工程(实施)费用 {{ project.engineering_cost_text }} 万元。投资估算明细和投资结构见下表。")
    budget_table(d)
    category_table(d)
    chart(d, "budget")
    similar_table(d)
    prompt(d, "说明投资估算编制依据和编制范围、建设期分年度投资计划，初步测算项目建成后的年度运维费用。")
    g.heading(d, "(二)筹资方案。", 2)
    funding_table(d)
    g.heading(d, "(三)项目报价情况。", 2)
    quotes_table(d)

    g.heading(d, "八、附表、附图和附件", 1)
    documents_table(d)
    prompt(d, "附具项目必要性材料、估算金额依据等附表、附图和附件。")


# --------------------------------------------------------------------------- 江津（jiangjin-2022）


@template("jjq_fsr")
def jjq_fsr(d):
    """第九条、第十四条：3000 万元以下为「可行性研究报告及概算（代初步设计）」，3000 万元（含）以上为「可行性研究报告」
    （其后另编初步设计及概算，jjq_prelim_design）；标题随审批路线（form.title）。第六至第十一章为第十四条规定的篇章。"""
    cover(d, "{{ project.name }}\n{{ form.title|replace(\"项目\", \"\", 1) }}", ["{{ project.owner_unit }}", DECLARATION_DATE])
    small(d, "编制说明：本项目总投资 {{ project.total_investment_text }} 万元，按《{{ regulation.title }}》第九条，"
             "审批路线为“{{ estimate.route.title }}”。按第十四条，报告应当包括"
             "系统整合、数据资源收集治理及业务应用梳理、数据资源共享分析、网络安全保护措施、密码应用方案、集约化建设篇（章）"
             "（本提纲第六章至第十一章）。")

    g.heading(d, "第一章　项目概况", 1)
    g.heading(d, "一、项目基本情况", 2)
    g.form_table(d, plan_overview(code=True, funding=True), size="小四")
    g.heading(d, "二、建设目标和主要任务", 2)
    g.body(d, "{{ project.performance_goals.overall }}")
    g.body(d, "{{ project.main_tasks_text }}")

    g.heading(d, "第二章　项目建设单位概况", 1)
    g.body(d, "项目建设单位为{{ project.owner_unit }}，项目实施机构为{{ project.implementing_body }}，"
              "项目责任人：{{ project.responsible_person_text }}。"
              "{% if project.cross_department %}本项目为跨部门共建共享项目，牵头部门为{{ project.lead_unit }}，"
              "参建部门：{{ project.participating_units|join(\"、\") }}（第十三条：须先形成统一框架方案）。{% endif %}")
    prompt(d, "简述建设单位职能、信息化工作机构和人员情况。")

    g.heading(d, "第三章　项目建设的必要性和依据", 1)
    g.heading(d, "一、建设必要性", 2)
    g.body(d, "{{ project.necessity }}")
    g.heading(d, "二、建设依据", 2)
    g.body(d, "{{ project.basis }}")
    g.heading(d, "三、前期项目情况", 2)
    g.body(d, "{% if project.predecessor %}前期项目：{{ project.predecessor.name }}，{{ project.predecessor.acceptance_date_text }}通过验收。"
              "{% endif %}{% if project.nature in [\"upgrade\", \"expansion\", \"rebuild\"] %}本项目属改扩建项目，按第十四条须提交"
              "前期项目第三方后评价报告：{{ doc_types.predecessor_post_evaluation.present_text }}"
              "{% if doc_types.predecessor_post_evaluation.present %}（{{ doc_types.predecessor_post_evaluation.titles_text }}）"
              "{% endif %}。{% else %}本项目为{{ project.nature_label }}项目。{% endif %}")

    g.heading(d, "第四章　需求分析", 1)
    prompt(d, "分析业务需求、功能需求、数据需求、性能需求、安全需求和用户规模；跨部门项目说明业务流、数据流及系统接口。")

    g.heading(d, "第五章　总体建设方案", 1)
    g.body(d, "主要建设内容：")
    g.body(d, "{{ project.main_tasks_text }}")
    prompt(d, "阐述总体架构、技术路线、建设内容和规模、建设标准，并进行多方案比选。")

    g.heading(d, "第六章　系统整合", 1)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}")
    prompt(d, "说明本项目与本部门已建、在建信息系统的整合方案，需整合、迁移或下线的系统及其时间安排。")

    g.heading(d, "第七章　数据资源收集治理及业务应用梳理", 1)
    g.body(d, "本项目编制数据资源目录 {{ catalog.entries|length }} 项（{{ doc_types.data_catalog.present_text }}，"
              "按第十四条数据资源目录是审批的必备条件），摘要如下。")
    catalog_table(d)
    prompt(d, "说明数据资源的来源、采集方式、治理规则（清洗、标准化、质量控制）和业务应用梳理结果。")

    g.heading(d, "第八章　数据资源共享分析", 1)
    g.body(d, "数据共享责任清单 {{ catalog.sharing_list|length }} 项"
              "{% if catalog.sharing_needs_stated %}，已明确部门间信息共享需求{% endif %}"
              "{% if catalog.sharing_interfaces_reserved %}，已按共享要求预留共享接口{% endif %}。")
    sharing_table(d)
    prompt(d, "说明共享数据使用情况反馈机制，不得将应当普遍共享的数据仅向特定企业、社会组织开放。")

    g.heading(d, "第九章　网络安全保护措施", 1)
    security_paragraphs(d)
    products_table(d)
    prompt(d, "从物理环境、网络、主机、应用、数据和安全管理等方面说明保护措施，说明安全可靠产品使用情况。")

    g.heading(d, "第十章　密码应用方案", 1)
    g.body(d, "密码应用方案：{{ doc_types.crypto_plan.present_text }}{% if doc_types.crypto_plan.present %}（{{ doc_types.crypto_plan.titles_text }}）{% endif %}。"
              "按第十四条，密码应用方案是审批政务信息化项目的必备条件。")
    prompt(d, "说明密码应用需求、密码应用等级、密码产品和服务、密钥管理及密评安排。")

    g.heading(d, "第十一章　集约化建设", 1)
    g.body(d, "本项目依托{{ cloud.platform }}建设，政务云资源需求如下。")
    cloud_table(d)
    prompt(d, "说明对公共基础设施、共性应用支撑平台的复用情况，不重复建设机房、网络和通用软件。")

    g.heading(d, "第十二章　项目组织机构和实施进度", 1)
    g.body(d, "项目实施机构：{{ project.implementing_body }}。建设周期：{{ project.period_text }}。"
              "实施方式：{{ project.implementation.method }}。")
    route_table(d)
    timeline_table(d)
    chart(d, "timeline")

    g.heading(d, "第十三章　投资{% if form.id == \"jjq_fsr\" and estimate.route.stages|length > 2 %}估算{% else %}概算{% endif %}和资金来源", 1)
    g.body(d, "项目总投资 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），其中工程(实施)费用 "
              "{{ project.engineering_cost_text }} 万元。")
    budget_table(d)
    category_table(d)
    chart(d, "budget")
    funding_table(d)

    g.heading(d, "第十四章　绩效目标", 1)
    g.body(d, "总体目标：{{ project.performance_goals.overall }}")
    indicators_table(d, "项目绩效目标表")

    g.heading(d, "第十五章　附件", 1)
    documents_table(d)


@template("jjq_prelim_design")
def jjq_prelim_design(d):
    """第九条：总投资 3000 万元（含）以上的项目，依据可行性研究报告批复要求编制的初步设计及概算方案；
    第十四条的六个篇（章）同样必备（本提纲第四章至第九章）。"""
    cover(d, "{{ project.name }}\n初步设计及概算", ["{{ project.owner_unit }}", "{{ doc_types.prelim_design.date_text or today }}"])
    small(d, "编制说明：按《{{ regulation.title }}》第九条，总投资 3000 万元（含）以上的项目依据可行性研究报告批复要求编制"
             "初步设计及概算方案；按第十四条，应当包括系统整合、数据资源收集治理及业务应用梳理、数据资源共享分析、网络安全保护措施、"
             "密码应用方案、集约化建设篇（章）（本提纲第四章至第九章）。")

    g.heading(d, "第一章　项目概况", 1)
    g.form_table(d, plan_overview(code=True, funding=True), size="小四")
    g.heading(d, "第二章　设计依据", 1)
    g.body(d, "{% for e in events if e.type == \"fsr_approved\" %}可行性研究报告已于{{ e.date_text }}批复"
              "{% if e.doc_no %}（{{ e.doc_no }}）{% endif %}。{% else %}（写作提示：写明可行性研究报告批复的文号、日期和批复要求。）{% endfor %}")
    g.body(d, "建设依据：{{ project.basis }}")
    g.heading(d, "第三章　总体设计", 1)
    g.body(d, "{{ project.main_tasks_text }}")
    prompt(d, "按可研批复的建设内容和规模，给出总体架构、应用系统、数据、网络和部署设计，以及主要设备和软件的选型与配置。")
    g.heading(d, "第四章　系统整合", 1)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}")
    prompt(d, "说明与已建、在建信息系统的整合设计，需整合、迁移或下线的系统及其时间安排。")
    g.heading(d, "第五章　数据资源收集治理及业务应用梳理", 1)
    catalog_table(d)
    prompt(d, "说明数据采集、清洗、标准化和质量控制的设计，以及业务应用梳理结果。")
    g.heading(d, "第六章　数据资源共享分析", 1)
    sharing_table(d)
    g.heading(d, "第七章　网络安全保护措施", 1)
    security_paragraphs(d)
    products_table(d)
    g.heading(d, "第八章　密码应用方案", 1)
    g.body(d, "密码应用方案：{{ doc_types.crypto_plan.present_text }}{% if doc_types.crypto_plan.present %}（{{ doc_types.crypto_plan.titles_text }}）{% endif %}。")
    prompt(d, "给出密码应用的详细设计：密码产品和服务的配置、密钥管理、密评安排。")
    g.heading(d, "第九章　集约化建设", 1)
    cloud_table(d)
    g.heading(d, "第十章　项目实施进度", 1)
    g.body(d, "建设周期：{{ project.period_text }}。")
    timeline_table(d)
    g.heading(d, "第十一章　投资概算和资金来源", 1)
    g.body(d, "项目总投资 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），概算明细如下。")
    budget_table(d)
    category_table(d)
    funding_table(d)


@template("jjq_performance_goals")
def jjq_performance_goals(d):
    """第十条第三款：申报年度投资计划时编制的项目绩效目标表。"""
    g.title(d, "项目绩效目标表")
    head_line(d, "填报单位(盖章):{{ project.owner_unit }}\t填报日期:" + DECLARATION_DATE)
    g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("主管部门", "{{ project.competent_unit }}"),
        ("实施单位", "{{ project.implementing_body }}"),
        ("项目属性", "{{ project.nature_label }}（{{ project.kind_label }}）"),
        ("计划年度", "{{ project.plan_year }}年"),
        ("建设周期", "{{ project.period_text }}"),
        ("项目资金（万元）", "总投资 {{ project.total_investment_text }}：{% for f in budget.funding %}{{ f.source_label }} "
                          "{{ f.amount_text }}{% if not loop.last %}；{% endif %}{% endfor %}"),
        ("总体目标", "{{ project.performance_goals.overall }}"),
    ], widths_mm=(36, 120), size="小四")
    caption(d, "绩效指标")
    g.loop_table(d, ["一级指标", "二级指标", "三级指标", "指标值"],
                 ["{{ i.level1_label }}", "{{ i.level2 }}", "{{ i.name }}", "{{ i.value }}"],
                 "i in project.indicators", (24, 32, 66, 34), size="小四")
    small(d, "依据：《{{ regulation.title }}》第十条“项目建设单位申报年度投资计划时（运行维护项目除外），应当编制项目绩效目标表”。",
          "五号")


# --------------------------------------------------------------------------- 遵义（zunyi-2020）


@template("zy_service_plan")
def zy_service_plan(d):
    """第十二条：项目年度服务方案，十个部分依第十二条列举的顺序。"""
    cover(d, "{{ project.name }}\n年度服务方案", ["{{ project.owner_unit }}", DECLARATION_DATE])
    g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("项目编号", "{{ project.project_code or \"—\" }}"),
        ("业主单位", "{{ project.owner_unit }}"),
        ("实施机构", "{{ project.implementing_body }}"),
        ("项目类型", "{{ project.kind_label }}（{{ project.nature_label }}）"),
        ("服务期", "{{ project.period_text }}"),
        ("经费预算", "{{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）"),
    ], size="小四")
    small(d, "依据：《{{ regulation.title }}》第十二条；方案报市大数据局汇总，由市大数据局按第十三条组织评审。", "五号")

    g.heading(d, "一、建设和运维内容", 1)
    g.body(d, "{{ project.main_tasks_text }}")
    prompt(d, "分建设服务和运维服务说明服务内容、服务范围和服务期限。")
    g.heading(d, "二、功能应用", 1)
    prompt(d, "按业务模块列出功能清单和主要应用场景，说明与政务服务平台的对接（第十三条(五)）。")
    g.heading(d, "三、数据资源", 1)
    g.body(d, "本项目数据资源目录 {{ catalog.entries|length }} 项、数据共享责任清单 {{ catalog.sharing_list|length }} 项，"
              "按要求接入数据共享交换平台和数据开放平台（第十三条(三)(四)）。")
    catalog_table(d)
    g.heading(d, "四、数据安全", 1)
    security_paragraphs(d)
    prompt(d, "说明数据分类分级、脱敏、备份和应急处置措施。")
    g.heading(d, "五、进度安排", 1)
    g.body(d, "服务期：{{ project.period_text }}。主要时间节点见下表。")
    timeline_table(d)
    chart(d, "timeline")
    g.heading(d, "六、技术路线", 1)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}（基于云上遵义建设，第十三条(二)）。{% endif %}")
    products_table(d)
    prompt(d, "说明总体架构、技术选型和云资源占用的合理性。")
    g.heading(d, "七、实施路径", 1)
    g.body(d, "实施方式：{{ project.implementation.method }}。{{ project.implementation.reason }}")
    prompt(d, "说明分阶段实施步骤及各阶段的验收节点（第十九条：分阶段验收）。")
    g.heading(d, "八、服务保障", 1)
    prompt(d, "说明运维服务团队、服务级别（响应时间、可用率）、应急保障和服务考核方式。")
    g.heading(d, "九、培训计划", 1)
    caption(d, "培训安排")
    g.loop_table(d, ["培训内容", "数量", "金额（万元）", "说明"],
                 ["{{ i.item }}", "{% if i.quantity_text %}{{ i.quantity_text }}{{ i.unit or \"\" }}{% else %}—{% endif %}",
                  "{{ i.amount_text }}", "{{ i.spec or \"—\" }}"],
                 "i in budget.items if i.category == \"training\"", (44, 22, 24, 66), size="五号")
    prompt(d, "说明培训对象、培训方式、课时和考核。")
    g.heading(d, "十、经费预算", 1)
    g.body(d, "经费预算 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），明细如下。")
    budget_table(d)
    chart(d, "budget")
    funding_table(d)


@template("zy_sharing_list", landscape=True)
def zy_sharing_list(d):
    """第二十三条：数据共享责任清单（横向）。"""
    g.title(d, "数据共享责任清单")
    g.body(d, "业主单位：{{ project.owner_unit }}", indent=False)
    g.body(d, "项目名称：{{ project.name }}", indent=False)
    widths = (12, 40, 64, 22, 30, 26, 31)
    g.loop_table(d, ["序号", "共享信息名称", "信息项", "数据更新周期", "共享服务方式", "数据提供方式", "责任单位"],
                 ["{{ loop.index }}", "{{ s.name }}", "{{ s.items_text }}", "{{ s.update_cycle }}", "{{ s.share_mode }}",
                  "{{ s.provision_mode }}", "{{ s.responsible_unit or project.owner_unit }}"],
                 "s in catalog.sharing_list", widths, size="五号")
    small(d, "说明：依据《{{ regulation.title }}》第二十三条。共享方式主要包括查询、核验和批量交换三种，"
             "数据服务方式包括服务接口、库表和档案等；按要求在数据共享交换平台实现数据资源共享。", "五号")
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


# --------------------------------------------------------------------------- 达拉特旗（dalate-draft）


@template("dlt_annual_plan")
def dlt_annual_plan(d):
    """第五条：下一年度项目计划的八项内容。征求意见稿时醒目提示。"""
    g.title(d, "{{ project.owner_unit }}\n{{ project.plan_year }}年度数字城市建设项目计划")
    tag(d, "{%p if regulation.is_draft %}")
    warn = g.body(d, "【提示】本计划依据《{{ regulation.title }}》编制。该办法为{{ regulation.status }}，"
                     "尚未正式施行；正式稿发布后，请按正式文本核对本计划的内容和要求。", indent=False)
    for run in warn.runs:
        g.set_font(run, g.H1_FONT, g.SIZE["三号"])
    tag(d, "{%p endif %}")
    g.body(d, "领导小组办公室：", indent=False)
    g.body(d, "根据《{{ regulation.title }}》第五条，现报送{{ project.name }}{{ project.plan_year }}年度项目计划如下。")
    g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("建设单位", "{{ project.owner_unit }}"),
        ("项目实施机构", "{{ project.implementing_body }}"),
        ("项目负责人", "{{ project.responsible_person_text }}"),
        ("投资概算", "{{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）"),
        ("建设周期", "{{ project.period_text }}"),
    ], size="小四")

    g.heading(d, "一、建设依据", 1)
    g.body(d, "{{ project.basis }}")
    g.body(d, "建设必要性：{{ project.necessity }}")
    prompt(d, "说明项目是否依据数字达拉特规划中的相关要求建设（第五条：纳入年度建设计划的重要因素）。")
    g.heading(d, "二、投资概算", 1)
    g.body(d, "投资概算 {{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}），其中工程费用 "
              "{{ project.engineering_cost_text }} 万元；资金来源：{{ project.funding_sources_text }}。")
    category_table(d)
    funding_table(d)
    g.heading(d, "三、项目性质", 1)
    g.body(d, "{{ project.nature_label }}项目；{{ project.kind_label }}；{{ project.category_label }}；{{ project.classified_text }}。"
              "{% if project.cross_department %}本项目为跨部门共建共享项目，牵头部门为{{ project.lead_unit }}，参建部门："
              "{{ project.participating_units|join(\"、\") }}。{% endif %}")
    g.body(d, "主要建设内容：")
    g.body(d, "{{ project.main_tasks_text }}")
    g.heading(d, "四、进度安排", 1)
    g.body(d, "计划建设周期：{{ project.period_text }}。")
    timeline_table(d)
    chart(d, "timeline")
    g.heading(d, "五、政务云资源需求", 1)
    cloud_table(d)
    g.heading(d, "六、信息资源共享", 1)
    g.body(d, "政务信息资源目录 {{ catalog.entries|length }} 项、数据共享责任清单 {{ catalog.sharing_list|length }} 项。")
    catalog_table(d)
    g.heading(d, "七、电子政务网络需求", 1)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}"
              "部署网络区域：{{ cloud.network_zone }}。")
    g.loop_table(d, ["网络资源", "带宽（Mbps）", "用途"],
                 ["{{ r.name }}", "{{ r.bandwidth_mbps }}", "{{ r.purpose }}"],
                 "r in cloud.resources if r.type == \"bandwidth\"", (50, 30, 76), size="五号")
    prompt(d, "说明接入电子政务外网（内网）的节点、带宽和互联需求。")
    g.heading(d, "八、运维保障", 1)
    g.body(d, "运维责任单位：{{ project.implementing_body }}。")
    prompt(d, "说明运维方式（自行运维或购买服务）、运维内容、年度运维费用估算和保障措施。")
    g.body(d, "")
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


# --------------------------------------------------------------------------- 某县（county-2023）


CTY_MATERIALS = [
    # (材料, 类型, 适用情形, 适用条件 jinja 表达式或 None)
    ("可行性研究报告", "fsr", "所有申报项目", None),
    ("初步设计方案", "prelim_design", "所有申报项目", None),
    ("资金来源及概算", "budget_estimate", "所有申报项目", None),
    ("采购需求", "procurement_requirements", "所有申报项目", None),
    ("技术方案（报县大数据中心审查）", "tech_plan", "使用县财政专项资金的项目", "\"special_fund\" in project.funding_sources"),
    ("项目整体可行性研究报告（含参建部门、业务流、数据流及系统接口、初步数据目录）", "fsr", "跨部门跨领域共建共享项目",
     "project.cross_department"),
    ("初步设计方案和投资概算（牵头部门统一编制）", "prelim_design", "跨部门跨领域共建共享项目", "project.cross_department"),
]


@template("cty_declaration_materials")
def cty_declaration_materials(d):
    """第九条：申报材料清单，逐项标明档案中是否已具备。"""
    g.title(d, "政务信息系统项目申报材料清单")
    g.form_table(d, [
        ("项目名称", "{{ project.name }}"),
        ("申报单位", "{{ project.owner_unit }}"),
        ("项目性质", "{{ project.classified_text }}（第六条：按涉密和非涉密性质申报）"),
        ("资金来源", "{{ project.funding_sources_text }}"),
        ("总投资", "{{ project.total_investment_text }} 万元（{{ project.total_investment_capital }}）"),
        ("计划年度", "{{ project.plan_year }}年"),
    ], size="小四")
    caption(d, "申报材料（第九条）")
    widths = (10, 50, 32, 22, 42)
    t = d.add_table(rows=0, cols=5)
    t.style = d.styles["Table Grid"]
    header = t.add_row()
    g._repeat_header(header)
    for c, h in zip(header.cells, ["序号", "材料", "适用情形", "是否具备", "档案中的材料"], strict=False):
        g._cell_text(c, h, "五号", bold=True)
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, (title, doc_type, when, cond) in enumerate(CTY_MATERIALS, 1):
        applies = (f"{{% if {cond} %}}（本项目适用）{{% else %}}（本项目不适用）{{% endif %}}" if cond else "")
        present = (f"{{% if {cond} %}}{{{{ doc_types.{doc_type}.present_text }}}}{{% else %}}—{{% endif %}}" if cond
                   else f"{{{{ doc_types.{doc_type}.present_text }}}}")
        files = (f"{{% if {cond} %}}{{{{ doc_types.{doc_type}.files_text }}}}{{% else %}}—{{% endif %}}" if cond
                 else f"{{{{ doc_types.{doc_type}.files_text }}}}")
        g.add_row(t, [str(n), title, when + applies, present, files], size="五号")
    g._widths(t, widths)
    small(d, "说明：依据《{{ regulation.title }}》第九条。“是否具备”按项目材料清单判断；"
             "因特殊原因前期工作深度达到可行性研究报告要求的项目，可以直接编报初步设计方案和投资概算报告。", "五号")
    signature(d, "{{ project.owner_unit }}（盖章）", "{{ today }}")


@template("cty_tech_plan")
def cty_tech_plan(d):
    """第九条：使用县财政专项资金的项目编制的技术方案，报县大数据中心审查。"""
    cover(d, "{{ project.name }}\n技术方案", ["{{ project.owner_unit }}", DECLARATION_DATE])
    small(d, "编制说明：依据《{{ regulation.title }}》第九条，使用县财政专项资金的项目，申报单位应当编制技术方案，"
             "并报县大数据中心审查。本项目资金来源：{{ project.funding_sources_text }}。")
    g.heading(d, "一、项目概况", 1)
    g.form_table(d, plan_overview(), size="小四")
    g.heading(d, "二、建设必要性和依据", 1)
    g.body(d, "{{ project.necessity }}")
    g.body(d, "建设依据：{{ project.basis }}")
    g.heading(d, "三、需求分析", 1)
    prompt(d, "分析业务需求和功能需求；按第二十一条明确部门间信息共享需求，说明预留的共享接口。")
    g.heading(d, "四、建设内容和技术方案", 1)
    g.body(d, "{{ project.main_tasks_text }}")
    prompt(d, "说明总体架构、技术路线、主要功能和性能指标；说明信息系统创新情况（第四条、第二十五条）。")
    g.heading(d, "五、集约化建设", 1)
    g.body(d, "{% if project.deployment_text %}本项目{{ project.deployment_text }}。{% endif %}")
    cloud_table(d)
    prompt(d, "说明依托已有政务信息系统基础资源开展集约化建设的情况（第十六条），以及软硬件资源接入市智慧城市云计算大数据中心机房县级节点的安排（第二十五条）。")
    g.heading(d, "六、信息资源共享", 1)
    g.body(d, "信息资源目录 {{ catalog.entries|length }} 项"
              "{% if catalog.in_sharing_platform %}，已纳入共享平台目录管理系统{% endif %}。")
    catalog_table(d)
    g.heading(d, "七、网络安全和密码应用", 1)
    security_paragraphs(d)
    products_table(d)
    prompt(d, "按第十四条说明网络安全管理制度、技术措施和等级保护备案安排；按第十五条说明密码保障系统同步规划、同步建设、同步运行。")
    g.heading(d, "八、项目组织和实施进度", 1)
    g.body(d, "项目实施机构：{{ project.implementing_body }}；项目责任人：{{ project.responsible_person_text }}。"
              "实施方式：{{ project.implementation.method }}。")
    timeline_table(d)
    chart(d, "timeline")
    g.heading(d, "九、投资概算和资金来源", 1)
    budget_table(d)
    chart(d, "budget")
    funding_table(d)
    g.heading(d, "十、绩效目标", 1)
    g.body(d, "总体目标：{{ project.performance_goals.overall }}")
    indicators_table(d, "绩效目标表")


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
        from govproj.render.docx_render import deterministic_zip

        path.write_bytes(deterministic_zip(path.read_bytes()))


if __name__ == "__main__":
    main(sys.argv[1:] or None)
