"""The project life cycle on git: declare, approved baselines, change requests, acceptance."""

from pathlib import Path


def uncommitted(dossier_dir: Path, files: list[str]) -> list[str]:
    """Those of ``files`` (relative to the dossier) that have uncommitted edits; [] outside git."""
    from govproj import gitutil

    repo = gitutil.repo_root(dossier_dir)
    if repo is None or gitutil.head(repo) is None:
        return []
    rel = gitutil.relpath(repo, dossier_dir)
    paths = [f"{rel}/{f}" if rel else f for f in files if (dossier_dir / f).exists()]
    if not paths:
        return []
    return gitutil.dirty(repo, paths)


def commit_files(dossier_dir: Path, files: list[str], message: str) -> str:
    """Commit ``files`` (relative to the dossier); the new commit's id. Raises gitutil.GitError
    (Chinese) outside a repository."""
    from govproj import gitutil

    repo = gitutil.repo_root(dossier_dir)
    if repo is None:
        raise gitutil.GitError("--commit 需要 git 仓库：档案不在 git 仓库中。")
    rel = gitutil.relpath(repo, dossier_dir)
    return gitutil.commit(repo, [f"{rel}/{f}" if rel else f for f in files], message)


def recover(dossier_dir: Path) -> list[str]:
    """Finish or explain what an interrupted govproj run left: a commit it began (killed during
    ``git commit``) is completed; a dossier ``declare`` created but never committed is pointed out.
    Returns the Chinese notes to show."""
    from govproj import gitutil
    from govproj.fsutil import clean_stale_tree

    notes = []
    clean_stale_tree(dossier_dir)  # temporary files of a killed run: never committed, never left
    unfinished = dossier_dir / ".govproj" / "declare-unfinished"  # lifecycle.declare.UNFINISHED
    if unfinished.is_file():  # declare was killed before its first commit: make it now
        message = unfinished.read_text("utf-8", "replace").strip() or "govproj declare：新建项目档案"
        repo = gitutil.repo_root(dossier_dir)
        if repo is None:
            gitutil.git(dossier_dir, "init", "-q")
            gitutil.forget_cache()
            repo = dossier_dir
        rel = gitutil.relpath(repo, dossier_dir) or "."
        gitutil.intend_commit(repo, [rel], message)
        unfinished.unlink()
        gitutil.commit(repo, [rel], message)
        notes.append(f"上次 govproj declare 在首次提交前被中断，已补完提交：{message}")
    repo = gitutil.repo_root(dossier_dir)
    if repo is None:
        return notes
    finished = gitutil.finish_pending(repo)
    if finished:
        notes.append(f"上次运行在提交时被中断，现已完成提交：{finished.splitlines()[0]}")
    rel = gitutil.relpath(repo, dossier_dir)
    project = f"{rel}/project.yaml" if rel else "project.yaml"
    if (dossier_dir / ".govproj" / "schemas").is_dir() and not gitutil.git(
            repo, "ls-files", "-z", "--", project, check=False).strip("\0"):
        notes.append(f"档案 {dossier_dir} 还没有提交到 git（govproj declare 可能在首次提交前被中断）："
                     f"检查文件后运行 git add -- {rel or '.'} && git commit 完成首次提交。")
    return notes


def same_request(dossier_dir: Path, analysis) -> Path | None:
    """A draft change request already in ``changes/`` that records exactly this change (same
    baseline, same lines) — running ``change-request`` again, or after an interruption, must not
    write an identical CR-002."""
    from decimal import Decimal, InvalidOperation

    from govproj.dossier.yamlread import YamlReadError, read_yaml

    def amount(v):
        try:
            return None if v is None else Decimal(str(v))
        except (InvalidOperation, ValueError):
            return v

    c = analysis.comparison
    wanted = (c.baseline.tag, sorted((x.item, x.before, x.after) for x in c.lines))
    for p in sorted((dossier_dir / "changes").glob("CR-*.yaml"), reverse=True):
        try:
            data = read_yaml(p.read_bytes()).data
        except (OSError, YamlReadError):
            continue
        if not isinstance(data, dict) or data.get("status") != "draft" or not isinstance(data.get("items", []), list):
            continue
        items = sorted((str(i.get("item")), amount(i.get("before")), amount(i.get("after")))
                       for i in data.get("items", []) if isinstance(i, dict))
        if (data.get("baseline"), items) == wanted:
            return p
    return None
