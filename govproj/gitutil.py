"""git, the dossier's memory: plain ``git`` subprocesses, one short-lived process per call.

Plain git rather than GitPython: each call here costs 1–2 ms, the same as GitPython's, while
importing GitPython costs 75–90 ms and its persistent ``cat-file`` processes outlive their use
unless closed (GitPython README, “Leakage of System Resources”). No process is left behind.
Chinese paths: every call passes ``-c core.quotepath=false`` and reads NUL-separated output.

Safe around a repository someone else prepared: every call also disables ``core.fsmonitor``
and points ``core.hooksPath`` at an empty place, so that reading a dossier never runs a
program named in ``.git/config`` or ``.git/hooks``. Only ``commit`` runs the repository's
hooks — the commands that commit say so on their output.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

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


SAFE = ["-c", "core.quotepath=false", "-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}",
        "-c", "core.untrackedCache=false"]


def git(root: Path, *args: str, check: bool = True, binary: bool = False, identity: bool = False, hooks: bool = False):
    cmd = ["git", "-c", "core.quotepath=false"] if hooks else ["git", *SAFE]
    if identity:
        cmd += identity_args(root)
    cmd += list(args)
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, env=_env(), timeout=60)
    except FileNotFoundError:
        raise GitError("未找到 git 命令：请安装 git（Debian/Ubuntu：apt-get install git）。") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} 超时") from None
    except OSError as exc:  # the dossier folder vanished or cannot be entered
        raise GitError(f"无法在 {root} 中运行 git：{exc.strerror or exc}") from None
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()
        hint = ""
        if "index.lock" in err:
            hint = ("。另一个 git 进程正在运行，或上次运行被中断而留下了 .git/index.lock："
                    "确认没有 git 在运行后删除该文件再试")
        elif "must be run in a work tree" in err or "bare repository" in err:
            hint = "。档案所在的 .git 指向一个裸仓库（没有工作区），govproj 无法在其中比较或提交"
        raise GitError(f"git {' '.join(args)} 失败：{err}{hint}")
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


def identity_args(root: Path) -> list[str]:
    """Use the user's git identity; fall back to “govproj” only where none is configured."""
    out = []
    name = git(root, "config", "user.name", check=False).strip()
    email = git(root, "config", "user.email", check=False).strip()
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
    try:
        proc = subprocess.run(["git", *SAFE, "show", f"{rev}:{path}"], cwd=root, capture_output=True, env=_env(), timeout=60)
    except FileNotFoundError:
        raise GitError("未找到 git 命令：请安装 git（Debian/Ubuntu：apt-get install git）。") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git show 失败：{exc}") from None
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
    """``git add`` and ``git commit`` of ``paths`` — the one call that runs the repository's hooks
    (pre-commit and friends), as a commit by hand would. Noted in the git folder while it runs
    (``finish_pending``)."""
    intend_commit(root, paths, message)
    git(root, "add", "--", *paths)
    git(root, "commit", "-q", "-m", message, "--", *paths, identity=True, hooks=True)
    done_commit(root)
    return head(root) or ""


PENDING = "govproj-pending-commit"  # in the git folder while govproj commits: an interrupted commit is finished later


def git_dir(root: Path) -> Path | None:
    out = git(root, "rev-parse", "--absolute-git-dir", check=False).strip()
    return Path(out) if out else None


def intend_commit(root: Path, paths: list[str], message: str) -> None:
    """Note in the git folder that govproj is about to write and commit ``paths``; ``finish_pending``
    completes it if this process is killed before ``done_commit``."""
    import json

    from govproj.fsutil import atomic_write

    folder = git_dir(root)
    if folder is not None:
        atomic_write(folder / PENDING, json.dumps({"paths": paths, "message": message}, ensure_ascii=False))


def done_commit(root: Path) -> None:
    folder = git_dir(root)
    if folder is not None:
        (folder / PENDING).unlink(missing_ok=True)


def finish_pending(root: Path) -> str | None:
    """Finish a commit govproj began and did not end (killed during ``git commit``): commit the
    noted files that exist and differ from HEAD. Returns the commit's message when the noted files
    exist (committed now, or already by the interrupted run), else None."""
    import json

    folder = git_dir(root)
    marker = folder / PENDING if folder is not None else None
    if marker is None or not marker.is_file():
        return None
    try:
        note = json.loads(marker.read_text("utf-8"))
        paths, message = [str(p) for p in note["paths"]], str(note["message"])
    except (ValueError, KeyError, TypeError, OSError):
        marker.unlink(missing_ok=True)
        return None
    present = [p for p in paths if (root / p).exists()]
    todo = dirty(root, present) if present else []
    if todo:
        git(root, "add", "--", *present)
        git(root, "commit", "-q", "-m", message, "--", *present, identity=True, hooks=True)
    marker.unlink(missing_ok=True)
    return message if present else None


def staged(root: Path, paths: list[str] | None = None) -> list[str]:
    """Files staged (added to the index) but not committed — left by an interrupted commit."""
    if head(root) is None:
        out = git(root, "ls-files", "-z", "--", *(paths or ["."]), check=False)
    else:
        out = git(root, "diff", "--cached", "--name-only", "-z", "--", *(paths or ["."]), check=False)
    return [p for p in out.split("\0") if p]


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


def ref_component(text: str) -> str:
    """``text`` as one part of a git reference name: the characters git refuses (space, ``~ ^ : ? * [ \\``,
    control characters, a leading dot, ``..``, ``@{``, a trailing ``.lock``) and ``%`` itself are
    written ``%XX`` (git-check-ref-format(1)); other text, Chinese included, stays as it is."""
    out = []
    for i, ch in enumerate(text):
        bad = (ch in " ~^:?*[\\%" or ord(ch) < 32 or ord(ch) == 127 or (ch == "." and (i == 0 or text[i - 1] == "."))
               or (ch == "@" and text[i + 1: i + 2] == "{"))
        out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if bad else ch)
    result = "".join(out)
    if result.endswith(".lock"):
        result = result[:-5] + "%2Elock"
    if result.endswith("."):
        result = result[:-1] + "%2E"
    return result or "_"


def dossier_key(root: Path, dossier: Path) -> str:
    rel = relpath(root, dossier)
    return "/".join(ref_component(part) for part in rel.split("/")) if rel else "_"


def baseline_tag(root: Path, dossier: Path, event: str, day: str) -> str:
    """``govproj-baseline/<dossier path or _>/<event>/<date>`` — documented in docs/lifecycle.md; each
    part encoded by ``ref_component`` (a folder named “二期 档案” gives ``二期%20档案``)."""
    return f"{BASELINE_PREFIX}/{dossier_key(root, dossier)}/{ref_component(event)}/{ref_component(day)}"


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
                found.append(Baseline(name, sha, unquote(event), unquote(day)))
    return sorted(found, key=lambda b: (b.date, b.tag))


def forget_cache() -> None:
    _all_baseline_refs.cache_clear()
    is_shallow.cache_clear()
    repo_root.cache_clear()
