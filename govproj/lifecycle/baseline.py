"""Approved baselines: an annotated git tag on the commit that recorded an approval.

Recording an approval (``fsr_approved``, ``design_approved``, ``budget_approved``,
``service_plan_approved`` in events.yaml) and committing it makes that commit the approved
baseline; ``govproj baseline`` tags it ``govproj-baseline/<dossier>/<event>/<date>``.
Later budget or scope that differs from the latest baseline needs an approved change request
(某县办法 第二十四条 “先批准，后变更” and the other texts' equivalents).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govproj import gitutil
from govproj.dossier.yamlread import YamlReadError, read_yaml


@dataclass
class Created:
    tag: str
    commit: str
    event: str
    date: str


def _events_at(repo: Path, rev: str, path: str) -> set[tuple[str, str]]:
    raw = gitutil.show(repo, rev, path)
    if raw is None:
        return set()
    try:
        data = read_yaml(raw).data
    except YamlReadError:
        return set()
    events = data.get("events") if isinstance(data, dict) else None
    return {(str(e.get("type")), str(e.get("date"))) for e in events or [] if isinstance(e, dict)} if isinstance(events, list) else set()


APPROVED_CHANGE = ("approved", "filed")


def _approved_changes_at(repo: Path, rev: str, rel: str) -> dict[str, str]:
    """CR id → approval (or filing) date of the change requests approved/filed at ``rev``."""
    prefix = f"{rel}/changes" if rel else "changes"
    names = gitutil.git(repo, "ls-tree", "--name-only", "-z", f"{rev}:{prefix}", check=False).split("\0")
    out = {}
    for name in names:
        if not name.endswith(".yaml"):
            continue
        raw = gitutil.show(repo, rev, f"{prefix}/{name}")
        try:
            data = read_yaml(raw).data if raw else {}
        except YamlReadError:
            continue
        if isinstance(data, dict) and data.get("status") in APPROVED_CHANGE:
            day = data.get("approval_date") or data.get("filing_date") or data.get("date")
            out[str(data.get("id", name[:-5]))] = str(day)
    return out


def record(dossier_dir: Path) -> list[Created]:
    """Tag every committed approval of the dossier that has no baseline tag yet: approval events
    (on the first commit whose events.yaml contains them) and approved or filed change requests
    (on the first commit where they have that status) — an approved change moves the baseline."""
    repo = gitutil.repo_root(dossier_dir)
    if repo is None:
        raise gitutil.GitError(f"{dossier_dir} 不在 git 仓库中：批复基线需要 git（git init 后提交档案）。")
    if gitutil.head(repo) is None:
        return []
    rel = gitutil.relpath(repo, dossier_dir)
    events_path = f"{rel}/events.yaml" if rel else "events.yaml"
    existing = {(b.event, b.date) for b in gitutil.baselines(repo, dossier_dir)}

    def approvals(rev: str) -> set[tuple[str, str]]:
        return {(t, d) for t, d in _events_at(repo, rev, events_path) if t in gitutil.APPROVAL_EVENTS}

    def changes(rev: str) -> set[tuple[str, str]]:
        return {(f"change-{cid}", day) for cid, day in _approved_changes_at(repo, rev, rel).items()}

    created = _tag_first_commits(repo, dossier_dir, f"{rel}/changes" if rel else "changes", changes, existing)
    created += _tag_first_commits(repo, dossier_dir, events_path, approvals, existing)
    gitutil.forget_cache()
    return created


def _tag_first_commits(repo: Path, dossier_dir: Path, path: str, present_at, existing: set) -> list[Created]:
    """Tag, for each approval present at HEAD and not yet tagged, the first commit touching
    ``path`` where ``present_at(commit)`` contains it."""
    from govproj.dossier.vocabulary import event_label

    wanted = present_at("HEAD") - existing
    created: list[Created] = []
    if not wanted:
        return created
    rel = gitutil.relpath(repo, dossier_dir) or "."
    for sha in gitutil.git(repo, "log", "--reverse", "--format=%H", "--", path).split():
        for event, day in sorted(wanted & present_at(sha)):
            what = f"变更 {event[7:]} 已批准/备案" if event.startswith("change-") else event_label(event)
            tag = gitutil.baseline_tag(repo, dossier_dir, event, day)
            gitutil.git(repo, "tag", "-a", tag, sha, "-m", f"批复基线：{what}（{day}）\n档案：{rel}", identity=True)
            created.append(Created(tag, sha, event, day))
            wanted.discard((event, day))
        if not wanted:
            break
    return created
