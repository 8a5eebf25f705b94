"""Validate dossier records against the JSON Schemas in ``govproj/schemas`` and say what is
wrong in Chinese: the field's JSON path and Chinese title, what was found, what was expected.

Validation uses jsonschema-rs (Rust; about 100× faster than the pure-Python validator on
these records, see ``docs/performance.md``). Messages are composed here from the error kind
and the schema of the offending field, so every message reads the same way, e.g.
``items[3].amount（金额，万元）：应为不小于 0 的数字，实际为 "二十万"``.
"""

from __future__ import annotations

import difflib
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

    registry = jsonschema_rs.Registry([((SCHEMA_DIR / COMMON).as_uri(), load_schema("common"))])
    return jsonschema_rs.validator_for(
        load_schema(name),
        validate_formats=True,
        registry=registry,
        base_uri=(SCHEMA_DIR / f"{name}.schema.json").as_uri(),
    )


def jsonable(value):
    """The record as JSON Schema sees it: dates become ISO text (YAML dates are ``date``)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def validate(schema_name: str, data: dict) -> list[dict]:
    """Schema problems of one record as dicts: path (tuple), key_position (bool), message, hint."""
    v = validator(schema_name)
    doc = jsonable(data)
    problems = [] if v.is_valid(doc) else [_describe(load_schema(schema_name), data, e) for e in v.iter_errors(doc)]
    return problems + _decimal_places(schema_name, data)


MAX_PLACES = 4  # 万元 to four decimals = to the yuan


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


def _resolve(sub: dict) -> dict:
    """Merge a ``$ref`` into common definitions with the sibling keywords (title wins)."""
    ref = sub.get("$ref")
    if not ref:
        return sub
    target = load_schema("common")["$defs"][ref.rsplit("/", 1)[-1]] if ref.startswith(COMMON) else {}
    merged = dict(_resolve(target))
    merged.update({k: v for k, v in sub.items() if k != "$ref"})
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


def _value_at(data, path):
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


def _describe(schema: dict, data, err) -> dict:
    path = tuple(err.instance_path)
    kind = err.kind
    name = kind.name if hasattr(kind, "name") else type(kind).__name__
    found = _value_at(data, path)
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
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"是不是 {guess[0]}？" if guess else "允许的字段：" + "、".join(allowed[:15]) + ("…" if len(allowed) > 15 else "")
            results.append(_problem(path + (key,), f"未知字段 {key}", hint, key_position=True))
        return results[0] if len(results) == 1 else {"many": results}

    title = f"（{label(sub['title'])}）" if sub.get("title") else ""
    prefix = f"{json_path(path)}{title}：" if path else ""
    if name == "type":
        msg = f"应为{_spaced(expected(sub))}，实际为 {show(found)}"
        hint = _type_hint(sub, found)
    elif name == "enum":
        msg = f"取值 {show(found)} 无效，应为{expected(sub)}"
        guess = difflib.get_close_matches(str(found), [str(x) for x in sub.get("enum", [])], n=1, cutoff=0.5)
        hint = f"是不是 {guess[0]}？" if guess else "请从上述取值中选择一个（填写英文代码）。"
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


# --------------------------------------------------------------------------- typed values


def normalize(schema_name: str, data: dict) -> dict:
    """Give a valid record its exact types: quoted dates become ``date``, numbers in
    ``number`` fields become ``Decimal`` (integers stay ``int`` in ``integer`` fields)."""
    return _normalize(_resolve(load_schema(schema_name)), data)


def _normalize(sub: dict, value):
    if isinstance(value, dict):
        props = sub.get("properties", {})
        extra = sub.get("additionalProperties")
        for key, item in value.items():
            child = props.get(key, extra if isinstance(extra, dict) else None)
            if child is not None:
                value[key] = _normalize(_resolve(child), item)
        return value
    if isinstance(value, list):
        items = _resolve(sub.get("items", {}))
        for i, item in enumerate(value):
            value[i] = _normalize(items, item)
        return value
    if isinstance(value, str) and sub.get("format") == "date":
        return date.fromisoformat(value)
    if isinstance(value, int) and not isinstance(value, bool) and sub.get("type") == "number":
        return Decimal(value)
    return value


def walk_values(schema_name: str, data, want) -> list[tuple[tuple, object, dict]]:
    """(path, value, subschema) of every value whose *unresolved* subschema satisfies ``want``;
    used to find e.g. every attachment path in a record without listing the fields by hand."""
    out: list[tuple[tuple, object, dict]] = []
    _walk(load_schema(schema_name), data, (), want, out)
    return out


def _walk(sub: dict, value, path, want, out) -> None:
    if want(sub):
        out.append((path, value, sub))
    resolved = _resolve(sub)
    if isinstance(value, dict):
        props = resolved.get("properties", {})
        extra = resolved.get("additionalProperties")
        for key, item in value.items():
            child = props.get(key, extra if isinstance(extra, dict) else None)
            if child is not None:
                _walk(child, item, path + (key,), want, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(resolved.get("items", {}), item, path + (i,), want, out)
