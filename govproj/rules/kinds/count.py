"""count — at least N items.

Parameters: ``collection`` — ``budget.quotes`` / ``catalog.entries`` (any fact path to a list),
``documents:TYPE`` or ``events:TYPE`` —, ``distinct`` (count distinct values of this field),
``min`` (a number or ``{param: name}``), ``stage`` (as in ``require``).

PASS (collection: budget.quotes, distinct: vendor, min: 3) — quotes from 3 different vendors.
FAIL — 2 vendors → "厂商报价 2 家，少于 3 家".
Variables: ``{count}``, ``{min}``.
"""

from __future__ import annotations

from govproj.rules.facts import is_missing
from govproj.rules.kinds._common import stage_gate

VARIABLES = ("count", "min")  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    gate = stage_gate(rule, ctx)
    if gate == "skip":
        return
    spec = rule["collection"]
    file, path = None, ()
    if spec.startswith("documents:"):
        items = [{"type": d.type, "title": d.title} for d in ctx.dossier.documents_of(spec.split(":", 1)[1])]
        file, path = "documents.yaml", ("documents",)
    elif spec.startswith("events:"):
        items = [{"type": e.type, "date": e.date} for e in ctx.dossier.events_of(spec.split(":", 1)[1])]
        file, path = "events.yaml", ("events",)
    else:
        items = ctx.facts.get(spec)
        if is_missing(items):
            if gate == "apply":
                ctx.note_missing(spec)  # not stated is not "0 items": the engine asks for the list
                return
            items = []
        loc = ctx.facts.location(spec)
        if loc:
            file, path = loc
    if rule.get("distinct"):
        n = len({str(i.get(rule["distinct"])) for i in items if isinstance(i, dict) and i.get(rule["distinct"]) is not None})
    else:
        n = len(items)
    need = int(ctx.facts.value(rule["min"]))
    if n < need:
        variables = {"count": str(n), "min": str(need)}
        if gate == "next":
            yield ctx.next_step(rule, variables, file=file, path=path)
        else:
            yield ctx.finding(rule, variables, file=file if file in ctx.dossier.records else file, path=path)
