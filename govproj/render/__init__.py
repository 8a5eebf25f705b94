"""``govproj render``: fill the regulation's forms from the dossier as .docx (and PDF).

    from govproj.render import render_dossier
    result = render_dossier(Path("examples/dossier-sample"), date(2026, 11, 22))
    [r.path for r in result.rendered]
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from govproj.render.docx_render import Rendered, TemplateProblem, render_form

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "docx"


@dataclass
class Form:
    id: str
    title: str
    template: str
    article: str = ""
    quote: str = ""


@dataclass
class RenderResult:
    out_dir: Path
    rendered: list[Rendered] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)


@lru_cache(maxsize=1)
def _common() -> list[dict]:
    from govproj.dossier.yamlread import read_yaml

    return read_yaml((Path(__file__).resolve().parent.parent / "data" / "forms.yaml").read_bytes()).data["common"]


def forms_for(pack) -> list[Form]:
    forms = [Form(f["id"], f["title"], f.get("template", f["id"]), f.get("article", ""), f.get("quote", ""))
             for f in pack.data.get("forms", [])]
    forms += [Form(f["id"], f["title"], f.get("template", f["id"])) for f in _common()]
    return forms


def find_template(form: Form, templates_dir: Path | None) -> Path | None:
    for base in ([templates_dir] if templates_dir else []) + [TEMPLATE_DIR]:
        p = base / f"{form.template}.docx"
        if p.is_file():
            return p
    return None


def _acceptance(dossier, pack, ctx) -> dict:
    """Materials and prerequisites for the 竣工验收申请, from the rulepack's material rules
    (ids ending in -M<n>) and its acceptance prerequisites."""
    from govproj.render.values import date_cn
    from govproj.dossier.vocabulary import document_label

    from datetime import date

    from govproj.rules.engine import Context
    from govproj.rules.rulepack import materials as material_rules

    rules_ctx = Context(dossier, pack, date.fromisoformat(ctx["as_of"]))
    materials = []
    for r in material_rules(pack, rules_ctx.applies):
        types = r.get("documents") or []
        docs = [d for t in types for d in dossier.documents_of(t)]
        materials.append({"title": r["title"], "rule": r["id"], "article": r["article"] + r.get("item", ""),
                          "present_text": "已具备" if docs else "缺",
                          "file": "；".join(d.file for d in docs if d.file) or ("—" if docs else "（待补）"),
                          "types": "、".join(document_label(t) for t in types)})
    done = dossier.events_of("construction_completed")
    prereq = []
    for label, types in (("档案验收", ["archive_acceptance_passed"]), ("密码应用安全性评估", ["crypto_assessment"]),
                         ("数据共享情况确认", ["data_sharing_confirmed"]), ("安全可靠及密码应用确认", ["security_confirmed"]),
                         ("终验/初验", ["final_inspection", "preliminary_acceptance"])):
        ev = dossier.events_of(*types)
        if ev:
            prereq.append({"title": label, "status": f"{date_cn(ev[0].date)} {ev[0].result or ''}".strip(), "article": ""})
    return {"materials": materials, "prerequisites": prereq,
            "completed_text": date_cn(done[0].date) if done else None,
            "recipient": (pack.data.get("acceptance") or {}).get("recipient"),
            "article": (pack.data.get("acceptance") or {}).get("article")}


def _change(dossier, pack, ctx) -> dict | None:
    from decimal import ROUND_HALF_UP, Decimal

    from govproj.dossier.schema import load_schema
    from govproj.money import wan
    from govproj.render.values import date_cn

    records = dossier.collection("changes")
    if not records:
        return None
    c = dict(records[-1].data)
    schema = load_schema("change")["properties"]
    for key in ("reason_code", "classification", "status"):
        sub = schema.get(key) or {}
        labels = dict(zip(sub.get("enum", []), sub.get("enumDescriptions", []), strict=False))
        short = "reason" if key == "reason_code" else key
        if c.get(key):
            c[f"{short}_label"] = labels.get(c[key], c[key])
    for k in ("date", "approval_date", "implemented_date", "filing_date"):
        c[f"{k}_text"] = date_cn(c.get(k)) or None
    c["filed_with_text"] = "、".join(c.get("filed_with") or []) or None
    rows = []
    deltas = []
    for row in c.get("items", []):
        r = dict(row)
        for k in ("before", "after"):
            if row.get(k) is not None:
                r[f"{k}_text"] = wan(row[k])
        if row.get("before") is not None and row.get("after") is not None:
            delta = Decimal(row["after"]) - Decimal(row["before"])
            deltas.append(delta)
            r["delta_text"] = wan(delta)
        rows.append(r)
    c["rows"] = rows
    complete = rows and len(deltas) == len(rows)
    net = c.get("net_change")
    gross = c.get("gross_change")
    if net is None and complete:
        net = sum(deltas, Decimal(0))
    if gross is None and complete:
        gross = sum((abs(x) for x in deltas), Decimal(0))
    if net is not None:
        c["net_change_text"] = wan(net)
    if gross is not None:
        c["gross_change_text"] = wan(gross)
    amounts = dossier.budget.get("amounts") or {}
    baseline = amounts.get("approved_estimate")
    if baseline is None:
        baseline = dossier.project.get("total_investment")
    if baseline is not None:
        c["baseline_total_text"] = wan(baseline)
    if c.get("percent_of_estimate") is not None:
        c["percent_text"] = str(c["percent_of_estimate"])
    elif gross is not None and baseline:
        c["percent_text"] = str((Decimal(gross) * 100 / Decimal(baseline)).quantize(Decimal("0.01"), ROUND_HALF_UP))
    major = [k for k, v in (c.get("major") or {}).items() if v]
    labels = {"goals": "建设目标", "nature": "建设性质", "location": "建设地点", "scale": "建设规模", "tech_plan": "技术方案"}
    c["major_text"] = ("是：" + "、".join(labels.get(k, k) for k in major)) if major else "否"
    return c


def _evaluation(dossier) -> dict:
    from govproj.render.values import date_cn

    acc = dossier.events_of("acceptance_passed")
    op = dossier.events_of("operation_started")
    return {"accepted_text": date_cn(acc[0].date) if acc else None, "operation_text": date_cn(op[0].date) if op else None}


def render_dossier(root: Path, as_of: date, forms: list[str] | None = None, out_dir: Path | None = None,
                   templates_dir: Path | None = None, pdf: bool = False, rulepack_file: Path | None = None) -> RenderResult:
    from govproj.check import _rulepack_for
    from govproj.dossier.load import load_dossier
    from govproj.estimate import estimate_dossier
    from govproj.estimate.chart import budget_chart, timeline_chart
    from govproj.render.context import build

    loaded = load_dossier(root)
    if loaded.unreadable or loaded.dossier.record("project.yaml") is None:
        raise RenderInputError(loaded.findings, loaded.unreadable)
    pack, problem = _rulepack_for(loaded.dossier, rulepack_file)
    if pack is None:
        raise RenderInputError([problem] if problem else loaded.findings, False)
    dossier = loaded.dossier
    from govproj.paths import output_dir

    out_dir = output_dir(root, out_dir or (root / "out"))  # never written through a link leading out
    result = RenderResult(out_dir)
    available = forms_for(pack)
    if forms:
        unknown = [f for f in forms if f not in {x.id for x in available}]
        if unknown:
            raise RenderUsageError(f"{pack.title} 没有这些表单：{'、'.join(unknown)}；可用：{'、'.join(x.id for x in available)}")
        available = [x for x in available if x.id in forms]
    est = estimate_dossier(dossier, pack, as_of)
    context = build(dossier, pack, as_of, est)
    context["acceptance"] = _acceptance(dossier, pack, context)
    context["change"] = _change(dossier, pack, context)
    context["evaluation"] = _evaluation(dossier)
    with tempfile.TemporaryDirectory(prefix="govproj-charts-") as tmp:
        images = {}
        if est.timeline:
            p = Path(tmp) / "timeline.png"
            timeline_chart(est.timeline, p, "项目时间表", as_of)
            images["timeline"] = (p, 150)
        if est.budget and est.budget.by_category:
            p = Path(tmp) / "budget.png"
            budget_chart(est.budget.by_category, p, "投资结构")
            images["budget"] = (p, 150)
        stamp = datetime(as_of.year, as_of.month, as_of.day)
        for form in available:
            template = find_template(form, templates_dir)
            if template is None:
                result.problems.append(f"表单 {form.id}（{form.title}）没有模板 {form.template}.docx")
                continue
            try:
                result.rendered.append(render_form(template, context, out_dir / f"{form.id}.docx", form.id, stamp, images))
            except TemplateProblem as exc:
                result.problems.append(str(exc))
    if pdf and result.rendered:
        from govproj.render.pdf import convert

        result.pdfs = convert([r.path for r in result.rendered], out_dir)
    return result


class RenderInputError(Exception):
    def __init__(self, findings, unreadable: bool):
        super().__init__("dossier cannot be rendered")
        self.findings = findings
        self.unreadable = unreadable


class RenderUsageError(Exception):
    pass
