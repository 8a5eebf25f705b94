"""The typed dossier model: what commands and rules read.

Values are exact: amounts are ``Decimal`` (taken from the YAML text), dates are ``date``,
booleans are ``bool``. Every value can be traced back to its file, line and column with
``Record.locate(path)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from govproj.dossier.layout import RecordKind
from govproj.dossier.vocabulary import accepted_document_types, accepted_event_types
from govproj.dossier.yamlread import YamlDocument, locate, locate_key


class RecordInvalid(Exception):
    """Raised by a guarded dossier (``Dossier.guarded``) when a rule reads a record that failed
    its schema: what the record says is unknown, so the rule is not evaluated (never a violation)."""

    def __init__(self, file: str):
        super().__init__(file)
        self.file = file


@dataclass(slots=True)
class Record:
    """One YAML file of the dossier."""

    file: str  # path relative to the dossier, with "/"
    kind: RecordKind
    data: dict
    doc: YamlDocument
    valid: bool = True  # passed its JSON Schema; rules read only valid records

    def locate(self, path) -> tuple[int, int]:
        return locate(self.doc.root, path)

    def locate_key(self, path) -> tuple[int, int]:
        return locate_key(self.doc.root, path)


@dataclass(slots=True)
class Event:
    type: str
    date: date
    index: int  # position in events.yaml
    doc_no: str | None = None
    amount: Decimal | None = None
    org: str | None = None
    result: str | None = None
    recipients: list[str] = field(default_factory=list)
    channel: str | None = None
    attachment: str | None = None
    note: str | None = None
    counterparty: str | None = None
    purpose: str | None = None
    change: str | None = None
    term_months: int | None = None
    assumed: bool = False  # not recorded: supposed by a command (``accept`` supposes applying today)

    @property
    def date_text(self) -> str:
        """The date as messages show it; a supposed event says so, never passing for a recorded one."""
        return f"{self.date.isoformat()}（假定）" if self.assumed else self.date.isoformat()

    @property
    def path(self) -> tuple:
        return ("events", self.index)


@dataclass(slots=True)
class Document:
    type: str
    title: str
    index: int
    file: str | None = None
    date: date | None = None
    author: str | None = None
    sections: list[str] | None = None
    signed_by: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def path(self) -> tuple:
        return ("documents", self.index)


@dataclass(slots=True)
class Dossier:
    root: Path
    records: dict[str, Record] = field(default_factory=dict)
    cutoff: date | None = None  # when set, events and documents dated later are not yet “there”
    assumed: tuple = ()  # hypothetical events (dicts) added to the recorded ones, e.g. "apply today"
    guard: bool = False  # reading an invalid record raises RecordInvalid instead of giving nothing
    unreadable: set = field(default_factory=set)  # record files present but unreadable (syntax, encoding, links out)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def as_of(self, day: date, assume: tuple = ()) -> "Dossier":
        """The dossier as it stood on ``day`` (later events and later-dated documents left out),
        optionally with assumed events such as ``{"type": "acceptance_applied", "date": day}``."""
        return Dossier(self.root, self.records, day, tuple(assume), self.guard, self.unreadable)

    def guarded(self) -> "Dossier":
        """The same dossier for the rules: a record with format errors is unknown, not empty
        (reading it raises ``RecordInvalid``; the engine reports the rule as not evaluated)."""
        return Dossier(self.root, self.records, self.cutoff, self.assumed, True, self.unreadable)

    def invalid_files(self) -> list[str]:
        return [name for name, r in sorted(self.records.items()) if not r.valid]

    def record(self, file: str) -> Record | None:
        """A valid record by file name (``project.yaml``), or None if absent or invalid."""
        rec = self.records.get(file)
        if (rec is not None and not rec.valid) or (rec is None and file in self.unreadable):
            if self.guard:
                raise RecordInvalid(file)
            return None
        return rec

    def collection(self, folder: str) -> list[Record]:
        prefix = folder + "/"
        out = []
        if self.guard and any(name.startswith(prefix) for name in self.unreadable):
            raise RecordInvalid(min(name for name in self.unreadable if name.startswith(prefix)))
        for name, r in sorted(self.records.items()):
            if name.startswith(prefix):
                if r.valid:
                    out.append(r)
                elif self.guard:
                    raise RecordInvalid(name)
        return out

    def data(self, file: str) -> dict:
        rec = self.record(file)
        return rec.data if rec else {}

    @property
    def project(self) -> dict:
        return self.data("project.yaml")

    @property
    def regulation_id(self) -> str | None:
        rec = self.records.get("project.yaml")
        value = rec.data.get("regulation") if rec else None
        return value if isinstance(value, str) else None

    @property
    def budget(self) -> dict:
        return self.data("budget.yaml")

    @property
    def events(self) -> list[Event]:
        """The recorded events (built once per dossier view; treat as read-only)."""
        if "events" not in self._cache:
            items = self.data("events.yaml").get("events", [])
            events = [Event(index=i, **_known(Event, e)) for i, e in enumerate(items)]
            if self.cutoff is not None:
                events = [e for e in events if e.date <= self.cutoff]
            have = {e.type for e in events}
            extra = [Event(index=len(items) + k, assumed=True, **_known(Event, a)) for k, a in enumerate(self.assumed)
                     if a["type"] not in have]
            self._cache["events"] = events + extra
        return self._cache["events"]

    @property
    def documents(self) -> list[Document]:
        if "documents" not in self._cache:
            items = self.data("documents.yaml").get("documents", [])
            docs = [Document(index=i, **_known(Document, d)) for i, d in enumerate(items)]
            if self.cutoff is not None:
                docs = [d for d in docs if d.date is None or d.date <= self.cutoff]
            self._cache["documents"] = docs
        return self._cache["documents"]

    def events_of(self, *types: str) -> list[Event]:
        """Events of these types or of their equivalent names (govproj/data/vocabulary.yaml), by date."""
        wanted = set(accepted_event_types(types))
        return sorted((e for e in self.events if e.type in wanted), key=lambda e: (e.date, e.index))

    def documents_of(self, *types: str) -> list[Document]:
        wanted = set(accepted_document_types(types))
        return [d for d in self.documents if d.type in wanted]


def _known(cls, data: dict) -> dict:
    """The keys of ``data`` that are fields of ``cls`` (a schema extension never breaks the model)."""
    names = cls.__dataclass_fields__
    return {k: v for k, v in data.items() if k in names}
