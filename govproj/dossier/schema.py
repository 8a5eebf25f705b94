"""Validate dossier records against the JSON Schemas in ``govproj/schemas`` and say what is
wrong in Chinese: the field's JSON path and Chinese title, what was found, what was expected.

Validation uses jsonschema-rs (Rust; about 100× faster than the pure-Python validator on
these records, see ``docs/performance.md``). Messages are composed here from the error kind
and the schema of the offending field, so every message reads the same way, e.g.
``items[3].amount（金额，万元）：应为不小于 0 的数字，实际为 "二十万"``.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from govproj.dossier.yamlread import json_path  # noqa: F401 - part of this module's interface

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
COMMON = "common.schema.json"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(name: str):
    import jsonschema_rs

    common = load_schema("common")
    # every schema has a stable $id; "common.schema.json#/$defs/…" resolves against it
    registry = jsonschema_rs.Registry([(common["$id"], common)])
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True, registry=registry)


MAX_PLACES = 4  # 万元 to four decimals = to the yuan


def jsonable(value):
    """The record as JSON Schema sees it: dates become ISO text (YAML dates are ``date``)."""
    return json.loads(json.dumps(value, default=_json_value, check_circular=False, ensure_ascii=False))


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)  # pragma: no cover - the reader builds only JSON types, Decimal and date


def validate(schema_name: str, data: dict, read=None) -> list[dict]:
    """Schema problems of one record as dicts: path (tuple), key_position (bool), message, hint.

    jsonschema-rs takes the record as it is, exact Decimal amounts included; only dates, which
    JSON Schema sees as ISO text, are replaced (along their paths, on copies). ``read`` is the
    ``YamlDocument`` the record was read from: it says where the dates are and how fine the
    decimals go, so the record is not walked; without it, the record is converted whole."""
    if read is None:
        doc, many_places = _json_record(data)
    else:
        doc, many_places = _dates_as_text(data, read.dates), read.finest_exponent < -MAX_PLACES
    v = validator(schema_name)
    problems = [] if v.is_valid(doc) else [_describe(load_schema(schema_name), data, e) for e in v.iter_errors(doc)]
    return problems + (_decimal_places(schema_name, data) if many_places else [])


def _json_record(data: dict) -> tuple[dict, bool]:
    """The record through one JSON round trip (dates to ISO text), and whether an amount may have
    more than four decimals."""
    many_places = False

    def value(v):
        nonlocal many_places
        if isinstance(v, Decimal):
            many_places = many_places or v.as_tuple().exponent < -MAX_PLACES
            return float(v)
        return _json_value(v)

    return json.loads(json.dumps(data, default=value, check_circular=False, ensure_ascii=False)), many_places


def _dates_as_text(data: dict, paths) -> dict:
    """``data`` with the dates at ``paths`` as ISO text; the containers on the way are copied, the
    record itself is left as it is."""
    if not paths:
        return data
    copies: dict[tuple, object] = {(): _copy(data)}

    def container(prefix: tuple):
        found = copies.get(prefix)
        if found is None:
            parent = container(prefix[:-1])
            found = parent[prefix[-1]] = _copy(parent[prefix[-1]])
            copies[prefix] = found
        return found

    for path in paths:
        parent = container(path[:-1])
        parent[path[-1]] = parent[path[-1]].isoformat()
    return copies[()]


def _copy(value):
    return dict(value) if isinstance(value, dict) else list(value)


def _is_amount(sub: dict) -> bool:
    return sub.get("$ref", "").endswith(("/$defs/amount", "/$defs/signedAmount"))


def _decimal_places(schema_name: str, data) -> list[dict]:
    """Amounts have at most four decimals (万元 to the yuan). Checked here on the exact
    Decimal rather than with ``multipleOf`` in the schema, which float-based validators
    (Python jsonschema, editors) get wrong for values such as 64.8."""
    out = []
    for path, value, sub in walk_values(schema_name, data, _is_amount):
        if isinstance(value, Decimal) and value.as_tuple().exponent < -MAX_PLACES:
            title = f"（{label(sub['title'])}）" if sub.get("title") else ""
            out.append(_problem(path, f"{json_path(path)}{title}：最多保留 4 位小数（单位万元，精确到元），实际为 {value}",
                                "四舍五入到 4 位小数，例如 12.34567 写成 12.3457。"))
    return out


# --------------------------------------------------------------------------- schema lookup


_RESOLVED: dict[int, tuple[dict, dict]] = {}


def _resolve(sub: dict) -> dict:
    """Merge a ``$ref`` into common definitions with the sibling keywords (title wins); merged
    once per subschema (the cache keeps the subschema alive, so its id stays its own)."""
    ref = sub.get("$ref")
    if not ref:
        return sub
    hit = _RESOLVED.get(id(sub))
    if hit is not None and hit[0] is sub:
        return hit[1]
    target = load_schema("common")["$defs"][ref.rsplit("/", 1)[-1]] if ref.startswith(COMMON) else {}
    merged = dict(_resolve(target))
    merged.update({k: v for k, v in sub.items() if k != "$ref"})
    _RESOLVED[id(sub)] = (sub, merged)
    return merged


def schema_at(schema: dict, path) -> dict:
    """The (resolved) subschema that describes the value at ``path``."""
    node = _resolve(schema)
    for step in path:
        if isinstance(step, int):
            node = _resolve(node.get("items", {}))
        else:
            props = node.get("properties", {})
            if step in props:
                node = _resolve(props[step])
            elif isinstance(node.get("additionalProperties"), dict):
                node = _resolve(node["additionalProperties"])
            else:
                return {}
    return node


def value_at(data, path):
    """The value at ``path`` in ``data``, or None when the path leads nowhere."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def label(title: str) -> str:
    """“金额（万元）” → “金额，万元” so that it reads well inside the parentheses of a message."""
    if title.endswith("）") and "（" in title:
        head, _, tail = title[:-1].partition("（")
        return f"{head}，{tail}"
    return title


def show(value) -> str:
    """How a found value is quoted in a message: as the file shows it, never as a Python
    description (a mapping is shown as ``{坏值: [1, 2]}``, a boolean as 是/否)."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是（布尔值）" if value else "否（布尔值）"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return f'"{text}"'
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = _flow(value)
    text = text if len(text) <= 40 else text[:37] + "…"
    return f"列表 {text}" if isinstance(value, list) else f"映射 {text}"


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "空"
    return value.isoformat() if isinstance(value, date) else str(value)


_TYPE_WORDS = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "布尔值（true 或 false）",
               "array": "列表", "object": "映射（字段: 值）", "null": "空值"}


def expected(sub: dict) -> str:
    """Chinese description of what a subschema accepts."""
    if "enum" in sub:
        return "以下取值之一：" + enum_choices(sub)
    kind = sub.get("type")
    if isinstance(kind, list):
        return "或".join(expected({**sub, "type": k}) for k in kind)  # bounds of the number type too
    if kind == "string" and sub.get("format") == "date":
        return "YYYY-MM-DD 格式的日期"
    word = _TYPE_WORDS.get(kind, "有效的值")
    if kind in ("number", "integer"):
        bounds = []
        if "minimum" in sub:
            bounds.append(f"不小于 {sub['minimum']}")
        if "exclusiveMinimum" in sub:
            bounds.append(f"大于 {sub['exclusiveMinimum']}")
        if "maximum" in sub:
            bounds.append(f"不大于 {sub['maximum']}")
        if bounds:
            return "、".join(bounds) + " 的" + word
    return word


def enum_choices(sub: dict, limit: int = 12) -> str:
    names = sub.get("enumDescriptions") or [None] * len(sub["enum"])
    items = [f"{v}（{n}）" if n else str(v) for v, n in zip(sub["enum"], names, strict=False)]
    more = f" 等 {len(items)} 个" if len(items) > limit else ""
    return "、".join(items[:limit]) + more


# --------------------------------------------------------------------------- messages


@lru_cache(maxsize=4096)
def _close(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    """The choice nearest to ``word`` (difflib), or None. Cached: a file with thousands of errors
    repeats the same few wrong values, and each lookup costs 0.3–0.5 ms."""
    import difflib  # only when a record has errors

    guess = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return guess[0] if guess else None


def _describe(schema: dict, data, err) -> dict:
    path = tuple(err.instance_path)
    kind = err.kind
    name = kind.name if hasattr(kind, "name") else type(kind).__name__
    found = value_at(data, path)
    sub = schema_at(schema, path)
    key_position = False

    if name == "required":
        prop = kind.property
        path = path + (prop,)
        sub = schema_at(schema, path)
        what = f"缺少必填字段 {prop}"
        if sub.get("title"):
            what += f"（{label(sub['title'])}）"
        return _problem(path, what, _field_hint(sub, "补上该字段。"), key_position=False, at_parent=True)
    if name == "additionalProperties":
        extra = list(kind.unexpected)
        allowed = list(sub.get("properties", {}))
        results = []
        for key in extra:
            guess = _close(key, tuple(allowed), 0.6)
            hint = f"是不是 {guess}？" if guess else "允许的字段：" + "、".join(allowed[:15]) + ("…" if len(allowed) > 15 else "")
            results.append(_problem(path + (key,), f"未知字段 {key}", hint, key_position=True))
        return results[0] if len(results) == 1 else {"many": results}

    title = f"（{label(sub['title'])}）" if sub.get("title") else ""
    prefix = f"{json_path(path)}{title}：" if path else ""
    if name == "type":
        msg = f"应为{_spaced(expected(sub))}，实际为 {show(found)}"
        hint = _type_hint(sub, found)
    elif name == "enum":
        msg = f"取值 {show(found)} 无效，应为{expected(sub)}"
        guess = _close(str(found), tuple(str(x) for x in sub.get("enum", [])), 0.5)
        hint = f"是不是 {guess}？" if guess else "请从上述取值中选择一个（填写英文代码）。"
    elif name == "format":
        msg = f"应为有效的日期（YYYY-MM-DD），实际为 {show(found)}"
        hint = "检查年、月、日是否存在并补足两位，例如 2026-03-05；2026-02-30 这样的日期不存在。"
    elif name in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        msg = f"应为{_spaced(expected(sub))}，实际为 {show(found)}"
        hint = "金额、数量不能为负数；调减请在变更申请中表示。" if sub.get("minimum") == 0 else _field_hint(sub, "检查该数值。")
    elif name == "multipleOf":
        msg = f"最多保留 4 位小数（单位万元，精确到元），实际为 {show(found)}"
        hint = "四舍五入到 4 位小数，例如 12.34567 写成 12.3457。"
    elif name == "minLength":
        msg = "不能为空文本"
        hint = _field_hint(sub, "填写内容，或删除该字段。")
    elif name == "minItems":
        msg = f"至少应有 {kind.limit} 项，实际为 {len(found) if isinstance(found, list) else 0} 项"
        hint = _field_hint(sub, "补充列表项。")
    elif name == "uniqueItems":
        msg = "列表中有重复的项"
        hint = "删除重复的项。"
    elif name == "pattern":
        msg = f"格式不符合要求，实际为 {show(found)}"
        hint = _field_hint(sub, "按说明的格式填写。")
    elif name == "propertyNames":
        msg = f"字段名格式不符合要求：{err.message}"
        hint = _field_hint(sub, "按说明的格式填写字段名。")
    else:
        msg = f"不符合要求：{err.message}"
        hint = _field_hint(sub, "按文档填写该字段。")
    return _problem(path, prefix + msg, hint, key_position=key_position)


def _spaced(text: str) -> str:
    """“应为” + “true 或 false” reads better with a space before Latin text."""
    return f" {text}" if text[:1].isascii() and text[:1].isalpha() else text


def _problem(path, message, hint, key_position=False, at_parent=False) -> dict:
    return {"path": path, "message": message, "hint": hint, "key_position": key_position, "at_parent": at_parent}


def _field_hint(sub: dict, default: str) -> str:
    return sub.get("description") or default


def _type_hint(sub: dict, found) -> str:
    kind = sub.get("type")
    if found is None:
        return "填写该字段的值，或删除这个空字段。" + (f" {sub['description']}" if sub.get("description") else "")
    if kind == "string" and isinstance(found, (int, Decimal, bool, date)):
        return f"YAML 会把未加引号的 {show(found)} 读成数字、日期或布尔值；请加英文引号，例如 \"{show(found)}\"。"
    if kind in ("number", "integer") and isinstance(found, str):
        return "请填写阿拉伯数字（金额单位为万元），不带单位、汉字和千分位逗号，例如 20 或 20.5。"
    if kind == "boolean":
        return "请填写 true（是）或 false（否）；YAML 1.2 中 yes/no、是/否 不是布尔值。"
    if kind == "array":
        return "列表的每一项另起一行，以“- ”开头。"
    if kind == "object":
        return "该字段下应是若干“字段: 值”，另起一行并缩进。"
    return _field_hint(sub, "按文档填写该字段。")


# --------------------------------------------------------------------------- compiled plans
#
# A record is walked in Python only where its schema can hold something of interest: each schema
# is compiled once into a plan per question (which values are dates or numbers to normalise,
# which are attachment paths or amounts …) that keeps only the branches leading there.


class _Plan:
    __slots__ = ("sub", "hit", "props", "extra", "items", "declared")

    def __init__(self, sub: dict, hit: bool):
        self.sub = sub  # the subschema as written (unresolved) — what ``want`` was asked about
        self.hit = hit
        self.props: dict[str, _Plan] = {}  # only children that lead to a hit
        self.extra: _Plan | None = None  # additionalProperties, if it leads to a hit
        self.items: _Plan | None = None
        self.declared: frozenset[str] = frozenset()  # every declared property (they never fall to ``extra``)


def _compile(sub: dict, want, resolved_want: bool, active: set[int]) -> _Plan | None:
    """The plan of ``sub`` for ``want`` (asked of the subschema as written, or of its resolved
    form when ``resolved_want``); None when no value below can satisfy it."""
    if id(sub) in active:  # a recursive definition: no further hits along this branch
        return None
    active.add(id(sub))
    try:
        resolved = _resolve(sub)
        plan = _Plan(sub, bool(want(resolved if resolved_want else sub)))
        props = resolved.get("properties", {})
        plan.declared = frozenset(props)
        for key, child in props.items():
            compiled = _compile(child, want, resolved_want, active)
            if compiled is not None:
                plan.props[key] = compiled
        extra = resolved.get("additionalProperties")
        if isinstance(extra, dict):
            plan.extra = _compile(extra, want, resolved_want, active)
        items = resolved.get("items")
        if isinstance(items, dict):
            plan.items = _compile(items, want, resolved_want, active)
    finally:
        active.discard(id(sub))
    if plan.hit or plan.props or plan.extra is not None or plan.items is not None:
        return plan
    return None


@lru_cache(maxsize=None)
def _plan(schema_name: str, want, resolved_want: bool = False) -> _Plan | None:
    return _compile(load_schema(schema_name), want, resolved_want, set())


def _children(plan: _Plan, value):
    """(step, value, plan) of the children of ``value`` that lead to a hit."""
    if isinstance(value, dict):
        props, extra = plan.props, plan.extra
        if extra is None:
            for key, item in value.items():
                child = props.get(key)
                if child is not None:
                    yield key, item, child
        else:
            declared = plan.declared
            for key, item in value.items():
                child = props.get(key) if key in declared else extra
                if child is not None:
                    yield key, item, child
    elif isinstance(value, list) and plan.items is not None:
        items = plan.items
        for i, item in enumerate(value):
            yield i, item, items


# --------------------------------------------------------------------------- typed values


def _needs_type(sub: dict) -> bool:
    return sub.get("format") == "date" or sub.get("type") == "number"


def normalize(schema_name: str, data: dict, read=None) -> dict:
    """Give a valid record its exact types: quoted dates become ``date``, numbers in
    ``number`` fields become ``Decimal`` (integers stay ``int`` in ``integer`` fields).
    ``read`` (the ``YamlDocument``) lists the only values that can need it: integers and
    quoted texts shaped like dates; without it the record is walked along the schema."""
    if read is None:
        plan = _plan(schema_name, _needs_type, True)
        if plan is not None:
            _normalize(plan, data)
        return data
    for path in (*read.ints, *read.date_texts):
        if not path:
            continue
        sub = _typed_field(schema_name, shape(path))
        if sub is None:
            continue
        parent = value_at(data, path[:-1])
        value = parent[path[-1]]
        if isinstance(value, str):
            if sub == "date":
                parent[path[-1]] = date.fromisoformat(value)
        elif sub == "number" and type(value) is int:
            parent[path[-1]] = Decimal(value)
    return data


def shape(path: tuple) -> tuple:
    """A path with its list indexes as 0: every item of a list has the same subschema."""
    return tuple(0 if isinstance(step, int) else step for step in path)


@lru_cache(maxsize=4096)
def _typed_field(schema_name: str, shape: tuple) -> str | None:
    """"date" or "number" when the field at ``shape`` (list indexes as 0) needs a typed value."""
    sub = schema_at(load_schema(schema_name), shape)
    if sub.get("format") == "date":
        return "date"
    if sub.get("type") == "number":
        return "number"
    return None


def _normalize(plan: _Plan, value) -> None:
    # the hottest loop of a check: written out rather than through ``_children``
    if isinstance(value, dict):
        props, extra, declared = plan.props, plan.extra, plan.declared
        for key, item in value.items():
            child = props.get(key) if extra is None or key in declared else extra
            if child is not None:
                typed = _typed(child, item)
                if typed is not item:
                    value[key] = typed
    elif isinstance(value, list) and plan.items is not None:
        child = plan.items
        for i, item in enumerate(value):
            typed = _typed(child, item)
            if typed is not item:
                value[i] = typed


def _typed(plan: _Plan, item):
    if isinstance(item, (dict, list)):
        _normalize(plan, item)
        return item
    if plan.hit:
        sub = _resolve(plan.sub)
        if isinstance(item, str):
            if sub.get("format") == "date":
                return date.fromisoformat(item)
        elif isinstance(item, int) and not isinstance(item, bool) and sub.get("type") == "number":
            return Decimal(item)
    return item


def walk_values(schema_name: str, data, want) -> list[tuple[tuple, object, dict]]:
    """(path, value, subschema) of every value whose *unresolved* subschema satisfies ``want``;
    used to find e.g. every attachment path in a record without listing the fields by hand.
    ``want`` should be a module-level function: its plan is compiled once per schema."""
    out: list[tuple[tuple, object, dict]] = []
    plan = _plan(schema_name, want)
    if plan is not None:
        if plan.hit:
            out.append(((), data, plan.sub))
        _walk(plan, data, (), out)
    return out


def _walk(plan: _Plan, value, path, out) -> None:
    for step, item, child in _children(plan, value):
        here = path + (step,)
        if child.hit:
            out.append((here, item, child.sub))
        if isinstance(item, (dict, list)):
            _walk(child, item, here, out)
