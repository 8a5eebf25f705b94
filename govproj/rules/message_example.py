"""A rule's message and hint with their variables filled for an example (``govproj rules REG
RULE``), so a reader never sees a raw ``{anchor_date}`` template.

Parameters take the regulation's own values; what the rule names (required materials, events,
fields, the document it reads) takes their Chinese labels; dates and counts take one coherent
example (a proposal approved on 2026-03-02, the next step due 2026-03-30 and done 16 days late).
"""

from __future__ import annotations

import string

from govproj.dossier.vocabulary import document_label, event_label

EXAMPLE = {
    "anchor_date": "2026-03-02", "first_date": "2026-03-02", "target_date": "2026-04-15", "then_date": "2026-04-15",
    "due": "2026-03-30", "overdue_days": "16", "earliest": "2026-03-17", "limit": "20 个工作日",
    "count": "2", "min": "3", "value": "（档案中填写的值）", "item": "（相关条目）", "first": "（先发生的事项）",
    "then": "（后发生的事项）", "target": "（应办理的事项）", "anchor": "（起算事项）",
    "differences": "预算明细「软件开发费」由 120 万元调整为 135 万元", "baseline": "可研批复基线（2026-04-16）",
    "status": "（状态）", "published": "2024-05-24", "expires": "2026-05-24",
}


def _labels(rule: dict) -> list[str]:
    def as_list(x):
        return x if isinstance(x, list) else ([x] if x else [])

    out = [document_label(t) for t in as_list(rule.get("documents"))]
    out += [event_label(t) for t in as_list(rule.get("events"))]
    out += [f.split(".")[-1] for f in as_list(rule.get("fields"))]
    out += as_list(rule.get("files"))
    return out


def example_variables(pack, rule: dict) -> dict:
    values = dict(EXAMPLE, title=rule.get("title", ""), article=rule.get("article", ""))
    for name, spec in (pack.data.get("parameters") or {}).items():
        value = spec.get("value") if isinstance(spec, dict) else spec
        if isinstance(value, dict) and "values" in value:
            value = value.get("default", next(iter(value["values"].values()), ""))
        values[f"param_{name}"] = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    labels = _labels(rule)
    if labels:
        values["missing"] = "、".join(labels)
    else:
        values["missing"] = "（缺少的材料）"
    if rule.get("document"):
        values["document"] = document_label(rule["document"])
    else:
        values["document"] = "（相关材料）"
    limit = rule.get("limit")
    if isinstance(limit, dict) and "value" in limit:
        from govproj.calendar import describe_limit

        raw = limit["value"]
        if isinstance(raw, dict) and "param" in raw:
            raw = values.get(f"param_{raw['param']}", raw)
        if isinstance(raw, (int, str)) and str(raw).isdigit():
            values["limit"] = describe_limit(int(raw), limit.get("unit", ""))
    target = (rule.get("target") or {}).get("event")
    if target:
        values["target"] = "、".join(event_label(t) for t in (target if isinstance(target, list) else [target]))
    return values


def fill(text: str, variables: dict) -> str:
    """``text`` with ``{name}`` replaced; an unknown name becomes （示例值）, never a raw template."""
    class _Vars(dict):
        def __missing__(self, key):
            return "（示例值）"

    return string.Formatter().vformat(text, (), _Vars(variables))
