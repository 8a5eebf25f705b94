"""require — materials, events, fields or files the dossier must have.

Parameters: ``documents`` (document types), ``events`` (event types), ``fields`` (fact paths),
``files`` (dossier file names), ``mode`` (``all``: every item is required — default; ``any``:
one of them is enough), ``stage`` (from which stage on; one stage earlier it is reported as
``info`` "下一步").

PASS (stage: approved, documents: [crypto_plan]) — documents.yaml lists a crypto_plan.
FAIL — no crypto_plan among the documents → "缺少：密码应用方案".
Variables for message/hint: ``{missing}``.
"""

from __future__ import annotations

from govproj.dossier.vocabulary import document_label, event_label
from govproj.rules.kinds._common import as_list, stage_gate

VARIABLES = ("missing",)  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    gate = stage_gate(rule, ctx)
    if gate == "skip":
        return
    missing: list[str] = []
    present = 0
    targets = 0
    where = ("project.yaml", ())
    for t in as_list(rule.get("documents")):
        targets += 1
        if ctx.dossier.documents_of(t):
            present += 1
        else:
            missing.append(document_label(t))
            where = ("documents.yaml", ("documents",))
    for t in as_list(rule.get("events")):
        targets += 1
        if ctx.dossier.events_of(t):
            present += 1
        else:
            missing.append(event_label(t))
            where = ("events.yaml", ("events",))
    for path in as_list(rule.get("fields")):
        targets += 1
        value = ctx.facts.get(path)
        if value is None or value == [] or value == "":
            missing.append(_field_label(path))
            loc = ctx.facts.location(path)
            if loc:
                where = (loc[0], loc[1][:-1])
        else:
            present += 1
    for name in as_list(rule.get("files")):
        targets += 1
        if name in ctx.dossier.records:
            present += 1
        else:
            missing.append(name)
            where = (name, ())
    mode = rule.get("mode", "all")
    failed = bool(missing) if mode == "all" else (targets > 0 and present == 0)
    if not failed:
        return
    joiner = "、" if mode == "all" else "或"
    variables = {"missing": joiner.join(missing)}
    file, path = where
    if gate == "next":
        yield ctx.next_step(rule, variables, file=file, path=path)
    else:
        yield ctx.finding(rule, variables, file=file, path=path)


def _field_label(path: str) -> str:
    from govproj.dossier.schema import label, schema_at
    from govproj.rules.facts import SOURCES, split_path

    head, _, rest = path.partition(".")
    file = SOURCES.get(head)
    if not file or not rest:
        return path
    name = file.removesuffix(".yaml")
    sub = schema_at(__import__("govproj.dossier.schema", fromlist=["load_schema"]).load_schema(name), split_path(rest))
    title = sub.get("title")
    return f"{label(title)}（{file} 的 {rest}）" if title else f"{file} 的 {rest}"
