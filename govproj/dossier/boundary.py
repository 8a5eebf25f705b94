"""The typed boundary between the files and the rules.

After loading, every value of a valid record has exactly the type and range its schema promises;
anything else is a located problem and the record does not reach the rules (docs/dossier.md
"取值范围"). JSON Schema sees dates as ISO text, so a YAML date written where text is expected
(``name: 2026-01-01``) passes it; this module finds those. Numbers and dates out of range are
refused earlier, where they are read (``yamlread``), and reported here with the field's name.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from govproj.dossier.schema import json_path, label, load_schema, schema_at, shape, value_at


def field_name(schema_name: str, path: tuple) -> str:
    """``items[3].amount（金额，万元）``: the JSON path and the Chinese title of a field."""
    sub = schema_at(load_schema(schema_name), path)
    title = f"（{label(sub['title'])}）" if sub.get("title") else ""
    return f"{json_path(path)}{title}"


def _accepts_date(sub: dict) -> bool:
    if not sub:  # a field the schema does not know: reported as unknown by the schema itself
        return True
    if sub.get("format") == "date":
        return True
    return any(_accepts_date(s) for key in ("anyOf", "oneOf") for s in sub.get(key, []))


def misplaced_dates(schema_name: str, data, date_paths) -> list[tuple[tuple, str, str]]:
    """(path, message, hint) for every date value where the schema expects something else;
    ``date_paths`` are where the reader built dates (``YamlDocument.dates``), so only those are looked at."""
    out: list[tuple[tuple, str, str]] = []
    for path in date_paths:
        value = value_at(data, path)
        if isinstance(value, date) and not _date_field(schema_name, shape(path)):
            out.append((path, f"{field_name(schema_name, path)}：应为文本，实际为日期 {value.isoformat()}",
                        f"YAML 把未加引号的 {value.isoformat()} 读作日期；若这是文本，请加引号，例如 \"{value.isoformat()}\"。"))
    return out


@lru_cache(maxsize=4096)
def _date_field(schema_name: str, shape: tuple) -> bool:
    """Whether the field at ``shape`` (list indexes as 0) accepts a date."""
    return _accepts_date(schema_at(load_schema(schema_name), shape))


def covered(path: tuple, reported: list[tuple]) -> bool:
    """Whether a problem at ``path`` is about a value already reported at one of ``reported``
    (one bad value is reported once, where it is)."""
    return any(path[: len(p)] == p for p in reported)
