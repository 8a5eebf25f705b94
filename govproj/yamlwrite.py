"""Faithful YAML writing.

* ``set_block`` changes one top-level block of an existing file (``estimate:`` in budget.yaml)
  by editing lines, so that ``git diff`` afterwards shows only the lines govproj meant to
  change: no round-trip serialiser re-emits the rest of the file (ruamel.yaml's round trip
  turns ``~`` into ``null``, drops comments inside a replaced block, folds long lines, changes
  escapes and flow spacing). The result is read back and compared before it is written.
* ``dump_new`` writes a new file in the house style (ruamel.yaml, exact numbers).
Files are replaced atomically (govproj.fsutil).
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from govproj.fsutil import atomic_write


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


class YamlWriteError(Exception):
    """The file cannot be changed without touching what govproj must leave alone; the message is
    Chinese, with the file, line and column where the reader stopped. Nothing was written."""


_CHILD = re.compile(r"^(?P<indent>[ ]+)(?P<key>[A-Za-z_][\w-]*):(?P<sep>[ \t]*)(?P<value>.*?)(?P<comment>[ \t]+#.*)?$")


def set_block(path: Path, key: str, values: dict, owned: tuple[str, ...] = ()) -> bool:
    """Set the top-level mapping ``key`` of the YAML file at ``path`` to ``values`` (scalars), by
    editing its lines: every other line — comments (also inside the block), blank lines, CRLF,
    a BOM, ``---``, anchors, flow spacing, escapes, long lines, ``~`` — stays byte for byte.
    Keys under ``key`` that are in ``owned`` but not in ``values`` are removed; other keys a
    person added there stay. Returns True when the file changed. Refuses (``YamlWriteError``)
    input the reader reports (duplicate keys, syntax errors) and any result that would not read
    back as exactly the old data with the new block; the file is replaced atomically."""
    from govproj.dossier.yamlread import YamlReadError, read_yaml

    raw = path.read_bytes() if path.exists() else b""
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlWriteError(f"{path.name} 不是 UTF-8 编码（第 {exc.start} 字节），未写入") from None
    old = _read_checked(path, raw, read_yaml, YamlReadError) if text.strip() else {}
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += eol
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{re.escape(key)}[ \t]*:(?=[ \t]|\r?\n|$)", ln)), None)
    if start is not None and any(ln.rstrip("\r\n") == "---" for ln in lines[start:]):
        raise YamlWriteError(f"{path.name} 在 {key} 之后还有另一个 YAML 文档（---），未写入")
    if start is None:
        indent = " " * _indent_of(lines)
        new_lines = lines + [f"{key}:{eol}"] + [f"{indent}{k}: {_scalar(v)}{eol}" for k, v in values.items()]
    else:
        new_lines = _replace_block(lines, start, key, values, owned, eol)
    new_text = "".join(new_lines)
    if new_text == text:
        return False
    _verify(path, old, new_text, key, values, owned, read_yaml, YamlReadError)
    atomic_write(path, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"))
    return True


def rewrite(path: Path, change) -> bool:
    """Compatibility: ``change(data)`` edits the top-level mapping; only top-level keys whose values
    are flat mappings (like ``estimate:``) may change, and each is written with ``set_block`` —
    every other line of the file stays as it is."""
    import copy

    from govproj.dossier.yamlread import YamlReadError, read_yaml

    raw = path.read_bytes() if path.exists() else b""
    old = _read_checked(path, raw, read_yaml, YamlReadError) if raw.strip() else {}
    new = copy.deepcopy(old)
    change(new)
    changed = False
    for key in [k for k in new if new[k] != old.get(k)]:
        value = new[key]
        if not isinstance(value, dict) or any(isinstance(v, (dict, list)) for v in value.values()):
            raise YamlWriteError(f"{path.name}：只能改写由“键: 值”组成的顶层段，{key} 不是，未写入")
        before = old.get(key) if isinstance(old.get(key), dict) else {}
        changed |= set_block(path, key, value, owned=tuple(k for k in before if k not in value))
    return changed


def _read_checked(path: Path, raw: bytes, read_yaml, YamlReadError) -> dict:
    try:
        doc = read_yaml(raw)
    except YamlReadError as exc:
        where = f"第 {exc.line} 行第 {exc.column} 列：" if exc.line else ""
        raise YamlWriteError(f"{path.name} {where}{exc.message}；govproj 不改写读不懂的文件，未写入。{exc.hint}") from None
    if doc.problems:
        p = doc.problems[0]
        raise YamlWriteError(f"{path.name} 第 {p.line} 行第 {p.column} 列：{p.message}；请先修正，未写入。")
    if not isinstance(doc.data, dict):
        raise YamlWriteError(f"{path.name} 的最外层不是映射，未写入")
    return doc.data


def _indent_of(lines: list[str]) -> int:
    for i, ln in enumerate(lines[:-1]):
        if re.match(r"^[A-Za-z_][\w-]*:[ \t]*(#.*)?\r?\n$", ln):
            nxt = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
            depth = len(nxt) - len(nxt.lstrip(" "))
            if depth and not nxt.lstrip().startswith("- "):
                return depth
    return 2


def _replace_block(lines, start, key, values, owned, eol):
    head = lines[start]
    m = re.match(rf"^{re.escape(key)}[ \t]*:(?P<rest>[^\r\n]*)", head)
    rest = m.group("rest")
    comment = ""
    cm = re.search(r"(^|[ \t])#.*$", rest)
    if cm:
        comment, rest = rest[cm.start():], rest[: cm.start()]
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t" or lines[end].lstrip().startswith("#")):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1][0] == "#"):
        end -= 1  # blank lines and column-0 comments after the block belong to what follows
    body = lines[start + 1: end]
    if rest.strip() not in ("", "~", "null", "{}"):  # flow style or a scalar: the whole block becomes block style
        body = []
        head = f"{key}:{comment}{eol}"
    elif rest.strip():
        head = f"{key}:{comment}{eol}"
    children = [i for i, ln in enumerate(body) if _CHILD.match(ln.rstrip("\r\n"))]
    indent = min((len(body[i]) - len(body[i].lstrip(" ")) for i in children), default=_indent_of(lines))
    out, seen, last_child_end = [], set(), None
    i = 0
    while i < len(body):
        ln = body[i]
        cm = _CHILD.match(ln.rstrip("\r\n"))
        if cm and len(cm.group("indent")) == indent:
            k = cm.group("key")
            j = i + 1  # lines nested under this key
            while j < len(body) and body[j].strip() and (len(body[j]) - len(body[j].lstrip(" "))) > indent and \
                    not body[j].lstrip().startswith("#"):
                j += 1
            own_eol = ln[len(ln.rstrip("\r\n")):] or eol
            if k in values:
                seen.add(k)
                if j == i + 1 and _same(cm.group("value"), values[k]):
                    out += body[i:j]
                else:
                    out.append(f"{cm.group('indent')}{k}:{cm.group('sep') or ' '}{_scalar(values[k])}{cm.group('comment') or ''}{own_eol}")
                last_child_end = len(out)
            elif k in owned:
                pass  # govproj's own value that no longer applies
            else:
                out += body[i:j]
                last_child_end = len(out)
            i = j
            continue
        out.append(ln)
        i += 1
    added = [f"{' ' * indent}{k}: {_scalar(v)}{eol}" for k, v in values.items() if k not in seen]
    at = last_child_end if last_child_end is not None else len(out)
    out[at:at] = added
    return lines[:start] + [head] + out + lines[end:]


def _same(text: str, value) -> bool:
    return text.strip() == _scalar(value)


_PLAIN = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][\w\u4e00-\u9fff.\-/]*")


def _scalar(value) -> str:
    """One scalar in YAML: numbers exact (Decimal as written), dates ISO, text plain when it
    reads back as the same text, else double-quoted (JSON escapes are YAML escapes)."""
    import json
    from datetime import date
    from decimal import Decimal

    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and not re.fullmatch(r"[-+]?[\d._]+([eE][-+]?\d+)?|true|false|yes|no|on|off|null|y|n|~",
                                                    text, re.I) and not re.match(r"\d{4}-\d", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _verify(path, old, new_text, key, values, owned, read_yaml, YamlReadError) -> None:
    """The new text must read back as the old data with only ``key`` changed as intended."""
    try:
        new = read_yaml(new_text.encode("utf-8")).data
    except YamlReadError as exc:
        raise YamlWriteError(f"{path.name}：写入后无法读回（{exc.message}），未写入") from None
    expected_block = {k: v for k, v in (old.get(key) or {}).items() if k not in owned} if isinstance(old.get(key), dict) else {}
    expected_block.update(read_yaml("\n".join(f"{k}: {_scalar(v)}" for k, v in values.items()).encode("utf-8")).data)
    rest_old = {k: v for k, v in old.items() if k != key}
    rest_new = {k: v for k, v in new.items() if k != key} if isinstance(new, dict) else None
    if rest_new != rest_old or new.get(key) != expected_block:
        raise YamlWriteError(f"{path.name} 的格式无法在保留原样的前提下改写 {key} 段，未写入；请把 {key} 段改成“键: 值”逐行的形式")


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
