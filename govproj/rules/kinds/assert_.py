"""assert — a condition that must hold, for the project or for each item of a list.

Parameters: ``assert`` (a condition, docs/rulepacks.md §3), ``for_each`` (optional:
``{events: [types]}``, ``{documents: [types]}`` or ``{collection: changes | progress | <fact path>}``;
inside, ``item.<field>`` reads the current item), ``item_when`` (optional condition selecting
items), ``stage`` (as in ``require``, without the "下一步" notice), ``locate`` (optional fact
path to point the finding at, for the project-level form).

PASS (for_each: {events: [acceptance_passed]}, assert: {fact: item.org, contains: 县大数据中心}) — org 县大数据中心.
FAIL — org 县发展和改革局.
Variables: ``{item}`` (an event's Chinese label and date, a document's title, a change's file,
a list entry's name), ``{value}`` (the value of the asserted fact, when simple).
"""

from __future__ import annotations

from govproj.rules.kinds._common import as_list, stage_gate

VARIABLES = ("item", "value")  # message variables this kind offers (read by govproj rulepack check)


def _items(rule, ctx):
    spec = rule.get("for_each")
    if not spec:
        return None
    if "events" in spec:
        from govproj.dossier.vocabulary import event_label

        return [(f"{event_label(e.type)}（{e.date_text}）", _event_dict(e), "events.yaml", e.path)
                for e in ctx.dossier.events_of(*as_list(spec["events"]))]
    if "documents" in spec:
        return [(d.title, _doc_dict(d), "documents.yaml", d.path) for d in ctx.dossier.documents_of(*as_list(spec["documents"]))]
    coll = spec.get("collection")
    if coll == "changes":
        return [(f"{r.data.get('id')}（{r.data.get('title')}）", r.data, r.file, ()) for r in ctx.dossier.collection(coll)]
    if coll == "progress":
        return [(f"{r.data.get('period')} 进度报告", r.data, r.file, ()) for r in ctx.dossier.collection(coll)]
    items = ctx.facts.get(coll) or []
    loc = ctx.facts.location(coll)
    file, base = loc if loc else (None, ())
    return [(str(i.get("name") or i.get("vendor") or i.get("id") or n) if isinstance(i, dict) else str(i), i, file, base + (n,))
            for n, i in enumerate(items)]


def _event_dict(e):
    return {k: getattr(e, k) for k in e.__dataclass_fields__ if k != "index"}


def _doc_dict(d):
    return {k: getattr(d, k) for k in ("type", "title", "file", "date", "author", "sections", "signed_by", "recipients", "note")}


def _first_fact(cond):
    if isinstance(cond, dict):
        if "fact" in cond:
            return cond["fact"]
        for key in ("all", "any"):
            for c in cond.get(key, []):
                f = _first_fact(c)
                if f:
                    return f
        if "not" in cond:
            return _first_fact(cond["not"])
    return None


def check(rule, ctx):
    if stage_gate(rule, ctx) != "apply":
        return
    cond = rule["assert"]
    items = _items(rule, ctx)
    if items is None:
        if ctx.facts.test(cond) is False:  # None: a fact is not stated; the engine asks for it
            fact = rule.get("locate") or _first_fact(cond)
            loc = ctx.facts.location(fact) if fact else None
            value = ctx.facts.get(fact) if fact else None
            file, path = loc if loc else ("project.yaml", ())
            yield ctx.finding(rule, {"value": _show(value), "item": ""}, file=file, path=path)
        return
    for name, data, file, path in items:
        facts = ctx.facts.with_item(data, (file, path))
        if rule.get("item_when") and facts.test(rule["item_when"]) is not True:
            continue
        if facts.test(cond) is False:
            fact = _first_fact(cond)
            value = facts.get(fact) if fact else None
            sub = ()
            if fact and fact.startswith("item."):
                from govproj.rules.facts import split_path

                sub = tuple(split_path(fact[5:]))
            yield ctx.finding(rule, {"item": name, "value": _show(value)}, file=file, path=path + sub)


def _show(value) -> str:
    """A value as a message shows it: its Chinese label, never a raw code (``passed``, ``true``)."""
    from govproj.dossier.vocabulary import value_text

    return value_text(value)
