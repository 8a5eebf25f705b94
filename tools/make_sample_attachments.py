#!/usr/bin/env python3
"""Generate the attachments of the sample dossier ``examples/dossier-sample/attachments/``.

Every file that the sample's ``documents.yaml``, ``events.yaml``, ``budget.yaml`` (quotes) and
``progress/*.yaml`` name is written here: Word files with python-docx, and PDFs by converting a
generated Word file with LibreOffice (``soffice --headless --convert-to pdf``).

Usage (from the repository root)::

    python tools/make_sample_attachments.py          # write all attachments
    python tools/make_sample_attachments.py --check  # list what would be written, write nothing

Figures (amounts, budget lines, data catalogue, cloud resources, …) are read from the sample's
YAML files, so the attachments agree with the records. The output is deterministic: the .docx
core properties carry the document's own date, the zip entries a fixed timestamp, and the PDFs'
creation dates and file identifiers are fixed after conversion. Running the script twice gives
byte-identical files. Without LibreOffice the PDFs are left as they are (with a warning).

All units, people, document numbers and companies in the sample are fictitious.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable

import yaml
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "dossier-sample"
ATTACHMENTS = SAMPLE / "attachments"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # timestamp of every entry inside a generated .docx

OWNER = "九江市市场监督管理局"
PROJECT = "九江市智慧市场监管平台升级改造项目"
OFFICE = "九江市数字政府建设工作领导小组办公室"
DATA_BUREAU = "九江市数据管理局"
NDRC = "九江市发展和改革委员会"
FINANCE = "九江市财政局"
CONSULTANT = "江西数建工程咨询有限公司"
CONTRACTOR = "江西赣鄱数智科技有限公司"
SUPERVISOR = "江西信安工程监理咨询有限公司"
AGENCY = "九江恒信工程招标代理有限公司"
RED = RGBColor(0xC0, 0x00, 0x00)


# --------------------------------------------------------------------------- sample data


class _DecimalLoader(yaml.SafeLoader):
    """Numbers as Decimal, so that sums printed in the attachments are exact."""


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def load(name: str) -> dict:
    return yaml.load((SAMPLE / name).read_text(encoding="utf-8"), Loader=_DecimalLoader)


PROJ = load("project.yaml")
BUDGET = load("budget.yaml")
EVENTS = load("events.yaml")["events"]
CATALOG = load("data-catalog.yaml")
CLOUD = load("cloud.yaml")
SECURITY = load("security.yaml")
PROGRESS = {p.stem: load(f"progress/{p.name}") for p in sorted((SAMPLE / "progress").glob("*.yaml"))}

CATEGORY_LABELS = {
    "hardware": "硬件设备", "software_dev": "软件开发", "software_purchase": "软件购置",
    "system_integration": "系统集成", "cloud_service": "政务云服务", "network": "网络及线路",
    "security": "网络安全", "crypto": "密码应用", "data": "数据资源建设", "consulting": "咨询设计",
    "supervision": "工程监理", "assessment": "测评", "training": "培训", "om": "运维服务",
    "reserve": "预备费", "other": "其他费用",
}
OTHER_COSTS = {"consulting", "supervision", "assessment"}


def event(kind: str, nth: int = 0) -> dict:
    return [e for e in EVENTS if e["type"] == kind][nth]


def wan(x) -> str:
    """Decimal 万元 → text with at least two decimals, never losing digits."""
    d = Decimal(x)
    text = f"{d:,.4f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def capital(amount_wan) -> str:
    """人民币大写, via the project's own helper when available."""
    try:
        sys.path.insert(0, str(ROOT))
        from govproj.money import rmb_capital

        return rmb_capital(Decimal(amount_wan))
    except Exception:  # pragma: no cover - cn2an missing: the figure alone is still correct
        return f"人民币{wan(amount_wan)}万元"
    finally:
        if sys.path and sys.path[0] == str(ROOT):
            sys.path.pop(0)


def subtotal(pred) -> Decimal:
    return sum((i["amount"] for i in BUDGET["items"] if pred(i)), Decimal(0))


ENGINEERING = subtotal(lambda i: i["category"] not in OTHER_COSTS | {"reserve"})
OTHER = subtotal(lambda i: i["category"] in OTHER_COSTS)
RESERVE = subtotal(lambda i: i["category"] == "reserve")
TOTAL = PROJ["total_investment"]
assert ENGINEERING + OTHER + RESERVE == TOTAL, "budget.yaml lines do not add up to total_investment"


# --------------------------------------------------------------------------- Word helpers


def _set_east_asian(style_or_run, font: str) -> None:
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # theme fonts would win
        fonts.attrib.pop(qn(theme), None)


class Doc:
    """A python-docx document with the few layouts the sample needs."""

    def __init__(self, title: str, author: str, when: date, *, official: bool = False):
        self.d = Document()
        self.title_text = title
        self.author = author
        self.when = when
        styles = self.d.styles
        body_size = Pt(16) if official else Pt(12)
        normal = styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = body_size
        _set_east_asian(normal, "仿宋_GB2312" if official else "宋体")
        # Chinese as the East Asian language, so that renderers pick Simplified glyphs
        rpr = normal.element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
        for name, font, size in (("Title", "方正小标宋简体", 22), ("Heading 1", "黑体", 16), ("Heading 2", "楷体_GB2312", 14),
                                 ("Heading 3", "仿宋_GB2312", 12)):
            st = styles[name]
            st.font.name = "Times New Roman"
            st.font.size = Pt(size)
            st.font.color.rgb = RGBColor(0, 0, 0)
            st.font.bold = False  # GB/T 9704 style: 黑体/楷体 headings are not bold
            _set_east_asian(st, font)
        for section in self.d.sections:
            section.top_margin = section.bottom_margin = Pt(72)
            section.left_margin = section.right_margin = Pt(72)

    # ---- blocks
    def title(self, text: str) -> None:
        p = self.d.add_paragraph(text, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def center(self, text: str, *, bold: bool = False, size: int | None = None, color=None) -> None:
        p = self.d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color

    def h1(self, text: str) -> None:
        self.d.add_heading(text, level=1)

    def h2(self, text: str) -> None:
        self.d.add_heading(text, level=2)

    def h3(self, text: str) -> None:
        self.d.add_heading(text, level=3)

    def para(self, text: str, *, indent: bool = True, bold_lead: str | None = None) -> None:
        p = self.d.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(24)
        if bold_lead:
            p.add_run(bold_lead).bold = True
        p.add_run(text)

    def right(self, text: str) -> None:
        p = self.d.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def bullets(self, items) -> None:
        """Numbered items written as text, （1）（2）…, as Chinese reports do."""
        for n, item in enumerate(items, 1):
            self.para(f"（{n}）{item}")

    def table(self, header: list[str] | None, rows: list[list], *, size: int = 9) -> None:
        ncols = len(header or rows[0])
        t = self.d.add_table(rows=0, cols=ncols)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(([header] if header else []) + rows):
            cells = t.add_row().cells
            for c, value in enumerate(row):
                cells[c].text = ""
                run = cells[c].paragraphs[0].add_run("" if value is None else str(value))
                run.font.size = Pt(size)
                if header and r == 0:
                    run.bold = True
        self.d.add_paragraph()

    def form(self, rows: list[tuple[str, str]]) -> None:
        """Two-column form (label | value), as in the 申报表."""
        t = self.d.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text = label
            cells[1].text = value
            cells[0].width, cells[1].width = Cm(4), Cm(12)
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
        self.d.add_paragraph()

    def red_header(self, issuer: str, doc_no: str | None) -> None:
        """红头: issuer in red, document number, red rule."""
        self.center(issuer, size=28, color=RED)
        if doc_no:
            self.center(doc_no, size=16)
        p = self.d.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
            bottom.set(qn(k), v)
        border.append(bottom)
        ppr.append(border)

    def signature(self, org: str, when: date) -> None:
        self.d.add_paragraph()
        self.right(org)
        self.right(cn_date(when))

    def page_break(self) -> None:
        self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ---- output
    def to_bytes(self) -> bytes:
        cp = self.d.core_properties
        stamp = datetime(self.when.year, self.when.month, self.when.day, 9, 0, 0)
        cp.title = self.title_text
        cp.author = self.author
        cp.last_modified_by = self.author
        cp.created = stamp
        cp.modified = stamp
        cp.revision = 1
        cp.comments = "govproj 示例档案附件（虚构数据）"
        cp.keywords = PROJECT
        cp.subject = PROJECT
        cp.category = ""
        buf = io.BytesIO()
        self.d.save(buf)
        return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Reproducible .docx bytes: the same fixed-timestamp rewrite govproj render uses."""
    from govproj.render.docx_render import deterministic_zip

    return deterministic_zip(data, ZIP_TIME)


def official(issuer: str, doc_no: str | None, title: str, to: str | None, body: list[str], signer: str, when: date,
             *, cc: str | None = None, author: str | None = None) -> Doc:
    """A 公文 in the GB/T 9704 spirit: red header, title, 主送, body, 落款, 抄送."""
    doc = Doc(title, author or signer, when, official=True)
    doc.red_header(issuer, doc_no)
    doc.center(title, size=20)
    if to:
        doc.para(to + "：", indent=False)
    for text in body:
        doc.para(text)
    doc.signature(signer, when)
    if cc:
        doc.para("抄送：" + cc + "。", indent=False)
    return doc


# --------------------------------------------------------------------------- the documents


def budget_rows(items=None) -> list[list]:
    rows = []
    for n, i in enumerate(items or BUDGET["items"], 1):
        rows.append([n, CATEGORY_LABELS[i["category"]], i["item"], wan(i["quantity"]) if "quantity" in i else "",
                     i.get("unit", ""), wan(i["unit_price"]) if "unit_price" in i else "", wan(i["amount"]),
                     i.get("basis", "")])
    rows.append(["", "合计", "", "", "", "", wan(TOTAL), ""])
    return rows


BUDGET_HEADER = ["序号", "类别", "名称", "数量", "单位", "单价（万元）", "金额（万元）", "计价依据"]


def demand_form() -> Doc:
    doc = Doc("九江市数字化项目建设需求表", OWNER, date(2025, 5, 23))
    doc.title("九江市数字化项目建设需求表")
    doc.para(f"填报单位（盖章）：{OWNER}　　填报日期：2025年5月23日", indent=False)
    doc.form([
        ("项目名称", PROJECT),
        ("需求类型", "升级改造（建设类），拟迁移上九江市政务云"),
        ("建设需求概述", "升级市场主体信用监管、“双随机、一公开”监管功能，新建重点领域智慧监管和移动执法应用，"
                        "完成国产化和商用密码应用改造，整体迁移上政务云。"),
        ("估算投资", "约500万元"),
        ("拟申报年度", "2026年"),
        ("是否纳入省、市数字政府建设规划", "是（九江市数字政府建设“十四五”规划 市场监管领域重点任务）"),
        ("联系人及电话", f"{PROJ['contact']['name']}　{PROJ['contact']['phone']}"),
    ])
    return doc


def declaration_form() -> Doc:
    when = event("declaration_submitted")["date"]
    doc = Doc("九江市数字化项目申报表", OWNER, when)
    doc.title("九江市数字化项目申报表")
    doc.para(f"申报单位(盖章)：{OWNER}　　　　申报时间：{cn_date(when)}", indent=False)
    rp = PROJ["responsible_person"]
    doc.form([
        ("项目名称", PROJECT),
        ("应用单位", PROJ["application_unit"]),
        ("建设地点", PROJ["location"]),
        ("建设时间", "2026年7月至2027年1月（建设期7个月）"),
        ("项目负责人", f"{rp['name']}（{rp['title']}）"),
        ("联系方式", f"{rp['phone']}；联系人 {PROJ['contact']['name']} {PROJ['contact']['phone']}"),
        ("总投资", f"{wan(event('declaration_submitted')['amount'])}万元"),
        ("其中,工程(实施)费用", "426.50万元"),
        ("必要性及建设(实施)依据", PROJ["necessity"] + "\n依据：" + PROJ["basis"]),
        ("实施方式及原因", f"{PROJ['implementation']['method']}。{PROJ['implementation']['reason']}"),
        ("主管部门意见", "同意申报。\n（盖章）\n2025年8月26日"),
    ])
    return doc


TECH_PLAN: list[tuple[str, list[tuple[str, str]]]] = [
    ("一、概述", [
        ("(一)项目概况。",
         f"项目全称{PROJECT}，简称{PROJ['short_name']}。建设地点为九江市本级，系统部署于九江市政务云电子政务外网区。"
         "主要建设内容为升级市场主体信用监管、“双随机、一公开”监管子系统，新建重点领域智慧监管子系统、监管驾驶舱和移动监管应用，"
         "完成历史数据治理迁移及国产化、商用密码应用改造。建设工期7个月，估算总投资约495万元，由市级财政和省级补助资金解决。"
         "绩效目标：2027年1月底前建成并通过等保第三级测评和密评，“双随机”抽查任务线上办理率100%。"),
        ("(二)项目应用单位概况。",
         "九江市市场监督管理局为市政府工作部门，内设12个业务科室，下辖13个县（市、区）市场监管局，"
         "承担市场主体登记注册、信用监管、食品安全、特种设备安全、计量等监管职责。本项目不新组建项目法人。"),
    ]),
    ("二、数字政府建设总体方案落实情况", [
        ("(一)项目统筹建设情况。",
         "项目遵循统筹规划、共建共享、业务协同、安全可靠原则，依托九江市政务云、电子政务外网、政务数据共享交换平台和“赣政通”"
         "等政务信息化基础设施集约化建设，不单独建设机房和云平台。"),
        ("(二)“五统一”原则落实情况。",
         "统一顶层架构：纳入九江市数字政府总体架构；统一数字底座：使用市政务云和市共享交换平台；统一技术标准：执行省市场监管数据标准；"
         "统一共性应用：统一身份认证、电子签章使用市级共性能力；统一运维运营：纳入市政务云统一运维。"),
        ("(三)“省级主建,市县主用”原则落实情况。",
         "登记注册、“双随机”抽查等核心业务使用省市场监管一体化平台，本项目只建设省级平台未覆盖的市级特色监管应用，"
         "并通过接口与省级平台对接，不与上级已建及拟建系统重复建设。"),
    ]),
    ("三、项目建设背景和必要性", [
        ("(一)项目建设背景。",
         "原九江市市场监管综合业务平台于2020年建成并通过竣工验收，绩效评价合格。2025年5月本局提交建设需求，2025年7月纳入市数字化项目储备库。"),
        ("(二)项目建设必要性。",
         "现有平台部署于局机房，使用国外数据库和中间件，未开展密评，难以满足“信用+智慧”监管要求。"
         "建设依据文件原文附后（见附件3）。"),
    ]),
    ("四、项目需求分析", [
        ("(一)现状分析。",
         "现有系统6个、服务器14台，数据分散在3个数据库中；网络依托电子政务外网；安全方面已按等保第二级备案；"
         "运维由原承建单位负责；基层执法人员约620人，缺少移动执法手段。"),
        ("(二)需求分析。",
         "功能定位为市级市场监管业务协同和智慧监管平台。近期目标是完成升级和迁移上云，远期目标是形成覆盖全市的风险预警体系。"
         "服务对象为市县两级监管人员约900人和全市约86万户市场主体。"),
        ("(三)建设内容和规模。",
         "建设5个业务子系统（估算功能点约1622个），治理迁移历史数据约86万户，配发移动执法终端130台，"
         "申请政务云资源：云服务器11台、数据库2台、对象存储10TB。"),
        ("(四)项目产出方案。",
         "正常运营年份支撑年均“双随机”抽查任务约1200项、现场检查约3万次，系统年可用率不低于99.5%。"),
    ]),
    ("五、项目建设方案", [
        ("(一)总体建设方案。",
         "对原系统就地升级、迁移上政务云升级改造、完全使用省级平台三种方案进行比较，推荐迁移上政务云升级改造方案。"),
        ("(二)技术方案。",
         "采用微服务架构和国产化技术路线：银河麒麟操作系统、国产数据库和中间件；接口遵循省市场监管数据共享规范。"),
        ("(三)数字化方案。",
         "本项目为软件类项目，不涉及工程设计—施工—运维全过程数字化交付，按要求交付全部源代码、数据字典和技术文档。"),
        ("(四)信息安全保障和密码应用方案。",
         "从系统、网络、数据、应用、环境等方面提出安全保障方案和国产密码应用方案。"),
        ("1.系统及数据安全防护",
         "依托政务云安全能力部署Web应用防火墙、堡垒机、日志审计和数据库审计，重要数据加密存储、分级授权访问，数据每日备份。"),
        ("2.等级保护",
         "系统拟按网络安全等级保护第三级定级，建设期内完成定级备案，试运行期间完成等级测评。"),
        ("3.密码应用",
         "按GB/T 39786-2021第三级编制商用密码应用方案，使用九江市政务云密码服务，上线前完成商用密码应用安全性评估。"),
        ("4.软硬件产品的安全可靠情况",
         "操作系统、数据库、中间件及移动执法终端全部采用安全可靠产品，详见附表5。"),
        ("(五)建设管理方案。",
         "成立项目领导小组，由分管副局长任项目负责人，信息中心为项目实施机构；聘请第三方监理；"
         "建设工期7个月；软件开发及系统集成采用公开招标，监理、测评另行采购。"),
    ]),
    ("六、集约化及信息资源共享分析", [
        ("(一)集约化建设。",
         "系统依托九江市政务云、电子政务外网和“赣政通”等共性应用建设，不新购服务器等服务端硬件。"),
        ("1.政务云资源需求清单",
         "申请云服务器、云数据库、对象存储、负载均衡、带宽及云安全服务，清单见附表4。"),
        ("(二)信息资源共享。",
         "依托全市电子政务共享数据统一交换平台共享政务数据，已编制政务信息资源目录，明确各类数据的共享属性和开放属性。"),
        ("1.数据资源共享分析",
         "所需信息资源：省市场监管一体化平台登记数据、省食品安全抽检数据；可提供信息资源10类，其中无条件共享6类。"),
    ]),
    ("七、项目投资与财务方案", [
        ("(一)投资估算。",
         "项目估算总投资495万元，分年度投资计划为2026年320万元、2027年175万元，建成后年度运维费用约38万元。"
         "投资估算明细见附表1，提供三个类似项目成交合同价（附表2）。"),
        ("(二)筹资方案。",
         "资金来源为市财政预算安排的信息化建设专项资金和省市场监管局补助资金，省级补助资金80万元已下达。"),
        ("(三)项目报价情况。",
         "已取得三家厂商报价，分别为498.60万元、512.30万元、489.50万元，报价单附后。"),
    ]),
    ("八、附表、附图和附件", []),
]


def tech_plan() -> Doc:
    doc = Doc(f"{PROJECT}技术方案", OWNER, date(2025, 8, 22))
    doc.title(f"{PROJECT}技术方案")
    doc.center(f"{OWNER}　2025年8月")
    for chapter, sections in TECH_PLAN:
        doc.h1(chapter)
        for heading, text in sections:
            # 附件2 的节标题“(一)…。”用标题 2；其下“1.…”三级标题用标题 3
            (doc.h3 if heading[0].isdigit() else doc.h2)(heading)
            doc.para(text)
    doc.para("附表1　投资估算明细表；附表2　类似项目成交合同价；附表3　功能点估算表；附表4　政务云资源需求清单；"
             "附表5　软硬件产品安全可靠情况表；附件1—3　厂商报价单；附件4　建设依据文件。")
    doc.para("附表2　类似项目成交合同价", indent=False)
    doc.table(["项目名称", "采购单位", "成交金额（万元）", "成交日期"],
              [[c["name"], c["buyer"], wan(c["amount"]), c["date"].isoformat()] for c in BUDGET["similar_contracts"]])
    doc.para("附表5　软硬件产品安全可靠情况表", indent=False)
    doc.table(["产品", "类别", "厂商", "安全可靠"],
              [[p["name"], p["category"], p["vendor"], "是" if p["reliable"] else "否"]
               for p in SECURITY["safe_reliable"]["products"]])
    return doc


def funding_plan() -> Doc:
    doc = Doc(f"{PROJECT}筹资方案", OWNER, date(2025, 8, 22))
    doc.title(f"{PROJECT}筹资方案")
    doc.para("项目估算总投资495万元，资金来源及落实情况如下：")
    doc.table(["资金来源", "金额（万元）", "落实情况"], [
        ["市财政预算安排的信息化建设专项资金", "415.00", "经局党组会议研究，申请纳入2026—2027年市级信息化建设专项资金"],
        ["省市场监管局智慧监管能力提升补助资金", "80.00", "已下达（赣市监财〔2025〕41号）"],
        ["合计", "495.00", ""],
    ])
    doc.para("项目批复后，按批复总投资调整市级财政资金安排，省级补助资金不足部分由市级财政资金统筹解决。")
    doc.signature(OWNER, date(2025, 8, 22))
    return doc


def performance_goals() -> Doc:
    doc = Doc(f"{PROJECT}绩效目标表", OWNER, date(2025, 8, 22))
    doc.title("项目绩效目标表")
    doc.form([("项目名称", PROJECT), ("主管部门及代码", f"{OWNER}"), ("实施单位", PROJ["implementing_body"]),
              ("项目资金（万元）", "495.00（申报数）"), ("总体目标", PROJ["performance_goals"]["overall"])])
    labels = {"output": "产出指标", "benefit": "效益指标", "satisfaction": "满意度指标"}
    doc.table(["一级指标", "二级指标", "三级指标", "指标值"],
              [[labels[i["level1"]], i.get("level2", ""), i["name"], i["value"]] for i in PROJ["performance_goals"]["indicators"]])
    return doc


def stakeholder_opinions() -> Doc:
    doc = Doc("项目需求征求意见汇总表", OWNER, date(2025, 8, 15))
    doc.title("项目需求征求意见汇总表")
    doc.para("根据《九江市数字化项目建设管理办法(试行)》第十七条，本局就项目建设需求征求了领域主管部门、使用对象和服务对象的意见。")
    doc.table(["征求对象", "类别", "主要意见", "采纳情况"], [
        ["江西省市场监督管理局", "领域主管部门", "核心业务使用省一体化平台，市级不重复建设", "采纳"],
        ["浔阳区、濂溪区等13个县（市、区）市场监管局", "使用对象", "增加移动执法和离线检查功能", "采纳"],
        ["九江市个体劳动者私营企业协会", "服务对象", "信用修复线上办理，减少跑动", "采纳"],
        ["市局执法稽查支队", "使用对象", "执法文书移动签章", "采纳"],
    ])
    return doc


SOLUTIONS = [
    ("一", "原系统就地升级改造", "在局机房现有服务器上升级应用，更换国产数据库和中间件。",
     "约420万元", "不符合第二十二条(三)“不迁移到政务云的非涉密升级改造项目原则上不予支持”，且需另购服务器，不推荐。"),
    ("二", "迁移上政务云并升级改造", "整体迁移上九江市政务云，升级市级特色监管应用，核心业务使用省一体化平台并做好对接。",
     "约495万元", "符合“五统一”“省级主建，市县主用”和政务云部署要求，能满足市级特色监管需求，推荐。"),
    ("三", "全部使用省市场监管一体化平台", "停用市级系统，全部业务迁入省平台，市级只做数据迁移和对接。",
     "约160万元", "投资最省，但市级监管驾驶舱、重点领域风险预警等特色需求无法实现，不推荐。"),
]


def solution_option(n: int) -> Doc:
    number, name, content, cost, verdict = SOLUTIONS[n]
    title = f"备选解决方案{number}：{name}"
    doc = Doc(title, CONSULTANT, date(2025, 10, 17))
    doc.title(title)
    doc.center(f"{PROJECT}　编制单位：{CONSULTANT}")
    doc.h1("一、方案内容")
    doc.para(content)
    doc.h1("二、估算投资")
    doc.para(cost + "。")
    doc.h1("三、评价")
    doc.para(verdict)
    if number == "二":
        doc.h1("四、三种方案比选")
        doc.table(["比较项"] + [f"方案{o[0]}：{o[1]}" for o in SOLUTIONS], [
            ["部署方式", "局机房自有服务器", "九江市政务云", "省市场监管一体化平台"],
            ["估算投资"] + [o[3] for o in SOLUTIONS],
            ["是否符合第二十二条", "否：不迁移上政务云", "是", "是"],
            ["市级特色监管需求", "满足", "满足", "不满足"],
            ["结论", "不推荐", "推荐", "不推荐"],
        ])
    return doc


def fsr() -> Doc:
    when = event("fsr_submitted")["date"]
    doc = Doc(f"{PROJECT}可行性研究报告", CONSULTANT, when)
    doc.title(f"{PROJECT}可行性研究报告")
    doc.center("（项目建议书与可行性研究报告合并编制）")
    doc.center(f"建设单位：{OWNER}　　编制单位：{CONSULTANT}　　{when.year}年{when.month}月")
    chapters = [
        ("第一章　项目概述", f"项目名称：{PROJECT}。项目代码：{PROJ['project_code']}。建设单位：{OWNER}。"
                         f"估算总投资{wan(event('fsr_submitted')['amount'])}万元。"),
        ("第二章　项目建设单位概况", "建设单位为九江市市场监督管理局，项目实施机构为局信息中心。"),
        ("第三章　需求分析和项目建设的必要性", PROJ["necessity"]),
        ("第四章　总体建设方案", "总体架构为“一朵云、一张网、一个平台、多端应用”，依托市政务云和电子政务外网。"),
        ("第五章　本期项目建设方案", "；".join(PROJ["main_tasks"]) + "。"),
        ("第六章　项目招标方案", "软件开发、系统集成及移动执法终端合并为一个采购包，公开招标；监理、测评另行采购。"),
        ("第七章　环保、消防、职业安全卫生和节能", "项目不涉及土建工程，使用政务云资源，能耗由政务云统一计量。"),
        ("第八章　项目组织机构和人员", "成立项目领导小组和项目实施组，明确项目责任人和实施机构。"),
        ("第九章　项目实施进度", "计划2026年7月开工，2027年1月建成，试运行3个月后组织终验。"),
        ("第十章　投资估算和资金来源", "投资估算明细见附表1，功能点估算见附表3。"),
        ("第十一章　效益与评价指标分析", PROJ["performance_goals"]["overall"]),
        ("第十二章　项目风险与风险管理", "主要风险为省级接口规范变化、历史数据质量和基层推广应用，已制定应对措施。"),
    ]
    for heading, text in chapters:
        doc.h1(heading)
        doc.para(text)
    doc.h1("附表1　投资估算明细表（可研报送稿）")
    doc.para("说明：技术评审核定总投资478.60万元（核减移动执法终端10台及系统集成费），下表为核定后的明细。", indent=False)
    doc.table(BUDGET_HEADER, budget_rows(), size=8)
    fp = BUDGET["function_points"]
    doc.h1("附表3　功能点估算表（主要功能摘录）")
    counts = fp["counts"]
    doc.para("完整计数：" + "，".join(f"{k} {v} 个" for k, v in counts.items()) + "。", indent=False)
    doc.table(["模块", "功能", "类型", "说明"], [[f.get("module", ""), f["name"], f["type"], f.get("note", "")] for f in fp["functions"]], size=8)
    return doc


def cloud_resources() -> Doc:
    doc = Doc("政务云资源需求清单", OWNER, date(2026, 2, 2))
    doc.title("政务云资源需求清单")
    doc.para(f"云平台：{CLOUD['platform']}　　网络区域：{CLOUD['network_zone']}", indent=False)
    doc.table(["序号", "名称", "类型", "vCPU", "内存(GB)", "存储(GB)", "带宽(Mbps)", "数量", "用途"],
              [[n, r["name"], r["type"], r.get("vcpu", ""), r.get("memory_gb", ""), r.get("storage_gb", ""),
                r.get("bandwidth_mbps", ""), r["quantity"], r.get("purpose", "")] for n, r in enumerate(CLOUD["resources"], 1)], size=8)
    return doc


SHARE_LABELS = {"unconditional": "无条件共享", "conditional": "有条件共享", "none": "不予共享"}


def data_catalog() -> Doc:
    doc = Doc("政务信息资源目录", OWNER, CATALOG["compiled_date"])
    doc.title("政务信息资源目录")
    doc.para(f"编制单位：{OWNER}　　审核单位：{CATALOG['reviewed_by']}", indent=False)
    doc.table(["信息资源代码", "名称", "分类", "格式", "信息项", "共享类型", "共享条件", "是否开放", "更新周期"],
              [[e["code"], e["name"], e.get("classification", ""), e.get("format", ""),
                "、".join(i["name"] for i in e.get("items", [])), SHARE_LABELS[e["share_type"]],
                e.get("share_condition", ""), "是" if e.get("open") else "否", e.get("update_cycle", "")]
               for e in CATALOG["entries"]], size=7)
    return doc


def sharing_list() -> Doc:
    doc = Doc("数据共享责任清单", OWNER, date(2026, 2, 2))
    doc.title("数据共享责任清单")
    doc.table(["共享信息名称", "信息项", "更新周期", "共享服务方式", "数据提供方式", "责任单位"],
              [[s["name"], "、".join(s["items"]), s["update_cycle"], s["share_mode"], s["provision_mode"], s["responsible_unit"]]
               for s in CATALOG["sharing_list"]], size=8)
    return doc


def open_list() -> Doc:
    doc = Doc("数据开放清单", OWNER, date(2026, 2, 2))
    doc.title("数据开放清单")
    doc.table(["数据名称", "开放条件", "开放平台", "开放日期"],
              [[o["name"], o["open_condition"], o["platform"], o["opened_date"].isoformat() if o.get("opened_date") else "待开放"]
               for o in CATALOG["open_list"]])
    return doc


def crypto_plan() -> Doc:
    doc = Doc("九江市智慧市场监管平台商用密码应用方案", CONSULTANT, date(2026, 2, 2))
    doc.title("九江市智慧市场监管平台商用密码应用方案")
    for h, text in [
        ("一、系统概述", "系统按网络安全等级保护第三级定级，密码应用按GB/T 39786-2021第三级要求设计。"),
        ("二、密码应用需求分析", "覆盖物理和环境安全、网络和通信安全、设备和计算安全、应用和数据安全四个技术层面及管理制度。"),
        ("三、密码应用技术方案", "使用九江市政务云密码服务：服务器密码机、签名验签服务、国密SSL证书；重要数据采用SM4加密存储，"
                              "身份鉴别采用SM2数字证书，数据完整性采用SM3。"),
        ("四、安全管理方案", "建立密码应用管理制度和密钥管理制度，明确密码管理员。"),
        ("五、实施保障与密评安排", "密码应用与系统同步规划、同步建设、同步运行，上线前完成商用密码应用安全性评估。"),
    ]:
        doc.h1(h)
        doc.para(text)
    return doc


def graded_protection_plan() -> Doc:
    doc = Doc("网络安全等级保护建设方案", OWNER, date(2026, 2, 2))
    doc.title("九江市智慧市场监管平台网络安全等级保护（第三级）建设方案")
    for h, text in [
        ("一、定级情况", "系统处理全市市场主体信息和投诉举报人个人信息，拟定为第三级，经专家评审后报九江市公安局备案。"),
        ("二、安全技术方案", "依托政务云安全能力，按GB/T 22239-2019第三级要求建设安全通信网络、安全区域边界、安全计算环境和安全管理中心。"),
        ("三、安全管理方案", "建立安全管理制度、安全管理机构和人员，开展安全建设管理和安全运维管理。"),
        ("四、测评安排", "试运行期间委托等级测评机构开展第三级测评，此后每年至少测评一次。"),
    ]:
        doc.h1(h)
        doc.para(text)
    return doc


def project_budget() -> Doc:
    when = event("budget_submitted")["date"]
    doc = Doc(f"{PROJECT}预算书", OWNER, when)
    doc.title(f"{PROJECT}预算书")
    fa = event("fsr_approved")
    doc.para(f"依据《{NDRC}关于{PROJECT}可行性研究报告的批复》（{fa['doc_no']}），项目总投资{wan(TOTAL)}万元，"
             f"其中工程（实施）费用{wan(ENGINEERING)}万元，工程建设其他费用{wan(OTHER)}万元，预备费{wan(RESERVE)}万元。")
    doc.table(BUDGET_HEADER, budget_rows(), size=8)
    doc.para("资金来源：" + "；".join(f"{'市级财政资金' if f['source'] == 'city_fiscal' else '省级补助资金'}{wan(f['amount'])}万元"
                                  for f in BUDGET["funding"]) + "。")
    doc.signature(OWNER, when)
    return doc


def tender_documents() -> Doc:
    when = event("procurement_started")["date"]
    doc = Doc(f"{PROJECT}公开招标文件", AGENCY, when)
    doc.title(f"{PROJECT}公开招标文件")
    doc.center(f"项目编号：{event('procurement_started')['doc_no']}")
    doc.center(f"采购人：{OWNER}　　采购代理机构：{AGENCY}")
    for h, text in [
        ("第一章　投标邀请", f"预算金额（最高限价）：{wan(BUDGET['amounts']['tender_ceiling'])}万元；投标截止时间：2026年6月16日9:30。"),
        ("第二章　投标人须知", "本项目不接受联合体投标；专门面向中小企业预留份额按相关规定执行。"),
        ("第三章　采购需求", "软件开发（5个子系统）、国产数据库及中间件、120台移动执法终端、数据治理迁移、系统集成、"
                          "云上安全服务、商用密码应用改造及培训。工期：开工令签发之日起6个月。"),
        ("第四章　评标方法和评标标准", "综合评分法：价格分30分，技术分60分，商务分10分。"),
        ("第五章　合同主要条款", "付款方式：合同签订后支付30%预付款，初验合格后支付40%，终验合格后支付25%，质保期满支付5%。"),
        ("第六章　投标文件格式", "略。"),
    ]:
        doc.h1(h)
        doc.para(text)
    return doc


def implementation_plan() -> Doc:
    doc = Doc(f"{PROJECT}实施方案", CONTRACTOR, date(2026, 7, 17))
    doc.title(f"{PROJECT}实施方案")
    for h, text in [
        ("一、项目组织", "成立项目经理部，项目经理1名、技术负责人1名、开发测试人员18名、实施人员4名。"),
        ("二、进度计划", "第1月需求调研与设计；第2—4月开发与数据迁移；第5月集成联调与上云部署；第6月培训、试运行准备。"),
        ("三、质量与安全保证", "执行ISO 9001质量体系，代码评审与自动化测试覆盖核心模块；遵守政务云安全管理要求。"),
        ("四、数据迁移方案", "分三批迁移历史数据，每批进行一致性校验，原系统与新系统并行一个月后割接。"),
    ]:
        doc.h1(h)
        doc.para(text)
    return doc


def quote(vendor: str, when: date, total: Decimal, factor_note: str) -> Doc:
    doc = Doc(f"{PROJECT}报价单", vendor, when)
    doc.title("项目报价单")
    doc.para(f"致：{OWNER}", indent=False)
    doc.para(f"我公司根据贵局提供的{PROJECT}建设需求，报价如下（单位：万元，含税）：")
    shares = [("软件开发", Decimal("0.47")), ("国产数据库及中间件", Decimal("0.07")), ("移动执法终端", Decimal("0.10")),
              ("数据治理与迁移", Decimal("0.06")), ("系统集成", Decimal("0.05")), ("安全服务及密码应用改造", Decimal("0.10")),
              ("政务云资源（建设期）", Decimal("0.03")), ("培训", Decimal("0.01"))]
    rows, used = [], Decimal(0)
    for name, share in shares:
        amount = (total * share).quantize(Decimal("0.01"))
        rows.append([name, wan(amount)])
        used += amount
    rows.append(["测评、监理配合及其他", wan(total - used)])
    rows.append(["合计", wan(total)])
    doc.table(["项目", "报价"], rows)
    doc.para(f"报价合计：{capital(total)}（{wan(total)}万元）。{factor_note}报价有效期90天。")
    doc.signature(vendor + "（盖章）", when)
    return doc


def progress_report(period: str) -> Doc:
    rec = PROGRESS[period]
    when = rec["submitted"]
    year, month = period.split("-")
    doc = Doc(f"监理月报（{year}年{int(month)}月）", SUPERVISOR, when)
    doc.title(f"监理月报（{year}年{int(month)}月）")
    doc.center(f"项目：{PROJECT}")
    doc.h1("一、工程总体进度")
    doc.para(f"截至本月底，项目总体完成{rec['progress_percent']}%。")
    doc.h1("二、本月完成工作")
    doc.bullets(rec["completed"])
    doc.h1("三、下月工作计划")
    doc.bullets(rec["planned"])
    doc.h1("四、资金支付情况")
    doc.para(f"累计支付{wan(rec['budget_execution']['paid'])}万元。")
    doc.h1("五、问题与建议")
    doc.bullets(rec.get("issues", []))
    doc.signature(SUPERVISOR, when)
    return doc


def simple(title: str, author: str, when: date, lines: list[str], *, table=None) -> Doc:
    doc = Doc(title, author, when)
    doc.title(title)
    for line in lines:
        doc.para(line)
    if table:
        doc.table(*table)
    doc.signature(author, when)
    return doc


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class Attachment:
    name: str  # file name under attachments/
    build: Callable[[], Doc]


def _e(kind: str, nth: int = 0) -> dict:
    return event(kind, nth)


def attachments() -> list[Attachment]:
    q = BUDGET["quotes"]
    prog = sorted(PROGRESS)
    items: list[Attachment] = [
        Attachment("20250523-数字化项目建设需求表.docx", demand_form),
        Attachment("20250715-纳入市数字化项目储备库的通知.pdf", lambda: official(
            OFFICE, _e("reserve_pool_entered")["doc_no"], "关于公布2025年度九江市数字化项目储备库项目的通知", "各县（市、区）人民政府，市直各单位",
            ["经论证评估并报市数字政府领导小组审定，现将纳入2025年度市数字化项目储备库的项目予以公布（见附件）。",
             "储备库项目有效期两年。纳入储备库的项目可按程序申报年度建设计划；建设目标、主要内容、技术路线等相似的项目不得拆分申报。",
             f"附件：2025年度市数字化项目储备库项目清单（第37项：{PROJECT}，{OWNER}）"],
            OFFICE, _e("reserve_pool_entered")["date"])),
        Attachment("20250805-省市场监管局意见.pdf", lambda: official(
            "江西省市场监督管理局", "赣市监函〔2025〕86号", f"关于{PROJECT}的意见", OWNER,
            ["你局《关于征求九江市智慧市场监管平台升级改造项目意见的函》收悉。经研究，意见如下：",
             "一、原则同意你局开展平台升级改造。登记注册、“双随机”抽查等核心业务应继续使用省市场监管一体化平台，不得重复建设。",
             "二、市级特色应用应按省局数据标准建设，并与省一体化平台做好数据回流和共享。"],
            "江西省市场监督管理局", _e("upper_opinion_obtained")["date"])),
        Attachment("20250826-九江市数字化项目申报表.docx", declaration_form),
        Attachment("20250919-项目初审意见.pdf", lambda: official(
            OFFICE, None, f"关于{PROJECT}初审意见的函", OWNER,
            ["经初步审核，该项目建设必要性、急迫性充分，通过初审。请配合咨询机构编制解决方案，由市数据管理局初步论证后提交联合会审。"],
            OFFICE, _e("initial_review_passed")["date"])),
        Attachment("20251114-联合会审意见.pdf", lambda: official(
            DATA_BUREAU, None, "2026年度市级数字化项目联合会审意见（市场监管领域）", OFFICE,
            [f"市数据管理局会同市发改委、市财政局、市国资委对{PROJECT}进行了联合会审。",
             "一、建设计划：同意纳入2026年度建设计划，建设期7个月。",
             "二、资金安排：估算投资约495万元，由市级财政资金和省级补助资金解决，具体以可研批复为准。",
             f"三、项目业主：{OWNER}。",
             "四、建设时序：2026年上半年完成审批和采购，下半年实施。"],
            DATA_BUREAU, _e("joint_review_passed")["date"])),
        Attachment("20251219-领导小组审定意见.pdf", lambda: official(
            "九江市数字政府建设工作领导小组", None, "九江市数字政府建设工作领导小组会议纪要（2025年第4次）", None,
            ["2025年12月19日，市数字政府建设工作领导小组召开会议，审定2026年度市级数字化项目建设计划。",
             f"会议同意将{PROJECT}等28个项目纳入2026年度市级数字化项目建设计划，请市数字政府领导小组办公室下发项目启动通知。"],
            OFFICE, _e("leading_group_approved")["date"])),
        Attachment("20260116-2026年市政府投资年度计划.pdf", lambda: official(
            NDRC, _e("plan_included")["doc_no"], "关于下达2026年市本级政府投资项目年度计划的通知", "市直各有关单位",
            [f"现将2026年市本级政府投资项目年度计划下达给你们。其中：{PROJECT}，计划投资{wan(_e('plan_included')['amount'])}万元。"],
            NDRC, _e("plan_included")["date"])),
        Attachment("20260120-项目启动通知.pdf", lambda: official(
            OFFICE, _e("start_notice_received")["doc_no"], "关于启动2026年度市级数字化项目的通知", "各项目业主单位",
            ["根据市数字政府领导小组审定意见，现启动2026年度市级数字化项目。",
             "投资额小于5000万元的项目可合并编制项目建议书、可行性研究报告，请项目业主单位自接到本通知之日起按时限编制并报送市发改委和市数据管理局。",
             f"附件：2026年度市级数字化项目清单（含{PROJECT}）"],
            OFFICE, _e("start_notice_received")["date"])),
        Attachment("20260202-可行性研究报告.docx", fsr),
        Attachment("20260227-技术评审意见.pdf", lambda: official(
            DATA_BUREAU, _e("tech_review_issued")["doc_no"], f"关于{PROJECT}可行性研究报告的技术评审意见", OWNER,
            ["2026年2月26日，我局组织专家对该项目可行性研究报告进行了技术评审。评审意见如下：",
             "一、项目建设内容符合“五统一”和“省级主建，市县主用”要求，整体迁移上政务云，数据资源目录编制完整。",
             "二、核减移动执法终端10台（130台调整为120台），核减系统集成费，核定总投资478.60万元。",
             "三、商用密码应用方案按第三级编制，应与系统同步建设，上线前完成密评。"],
            DATA_BUREAU, _e("tech_review_issued")["date"], cc=NDRC)),
        Attachment("20260305-可行性研究报告批复.pdf", lambda: official(
            NDRC, _e("fsr_approved")["doc_no"], f"关于{PROJECT}可行性研究报告的批复", OWNER,
            [f"你局报来的可行性研究报告收悉。根据{DATA_BUREAU}技术评审意见（{_e('tech_review_issued')['doc_no']}），经研究，批复如下：",
             f"一、同意建设{PROJECT}。项目代码：{PROJ['project_code']}。",
             "二、主要建设内容：升级市场主体信用监管和“双随机、一公开”监管子系统，新建重点领域智慧监管子系统、"
             "监管驾驶舱和移动监管应用，治理迁移历史数据，整体迁移上政务云，完成等保第三级和商用密码应用改造。",
             f"三、项目总投资{wan(TOTAL)}万元，其中工程（实施）费用{wan(ENGINEERING)}万元，工程建设其他费用{wan(OTHER)}万元，"
             f"预备费{wan(RESERVE)}万元。资金由市级财政资金和省级补助资金解决。",
             "四、项目投资额小于5000万元，不再审批初步设计。请据此编制项目预算报市财政局审批。"],
            NDRC, _e("fsr_approved")["date"], cc=f"{DATA_BUREAU}，{FINANCE}")),
        Attachment("20260313-立项备案回执.pdf", lambda: simple(
            "数字化项目立项备案回执", "江西省推进政府职能转变和数字政府建设领导小组办公室", _e("project_filed")["date"],
            [f"{OWNER}报送的{PROJECT}（总投资{wan(TOTAL)}万元，限额以下项目）立项备案材料已收悉，予以备案。"])),
        Attachment("20260320-项目预算书.docx", project_budget),
        Attachment("20260416-项目预算批复.pdf", lambda: official(
            FINANCE, _e("budget_approved")["doc_no"], f"关于{PROJECT}预算的批复", OWNER,
            [f"经财政投资评审，批复{PROJECT}预算{wan(BUDGET['amounts']['finance_approved'])}万元（审减{wan(TOTAL - BUDGET['amounts']['finance_approved'])}万元）。",
             f"软件开发及系统集成采购包招标控制价为{wan(BUDGET['amounts']['tender_ceiling'])}万元。请严格按批复预算组织政府采购。"],
            FINANCE, _e("budget_approved")["date"], cc=f"{NDRC}，{DATA_BUREAU}")),
        Attachment("20260420-政府采购意向公告.pdf", lambda: simple(
            f"{OWNER}2026年5月政府采购意向", OWNER, _e("procurement_intent_published")["date"],
            ["为便于供应商及时了解政府采购信息，现将本单位采购意向公开如下："],
            table=(["采购项目名称", "采购需求概况", "预算金额（万元）", "预计采购时间"],
                   [[f"{PROJECT}（软件开发及系统集成）", "软件开发、国产基础软件、移动执法终端、数据迁移、系统集成、安全及密码服务",
                     wan(BUDGET["amounts"]["tender_ceiling"]), "2026年5月"]]))),
        Attachment("20260525-招标公告.pdf", lambda: simple(
            f"{PROJECT}公开招标公告", AGENCY, _e("procurement_started")["date"],
            [f"项目编号：{_e('procurement_started')['doc_no']}。预算金额：{wan(_e('procurement_started')['amount'])}万元（最高限价）。",
             "获取招标文件时间：2026年5月25日至2026年6月1日。投标截止及开标时间：2026年6月16日9:30。",
             "开标地点：九江市公共资源交易中心。"])),
        Attachment("20260525-招标文件.docx", tender_documents),
        Attachment("20260623-中标通知书.pdf", lambda: simple(
            "中标通知书", AGENCY, _e("award_notice_issued")["date"],
            [f"{CONTRACTOR}：",
             f"在{PROJECT}（项目编号：{_e('procurement_started')['doc_no']}）公开招标中，经评标委员会评审和采购人确认，贵公司为中标人。",
             f"中标金额：{capital(_e('award_notice_issued')['amount'])}（{wan(_e('award_notice_issued')['amount'])}万元）。"
             "请于本通知书发出之日起30日内与采购人签订政府采购合同。"])),
        Attachment("20260706-监理服务合同.pdf", lambda: simple(
            "信息化工程监理服务合同", OWNER, _e("supervisor_engaged")["date"],
            [f"委托人：{OWNER}　　监理人：{SUPERVISOR}",
             f"监理范围：{PROJECT}建设全过程监理（实施准备、实施、试运行、验收阶段）。",
             f"监理费：{capital(_e('supervisor_engaged')['amount'])}（{wan(_e('supervisor_engaged')['amount'])}万元）。"
             "总监理工程师：周明（信息系统监理师）。"])),
        Attachment("20260706-监理单位资质及总监证书.pdf", lambda: simple(
            "监理单位资质及总监理工程师证书（复印件）", SUPERVISOR, date(2026, 7, 6),
            [f"{SUPERVISOR}：信息系统工程监理单位资质证书（甲级），证书有效期至2028年12月31日。",
             "总监理工程师周明：信息系统项目管理师、信息系统监理师证书。"])),
        Attachment("20260708-项目建设合同.pdf", lambda: simple(
            f"{PROJECT}建设合同", OWNER, _e("contract_signed")["date"],
            [f"甲方（采购人）：{OWNER}　　乙方（供应商）：{CONTRACTOR}",
             f"合同金额：{capital(BUDGET['amounts']['contract'])}（{wan(BUDGET['amounts']['contract'])}万元）。",
             "工期：自监理单位签发开工令之日起6个月完成建设，试运行3个月。",
             "付款方式：合同签订后支付合同金额的30%作为预付款；初验合格后支付40%；终验合格后支付25%；质保期（2年）满后支付5%。",
             "知识产权：项目形成的数据资产归市政府所有，软件著作权及源代码归甲方所有。",
             f"甲方：{OWNER}（盖章）　　乙方：{CONTRACTOR}（盖章）"])),
        Attachment("20260708-承建单位资质证书.pdf", lambda: simple(
            "承建单位资质证书（复印件）", CONTRACTOR, date(2026, 7, 8),
            ["信息技术服务标准（ITSS）符合性证书 二级；CMMI 3级；ISO 9001、ISO 27001、ISO 20000 认证证书；商用密码应用改造相关资质。"])),
        Attachment("20260710-政府采购合同公告.pdf", lambda: simple(
            f"{PROJECT}政府采购合同公告", OWNER, _e("contract_published")["date"],
            [f"合同编号：JJSJ-2026-HT-0718。采购人：{OWNER}。供应商：{CONTRACTOR}。",
             f"合同金额：{wan(BUDGET['amounts']['contract'])}万元。合同签订日期：{cn_date(_e('contract_signed')['date'])}。"])),
        Attachment("20260713-等级保护备案证明.pdf", lambda: simple(
            "信息系统安全等级保护备案证明", "九江市公安局", _e("mlps_filed")["date"],
            [f"{OWNER}：",
             f"你单位报送的“九江市智慧市场监管平台”信息系统安全等级为第{SECURITY['mlps']['level']}级，经审核合格，准予备案。",
             f"备案编号：{SECURITY['mlps']['filing_no']}。"])),
        Attachment("20260715-政府采购合同备案回执.pdf", lambda: simple(
            "政府采购合同备案回执", FINANCE, _e("contract_filed")["date"],
            [f"{OWNER}报送的{PROJECT}政府采购合同（合同编号：JJSJ-2026-HT-0718，合同金额{wan(BUDGET['amounts']['contract'])}万元）已备案。"])),
        Attachment("20260717-项目实施方案.docx", implementation_plan),
        Attachment("20260720-开工令.pdf", lambda: simple(
            "开工令", SUPERVISOR, _e("construction_started")["date"],
            [f"致{CONTRACTOR}：",
             f"经审查，{PROJECT}已具备开工条件，现同意于{cn_date(_e('construction_started')['date'])}开工，合同工期6个月。",
             "总监理工程师：周明"])),
        Attachment("20250812-局党组会议纪要.pdf", lambda: official(
            "中共九江市市场监督管理局党组", None, "党组会议纪要（2025年第15次）", None,
            ["2025年8月12日，局党组书记、局长主持召开党组会议，研究数字化项目申报事宜。",
             f"会议研究同意申报{PROJECT}，估算投资约495万元。",
             "资金筹措建议：申请纳入市级信息化建设专项资金，省市场监管局补助资金80万元统筹用于本项目。",
             f"会议明确由党组成员、副局长{PROJ['responsible_person']['name']}任项目负责人，局信息中心为项目实施机构。"],
            "中共九江市市场监督管理局党组", date(2025, 8, 12))),
        Attachment("20250822-项目技术方案.docx", tech_plan),
        Attachment("20250822-项目筹资方案.docx", funding_plan),
        Attachment("20250822-绩效目标表.docx", performance_goals),
        Attachment("20250815-征求意见汇总表.docx", stakeholder_opinions),
        Attachment("20251017-备选解决方案一-原系统就地升级.docx", lambda: solution_option(0)),
        Attachment("20251017-备选解决方案二-迁移上政务云并升级改造.docx", lambda: solution_option(1)),
        Attachment("20251017-备选解决方案三-使用省级平台.docx", lambda: solution_option(2)),
        Attachment("20260202-政务云资源需求清单.docx", cloud_resources),
        Attachment("20260202-政务信息资源目录.docx", data_catalog),
        Attachment("20260202-数据共享责任清单.docx", sharing_list),
        Attachment("20260202-数据开放清单.docx", open_list),
        Attachment("20260202-商用密码应用方案.docx", crypto_plan),
        Attachment("20260202-等级保护建设方案.docx", graded_protection_plan),
    ]
    notes = ["报价含3年原厂服务。", "报价含移动终端3年质保。", "报价含国产化适配服务。"]
    for n, qt in enumerate(q):
        name = Path(qt["file"]).name
        items.append(Attachment(name, lambda qt=qt, n=n: quote(qt["vendor"], qt["date"], qt["amount"], notes[n % 3])))
    for period in prog:
        att = PROGRESS[period].get("attachment")
        if att:
            items.append(Attachment(Path(att).name, lambda period=period: progress_report(period)))
    return items


# --------------------------------------------------------------------------- writing


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def _fix_pdf(data: bytes, when: date, seed: bytes) -> bytes:
    """Pin the PDF's creation date, file identifier and LibreOffice's /DocChecksum (which depends on the
    export time), keeping every byte offset unchanged."""
    stamp = when.strftime("%Y%m%d").encode() + b"090000"

    def date_sub(m: re.Match) -> bytes:
        old = m.group(0)
        for zone in (b"+08'00'", b"Z", b""):
            new = b"/" + m.group(1) + b"(D:" + stamp + zone + b")"
            if len(new) <= len(old):  # same length keeps the cross-reference offsets valid
                return new + b" " * (len(old) - len(new))
        return old

    digest = (hashlib.md5(seed).hexdigest().upper().encode()) * 4

    def id_sub(m: re.Match) -> bytes:
        first, second = digest[: len(m.group(1))], digest[: len(m.group(2))]
        whole, base = m.group(0), m.start(0)
        return (whole[: m.start(1) - base] + first + whole[m.end(1) - base: m.start(2) - base] + second
                + whole[m.end(2) - base:])

    def checksum_sub(m: re.Match) -> bytes:
        whole, base = m.group(0), m.start(0)
        return whole[: m.start(1) - base] + digest[: len(m.group(1))]

    data = _PDF_DATE.sub(date_sub, data)
    data = _PDF_CHECKSUM.sub(checksum_sub, data)
    return _PDF_ID.sub(id_sub, data)


# The Chinese fonts named in the .docx files (宋体, 仿宋_GB2312, …) are seldom installed on Linux.
# Map them to Noto Sans CJK SC (Debian: fonts-noto-cjk) so that LibreOffice uses Simplified-Chinese
# glyphs rather than the first CJK face it finds (often the Japanese one).
_CJK_FONTS = ("宋体", "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体")


def _font_env(tmpdir: Path) -> dict:
    import os

    aliases = "".join(f"<alias binding=\"same\"><family>{name}</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>"
                      for name in _CJK_FONTS)
    conf = tmpdir / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + aliases + "</fontconfig>",
                    encoding="utf-8")
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list the files, write nothing")
    args = parser.parse_args(argv)

    todo = attachments()
    names = [a.name for a in todo]
    assert len(names) == len(set(names)), "duplicate attachment names"
    if args.check:
        for name in names:
            print(name)
        return 0

    ATTACHMENTS.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    written = 0
    pdfs: list[tuple[Attachment, Doc, bytes]] = []
    for att in todo:
        doc = att.build()
        data = doc.to_bytes()
        if att.name.endswith(".docx"):
            written += _write_if_changed(ATTACHMENTS / att.name, data)
        else:
            pdfs.append((att, doc, data))

    if pdfs and not soffice:
        print(f"警告：未找到 LibreOffice（soffice），{len(pdfs)} 个 PDF 未重新生成。", file=sys.stderr)
    elif pdfs:
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            sources = []
            for n, (_att, _doc, data) in enumerate(pdfs):
                src = tmpdir / f"doc{n:03d}.docx"
                src.write_bytes(data)
                sources.append(src)
            profile = tmpdir / "profile"
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(tmpdir / "out"), *map(str, sources)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=_font_env(tmpdir))
            for n, (att, doc, data) in enumerate(pdfs):
                pdf = (tmpdir / "out" / f"doc{n:03d}.pdf").read_bytes()
                written += _write_if_changed(ATTACHMENTS / att.name, _fix_pdf(pdf, doc.when, data))

    print(f"{len(todo)} 个附件，其中 {written} 个有变化，目录：{ATTACHMENTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
