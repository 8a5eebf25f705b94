"""Facts and conditions: how a rulepack, as pure data, asks questions of a dossier.

A fact is a dotted path (``project.deployment.gov_cloud``, ``budget.amounts.contract``,
``item.org``); a condition is a small mapping (``{fact: project.kind, eq: construction}``,
``{all: [...]}``, ``{event: fsr_approved}``). See docs/rulepacks.md §3 for the language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
    return out


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

    def with_item(self, item: dict) -> "Facts":
        return Facts(self.ctx, item)

    def get(self, path: str):
        head, _, rest = path.partition(".")
        if head == "item":
            return dig(self.item or {}, split_path(rest)) if rest else self.item
        if head == "stage":
            return self.ctx.stage
        if head == "derived":
            return self.ctx.derived(rest)
        if head == "as_of":
            return self.ctx.as_of
        file = SOURCES.get(head)
        if file is None:
            raise ConditionError(f"未知的事实路径 {path}（应以 project.、budget.、security.、catalog.、cloud.、item.、derived. 开头）")
        return dig(self.ctx.dossier.data(file), split_path(rest)) if rest else self.ctx.dossier.data(file)

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

    def test(self, cond) -> bool:
        if cond is None or cond is True:
            return True
        if cond is False:
            return False
        if not isinstance(cond, dict):
            raise ConditionError(f"条件应为映射，实际为 {cond!r}")
        if "all" in cond:
            return all(self.test(c) for c in cond["all"])
        if "any" in cond:
            return any(self.test(c) for c in cond["any"])
        if "not" in cond:
            return not self.test(cond["not"])
        if "event" in cond:
            types = _as_list(cond["event"])
            return bool(self.ctx.dossier.events_of(*types))
        if "document" in cond:
            types = _as_list(cond["document"])
            return bool(self.ctx.dossier.documents_of(*types))
        if "derived" in cond:
            return bool(self.ctx.derived(cond["derived"]))
        if "stage_at_least" in cond:
            return self.ctx.stage_index() >= self.ctx.stage_index(cond["stage_at_least"])
        if "stage_before" in cond:
            return self.ctx.stage_index() < self.ctx.stage_index(cond["stage_before"])
        if "fact" in cond:
            value = self.get(cond["fact"])
            ops = [k for k in cond if k != "fact"]
            if not ops:
                return bool(value)
            return all(compare(value, op, self.value(cond[op])) for op in ops)
        raise ConditionError(f"无法识别的条件 {cond!r}")


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
