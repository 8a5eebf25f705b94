"""What templates see: dossier values wrapped so that a missing value shows as 「（待填）」 and
is recorded, multi-line text keeps its line breaks, and control characters are reported.

Templates are rendered with autoescape on, so ``& < > " '`` come out as typed (docxtpl does
not escape by default; without it “A & B <c>” silently renders as “A  B ”).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

PLACEHOLDER = "（待填）"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Tracker:
    """Collects the unfilled fields and the control characters met while rendering one form."""

    def __init__(self):
        self.missing: list[str] = []
        self.control: list[tuple[str, str]] = []

    def note_missing(self, path: str) -> None:
        if path not in self.missing:
            self.missing.append(path)


class Missing:
    """An absent value: falsy in ``{% if %}``, renders as 「（待填）」 and is recorded."""

    __slots__ = ("_path", "_tracker")

    def __init__(self, path: str, tracker: Tracker):
        self._path = path
        self._tracker = tracker

    def __bool__(self):
        return False

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return Missing(f"{self._path}.{name}", self._tracker)

    def __getitem__(self, key):
        return Missing(f"{self._path}[{key}]", self._tracker)

    def __str__(self):
        self._tracker.note_missing(self._path)
        return PLACEHOLDER

    __html__ = __str__


class Fill:
    """A read-only view of a mapping for templates: ``{{ project.name }}`` or
    ``{{ project['name'] }}``; absent or empty values become ``Missing``."""

    __slots__ = ("_data", "_path", "_tracker")

    def __init__(self, data: dict, path: str, tracker: Tracker):
        self._data = data
        self._path = path
        self._tracker = tracker

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, key):
        path = f"{self._path}.{key}" if self._path else str(key)
        value = self._data.get(key) if isinstance(self._data, dict) else None
        return wrap(value, path, self._tracker)

    def __contains__(self, key):
        return isinstance(self._data, dict) and self._data.get(key) not in (None, "", [])

    def __bool__(self):
        return bool(self._data)

    # no public methods: ``budget.items`` must reach the data, not dict.items


class FillList(list):
    """A list whose items are wrapped too."""


class YesNo(str):
    """A boolean for templates: shows as 是/否 but keeps its truth value, so
    ``{% if regulation.is_draft %}`` is false for False (a plain "否" would be true)."""

    __slots__ = ()

    def __new__(cls, value: bool):
        obj = super().__new__(cls, "是" if value else "否")
        return obj

    def __bool__(self):
        return self == "是"


def wrap(value, path: str, tracker: Tracker):
    from docxtpl import InlineImage, Listing, RichText

    if value is None or value == "" or value == []:
        return Missing(path, tracker)
    if isinstance(value, (InlineImage, Listing, RichText, Missing, Fill, FillList, YesNo)):
        return value
    if isinstance(value, dict):
        return Fill(value, path, tracker)
    if isinstance(value, (list, tuple)):
        return FillList(wrap(v, f"{path}[{i}]", tracker) for i, v in enumerate(value))
    if isinstance(value, bool):
        return YesNo(value)
    if isinstance(value, str):
        found = _CONTROL.findall(value)
        if found:
            tracker.control.append((path, "、".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found))))
            value = _CONTROL.sub("", value)
        if "\n" in value:
            return Listing(value)
        return value
    return value


# --------------------------------------------------------------------------- formatting


def date_cn(d: date | None) -> str:
    """2026-11-22 → 2026年11月22日 (GB/T 9704: dates in Arabic numerals)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def month_cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月" if d else ""


def wan_text(amount) -> str:
    from govproj.money import wan

    return wan(Decimal(amount)) if amount is not None else ""


# --------------------------------------------------------------------------- where to fill a missing value

_SUFFIX = re.compile(r"_(?:text|label|capital|title)$")
_INDEX = re.compile(r"\[(\d+)\]")
_SOURCES = (  # context path prefix → dossier file and key prefix
    ("project.", "project.yaml", ""), ("budget.total_text", "project.yaml", "total_investment"),
    ("budget.amounts.", "budget.yaml", "amounts."), ("budget.", "budget.yaml", ""),
    ("cloud.", "cloud.yaml", ""), ("catalog.", "data-catalog.yaml", ""), ("security.", "security.yaml", ""),
    ("declaration.date_text", "documents.yaml", "declaration_form 的 date（或 events.yaml 的 declaration_submitted）"),
    ("acceptance.completed_text", "events.yaml", "construction_completed"),
    ("evaluation.accepted_text", "events.yaml", "acceptance_passed"),
    ("evaluation.operation_text", "events.yaml", "operation_started"),
)


def source_key(path: str, change_file: str | None = None) -> str:
    """A template path as the dossier key a clerk fills: ``project.engineering_cost_text`` →
    ``project.yaml: engineering_cost``; ``cloud.resources[0].purpose`` → ``cloud.yaml: resources 第 1 项 purpose``."""
    if path.startswith("change."):
        file, key = change_file or "changes/（用 govproj change-request 生成）", path[len("change."):]
    else:
        for prefix, file, key_prefix in _SOURCES:
            if path == prefix or path.startswith(prefix):
                if not prefix.endswith("."):
                    return f"{file}: {key_prefix}"
                key = key_prefix + path[len(prefix):]
                break
        else:
            return path
    parts = [_SUFFIX.sub("", p) for p in key.split(".")]
    key = ".".join(parts)
    key = _RENAMED.get(key, key)
    if key.startswith("budget.yaml"):
        return key.replace(" 的 ", ": ", 1)
    key = _INDEX.sub(lambda m: f" 第 {int(m.group(1)) + 1} 项 ", key).replace(" .", " ").strip()
    return f"{file}: {key}"


# derived values whose source key has another name
_RENAMED = {"percent": "percent_of_estimate（或 items 的 before/after）", "gross_change": "gross_change（或 items 的 before/after）",
            "net_change": "net_change（或 items 的 before/after）", "reason": "reason_code", "major": "major",
            "baseline_total": "budget.yaml 的 amounts.approved_estimate"}
