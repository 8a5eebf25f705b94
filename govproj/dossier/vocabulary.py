"""The dossier's vocabulary: the Chinese label of every enumerated value (event and document
types, results, categories …) and the equivalent names of event and document types.

Labels come from the schemas' ``enumDescriptions`` (one source for editors, docs and messages);
equivalents come from ``govproj/data/vocabulary.yaml``. Every layer — rules, estimate, render,
life cycle, git helpers — reads labels here, so no user-facing text shows a raw code such as
``passed`` or ``data_sharing_confirmed``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from govproj.dossier.schema import load_schema, schema_at

_DATA = Path(__file__).resolve().parent.parent / "data" / "vocabulary.yaml"


@lru_cache(maxsize=None)
def common_labels(def_name: str) -> dict[str, str]:
    """Labels of one enumeration of ``common.schema.json`` (``eventType``, ``documentType``, ``result`` …)."""
    d = load_schema("common")["$defs"][def_name]
    return dict(zip(d["enum"], d.get("enumDescriptions", d["enum"]), strict=False))


@lru_cache(maxsize=None)
def enum_labels(schema_name: str, path: tuple) -> dict[str, str]:
    """Labels of the enumeration that describes the value at ``path`` in a record's schema
    (for a list, of its items)."""
    sub = schema_at(load_schema(schema_name), path)
    if sub.get("type") == "array":
        sub = schema_at(load_schema(schema_name), path + (0,))
    return dict(zip(sub.get("enum", []), sub.get("enumDescriptions", []), strict=False))


def event_label(t: str) -> str:
    return common_labels("eventType").get(t, t)


def document_label(t: str) -> str:
    return common_labels("documentType").get(t, t)


def result_label(r: str | None) -> str:
    return common_labels("result").get(r, r) if r else "未填写"


def value_text(value) -> str:
    """Any dossier value as a person reads it: never ``True``/``None``/``Decimal('1')``."""
    if value is None or value == "" or value == []:
        return "未填写"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value in common_labels("result"):  # passed → 通过: results are one vocabulary
        return common_labels("result")[value]
    if isinstance(value, list):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{value_text(v)}" for k, v in value.items())
    return str(value)


@lru_cache(maxsize=None)
def _equivalents() -> dict[str, dict[str, tuple[str, ...]]]:
    from govproj.dossier.yamlread import read_yaml

    data = read_yaml(_DATA.read_bytes()).data
    return {kind: {k: tuple(v) for k, v in ((data.get(kind) or {}).get("equivalents") or {}).items()}
            for kind in ("events", "documents")}


def _accepted(kind: str, types) -> tuple[str, ...]:
    eq = _equivalents()[kind]
    out: dict[str, None] = {}
    for t in types:
        out[t] = None
        out.update(dict.fromkeys(eq.get(t, ())))
    return tuple(out)


def accepted_event_types(types) -> tuple[str, ...]:
    """The event types that satisfy a requirement for any of ``types`` (each type plus its
    registered equivalents)."""
    return _accepted("events", types)


def accepted_document_types(types) -> tuple[str, ...]:
    return _accepted("documents", types)


@lru_cache(maxsize=None)
def facts_from_events() -> dict[str, dict[str, dict]]:
    """{file: {field path: {event, field}}}: record fields whose record is a dated event."""
    from govproj.dossier.yamlread import read_yaml

    return read_yaml(_DATA.read_bytes()).data.get("facts_from_events") or {}


def equivalents_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """For docs/dossier.md: {"events": {name: (equivalent, …)}, "documents": {…}}."""
    return _equivalents()
