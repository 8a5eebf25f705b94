"""``govproj estimate --write``: record the estimate's summary in budget.yaml's ``estimate``
section (comments, order, quoting and line endings kept), optionally committing it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


class WriteError(Exception):
    """The estimate cannot be written; the message is Chinese."""


@dataclass
class Written:
    path: Path
    changed: bool
    commit: str | None = None


def summary_of(result) -> dict:
    """The ``estimate`` section written to budget.yaml (schema: budget.schema.json)."""
    from govproj.estimate.fp import fmt

    summary = {"date": result.as_of, "regulation": result.regulation["id"]}
    if result.route:
        summary["route"] = result.route.id
        if result.route.above_limit is not None:
            summary["above_limit"] = result.route.above_limit
    if result.cost:
        summary["function_points"] = Decimal(fmt(result.cost.function_points, 2))
        summary["person_months"] = Decimal(fmt(result.cost.person_months, 2))
        summary["software_cost"] = Decimal(fmt(result.cost.total))
    return summary


def write_estimate(root: Path, result, force: bool = False, commit: bool = False) -> Written:
    """Write the summary; refuse uncommitted edits of budget.yaml unless ``force``."""
    from govproj.lifecycle import commit_files, uncommitted
    from govproj.yamlwrite import rewrite, to_plain

    if uncommitted(root, ["budget.yaml"]) and not force:
        raise WriteError("budget.yaml 有未提交的修改。govproj 要改写它；请先提交（git commit），或加 --force 继续。")
    summary = to_plain(summary_of(result))

    def change(data):
        data["estimate"] = summary

    target = root / "budget.yaml"
    written = Written(target, rewrite(target, change))
    if written.changed and commit:
        written.commit = commit_files(root, ["budget.yaml"], f"govproj estimate：写入估算结果（{result.as_of.isoformat()}）")
    return written
