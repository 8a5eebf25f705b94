"""Facts and conditions: how a rulepack, as pure data, asks questions of a dossier.

A fact is a dotted path (``project.deployment.gov_cloud``, ``budget.amounts.contract``,
``item.org``); a condition is a small mapping (``{fact: project.kind, eq: construction}``,
``{all: [...]}``, ``{event: fsr_approved}``). See docs/rulepacks.md §3 for the language.

Conditions are three-valued: ``True``, ``False`` or ``None`` (unknown). A fact the dossier does not
state (absent, empty text, empty list) is unknown, never false: a comparison on it is unknown, and
the fact is noted in ``Context.missing`` so that the engine asks for it instead of claiming a
violation. ``all`` is false if any part is false, unknown if any is unknown; ``any`` is true if any
part is true; ``not`` keeps unknown. Events and documents are a log: an event not recorded has not
happened (``{event: …}`` is never unknown). Only ``exists`` asks about presence itself. Where the
regulation's trigger is a recorded fact (a failed assessment, a text that says 仅向), a condition says
what absence means with ``if_missing: false`` (or ``true``); a schema ``default`` is the documented
meaning of an absent field for every rule (``special_circumstances`` absent = none claimed).
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from functools import lru_cache

from govproj.dossier.recorded import from_event, is_missing_marker

# fact prefix → dossier file
SOURCES = {
    "project": "project.yaml",
    "budget": "budget.yaml",
    "security": "security.yaml",
    "catalog": "data-catalog.yaml",
    "cloud": "cloud.yaml",
}

COMPARATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "exists", "contains", "contains_all", "min_items",
               "has_item")


class ConditionError(Exception):
    """A condition in a rulepack is malformed (reported with the rule id)."""


def split_path(path: str) -> list:
    """``items[2].amount`` → ["items", 2, "amount"]."""
    return list(_steps(path))


@lru_cache(maxsize=4096)
def _steps(path: str) -> tuple:
    """``split_path`` as a tuple, once per path text (rules ask the same paths of every dossier)."""
    out: list = []
    for part in path.split("."):
        while "[" in part:
            head, _, rest = part.partition("[")
            if head:
                out.append(head)
            index, _, part = rest.partition("]")
            out.append(int(index))
        if part:
            out.append(part)
    return tuple(out)


def named(node, key: str) -> list[str]:
    """Every text under ``key`` anywhere inside ``node`` (a rule or a condition; a list of texts
    counts text by text), first occurrence first: ``named(rule, "param")`` are the parameters a
    rule uses, ``named(rule, "document")`` the document types its conditions ask about."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == key and isinstance(v, str):
                    out.append(v)
                elif k == key and isinstance(v, list):
                    out.extend(t for t in v if isinstance(t, str))
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(node)
    return list(dict.fromkeys(out))


def dig(data, steps):
    for step in steps:
        if isinstance(step, int):
            if not isinstance(data, list) or not -len(data) <= step < len(data):
                return None
            data = data[step]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(step)
        if data is None:
            return None
    return data


class Facts:
    """Answers fact paths and conditions for one dossier (and, optionally, one item)."""

    def __init__(self, ctx, item: dict | None = None):
        self.ctx = ctx
        self.item = item
        self.item_location: tuple | None = None  # (file, path) of the current item, to ask about its fields

    def with_item(self, item: dict, location: tuple | None = None) -> "Facts":
        facts = Facts(self.ctx, item)
        facts.item_location = location
        return facts

    def get(self, path: str):
        head, _, rest = path.partition(".")
        if head == "item":
            return dig(self.item or {}, _steps(rest)) if rest else self.item
        if head == "stage":
            return self.ctx.stage
        if head == "derived":
            return self.ctx.derived(rest)
        if head == "as_of":
            return self.ctx.as_of
        file = SOURCES.get(head)
        if file is None:
            raise ConditionError(f"未知的事实路径 {path}（应以 project.、budget.、security.、catalog.、cloud.、item.、derived. 开头）")
        if not rest:
            return self.ctx.dossier.data(file)
        # the dated event is the record; inside a rule over events, as it stood on that event's day
        day = self.item["date"] if isinstance(self.item, dict) and isinstance(self.item.get("date"), date) \
            and "type" in self.item else self.ctx.as_of
        recorded = from_event(self.ctx.dossier, file, rest, day)
        if not is_missing_marker(recorded):
            return recorded
        value = dig(self.ctx.dossier.data(file), _steps(rest))
        return schema_default(file, rest) if value is None else value

    def location(self, path: str) -> tuple[str, tuple] | None:
        """(file, path in file) of a fact, for findings."""
        head, _, rest = path.partition(".")
        file = SOURCES.get(head)
        return (file, tuple(split_path(rest))) if file else None

    def value(self, spec):
        """The right-hand side of a comparison: a constant, ``{param: x}`` or ``{fact: path}``."""
        if isinstance(spec, dict):
            if "param" in spec:
                return self.ctx.param(spec["param"])
            if "fact" in spec:
                return self.get(spec["fact"])
        return spec

    def missing(self, path: str) -> None:
        """Note that the fact at ``path`` is needed but not stated."""
        self.ctx.note_missing(path, self.item_location if path.startswith("item.") else None)

    def test(self, cond) -> bool | None:
        """True, False, or None when the answer depends on a fact the dossier does not state.
        Facts noted as missing while deciding are kept only when the answer is unknown."""
        missing = self.ctx.missing
        count = len(missing)
        before = set(missing) if count else ()
        result = self._test(cond)
        if result is not None and len(missing) != count:  # facts are only ever added while deciding
            for path in set(missing).difference(before):
                del missing[path]
        return result

    def _test(self, cond) -> bool | None:
        if cond is None or cond is True:
            return True
        if cond is False:
            return False
        if not isinstance(cond, dict):
            raise ConditionError(f"条件应为映射，实际为 {cond!r}")
        if "all" in cond:
            results = [self.test(c) for c in cond["all"]]
            return False if False in results else (None if None in results else True)
        if "any" in cond:
            results = [self.test(c) for c in cond["any"]]
            return True if True in results else (None if None in results else False)
        if "not" in cond:
            inner = self.test(cond["not"])
            return None if inner is None else not inner
        if "event" in cond:
            types = _as_list(cond["event"])
            return bool(self.ctx.dossier.events_of(*types))
        if "document" in cond:
            types = _as_list(cond["document"])
            return bool(self.ctx.dossier.documents_of(*types))
        if "derived" in cond:
            return self.ctx.derived(cond["derived"])
        if "stage_at_least" in cond:
            return self.ctx.stage_index() >= self.ctx.stage_index(cond["stage_at_least"])
        if "stage_before" in cond:
            return self.ctx.stage_index() < self.ctx.stage_index(cond["stage_before"])
        if "fact" in cond:
            value = self.get(cond["fact"])
            ops = [k for k in cond if k not in ("fact", "if_missing")]
            if is_missing(value) and ops != ["exists"]:
                if "if_missing" in cond:  # the pack states what an absent fact means for this condition
                    return bool(cond["if_missing"])
                self.missing(cond["fact"])
                return None
            if not ops:
                return bool(value)
            results = []
            for op in ops:
                other = self.value(cond[op])
                if isinstance(cond[op], dict) and "fact" in cond[op] and is_missing(other):
                    if "if_missing" in cond:
                        return bool(cond["if_missing"])
                    self.missing(cond[op]["fact"])
                    results.append(None)
                else:
                    results.append(compare(value, op, other))
            return False if False in results else (None if None in results else True)
        raise ConditionError(f"无法识别的条件 {cond!r}")


@lru_cache(maxsize=None)
def schema_default(file: str, rest: str):
    """The documented meaning of an absent field (its schema ``default``, e.g. no
    ``special_circumstances`` = none claimed), or None: absent and unknown."""
    from govproj.dossier.schema import load_schema, schema_at

    default = schema_at(load_schema(file.removesuffix(".yaml")), tuple(split_path(rest))).get("default")
    return copy.deepcopy(default)


def is_missing(value) -> bool:
    """Not stated: absent or empty text. A stated ``false``, ``0`` or empty list ``[]`` ("none") is a fact."""
    return value is None or value == ""


def _as_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _comparable(a, b):
    """Make numbers comparable across int/Decimal and dates across text/date."""
    if isinstance(a, date) and isinstance(b, str):
        try:
            b = date.fromisoformat(b)
        except ValueError:
            pass
    if isinstance(a, (int, Decimal)) and not isinstance(a, bool) and isinstance(b, (int, Decimal)) and not isinstance(b, bool):
        return Decimal(a), Decimal(b)
    return a, b


def compare(value, op: str, other) -> bool:
    if op == "exists":
        present = value is not None and value != [] and value != ""
        return present == bool(other)
    if op == "contains":
        if isinstance(value, str):
            return str(other) in value
        if isinstance(value, list):
            return any(str(other) in str(v) for v in value)
        return False
    if op == "contains_all":
        items = value if isinstance(value, list) else ([value] if isinstance(value, str) else [])
        return all(any(str(need) in str(v) for v in items) for need in _as_list(other))
    if op == "has_item":  # a list of mappings holds one whose fields equal all of ``other``
        return isinstance(value, list) and any(
            isinstance(v, dict) and all(v.get(k) == want for k, want in other.items()) for v in value)
    if op == "min_items":
        return isinstance(value, list) and len(value) >= int(other)
    if value is None:
        return op in ("ne", "not_in") and other is not None
    if op in ("in", "not_in"):
        inside = value in _as_list(other)
        return inside if op == "in" else not inside
    a, b = _comparable(value, other)
    try:
        if op == "eq":
            return a == b
        if op == "ne":
            return a != b
        if b is None:
            return False
        if op == "lt":
            return a < b
        if op == "lte":
            return a <= b
        if op == "gt":
            return a > b
        if op == "gte":
            return a >= b
    except TypeError:
        return False
    raise ConditionError(f"未知的比较 {op}")
