"""The data every form template sees (docs/render.md lists it).

Raw dossier values keep their English keys; derived, display-ready values are added beside
them: ``*_label`` (Chinese label of an enumeration), ``*_text`` (amounts as ``478.60``,
dates as ``2026年11月22日``), ``*_capital`` (RMB capitals).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import re

from govproj.dossier.schema import load_schema
from govproj.dossier.vocabulary import enum_labels, result_label
from govproj.money import rmb_capital, wan
from govproj.render.punctuation import fullwidth
from govproj.render.values import date_cn, month_cn

REPORT_DIR = "out"


def _amount(x) -> str:
    return wan(Decimal(x)) if x is not None else ""


def percent_text(x) -> str:
    """Every percentage of a form with two decimals: 31.90, 12.28, 3.00."""
    from decimal import ROUND_HALF_UP

    return str(Decimal(str(x)).quantize(Decimal("0.01"), ROUND_HALF_UP)) if x not in (None, "") else ""


# ------------------------------------------------------------------ text as a clerk reads it

_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_FOLD_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")
_YAML_FILE = re.compile(r"(?<![\w.-])((?:[\w-]+/)*[\w-]+\.ya?ml)\b\s?")
_ATTACHMENT = re.compile(r"(?<![\w.-])((?:[\w\-\u4e00-\u9fff]+/)+[\w\-.\u4e00-\u9fff（）()]+\.(?:docx?|pdf|xlsx?|pptx?|ofd|wps|zip|png|jpe?g))")


def human_text(text: str, titles: dict[str, str], file_labels: dict[str, str]) -> str:
    """A dossier string as it may stand in a form: lines that YAML folded with a space between two
    Chinese characters joined again; half-width ( ) : , ; next to Chinese made full-width (punctuation.py); a dossier file (``cloud.yaml``) named by what it holds, an
    attachment (``attachments/…docx``) by its document title."""
    text = _FOLD_SPACE.sub("", text)

    def yaml_name(m):
        name = m.group(1).rsplit("/", 1)[-1]
        label = file_labels.get(name)
        if label is None:
            return m.group(0)
        rest = text[m.end():]
        # “见 cloud.yaml 资源需求清单” → “见政务云资源需求清单”, not “…清单资源需求清单”
        for k in range(len(label), 1, -1):
            if rest.startswith(label[-k:]):
                return label[:-k]
        return label

    text = _YAML_FILE.sub(yaml_name, text)
    text = _ATTACHMENT.sub(lambda m: f"《{titles.get(m.group(1)) or m.group(1).rsplit('/', 1)[-1].rsplit('.', 1)[0]}》", text)
    return fullwidth(_FOLD_SPACE.sub("", text))


def humanize(value, titles: dict[str, str], file_labels: dict[str, str], key: str = ""):
    """``human_text`` on every string of the context, except raw file paths (keys ``file``)."""
    if isinstance(value, str):
        return value if key in ("file", "plan_file") else human_text(value, titles, file_labels)
    if isinstance(value, dict):
        return {k: humanize(v, titles, file_labels, k) for k, v in value.items()}
    if isinstance(value, list):
        return [humanize(v, titles, file_labels, key) for v in value]
    return value


def _labelled(item: dict, schema_name: str, base: tuple, keys: list[str]) -> dict:
    out = dict(item)
    for k in keys:
        if item.get(k) is not None:
            out[f"{k}_label"] = enum_labels(schema_name, base + (k,)).get(item[k], item[k])
    return out


def _dates(item: dict) -> dict:
    out = dict(item)
    for k, v in item.items():
        if isinstance(v, date):
            out[f"{k}_text"] = date_cn(v)
    return out


def _person_text(person) -> str | None:
    """{name, title, phone} → 刘志强（党组成员、副局长） 0792-8571234."""
    if not isinstance(person, dict) or not person.get("name"):
        return None
    text = person["name"] + (f"（{person['title']}）" if person.get("title") else "")
    return text + (f"　{person['phone']}" if person.get("phone") else "")


DEPLOYMENT_TEXT = (("gov_cloud", "部署于政务云"), ("migrates_to_gov_cloud", "整体迁移上政务云"),
                   ("egov_extranet", "依托电子政务外网"), ("egov_intranet", "依托电子政务内网"),
                   ("sharing_platform", "接入政务数据共享交换平台"), ("open_platform", "向公共数据开放平台开放数据"),
                   ("gov_service_platform", "对接政务服务平台"), ("county_node", "接入市智慧城市云计算大数据中心机房县级节点"))
STEP_STATUS = {"done": "已完成", "late": "逾期完成", "pending": "未完成"}


def _doc_types(dossier) -> dict:
    """Every document type of the schema → whether the dossier holds it: ``doc_types.fsr.present_text``."""
    from govproj.dossier.vocabulary import document_label

    enum = load_schema("common")["$defs"]["documentType"]["enum"]
    out = {}
    for t in enum:
        docs = dossier.documents_of(t)
        titles = "；".join(f"《{d.title or document_label(t)}》" for d in docs)
        out[t] = {"label": document_label(t), "present": bool(docs), "present_text": "已具备" if docs else "缺少",
                  "files_text": titles or "—",
                  "titles_text": titles or None,
                  "date_text": date_cn(docs[0].date) if docs and docs[0].date else None}
    return out


def _declaration(dossier) -> dict:
    forms = dossier.documents_of("declaration_form")
    day = forms[0].date if forms and forms[0].date else None
    if day is None:
        ev = dossier.events_of("declaration_submitted")
        day = ev[0].date if ev else None
    return {"date_text": date_cn(day) or None}


def _estimate(estimate) -> dict:
    d = estimate.to_dict()
    for step in d.get("timeline") or []:
        for k in ("due", "actual"):
            step[f"{k}_text"] = date_cn(date.fromisoformat(step[k])) if step.get(k) else None
        step["status_label"] = STEP_STATUS.get(step.get("status"), step.get("status"))
    for stage in ((d.get("route") or {}).get("stages") or []):
        stage["done_on_text"] = date_cn(date.fromisoformat(stage["done_on"])) if stage.get("done_on") else None
        stage["documents_text"] = "、".join(stage.get("documents_labels") or []) or None
    if d.get("budget"):
        for row in d["budget"].get("by_category") or []:
            row["amount_text"] = _amount(row.get("amount"))
            row["percent_text"] = percent_text(row.get("percent"))
        q = d["budget"].get("quotes") or {}
        for k in ("lowest", "highest", "median"):
            if q.get(k) is not None:
                q[f"{k}_text"] = _amount(q[k])
    return d


def file_labels() -> dict[str, str]:
    """What each dossier file holds, to name it in a form (govproj/data/forms.yaml)."""
    from govproj.render.forms import forms_data

    return forms_data().get("dossier_files") or {}


def build(dossier, pack, as_of: date, estimate=None, charts: dict | None = None) -> dict:
    from govproj.dossier.vocabulary import document_label, event_label

    p = dict(dossier.project)
    project = _labelled(p, "project", (), ["level", "category", "kind", "nature", "owner_type"])
    total = p.get("total_investment")
    project["total_investment_text"] = _amount(total)
    project["total_investment_capital"] = rmb_capital(total) if total is not None else None
    project["engineering_cost_text"] = _amount(p.get("engineering_cost"))
    eng = p.get("engineering_cost")
    project["engineering_cost_capital"] = rmb_capital(eng) if eng is not None else None
    project["responsible_person_text"] = _person_text(p.get("responsible_person"))
    project["contact_text"] = _person_text(p.get("contact"))
    dep = p.get("deployment") or {}
    project["deployment_text"] = "；".join(t for k, t in DEPLOYMENT_TEXT if dep.get(k)) or None
    if isinstance(p.get("predecessor"), dict):
        project["predecessor"] = _dates(p["predecessor"])
    project["classified_text"] = "涉密" if p.get("classified") else "非涉密"
    labels = enum_labels("project", ("funding_sources",))
    project["funding_sources_text"] = "、".join(labels.get(f, f) for f in p.get("funding_sources", [])) or None
    period = p.get("period") or {}
    if period.get("start") or period.get("end"):
        project["period_text"] = f"{month_cn(period.get('start'))}至{month_cn(period.get('end'))}"
    project["main_tasks_text"] = "\n".join(f"{i}. {t}" for i, t in enumerate(p.get("main_tasks", []), 1)) or None
    goals = p.get("performance_goals") or {}
    level1 = enum_labels("project", ("performance_goals", "indicators", 0, "level1"))
    project["indicators"] = [dict(i, level1_label=level1.get(i.get("level1"), i.get("level1")))
                             for i in goals.get("indicators", [])]
    impl = p.get("implementation") or {}
    project["implementation_text"] = "；".join(x for x in (impl.get("method"), impl.get("reason")) if x) or None

    b = dossier.budget
    items = [_labelled(i, "budget", ("items", 0), ["category"]) for i in b.get("items", [])]
    for i in items:
        i["amount_text"] = _amount(i.get("amount"))
        i["unit_price_text"] = _amount(i.get("unit_price"))
        i["quantity_text"] = str(i["quantity"]) if i.get("quantity") is not None else ""
    funding = [_labelled(f, "budget", ("funding", 0), ["source"]) | {"amount_text": _amount(f.get("amount"))}
               for f in b.get("funding", [])]
    titles_by_file = {d.file: d.title for d in dossier.documents if d.file and d.title}
    quotes = [_dates(q) | {"amount_text": _amount(q.get("amount")), "file_title": titles_by_file.get(q.get("file"))}
              for q in b.get("quotes", [])]
    similar = [_dates(c) | {"amount_text": _amount(c.get("amount"))} for c in b.get("similar_contracts", [])]
    amounts = {k: _amount(v) for k, v in (b.get("amounts") or {}).items()}
    budget = {"items": items, "funding": funding, "quotes": quotes, "similar_contracts": similar,
              "amounts": amounts, "total_text": _amount(total)}

    events = [_dates({"label": event_label(e.type), "result_label": result_label(e.result) if e.result else None,
                      **{k: getattr(e, k) for k in ("type", "date", "doc_no", "amount", "org", "result", "note")}})
              for e in sorted(dossier.events, key=lambda e: (e.date, e.index))]
    documents = [_dates({"label": document_label(d.type), "type": d.type, "title": d.title, "file": d.file,
                         "date": d.date, "author": d.author}) for d in dossier.documents]
    catalog = dict(dossier.data("data-catalog.yaml"))
    share_labels = enum_labels("data-catalog", ("entries", 0, "share_type"))
    catalog["entries"] = [dict(e, share_type_label=share_labels.get(e.get("share_type"), e.get("share_type")),
                               open_text=("是" if e.get("open") else "否") if "open" in e else None,
                               items_text="、".join(i["name"] for i in e.get("items", [])) or None)
                          for e in catalog.get("entries", [])]
    catalog["sharing_list"] = [dict(s, items_text="、".join(s.get("items", [])) or None) for s in catalog.get("sharing_list", [])]
    cloud = dict(dossier.data("cloud.yaml"))
    type_labels = enum_labels("cloud", ("resources", 0, "type"))
    cloud["resources"] = [dict(r, type_label=type_labels.get(r.get("type"), r.get("type"))) for r in cloud.get("resources", [])]
    for key in ("vcpu", "memory_gb", "storage_gb"):
        cloud[f"total_{key}"] = sum((r.get(key) or 0) * (r.get("quantity") or 1) for r in cloud["resources"]) or None
    security = dict(dossier.data("security.yaml"))
    titles = {d.file: d.title for d in dossier.documents if d.file and d.title}
    for key in ("mlps", "crypto", "classified_protection"):
        if isinstance(security.get(key), dict):
            security[key] = _dates(security[key])
            for r in ("test_result", "assessment_result"):
                if security[key].get(r):
                    security[key][f"{r}_label"] = result_label(security[key][r])
            if security[key].get("plan_file"):
                security[key]["plan_title"] = titles.get(security[key]["plan_file"])
    catalog = _dates(catalog)

    ctx = {
        "today": date_cn(as_of),
        "as_of": as_of.isoformat(),
        "regulation": {"id": pack.id, "title": pack.title, "short_title": pack.data.get("short_title", pack.title),
                       "doc_no": pack.data.get("doc_no"), "status": pack.status_label,
                       "is_draft": pack.status == "draft"},
        "project": project,
        "budget": budget,
        "events": events,
        "documents": documents,
        "catalog": catalog,
        "cloud": cloud,
        "security": security,
        "changes": [dict(r.data, file=r.file) for r in dossier.collection("changes")],
        "doc_types": _doc_types(dossier),
        "declaration": _declaration(dossier),
        "charts": charts or {},
    }
    if estimate is not None:
        ctx["estimate"] = _estimate(estimate)
    return humanize(ctx, titles, file_labels())
