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
from govproj.dossier.yamlread import YamlDocument, locate, locate_key


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

    def as_of(self, day: date, assume: tuple = ()) -> "Dossier":
        """The dossier as it stood on ``day`` (later events and later-dated documents left out),
        optionally with assumed events such as ``{"type": "acceptance_applied", "date": day}``."""
        return Dossier(self.root, self.records, day, tuple(assume))

    def record(self, file: str) -> Record | None:
        """A valid record by file name (``project.yaml``), or None if absent or invalid."""
        rec = self.records.get(file)
        return rec if rec is not None and rec.valid else None

    def collection(self, folder: str) -> list[Record]:
        prefix = folder + "/"
        return [r for name, r in sorted(self.records.items()) if name.startswith(prefix) and r.valid]

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
        items = self.data("events.yaml").get("events", [])
        events = [Event(index=i, **_known(Event, e)) for i, e in enumerate(items)]
        if self.cutoff is not None:
            events = [e for e in events if e.date <= self.cutoff]
        have = {e.type for e in events}
        extra = [Event(index=len(items) + k, **_known(Event, a)) for k, a in enumerate(self.assumed) if a["type"] not in have]
        return events + extra

    @property
    def documents(self) -> list[Document]:
        items = self.data("documents.yaml").get("documents", [])
        docs = [Document(index=i, **_known(Document, d)) for i, d in enumerate(items)]
        if self.cutoff is None:
            return docs
        return [d for d in docs if d.date is None or d.date <= self.cutoff]

    def events_of(self, *types: str) -> list[Event]:
        return sorted((e for e in self.events if e.type in types), key=lambda e: (e.date, e.index))

    def documents_of(self, *types: str) -> list[Document]:
        return [d for d in self.documents if d.type in types]


def _known(cls, data: dict) -> dict:
    """The keys of ``data`` that are fields of ``cls`` (a schema extension never breaks the model)."""
    names = cls.__dataclass_fields__
    return {k: v for k, v in data.items() if k in names}
