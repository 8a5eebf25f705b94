"""``govproj estimate`` as a library: approval route and timeline, function-point cost
estimate, budget checks and savings for one dossier.

    from govproj.estimate import run_estimate
    result = run_estimate(Path("examples/dossier-sample"), as_of=date(2026, 11, 22))
    result.to_dict()["cost"]["total"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from govproj.findings import Finding


class EstimateError(Exception):
    """The dossier cannot be estimated (unreadable or invalid records); carries findings."""

    def __init__(self, findings: list[Finding], unreadable: bool):
        super().__init__("dossier has errors")
        self.findings = findings
        self.unreadable = unreadable


@dataclass
class Estimate:
    path: str
    regulation: dict
    as_of: date
    amount: str
    route: object | None = None
    timeline: list = field(default_factory=list)
    cost: object | None = None
    budget: object | None = None
    savings: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        from govproj import __version__

        return {
            "tool": {"name": "govproj", "version": __version__},
            "as_of": self.as_of.isoformat(),
            "path": self.path,
            "regulation": self.regulation,
            "total_investment": self.amount,
            "route": self.route.to_dict() if self.route else None,
            "timeline": [s.to_dict() for s in self.timeline],
            "cost": self.cost.to_dict() if self.cost else None,
            "budget": self.budget.to_dict() if self.budget else None,
            "savings": self.savings,
            "notes": self.notes,
        }


def run_estimate(root: Path, as_of: date, start: date | None = None, start_event: str | None = None,
                 rulepack_file: Path | None = None) -> Estimate:
    from govproj.check import _rulepack_for
    from govproj.dossier.load import load_dossier

    loaded = load_dossier(root)
    blocking = [f for f in loaded.findings if f.severity == "error"]
    if loaded.unreadable or loaded.dossier.record("project.yaml") is None:
        raise EstimateError(loaded.findings, loaded.unreadable)
    pack, problem = _rulepack_for(loaded.dossier, rulepack_file)
    if pack is None:
        raise EstimateError(blocking + ([problem] if problem else []), False)
    result = estimate_dossier(loaded.dossier, pack, as_of, start, start_event)
    if problem is not None:  # --rulepack of another regulation
        result.notes.append(f"{problem.message}。")
    budget_errors = [f for f in blocking if f.file == "budget.yaml"]
    if budget_errors:  # say what is wrong, not that function_points is missing
        result.notes = [n for n in result.notes if "没有 function_points" not in n]
        result.notes.append("budget.yaml 有格式错误，未参与估算：" + "；".join(
            f"第 {f.line} 行 {f.path or ''}：{f.message}" + (f"（{f.hint}）" if f.hint else "") for f in budget_errors[:5]))
    if blocking:
        result.notes.append(f"档案有 {len(blocking)} 处错误（govproj check 查看），有错误的文件未参与估算。")
    return result


def estimate_dossier(dossier, pack, as_of: date, start: date | None = None, start_event: str | None = None) -> Estimate:
    """The estimate of an already loaded dossier under ``pack``."""
    from govproj.check import display_path
    from govproj.estimate import budget as budget_mod
    from govproj.estimate import fp, route, timeline
    from govproj.rules.engine import Context

    project = dossier.record("project.yaml")
    ctx = Context(dossier, pack, as_of, guard=False)
    from govproj.money import amount

    result = Estimate(display_path(dossier.root), pack.summary(), as_of, amount(project.data["total_investment"]))
    result.route = route.select_route(ctx)
    if result.route is None:
        result.notes.append(f"{pack.title} 的规则包没有定义审批路线（routes），无法给出审批路线。")
    result.timeline = timeline.build(ctx, start, start_event)
    provisional = sorted({y for s in result.timeline for y in s.provisional_years})
    if provisional:
        result.notes.append(ctx.provisional_note(provisional).strip("（）"))
    b = dossier.budget
    if b.get("function_points"):
        security = dossier.record("security.yaml")
        mlps = ((security.data if security else {}) or {}).get("mlps") or {}
        result.cost = fp.estimate(b["function_points"], b.get("items"), pack.data.get("place"), mlps.get("level"))
    else:
        result.notes.append("budget.yaml 没有 function_points（功能点输入），未做软件开发费用估算。")
    if b:
        result.budget = budget_mod.analyse(project.data, b, pack.data)
    result.savings = budget_mod.savings(pack.data, ctx.facts)
    return result
