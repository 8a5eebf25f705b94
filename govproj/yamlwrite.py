"""Faithful YAML rewriting: comments, key order, quoting and indentation survive.

Only files govproj changes go through here (ruamel.yaml round-trip is ~20 ms per file, pure
Python); reading for checks uses the fast reader. The indentation of the existing file is
detected and kept; the file is replaced atomically.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Callable

from govproj.fsutil import atomic_write


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml expects them, from the file's own style:
    the indentation under the first bare ``key:`` followed by a nested mapping, and the
    position of the first ``- `` under a bare key."""
    import re

    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mapping = offset = None
    bare_key = re.compile(r"^(\s*)[^\s#-][^:]*:\s*(#.*)?$")
    for i, line in enumerate(lines[:-1]):
        m = bare_key.match(line)
        if not m:
            continue
        nxt = lines[i + 1]
        depth = len(nxt) - len(nxt.lstrip(" ")) - len(m.group(1))
        if depth <= 0 and not nxt.lstrip().startswith("- "):
            continue
        if nxt.lstrip().startswith("- "):
            offset = offset if offset is not None else max(depth, 0)
        elif mapping is None:
            mapping = depth
        if mapping is not None and offset is not None:
            break
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


def rewrite(path: Path, change: Callable[[object], None], header: str | None = None) -> bool:
    """Load ``path`` round-trip, let ``change`` modify the data in place, write it back
    atomically. Returns True when the file's text changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    mapping, sequence, offset = _guess_indent(text) if text.strip() else (2, 4, 2)
    y = _yaml(mapping, sequence, offset)
    data = y.load(text) if text.strip() else None
    if data is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
    change(data)
    out = StringIO()
    if header and not text.strip():
        out.write(header)
    y.dump(data, out)
    new = out.getvalue()
    if new == text:
        return False
    atomic_write(path, new)
    return True


def to_plain(value):
    """Decimal → str-free YAML scalars ruamel can represent (Decimal is written as a plain number)."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
        if "." not in text:
            return int(text)
        # ruamel's own scalar for this text dumps back exactly these digits (sign included)
        return _yaml().load(text)
    if isinstance(value, date):
        return value
    return value


def dump_new(data: dict) -> str:
    """A new YAML document in the house style (mapping 2, sequence 4, offset 2), exact numbers."""
    out = StringIO()
    _yaml().dump(to_plain(data), out)
    return out.getvalue()
