"""One fact, one record: fields of a record whose record is a dated event.

The 密评 and 等保测评 results appear both as events (``crypto_assessment``, ``mlps_assessment``
in events.yaml, with date, result and organisation) and as fields of security.yaml. The dated
event is the record (govproj/data/vocabulary.yaml ``facts_from_events``): rules read the latest
such event on or before the day of the check, and security.yaml's field only where no event
exists. Where both are stated and disagree, ``contradictions`` reports it once, at the field.
"""

from __future__ import annotations

from datetime import date

from govproj.dossier.vocabulary import event_label, facts_from_events, value_text
from govproj.dossier.yamlread import json_path

_MISSING = object()


def _latest(dossier, event_type: str, as_of: date | None):
    events = [e for e in dossier.events_of(event_type) if as_of is None or e.date <= as_of]
    return events[-1] if events else None


def from_event(dossier, file: str, field: str, as_of: date | None = None):
    """The value of ``file``'s ``field`` (dotted) as recorded by its event, or ``_MISSING`` when the
    field is not event-backed or no such event is recorded (or the event does not state it)."""
    spec = facts_from_events().get(file, {}).get(field)
    if spec is None:
        return _MISSING
    event = _latest(dossier, spec["event"], as_of)
    value = getattr(event, spec["field"], None) if event is not None else None
    return _MISSING if value is None else value


def is_missing_marker(value) -> bool:
    return value is _MISSING


def contradictions(dossier, as_of: date | None = None) -> list[dict]:
    """Each event-backed field stated in its file that disagrees with its event: a dict with file,
    path (tuple), stated, recorded, event (the Event) and a message. The event a file describes
    is the one on the file's own date field (``crypto.assessment_date``) when it states one — a
    later periodic re-assessment does not contradict it — otherwise the latest."""
    out = []
    for file, fields in facts_from_events().items():
        record = dossier.record(file)
        if record is None:
            continue
        by_event: dict[str, dict[str, str]] = {}
        for field, spec in fields.items():
            by_event.setdefault(spec["event"], {})[spec["field"]] = field
        for event_type, names in by_event.items():
            stated = {attr: _dig(record.data, field) for attr, field in names.items()}
            events = [e for e in dossier.events_of(event_type) if as_of is None or e.date <= as_of]
            if not events or all(v is None for v in stated.values()):
                continue
            described = next((e for e in events if e.date == stated.get("date")), None) or events[-1]
            for attr, field in names.items():
                recorded = getattr(described, attr, None)
                if stated[attr] is not None and recorded is not None and recorded != stated[attr]:
                    path = tuple(field.split("."))
                    out.append({"file": file, "path": path, "stated": stated[attr], "recorded": recorded, "event": described,
                                "message": f"{file} 的 {json_path(path)} 为“{value_text_of(stated[attr])}”，与 events.yaml 中 "
                                           f"{described.date.isoformat()} 的{event_label(described.type)}"
                                           f"（{value_text_of(recorded)}）不一致"})
    return out


def _dig(data, field: str):
    for step in field.split("."):
        data = data.get(step) if isinstance(data, dict) else None
    return data


def value_text_of(value) -> str:
    from govproj.dossier.vocabulary import result_label

    if isinstance(value, str) and value in ("passed", "failed", "conditional"):
        return result_label(value)
    return value_text(value)
