"""git, the dossier's memory: plain ``git`` subprocesses, one short-lived process per call.

Plain git rather than GitPython: each call here costs 1–2 ms, the same as GitPython's, while
importing GitPython costs 75–90 ms and its persistent ``cat-file`` processes outlive their use
unless closed (GitPython README, “Leakage of System Resources”). No process is left behind.
Chinese paths: every call passes ``-c core.quotepath=false`` and reads NUL-separated output.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BASELINE_PREFIX = "govproj-baseline"
APPROVAL_EVENTS = ("fsr_approved", "design_approved", "budget_approved", "service_plan_approved")
SHALLOW_HINT = ("当前是浅克隆（shallow clone），缺少历史和标签。GitHub Actions 中为 actions/checkout 设置 "
                "fetch-depth: 0；GitLab CI 中设置变量 GIT_DEPTH: 0；或手动运行 git fetch --unshallow --tags。")


class GitError(Exception):
    """A git command failed; the message is Chinese."""


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("GIT_TERMINAL_PROMPT", "0")
    env["LC_ALL"] = env.get("LC_ALL", "C.UTF-8")
    return env


def git(root: Path, *args: str, check: bool = True, binary: bool = False, identity: bool = False):
    cmd = ["git", "-c", "core.quotepath=false"]
    if identity:
        cmd += identity_args(root)
    cmd += list(args)
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, env=_env(), timeout=60)
    except FileNotFoundError:
        raise GitError("未找到 git 命令：请安装 git（Debian/Ubuntu：apt-get install git）。") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} 超时") from None
    if check and proc.returncode != 0:
        raise GitError(f"git {' '.join(args)} 失败：{proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


def identity_args(root: Path) -> list[str]:
    """Use the user's git identity; fall back to “govproj” only where none is configured."""
    out = []
    name = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True).stdout.strip()
    email = subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True, text=True).stdout.strip()
    if not name and not os.environ.get("GIT_AUTHOR_NAME"):
        out += ["-c", "user.name=govproj"]
    if not email and not os.environ.get("GIT_AUTHOR_EMAIL"):
        out += ["-c", "user.email=govproj@localhost"]
    return out


@lru_cache(maxsize=256)
def repo_root(path: Path) -> Path | None:
    """The work tree that contains ``path`` — found by looking for ``.git``, no subprocess."""
    p = path.resolve()
    for candidate in (p, *p.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@lru_cache(maxsize=64)
def is_shallow(root: Path) -> bool:
    """Once per repository and run (a check of many dossiers asks for every one of them)."""
    return git(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true"


def relpath(root: Path, path: Path) -> str:
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    return "" if rel == "." else rel


def show(root: Path, rev: str, path: str) -> bytes | None:
    proc = subprocess.run(["git", "-c", "core.quotepath=false", "show", f"{rev}:{path}"], cwd=root,
                          capture_output=True, env=_env(), timeout=60)
    return proc.stdout if proc.returncode == 0 else None


def head(root: Path) -> str | None:
    out = git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip()
    return out or None


def dirty(root: Path, paths: list[str]) -> list[str]:
    """Files among ``paths`` (relative to ``root``) with uncommitted changes, untracked included."""
    out = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *(paths or ["."]))
    files = []
    for entry in out.split("\0"):
        if len(entry) > 3:
            files.append(entry[3:])
    return files


def commit(root: Path, paths: list[str], message: str) -> str:
    git(root, "add", "--", *paths)
    git(root, "commit", "-q", "-m", message, "--", *paths, identity=True)
    return head(root) or ""


# --------------------------------------------------------------------------- baselines


@dataclass(frozen=True)
class Baseline:
    tag: str
    commit: str
    event: str
    date: str  # ISO date of the approval event

    @property
    def label(self) -> str:
        from govproj.dossier.vocabulary import event_label

        if self.event.startswith("change-"):
            return f"变更 {self.event[7:]} 批准（{self.date}）"
        return f"{event_label(self.event)}（{self.date}）"


def dossier_key(root: Path, dossier: Path) -> str:
    rel = relpath(root, dossier)
    return rel if rel else "_"


def baseline_tag(root: Path, dossier: Path, event: str, day: str) -> str:
    """``govproj-baseline/<dossier path or _>/<event>/<date>`` — documented in docs/lifecycle.md."""
    return f"{BASELINE_PREFIX}/{dossier_key(root, dossier)}/{event}/{day}"


@lru_cache(maxsize=64)
def _all_baseline_refs(root: Path) -> tuple[tuple[str, str], ...]:
    out = git(root, "for-each-ref", "--format=%(refname:strip=2)%00%(*objectname)%00%(objectname)",
              f"refs/tags/{BASELINE_PREFIX}/", check=False)
    refs = []
    for line in out.splitlines():
        name, peeled, obj = (line.split("\0") + ["", ""])[:3]
        refs.append((name, peeled or obj))
    return tuple(refs)


def baselines(root: Path, dossier: Path) -> list[Baseline]:
    """The dossier's approved baselines, oldest first."""
    prefix = f"{BASELINE_PREFIX}/{dossier_key(root, dossier)}/"
    found = []
    for name, sha in _all_baseline_refs(root):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            if rest.count("/") == 1:
                event, day = rest.split("/")
                found.append(Baseline(name, sha, event, day))
    return sorted(found, key=lambda b: (b.date, b.tag))


def forget_cache() -> None:
    _all_baseline_refs.cache_clear()
    is_shallow.cache_clear()
    repo_root.cache_clear()
