"""Interrupted work recovers (issue 11): ``declare``, ``estimate --write --commit`` and
``change-request --commit`` killed (SIGKILL) at random points through the console script.

After each kill: no partial target file (every YAML govproj writes reads back whole), no stray
temporary or lock file once the re-run has finished, ``git fsck`` clean; the re-run succeeds and
finishes the interrupted commit; a change request is never written twice.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import govproj_executable

pytestmark = pytest.mark.slow

KILLS = 54  # 18 per command
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jiujiang-2024"
ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "测试",
       "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
DECLARE = ["--regulation", "jiujiang-2024", "--name", "测试项目", "--owner-unit", "某局", "--level", "city",
           "--category", "integration", "--kind", "construction", "--nature", "new", "--not-classified", "--amount", "100"]


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=dict(os.environ, **ENV), capture_output=True, text=True, check=check)


def _run(argv: list[str], kill_after: float | None, cwd: Path) -> int | None:
    """Run the console script; SIGKILL it after ``kill_after`` seconds. Waits until every process
    it started (git) has ended, so that what is left on disk is what the kill left."""
    proc = subprocess.Popen([govproj_executable(), *argv], cwd=cwd, env=dict(os.environ, **ENV),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        code = proc.wait(timeout=kill_after) if kill_after is not None else proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)  # govproj only: a git it started runs on, as after a real crash
        proc.wait()
        code = None
    for _ in range(600):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    return code


def _prepare(kind: str, work: Path) -> tuple[Path, list[str]]:
    if kind == "declare":
        repo = work / "repo"
        repo.mkdir()
        _git(repo, "init", "-q")
        _git(repo, "commit", "-q", "--allow-empty", "-m", "起点")
        return repo / "新档案", ["declare", str(repo / "新档案"), *DECLARE]
    repo = work / "repo"
    shutil.copytree(EXAMPLE, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "档案")
    if kind == "estimate":
        return repo, ["estimate", str(repo), "--as-of", "2026-11-22", "--write", "--commit"]
    assert _run(["baseline", str(repo)], None, work) == 0
    b = repo / "budget.yaml"
    b.write_text(b.read_text("utf-8").replace("amount: ", "amount: 1", 1), "utf-8")
    _git(repo, "commit", "-qam", "调整预算")
    return repo, ["change-request", str(repo), "--as-of", "2026-11-22", "--commit", "--title", "调整"]


def _check_whole(dossier: Path) -> None:
    from govproj.dossier.yamlread import read_yaml

    for p in [*dossier.glob("*.yaml"), *dossier.glob("changes/*.yaml")]:
        read_yaml(p.read_bytes())  # raises on a half-written file


def _stray(root: Path) -> list[str]:
    found = [str(p) for p in root.rglob("*.tmp")]
    found += [str(p) for p in root.rglob("*.lock") if ".git" in p.parts]
    return found


@pytest.mark.parametrize("kind", ["declare", "estimate", "change_request"])
def test_killed_at_random_points_recovers(tmp_path, kind):
    rng = random.Random(f"kill-{kind}")
    # how long an uninterrupted run takes here, so that kills land all over it
    probe = tmp_path / "probe"
    probe.mkdir()
    dossier, argv = _prepare(kind, probe)
    started = time.monotonic()
    assert _run(argv, None, probe) in (0, 1)
    full = time.monotonic() - started
    for n in range(KILLS // 3):
        work = tmp_path / f"k{n}"
        work.mkdir()
        dossier, argv = _prepare(kind, work)
        repo = work / "repo"
        _run(argv, rng.uniform(0.05, full * 1.1), work)
        if dossier.exists():
            _check_whole(dossier)
        assert _git(repo, "fsck", "--no-progress").returncode == 0
        lock = repo / ".git" / "index.lock"
        if lock.exists():  # git itself was killed mid-write: govproj explains (gitutil), the user removes it
            lock.unlink()
        code = _run(argv, None, work)
        assert code in (0, 1), (n, kind)
        assert not _stray(repo), _stray(repo)
        assert _git(repo, "fsck", "--no-progress").returncode == 0
        status = _git(repo, "status", "--porcelain", "--untracked-files=all").stdout
        if kind == "declare":
            assert "project.yaml" in _git(repo, "ls-files").stdout
        elif kind == "estimate":
            assert "budget.yaml" not in status and "estimate:" in (repo / "budget.yaml").read_text("utf-8")
        else:
            crs = sorted((repo / "changes").glob("CR-*.yaml"))
            bodies = [p.read_text("utf-8").split("\n", 3)[-1] for p in crs]
            assert len(bodies) == len(set(bodies)), f"identical change requests: {[p.name for p in crs]}"
            assert "changes/" not in status, status
