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


ESTIMATE_KEYS = ("date", "regulation", "route", "above_limit", "function_points", "person_months", "software_cost")


def write_estimate(root: Path, result, force: bool = False, commit: bool = False) -> Written:
    """Write the summary, editing only the ``estimate:`` lines (yamlwrite.set_block); refuse
    uncommitted edits of budget.yaml unless ``force``; a budget.yaml linked from outside the
    dossier is never written (paths.dossier_target)."""
    from govproj import gitutil
    from govproj.lifecycle import commit_files, uncommitted
    from govproj.paths import dossier_target
    from govproj.yamlwrite import YamlWriteError, set_block

    if uncommitted(root, ["budget.yaml"]) and not force:
        raise WriteError("budget.yaml 有未提交的修改。govproj 要改写它；请先提交（git commit），或加 --force 继续。")
    message = f"govproj estimate：写入估算结果（{result.as_of.isoformat()}）"
    target = dossier_target(root, "budget.yaml")
    repo = gitutil.repo_root(root) if commit else None
    if repo is not None:  # a run killed between writing and committing is finished next time (lifecycle.recover)
        rel = gitutil.relpath(repo, root)
        gitutil.intend_commit(repo, [f"{rel}/budget.yaml" if rel else "budget.yaml"], message)
    try:
        changed = set_block(target, "estimate", summary_of(result), owned=ESTIMATE_KEYS)
    except YamlWriteError as exc:
        raise WriteError(str(exc)) from None
    written = Written(target, changed)
    if changed and commit:
        written.commit = commit_files(root, ["budget.yaml"], message)
    elif repo is not None:
        gitutil.done_commit(repo)  # nothing to commit: the note of the intended commit goes
    return written
