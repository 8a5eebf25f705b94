"""Run a piece of work as ``nobody`` when the tests run as root (CI does).

Root reads a mode-000 file, so the permission cases mean something only under another user.
The venv's Python may live where ``nobody`` cannot read (pyenv under /root, mode 700): the child
therefore first imports everything govproj may import later and runs each command once on a
copy of the sample dossier (still as root, ``warm_up``), then drops to ``nobody`` with
setgroups/setgid/setuid and runs the work. Whatever it still tries to import or read from the
Python installation after the drop fails: that shows up as an exit 3 or an exception, and
belongs in ``warm_up`` (or is a finding).

As another user than root the work runs in a forked child without any change of user.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import shutil
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "dossier-sample"


def nobody() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def must_drop() -> bool:
    return os.geteuid() == 0


def give_away(path: Path) -> None:
    """Make ``path`` (a folder, with everything in it) belong to ``nobody``; modes stay as they are."""
    uid, gid = nobody()
    os.lchown(path, uid, gid)
    for dirpath, dirs, files in os.walk(path):
        for name in dirs + files:
            with contextlib.suppress(OSError):
                os.lchown(os.path.join(dirpath, name), uid, gid)


def drop() -> None:
    """Become ``nobody`` for good (this process only)."""
    uid, gid = nobody()
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def warm_up(scratch: Path) -> None:
    """Import every govproj module and run each command once on a copy of the sample dossier, so
    that the lazy imports of govproj and of its libraries (matplotlib back ends and fonts, docx
    templates, jsonschema, git helpers) are done before the process loses the right to read them."""
    import importlib
    import pkgutil

    import govproj

    for mod in pkgutil.walk_packages(govproj.__path__, "govproj."):
        if mod.name != "govproj.__main__":
            importlib.import_module(mod.name)
    for name in sorted(_imported_anywhere(Path(govproj.__file__).parent)):  # imports inside functions too
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    import encodings  # text codecs load on first use (yamlread tries gb18030 on a file that is not UTF-8)

    for mod in pkgutil.iter_modules(encodings.__path__):
        with contextlib.suppress(ImportError):
            importlib.import_module(f"encodings.{mod.name}")
    import matplotlib

    matplotlib.use("Agg")
    from govproj.cli import run

    work = scratch / "warm-up"
    dossier = work / "sample"
    shutil.copytree(SAMPLE, dossier, ignore=shutil.ignore_patterns("out"))
    d, as_of = str(dossier), ["--as-of", "2026-11-22"]
    commands = [["check", d, *as_of, "-f", f] for f in ("text", "json", "sarif", "gitlab", "junit", "github")]
    commands += [
        ["estimate", d, *as_of, "--chart", str(work / "c.png")], ["estimate", d, *as_of, "--chart", str(work / "c.svg"), "-f", "json"],
        ["change-request", d, *as_of, "--dry-run"], ["accept", d, *as_of], ["declare", d, *as_of], ["render", d, *as_of],
        ["rules"], ["rules", "jiujiang-2024", "-f", "json"], ["baseline", d, "--list"], ["check", str(work / "missing")],
        ["estimate", d, *as_of, "--write", "--force"],
        ["declare", str(work / "new"), "--regulation", "county-2023", "--name", "预热", "--owner-unit", "某局", "--level", "county",
         "--category", "integration", "--kind", "construction", "--nature", "new", "--not-classified", "--amount", "100"],
    ]
    for argv in commands:  # best effort: what fails here fails again, visibly, in the work itself
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                contextlib.suppress(Exception):
            run(argv)
    shutil.rmtree(work, ignore_errors=True)


def _imported_anywhere(package: Path) -> set[str]:
    """Every module an import statement in the package names (at module level or in a function)."""
    import ast

    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)  # submodules; others fail quietly
    return {n for n in names if n != "govproj.__main__"}


def call(fn, *args, warm: Path | None = None, as_nobody: bool | None = None):
    """``fn(*args)`` in a forked child, as ``nobody`` when this process is root; returns what it
    returned (it must pickle). ``warm``: a folder for ``warm_up`` before the drop (skip it when the
    caller has warmed up already). An exception in the child is raised here as ``ChildError``."""
    as_nobody = must_drop() if as_nobody is None else as_nobody
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read)
            if warm is not None:
                warm_up(warm)
            if as_nobody:
                drop()
            payload = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent
            payload = ("error", "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            code = 1
        try:
            data = pickle.dumps(payload)
        except Exception as exc:  # noqa: BLE001
            data, code = pickle.dumps(("error", f"result does not pickle: {exc}")), 1
        with os.fdopen(write, "wb") as fh:
            fh.write(data)
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise ChildError(f"the child ended without an answer (wait status {status})")
    kind, value = pickle.loads(data)
    if kind == "error":
        raise ChildError(value)
    return value


class ChildError(Exception):
    """The work raised in the child (the text is the child's traceback)."""
