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
