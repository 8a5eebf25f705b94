"""``govproj report`` and ``check --format html``: one self-contained HTML page that people open in
a browser, attach to a merge request or print.

    from govproj.check import check_paths
    from govproj.report.html import render
    page = render(check_paths(["examples"], as_of=date(2026, 11, 22)))

The page needs nothing from outside: the stylesheet and the small sorting script are inlined,
charts are inline SVG drawn here (text as text), there are no web fonts, images or links to other
sites; a Content-Security-Policy in the page itself forbids every request, so a browser could
not fetch anything even if some text tried. Everything reads with JavaScript off; the script
only makes the index sortable. The template (jinja2, autoescaped: dossier text cannot inject
markup), the CSS and the script are package data in ``govproj/report/assets/``.

For each dossier: the project card, the findings grouped by stage and severity, the approval
route, the timeline (Gantt chart and table), the budget structure and function-point estimate,
and the acceptance checklist — the same library calls as ``check``, ``estimate`` and ``accept``.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from govproj.findings import SEVERITIES, SEVERITY_LABELS, Finding

ASSETS = Path(__file__).resolve().parent / "assets"
FORMAT_GROUP = ("_format", "档案本身：格式、一致性与待填写的事实")
GENERAL_GROUP = ("_general", "办法的总体规定")
STATUS_ORDER = {"unreadable": 0, "error": 1, "warning": 2, "ok": 3}
STATUS_TEXT = {"unreadable": "无法读取", "error": "有错误", "warning": "有警告", "ok": "通过"}


# --------------------------------------------------------------------------- the page


def render(result, rulepack_file: Path | None = None, jobs: int | None = None) -> str:
    """The HTML page for a ``check.CheckResult`` (``rulepack_file``: the ``--rulepack`` it was
    checked with, so the route and timeline come from the same regulation; ``jobs``: worker
    processes for many dossiers, as for ``check``)."""
    from govproj import __version__

    views = _views(result, rulepack_file, jobs)
    script = _asset("sort.js")
    many = len(views) != 1
    if many:
        title = f"档案检查报告（{len(views)} 个档案）"
    else:
        title = f"{views[0]['card'].get('name') or views[0]['path']} · 档案检查报告"
    return _env().get_template("report.html.j2").render(
        title=title, version=__version__, as_of=result.as_of.isoformat(), summary=result.summary(),
        dossiers=views, many=many, css=_asset("report.css"), script=script,
        script_hash=base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"))


def _views(result, rulepack_file, jobs) -> list[dict]:
    from govproj.check import parallel_map

    args = [(d, i, result.as_of, rulepack_file) for i, d in enumerate(result.dossiers, 1)]
    return list(parallel_map(_view_of, args, jobs))


def _view_of(args) -> dict:
    return dossier_view(*args)


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(ASSETS), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


@lru_cache(maxsize=4)
def _asset(name: str):
    from markupsafe import Markup

    return Markup((ASSETS / name).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- one dossier


def dossier_view(d, index: int, as_of: date, rulepack_file: Path | None = None) -> dict:
    """Everything the template shows of one dossier (a ``check.DossierResult``)."""
    view = {"id": f"d{index}", "path": d.path, "unreadable": d.unreadable, "summary": d.summary,
            "regulation": d.regulation, "card": {}, "groups": [], "route": None, "gantt": None, "timeline": [],
            "budget": None, "cost": None, "acceptance": None, "next_deadline": None, "notes": [],
            "calendar_note": "", "estimate_notes": [],
            "stage": None, "stage_index": -1}
    s = d.summary
    view["status"] = "unreadable" if d.unreadable else ("error" if s["error"] else ("warning" if s["warning"] else "ok"))
    view["status_text"] = STATUS_TEXT[view["status"]]
    view["status_rank"] = STATUS_ORDER[view["status"]]
    pack = dossier = ctx = None
    if d.regulation is not None:
        try:
            dossier, pack, ctx = _load(Path(d.path), as_of, rulepack_file)
        except Exception as exc:  # noqa: BLE001 - the findings still show; say what is missing
            view["notes"].append(_internal("读取档案", exc))
    if ctx is not None:
        view["card"] = project_card(dossier, pack, as_of)
        view["stage"] = ctx.stage_title(ctx.stage) if ctx.stage else "尚无事项"
        view["card"]["stage"] = view["stage"]
        view["stage_index"] = ctx.stage_index()
    elif d.regulation is not None:
        view["notes"].append("project.yaml 有错误或无法读取：项目概况、审批路线、时间表、投资与验收准备在修正后显示。")
    view["groups"] = group_findings(d.findings, pack, ctx)
    if ctx is None:
        return view
    if d.unreadable:
        view["notes"].append("档案中有无法读取的文件：审批路线、时间表、投资与验收准备在修正后显示。")
        return view
    for part, fill in (("估算审批路线、时间表和费用", _fill_estimate), ("核对竣工验收准备情况", _fill_acceptance)):
        try:
            fill(view, dossier, pack, ctx)
        except Exception as exc:  # noqa: BLE001 - one part's defect never hides the rest of the page
            view["notes"].append(_internal(part, exc))
    return view


def _load(root: Path, as_of: date, rulepack_file):
    """The dossier, its rulepack and the rule context; (None, None, None) when project.yaml is
    not usable (the findings say why)."""
    from govproj.check import _rulepack_for
    from govproj.dossier.load import load_dossier
    from govproj.rules.engine import Context

    loaded = load_dossier(root)
    if loaded.dossier.record("project.yaml") is None:
        return None, None, None
    pack, _ = _rulepack_for(loaded.dossier, rulepack_file)
    if pack is None:
        return None, None, None
    return loaded.dossier, pack, Context(loaded.dossier, pack, as_of)


def _internal(part: str, exc: Exception) -> str:
    return f"{part}时 govproj 内部出错（{type(exc).__name__}: {exc}），本部分未显示；这是 govproj 的缺陷，请报告问题。"


def project_card(dossier, pack, as_of: date) -> dict:
    from govproj.dossier.vocabulary import enum_labels, value_text
    from govproj.money import rmb_capital, wan

    p = dossier.project
    card = {"name": p.get("name"), "code": p.get("project_code"), "owner": p.get("owner_unit"),
            "regulation": pack.title, "regulation_id": pack.id, "period": None, "total": None, "total_capital": None}
    card["regulation_status"], card["regulation_state"] = regulation_status(pack, as_of)
    kinds = []
    for key in ("level", "category", "kind", "nature"):
        if p.get(key) is not None:
            kinds.append(enum_labels("project", (key,)).get(p[key], p[key]))
    card["kinds"] = " · ".join(kinds)
    card["plan_year"] = p.get("plan_year")
    period = p.get("period") or {}
    if period.get("start") or period.get("end"):
        card["period"] = f"{value_text(period.get('start'))} 至 {value_text(period.get('end'))}"
    total = p.get("total_investment")
    if isinstance(total, (Decimal, int)) and not isinstance(total, bool):
        card["total"] = wan(total)
        card["total_capital"] = rmb_capital(total)
    return card


def regulation_status(pack, as_of: date) -> tuple[str, str]:
    """The regulation's status as a person needs it on the card, and a state for styling:
    ``draft`` (征求意见稿), ``expired`` (a 试行 or 暂行 text past its stated validity) or ``ok``."""
    from govproj.calendar import add_months

    data = pack.data
    label = pack.status_label
    if pack.status == "draft":
        return f"{label}：尚未发布施行，检查结果仅供参考", "draft"
    validity = data.get("validity") or {}
    start = data.get("published") or data.get("effective")
    if validity.get("years") and isinstance(start, date):
        expires = add_months(start, 12 * int(validity["years"]))
        where = f"（{validity['article']}）" if validity.get("article") else ""
        if as_of > expires:  # the last day of the period is still valid (《民法典》第二百零一条)
            return f"{label}：有效期{validity['years']}年{where}，推定已于 {expires.isoformat()} 届满，请核实是否有新办法", "expired"
        return f"{label}：有效期{validity['years']}年{where}，至 {expires.isoformat()}", "ok"
    return label, "ok"


def finding_view(f: Finding) -> dict:
    from govproj.report.text import location

    view = {"severity": f.severity, "severity_label": SEVERITY_LABELS[f.severity], "rule": f.rule,
            "article": f.article, "quote": f.quote, "message": f.message, "hint": f.hint, "location": location(f),
            "waived": None}
    if f.waived:
        view["waived"] = f"{f.waived.get('reason', '')}（{f.waived.get('approval_doc', '')}）"
    return view


def group_findings(findings: list[Finding], pack, ctx) -> list[dict]:
    """Findings by the stage their rule belongs to (life-cycle order), each group by severity.
    Schema and consistency findings come first, then the regulation's general rules."""
    from govproj.rules.engine import stages

    stage_of = {r["id"]: r.get("stage") for r in pack.data.get("rules", [])} if pack is not None else {}
    current = ctx.stage_index() if ctx is not None else -1
    order = [FORMAT_GROUP, GENERAL_GROUP] + [(s["id"], s["title"]) for s in stages()]
    buckets: dict[str, list[Finding]] = {}
    for f in findings:
        sid = stage_of.get(f.rule) or (FORMAT_GROUP[0] if f.rule.startswith("GP-") else GENERAL_GROUP[0])
        buckets.setdefault(sid if sid in dict(order) else GENERAL_GROUP[0], []).append(f)
    groups = []
    for i, (sid, title) in enumerate(order):
        items = sorted(buckets.get(sid, []), key=Finding.sort_key)
        if not items:
            continue
        note = ""
        if i >= 2 and ctx is not None:
            position = i - 2
            note = "当前阶段" if position == current else ("下一阶段及以后" if position > current else "")
        counts = {s: sum(1 for f in items if f.severity == s and f.waived is None) for s in SEVERITIES}
        groups.append({"id": sid, "title": title if i < 2 else f"{title}阶段", "note": note, "counts": counts,
                       "findings": [finding_view(f) for f in items]})
    return groups


# --------------------------------------------------------------------------- estimate parts


def _fill_estimate(view: dict, dossier, pack, ctx) -> None:
    from govproj.estimate import estimate_dossier
    from govproj.report import gantt

    as_of = ctx.as_of
    est = estimate_dossier(dossier, pack, as_of)
    # the provisional-calendar note goes under the timeline it is about; the others with the estimate
    calendar_note = ctx.provisional_note(sorted({y for s in est.timeline for y in s.provisional_years})).strip("（）")
    view["calendar_note"] = calendar_note
    view["estimate_notes"] = [n for n in est.notes if n != calendar_note]
    if est.route is not None:
        view["route"] = route_view(est.route, est.timeline, as_of)
    view["gantt"] = gantt.build(est.timeline, as_of)
    view["timeline"] = [timeline_row(s, as_of) for s in est.timeline]
    pending = [s for s in est.timeline if s.actual is None]
    if pending:
        first = min(pending, key=lambda s: s.due)
        view["next_deadline"] = timeline_row(first, as_of)
    if est.budget is not None:
        view["budget"] = budget_view(est.budget, est.savings)
    if est.cost is not None:
        view["cost"] = cost_view(est.cost)


def timeline_row(step, as_of: date) -> dict:
    from govproj.report.gantt import STATUS_LABELS, status_of

    status = status_of(step, as_of)
    return {"title": step.title, "due": step.due.isoformat(), "projected": step.projected,
            "actual": step.actual.isoformat() if step.actual else None, "status": status,
            "status_label": STATUS_LABELS[status], "basis": step.basis, "rule": step.rule,
            "anchor_date": step.anchor_date.isoformat(), "provisional": bool(step.provisional_years),
            "days_over": (as_of - step.due).days if status == "overdue" else None}


def route_view(route, timeline, as_of: date) -> dict:
    """The route's stages with what is done and what is due: a stage is done when one of its
    events is recorded, or — a stage the regulation completes with a document and no event, such
    as 遵义's 需求分析报告 — when the dossier holds its documents; the first stage after the last
    done one is the next step, with the due date of the timeline step that completes it; an
    earlier stage with no record is marked so."""
    from govproj.report.gantt import status_of

    due_of: dict[str, object] = {}
    for s in sorted(timeline, key=lambda s: s.due):
        due_of.setdefault(s.step, s)
    last_done = max((i for i, st in enumerate(route.stages) if st.done), default=-1)
    steps = []
    for i, st in enumerate(route.stages):
        step = next((due_of[t] for t in st.done_by if t in due_of), None)
        if st.done_on:
            state, label = "done", f"已于 {st.done_on} 完成"
        elif st.held:
            state, label = "done", "档案中已有" + "、".join(st.held)
        elif i < last_done:
            state, label = "unrecorded", "档案中未见办理记录"
        elif i == last_done + 1:
            state, label = "next", "下一步"
        else:
            state, label = "todo", "待办"
        due = None
        if step is not None and not st.done_on:
            due = {"date": step.due.isoformat(), "projected": step.projected, "overdue": status_of(step, as_of) == "overdue",
                   "basis": step.basis}
        data = st.to_dict()
        steps.append({"title": st.title, "approver": st.approver, "article": st.article, "documents": data["documents_labels"],
                      "state": state, "state_label": label, "due": due})
    limit = None
    if route.above_limit is not None:
        limit = "限额以上" if route.above_limit else "限额以下"
    return {"title": route.title, "article": route.article, "quote": route.quote, "limit": limit, "steps": steps,
            "done": sum(1 for s in steps if s["state"] == "done"), "notes": list(route.notes)}


def budget_view(b, savings: list[dict]) -> dict:
    from govproj.money import wan

    rows = []
    for row in b.by_category:
        pct = Decimal(row["percent"])
        rows.append({"label": row["label"], "amount": wan(Decimal(row["amount"])), "percent": f"{pct:.2f}",
                     "width": str(min(max(pct, Decimal(0)), Decimal(100)).quantize(Decimal("0.1")))})
    return {"total": wan(b.total), "rows": rows, "quotes": b.quotes, "chain": b.chain, "chain_issues": b.chain_issues,
            "savings": savings}


RANGE_KEYS = (("p25", "P25"), ("p50", "P50（中位）"), ("p75", "P75"), ("low", "低"), ("mid", "中"), ("high", "高"),
              ("min", "最低"), ("max", "最高"))


def cost_range(data: dict) -> list[tuple[str, str]]:
    """The estimate's range when the estimate gives one, whatever its shape: ``range`` /
    ``percentiles`` (a mapping of p25/p50/p75 or low/high, each a figure or a mapping with
    ``total``) or the same keys at the top level; amounts in 万元 as ``money.wan`` writes them.
    Empty when there is no range (fewer than two points)."""
    from decimal import InvalidOperation

    from govproj.money import wan

    source = next((data[k] for k in ("range", "percentiles", "total_range", "cost_range") if isinstance(data.get(k), dict)), data)
    lowered = {str(k).lower(): v for k, v in source.items()}
    out = []
    for key, label in RANGE_KEYS:
        value = lowered.get(key)
        if isinstance(value, dict):
            value = next((value[k] for k in ("total", "cost", "amount", "value") if k in value), None)
        if value is None or isinstance(value, (dict, list, bool)):
            continue
        try:
            out.append((label, wan(Decimal(str(value)))))
        except InvalidOperation:
            out.append((label, str(value)))
    return out if len(out) >= 2 else []


def cost_view(c) -> dict:
    from govproj.estimate.fp import TYPE_LABELS, fmt
    from govproj.money import wan

    data = c.to_dict()
    view = {"function_points": fmt(c.function_points, 2), "person_months": fmt(c.person_months, 2), "total": wan(c.total),
            "counts": [(TYPE_LABELS.get(t, t), t, n) for t, n in c.counts.items()], "range": cost_range(data),
            "steps": [{"title": s.title, "formula": s.formula, "value": f"{fmt(s.value)} {s.unit}".strip(), "source": s.source}
                      for s in c.steps],
            "notes": list(c.notes), "budgeted": None,
            "budget_position": (data.get("budget_position") or {}).get("position") if isinstance(data.get("budget_position"), dict) else None}
    if c.budgeted_software is not None:
        diff = c.budgeted_software - c.total
        pct = (diff / c.total * 100) if c.total else Decimal(0)
        view["budgeted"] = {"amount": wan(c.budgeted_software), "diff": wan(abs(diff)), "above": diff > 0,
                            "percent": fmt(abs(pct), 1)}
    return view


# --------------------------------------------------------------------------- acceptance


def _fill_acceptance(view: dict, dossier, pack, ctx) -> None:
    from govproj.lifecycle.accept import ACCEPTANCE_STAGES, readiness
    from govproj.rules.engine import stages

    r = readiness(dossier, pack, ctx.as_of)
    completed = next(i for i, s in enumerate(stages()) if s["id"] == ACCEPTANCE_STAGES[0])
    materials = []
    for m in r.materials:
        state = "problem" if m.problem else ("present" if m.present else "missing")
        materials.append({"title": m.title, "article": m.article, "types": "、".join(m.types), "files": m.files,
                          "state": state, "state_label": m.problem or ("已具备" if m.present else "缺少")})
    view["acceptance"] = {
        "ready": r.ready, "materials": materials, "present": sum(1 for m in materials if m["state"] == "present"),
        "deadline": r.deadline, "organizer": r.organizer, "before": view["stage_index"] < completed,
        "blocking": [finding_view(f) for f in sorted(r.blocking, key=Finding.sort_key)],
    }
