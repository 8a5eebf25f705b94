"""baseline — budget and scope may differ from the approved baseline only through an approved
change request (某县办法 第二十四条 “先批准，后变更”; the other texts' equivalents).

Parameters: ``statuses`` (change-request statuses that count as approved; default
``[approved, filed]``). The latest baseline tag of the dossier (``govproj baseline``,
docs/lifecycle.md) is compared with the working tree: budget lines, total investment, and
the scope fields (nature, location, goals, main tasks, deployment). Without git or without a
baseline nothing is reported; in a shallow clone without tags an ``info`` finding says how to
fetch them.

An approved or filed change request moves the baseline once committed (``govproj baseline``
tags it); until then, an approved request that no baseline records yet covers the differences.

PASS — the total changed after the 可研批复 baseline and changes/CR-001.yaml is ``approved``.
FAIL — the total changed and no change request is approved.
Variables: ``{baseline}``, ``{differences}``.
"""

from __future__ import annotations

from govproj import gitutil

VARIABLES = ("baseline", "differences")  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    repo = gitutil.repo_root(ctx.dossier.root)
    if repo is None:
        return
    try:
        found = gitutil.baselines(repo, ctx.dossier.root)
        if not found:
            if gitutil.is_shallow(repo):
                yield ctx.finding(rule, {"baseline": "", "differences": ""}, severity="info",
                                  message="无法比对批复基线：" + gitutil.SHALLOW_HINT,
                                  hint="取得完整历史与标签后再检查。", file="project.yaml")
            return
        from govproj.history import compare

        latest = found[-1]
        comp = compare(ctx.dossier, latest, repo)
    except gitutil.GitError:
        return
    if not comp.changed:
        return
    statuses = set(rule.get("statuses", ["approved", "filed"]))
    baselined = {b.event[7:] for b in found if b.event.startswith("change-")}
    covering = [r for r in ctx.dossier.collection("changes")
                if r.data.get("status") in statuses and r.data.get("id") not in baselined]
    if covering:
        return  # approved but not yet committed and tagged: the next `govproj baseline` moves the baseline
    diffs = "；".join(comp.describe()) or "总投资有变化"
    yield ctx.finding(rule, {"baseline": latest.label, "differences": diffs}, file="budget.yaml", path=("items",))
