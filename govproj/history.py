"""Compare the dossier with its approved baseline in git: budget lines added, removed and
changed, the net and gross change against the approved 概算, and whether goals, nature,
location, scale or the technical plan changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from govproj import gitutil
from govproj.dossier.yamlread import YamlReadError, read_yaml

SCOPE_FIELDS = {  # project.yaml field → the change it signals (各办法“重大变更”的要素)
    "nature": "nature",
    "location": "location",
    "performance_goals": "goals",
    # 主要建设内容 changed: whether that is a 建设规模 重大变更 is the owner's judgement (asked for, never assumed)
    "main_tasks": "content",
    "deployment": "tech_plan",
}
MAJOR_LABELS = {"goals": "建设目标", "nature": "建设性质", "location": "建设地点", "scale": "建设规模",
                "tech_plan": "技术方案", "content": "主要建设内容"}
MAJOR_KINDS = ("goals", "nature", "location", "scale", "tech_plan")  # the change schema's ``major`` flags


@dataclass
class LineChange:
    key: str  # category:item
    item: str
    before: Decimal | None
    after: Decimal | None

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


@dataclass
class Comparison:
    baseline: gitutil.Baseline
    base_total: Decimal
    total: Decimal
    approved_estimate: Decimal
    lines: list[LineChange] = field(default_factory=list)
    major: dict[str, bool | None] = field(default_factory=dict)  # None: the owner has not said
    content_changed: bool = False
    scope_changes: list[str] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return self.total - self.base_total

    @property
    def increases(self) -> Decimal:
        return sum((c.delta for c in self.lines if c.delta > 0), Decimal(0))

    @property
    def decreases(self) -> Decimal:
        return sum((-c.delta for c in self.lines if c.delta < 0), Decimal(0))

    @property
    def gross(self) -> Decimal:
        """资金调整数额：调增合计与调减合计中的较大者 — moving 10 万元 from one line to another
        is an adjustment of 10 万元, not 20 (某县办法 第二十三条、达拉特旗 第二十条 “资金调整数额”)."""
        return max(self.increases, self.decreases)

    @property
    def percent(self) -> Decimal:
        """资金调整数额占批复概算（概算总投资）的百分比。"""
        if not self.approved_estimate:
            return Decimal(0)
        return self.gross / self.approved_estimate * 100

    @property
    def changed(self) -> bool:
        return bool(self.lines) or any(self.major.values()) or self.content_changed or self.total != self.base_total

    def facts(self) -> dict:
        """The change as facts for a rulepack's classification conditions (``item.*``)."""
        return {
            "percent": self.percent, "net": self.net, "gross": self.gross, "total": self.total,
            "approved_estimate": self.approved_estimate,
            "exceeds_estimate": self.total > self.approved_estimate,
            "major_any": True if any(self.major.values()) else (None if None in self.major.values() else False),
            "content_changed": self.content_changed,
            **{f"{k}_changed": v for k, v in self.major.items()},
        }

    def describe(self) -> list[str]:
        from govproj.money import wan

        out = []
        for c in self.lines:
            if c.kind == "added":
                out.append(f"新增 {c.item} {wan(c.after)} 万元")
            elif c.kind == "removed":
                out.append(f"删除 {c.item} {wan(c.before)} 万元")
            else:
                out.append(f"{c.item} {wan(c.before)} → {wan(c.after)} 万元")
        out += self.scope_changes
        return out


def _key(item: dict) -> str:
    return f"{item.get('category')}:{item.get('item')}"


def _read(root: Path, rev: str, path: str) -> dict:
    raw = gitutil.show(root, rev, path)
    if raw is None:
        return {}
    try:
        data = read_yaml(raw).data
    except YamlReadError:
        return {}
    return data if isinstance(data, dict) else {}


def _dec(value) -> Decimal | None:
    """A money amount read from an old commit, or None when it is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        d = Decimal(str(value))
    except (ArithmeticError, ValueError):
        return None
    return d if d.is_finite() else None


def _items(budget: dict) -> dict:
    items = budget.get("items")
    return {_key(i): i for i in items if isinstance(i, dict)} if isinstance(items, list) else {}


def compare(dossier, baseline: gitutil.Baseline, repo: Path) -> Comparison:
    prefix = gitutil.relpath(repo, dossier.root)
    prefix = f"{prefix}/" if prefix else ""
    base_project = _read(repo, baseline.commit, prefix + "project.yaml")
    base_budget = _read(repo, baseline.commit, prefix + "budget.yaml")
    project, budget = dossier.project, dossier.budget
    base_total = _dec(base_project.get("total_investment", 0)) or Decimal(0)
    amounts = base_budget.get("amounts")
    approved = _dec(amounts.get("approved_estimate")) if isinstance(amounts, dict) else None
    approved = approved if approved is not None else base_total
    comp = Comparison(baseline, base_total, _dec(project.get("total_investment", 0)) or Decimal(0), approved)
    before, after = _items(base_budget), _items(budget)
    for key in list(before) + [k for k in after if k not in before]:
        b, a = before.get(key), after.get(key)
        bv = (_dec(b.get("amount")) or Decimal(0)) if b else None
        av = (_dec(a.get("amount")) or Decimal(0)) if a else None
        if bv != av:
            comp.lines.append(LineChange(key, str((a or b).get("item", key)), bv, av))
    comp.major = {v: False for v in MAJOR_KINDS}
    for fld, kind in SCOPE_FIELDS.items():
        if _normal(base_project.get(fld)) != _normal(project.get(fld)):
            if kind == "content":
                comp.content_changed = True
                comp.major["scale"] = None  # unknown until the owner says whether the scale changes materially
            else:
                comp.major[kind] = True
            comp.scope_changes.append(f"{MAJOR_LABELS[kind]}（project.yaml 的 {fld}）有变化")
    return comp


def _normal(value):
    """Values read from git (text) and from the working tree (typed) compare by their text."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(Decimal(value).normalize())
    return None if value is None else str(value)
