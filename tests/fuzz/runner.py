"""Run fuzz cases: each case copies an example dossier into a private folder, applies a few
mutations (tests/fuzz/mutators.py), runs one govproj command in-process (a sample through the
real console script) and classifies what happened.

Classes counted (the target for each is 0):

* ``internal`` — exit code 3 or another code than 0/1/2, an exception out of the CLI, a
  traceback, ``GP-INTERNAL``, “内部错误”, or “规则包 … 无法执行” with a built-in rulepack;
* ``hang`` — the command did not finish within the time limit;
* ``outside_read`` / ``outside_write`` — an ``open`` (audit hook) or a file-system change
  outside the dossier, the package, the Python installation, the case's temporary folder and
  the files named on the command line; ``outside/`` next to the dossier must stay untouched;
* ``hook_ran`` — a command that only reads ran a repository hook or ``core.fsmonitor``;
* ``changed`` — a command that only reads changed the dossier, or a temporary file was left.

When the process runs as root, a case that made a file or folder unreadable or unwritable runs
its command as ``nobody`` in a forked child (tests/fuzz/unprivileged.py: the worker imports and
warms up everything first), so that the permission cases mean something (root reads everything).
Console-script cases stay root: ``nobody`` may not be able to start the venv's Python.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.fuzz import mutators as mut
from tests.fuzz import unprivileged

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SOURCES = ["dossier-sample", "county-2023", "dalate-draft", "jiangjin-2022", "jiujiang-2024", "zunyi-2020"]
AS_OF = {"dossier-sample": "2026-11-22"}
CLASSES = ["internal", "hang", "outside_read", "outside_write", "hook_ran", "changed"]
COMMANDS = [  # (weight, command)
    (40, "check"), (20, "estimate"), (4, "estimate_write"), (7, "change_request"), (2, "change_request_write"),
    (5, "baseline"), (7, "accept"), (5, "declare"), (2, "declare_new"), (3, "rules"), (1, "render"),
    (0.4, "accept_render"), (0.4, "declare_render"),
]
READ_ONLY = {"check", "estimate", "change_request", "accept", "declare", "rules", "baseline_list"}

_STATE: dict = {"active": False}


# --------------------------------------------------------------------------- audit hook


def _real(path) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    try:
        return os.path.realpath(path)
    except (ValueError, OSError):
        return str(path)


def _under(path: str, prefixes) -> bool:
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


# fonts (matplotlib scans /usr/share for them), time zones, shared libraries
_SYSTEM_READ = ("/dev/null", "/dev/urandom", "/proc", "/sys", "/etc/localtime", "/usr/share", "/usr/local/share", "/etc/fonts",
                "/etc/ssl", "/usr/lib", "/lib", "/etc/ld.so.cache", "/etc/mime.types")
# event → (positions of paths, position of the dir_fd that makes them relative to a descriptor)
_WRITE_EVENTS = {"os.rename": ((0, 1), 2), "os.remove": ((0,), 1), "os.rmdir": ((0,), 1), "os.mkdir": ((0,), 2),
                 "os.symlink": ((1,), 2), "os.chmod": ((0,), 2), "os.truncate": ((0,), None), "os.link": ((1,), 2),
                 "shutil.copyfile": ((1,), None), "os.utime": ((0,), 4), "shutil.rmtree": ((0,), 1)}


def _audit(event: str, args) -> None:
    st = _STATE
    if not st.get("active"):
        return
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        real = _real(path)
        if real is None:
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
        if writing:
            if not _under(real, st["write_ok"]):
                st["writes"].append(real)
        elif not _under(real, st["read_ok"]):
            st["reads"].append(real)
    elif event in _WRITE_EVENTS:
        positions, fd_at = _WRITE_EVENTS[event]
        if fd_at is not None and fd_at < len(args) and args[fd_at] not in (None, -100):
            return  # relative to an open folder (shutil.rmtree of govproj's own temporary folder)
        for i in positions:
            if i < len(args):
                real = _real(args[i])
                if real is not None and not _under(real, st["write_ok"]):
                    st["writes"].append(f"{event} {real}")
    elif event == "subprocess.Popen":
        st["spawned"].append(" ".join(map(str, args[1] or []))[:200])


# --------------------------------------------------------------------------- workers


def _init_worker(base: str, drop: bool) -> None:
    import resource

    home = Path(tempfile.mkdtemp(prefix="govproj-fuzz-home-", dir=base))
    os.environ["HOME"] = str(home)
    os.environ["MPLCONFIGDIR"] = str(home / "mpl")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ.pop("GOVPROJ_RULEPACKS", None)
    os.environ.pop("GOVPROJ_DEBUG", None)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    for k, v in mut.GIT_ENV.items():
        os.environ[k] = v
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    import warnings

    warnings.simplefilter("ignore")
    _STATE["home"] = home
    _STATE["pristine"] = home / "pristine"
    for name in SOURCES:
        shutil.copytree(EXAMPLES / name, _STATE["pristine"] / name, ignore=shutil.ignore_patterns("out"))
    # warm the imports so that the first case is not the slow one
    import govproj.cli  # noqa: F401
    import matplotlib

    matplotlib.use("Agg")
    _STATE["drop"] = drop
    if drop:  # the permission cases run as nobody, who cannot read the Python installation: import all first
        unprivileged.warm_up(home)
        unprivileged.give_away(home)
    sys.addaudithook(_audit)


MUTATE_SECONDS = 60.0  # one mutation; the largest (a 5 MB record, 20,000 events) takes a few seconds


class Hang(BaseException):  # not an Exception: govproj's own "except Exception" must not swallow a timeout
    pass


def _alarm(signum, frame):
    raise Hang()


def _tree(root: Path) -> dict:
    """The dossier's files (names, link targets and contents), for “changed” checks; .git excluded."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in dirs + files:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            try:
                if p.is_symlink():
                    out[rel] = "->" + os.readlink(p)
                elif p.is_file() and not _is_fifo(p):
                    out[rel] = hashlib.sha1(p.read_bytes()).hexdigest()
                else:
                    out[rel] = "dir"
            except OSError:
                out[rel] = "unreadable"
    return out


def _is_fifo(p: Path) -> bool:
    import stat

    try:
        return stat.S_ISFIFO(p.lstat().st_mode)
    except OSError:
        return False


def _outside_state(outside: Path) -> dict:
    out = {}
    for dirpath, _dirs, files in os.walk(outside):
        for name in files:
            p = Path(dirpath) / name
            try:
                out[str(p)] = (p.stat().st_size, p.stat().st_mtime_ns)
            except OSError:
                out[str(p)] = None
    return out


def _prepare(rng: random.Random, index: int, base: Path) -> mut.Case:
    work = Path(tempfile.mkdtemp(prefix=f"case-{index}-", dir=base))
    source = rng.choice(SOURCES)
    dossier = work / "dossier"
    shutil.copytree(_STATE["pristine"] / source, dossier, symlinks=True)
    outside = work / "outside"
    (outside / "outdir").mkdir(parents=True)
    (outside / "secret.docx").write_bytes((EXAMPLES / "dossier-sample" / "attachments" / "20260202-可行性研究报告.docx").read_bytes())
    (outside / "secret.yaml").write_text("events: []\nsecret: 外部文件\n", "utf-8")
    (outside / "secret.txt").write_text("外部文件\n", "utf-8")
    (work / "tmp").mkdir()
    (work / "empty-bin").mkdir()
    case = mut.Case(index, work, dossier, outside)
    case.notes.append(f"source:{source}")
    if source in AS_OF:
        case.args += ["--as-of", AS_OF[source]]
    return case


def _pick(rng, weighted):
    total = sum(w for w, _ in weighted)
    x = rng.uniform(0, total)
    for w, item in weighted:
        x -= w
        if x <= 0:
            return item
    return weighted[-1][1]


def _argv(rng: random.Random, case: mut.Case, command: str) -> tuple[list[str], list[str]]:
    """The command line for ``command`` and the paths it names that govproj may read or write."""
    opts = list(case.args)
    named: list[str] = []

    def take(flag):
        if flag in opts:
            i = opts.index(flag)
            value = opts[i + 1] if flag not in ("--chart-if-estimate",) else True
            del opts[i: i + (1 if value is True else 2)]
            return value
        return None

    output = take("--output-target")
    rulepack = take("--rulepack-file")
    templates = take("--templates-dir")
    chart = take("--chart-if-estimate")
    as_of = [x for i, x in enumerate(opts) if i > 0 and opts[i - 1] == "--as-of"]
    as_of_args = ["--as-of", as_of[-1]] if as_of else []
    d = str(case.dossier)
    if command == "check":
        argv = ["check", d, *as_of_args, "-f", rng.choice(["text", "json", "sarif", "gitlab", "junit", "github"])]
        if output:
            argv += ["--output", output]
        if rulepack:
            argv += ["--rulepack", rulepack]
    elif command in ("estimate", "estimate_write"):
        argv = ["estimate", d, *as_of_args, "-f", rng.choice(["text", "json"])]
        if output:
            argv += ["--output", output]
        if rulepack:
            argv += ["--rulepack", rulepack]
        if chart or rng.random() < 0.05:
            c = str(case.work / rng.choice(["chart.png", "chart.svg"]))
            argv += ["--chart", c]
            named.append(c)
        if command == "estimate_write":
            argv += ["--write"] + (["--force"] if rng.random() < 0.7 else []) + (["--commit"] if case.git and rng.random() < 0.5 else [])
    elif command in ("change_request", "change_request_write"):
        argv = ["change-request", d, *as_of_args, "-f", rng.choice(["text", "json"])]
        argv += ["--dry-run"] if command == "change_request" else (["--commit"] if rng.random() < 0.5 else [])
    elif command == "baseline":
        argv = ["baseline", d] + (["--list"] if rng.random() < 0.5 else [])
    elif command in ("accept", "accept_render"):
        argv = ["accept", d, *as_of_args, "-f", rng.choice(["text", "json"])] + (["--no-render"] if command == "accept" else [])
    elif command in ("declare", "declare_render"):
        argv = ["declare", d, *as_of_args] + (["--no-render"] if command == "declare" else [])
    elif command == "declare_new":
        new = case.work / rng.choice(["新档案", "new dossier", "d"])
        argv = ["declare", str(new), "--regulation", rng.choice(["jiujiang-2024", "county-2023", "zunyi-2020", "nope"]),
                "--name", rng.choice(["测试项目", "数据中台{{二期}}", "a" * 3000, "\x01控制", "'\"引号"]),
                "--owner-unit", "某局", "--level", rng.choice(["city", "county", "星球"]), "--category", "integration",
                "--kind", "construction", "--nature", "new", "--not-classified",
                "--amount", rng.choice(["100", "1e400", mut.HUGE_INT, "-1", "NaN", "Infinity", "0.00001", "12.3456"]),
                *as_of_args]
        if rng.random() < 0.3:
            answers = case.work / "answers.yaml"
            answers.write_text(rng.choice(["name: [1, 2]\n", "total_investment: 1.0e+400\n", ":\n", "- a\n", "plan_year: 99999999999\n"]), "utf-8")
            argv += ["--answers", str(answers)]
            named.append(str(answers))
        if rng.random() < 0.3:
            argv.append("--no-git")
        named.append(str(new))
    elif command == "rules":
        argv = ["rules"] + rng.choice([[], ["jiujiang-2024"], ["county-2023", "CTY-M1"], ["../../etc/passwd"], ["zunyi-2020", "{x}"],
                                       ["jiujiang-2024", "JJ-25-2a"], ["\x00"], ["dalate-draft", "-" * 300]])
        argv += ["-f", rng.choice(["text", "json"])]
    else:  # render
        argv = ["render", d, *as_of_args]
        if templates:
            argv += ["--templates", templates]
    if output:
        named.append(output)
    if rulepack:
        named.append(rulepack)
    if templates:
        named.append(templates)
    return argv, named


def _classify(code, out: str, err: str, exc: str | None, custom_pack: bool) -> str | None:
    text = out + err
    if exc:
        return "internal"
    if code not in (0, 1, 2):
        return "internal"
    if "GP-INTERNAL" in text or "内部错误" in text or "Traceback (most recent call last)" in text:
        return "internal"
    if "无法执行" in text and "规则包" in text and not custom_pack:
        return "internal"
    return None


def _command(work: Path, argv: list[str], entry: bool, timeout: float) -> tuple:
    """Run one govproj command (in this process, or through the console script); returns
    (exit code or "hang", stdout, stderr, the text of an exception that escaped)."""
    out, err = io.StringIO(), io.StringIO()
    code, exc_text = None, None
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    cwd = os.getcwd()
    try:
        os.chdir(work)
        if entry and not any("\x00" in a for a in argv):  # no shell can pass a NUL in an argument
            code, o, e = _run_entry(argv, timeout)
            out.write(o)
            err.write(e)
        else:
            from govproj.cli import run
            from govproj.cli_check import fast_check

            signal.setitimer(signal.ITIMER_REAL, timeout * 3)  # wall clock: a blocked read (FIFO) uses no CPU
            signal.setitimer(signal.ITIMER_PROF, timeout)  # CPU time: fair on a loaded machine
            _STATE["active"] = True
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                # as the console script (govproj.entry): a plain check runs without typer, the rest through it
                code = fast_check(argv[1:]) if argv[:1] == ["check"] else None
                if code is None:
                    code = run(argv)
    except Hang:
        code = "hang"
    except BaseException as exc:  # noqa: BLE001 - everything that escapes the CLI is what we look for
        _STATE["active"] = False  # formatting the traceback reads source files
        if isinstance(exc, KeyboardInterrupt):
            raise
        exc_text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-6:])
    finally:
        _STATE["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue(), exc_text


def _command_and_audit(work: Path, argv: list[str], entry: bool, timeout: float) -> tuple:
    """``_command`` in the child that runs as nobody, with what the audit hook saw."""
    return (*_command(work, argv, entry, timeout), _STATE["reads"], _STATE["writes"])


class _Clock:
    """Wall and CPU seconds per phase of a case; CPU counts this process and the children it waited
    for (git, the console script)."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._mark = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        import resource

        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.monotonic(), me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def lap(self, phase: str) -> None:
        now = self._now()
        self.wall[phase] = round(self.wall.get(phase, 0.0) + now[0] - self._mark[0], 4)
        self.cpu[phase] = round(self.cpu.get(phase, 0.0) + now[1] - self._mark[1], 4)
        self._mark = now


def family(mutator) -> str:
    """``m_attachment_file`` → ``attachment_file``: the name a family has in reports."""
    return mutator.__name__.removeprefix("m_")


def run_case(seed: int, index: int, base: Path, timeout: float, entry: bool = False) -> dict:
    clock = _Clock()
    rng = random.Random(f"{seed}:{index}")
    case = _prepare(rng, index, base)
    clock.lap("setup")
    steps, families = [], []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        mutator = _pick(rng, mut.MUTATORS)
        families.append(family(mutator))
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, MUTATE_SECONDS)  # a harness slip (writing into a FIFO) must not block the run
        try:
            steps.append(mutator(rng, case))
        except Hang:
            steps.append(f"{mutator.__name__}: skipped (harness: blocked for {MUTATE_SECONDS:.0f} s)")
        except Exception as exc:  # noqa: BLE001 - a mutation that cannot apply is skipped, not a finding
            steps.append(f"{mutator.__name__}: skipped ({type(exc).__name__})")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    clock.lap("mutate")
    command = _pick(rng, COMMANDS)
    if command == "baseline" and "--list" in case.args:
        command = "baseline_list"
    argv, named = _argv(rng, case, command)
    read_only = command in READ_ONLY or (command == "baseline" and "--list" in argv)
    read_only = read_only and not any(a in argv for a in ("--output", "--chart"))
    before = _tree(case.dossier) if read_only else None
    hook_before = case.sentinel is not None and case.sentinel.exists()  # setup's own git commands may run it
    outside_before = _outside_state(case.outside)
    tmp = case.work / "tmp"
    clock.lap("observe")
    from govproj import gitutil
    from govproj.rules import rulepack

    gitutil.forget_cache()
    if "rulepack" in families:  # the built-in packs never change: kept from case to case unless a case swaps them
        rulepack.load_file.cache_clear()
        rulepack._available.cache_clear()
    allowed_sys = [os.path.realpath(p) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, str(ROOT / "govproj"),
                                                 os.path.dirname(os.__file__)}]
    dossier_real = os.path.realpath(case.dossier)
    named_real = [os.path.realpath(p) for p in named]
    named_real += [os.path.dirname(p) for p in named_real]  # the temporary sibling of an atomic write, parents made
    home = str(_STATE["home"])
    dot_git = case.dossier / ".git"
    if dot_git.is_file() and ("--commit" in argv or command == "baseline"):  # git's own folder, elsewhere
        with contextlib.suppress(OSError, ValueError):
            named_real.append(os.path.realpath(dot_git.read_text().split("gitdir:", 1)[1].strip()))
    _STATE.update(read_ok=[dossier_real, str(tmp), home, *named_real, *allowed_sys, *_SYSTEM_READ],
                  write_ok=[dossier_real, str(tmp), home, *named_real, "/dev/null"], reads=[], writes=[], spawned=[])
    env_saved = {k: os.environ.get(k) for k in [*case.env, "TMPDIR"]}
    os.environ.update(case.env)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = None
    started = time.monotonic()
    as_nobody = bool(_STATE.get("drop")) and bool(case.chmodded) and not entry
    try:
        if as_nobody:  # permission cases: root would read the mode-000 files
            unprivileged.give_away(case.work)
            try:
                code, o, e, exc_text, _STATE["reads"], _STATE["writes"] = unprivileged.call(
                    _command_and_audit, case.work, argv, entry, timeout, as_nobody=True)
            except unprivileged.ChildError as exc:
                code, o, e, exc_text = None, "", "", f"the case's child process as nobody: {str(exc)[-1500:]}"
        else:
            code, o, e, exc_text = _command(case.work, argv, entry, timeout)
    finally:
        for k, v in env_saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        tempfile.tempdir = None
    out, err = io.StringIO(o), io.StringIO(e)
    elapsed = time.monotonic() - started
    clock.lap("command")
    mut.restore_permissions(case)
    found: dict[str, str] = {}
    if code == "hang":
        found["hang"] = f"no answer after {timeout:.0f} s of CPU or {timeout * 3:.0f} s"
    else:
        kind = _classify(code, out.getvalue(), err.getvalue(), exc_text, any("rulepack" in s for s in steps))
        if kind:
            found[kind] = exc_text or (err.getvalue() + out.getvalue())[-600:]
    reads = [r for r in _STATE["reads"]]
    writes = [w for w in _STATE["writes"]]
    if reads:
        found["outside_read"] = "; ".join(sorted(set(reads))[:5])
    if _outside_state(case.outside) != outside_before:
        writes.append("outside/ changed")
    if writes:
        found["outside_write"] = "; ".join(sorted(set(writes))[:5])
    if read_only and not hook_before and case.sentinel is not None and case.sentinel.exists():
        found["hook_ran"] = "a repository hook or core.fsmonitor ran during a read-only command"
    if before is not None and code != "hang":
        after = _tree(case.dossier)
        if after != before:
            diff = sorted(set(before.items()) ^ set(after.items()))[:4]
            found["changed"] = f"read-only command changed the dossier: {diff}"
    stray = [str(p.relative_to(case.work)) for p in case.work.rglob("*.tmp")] if case.dossier.exists() else []
    stray += [str(p.relative_to(case.work)) for p in case.work.rglob("index.lock")]
    if stray and "changed" not in found:
        found["changed"] = f"temporary or lock files left: {stray[:4]}"
    result = {"index": index, "command": command, "argv": [a if len(a) < 120 else a[:60] + "…" for a in argv],
              "steps": steps, "notes": case.notes, "code": code if isinstance(code, int) else str(code),
              "seconds": round(elapsed, 3), "found": found, "entry": entry, "families": families,
              "user": "nobody" if as_nobody else str(os.geteuid())}
    with contextlib.suppress(OSError):
        shutil.rmtree(case.work, onerror=_force_remove)
    clock.lap("observe")
    result["wall"], result["cpu"] = clock.wall, clock.cpu
    return result


def _force_remove(func, path, _exc):
    with contextlib.suppress(OSError):
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
        func(path)


def _run_entry(argv: list[str], timeout: float):
    import subprocess

    exe = Path(sys.executable).parent / "govproj"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "govproj"]
    try:
        proc = subprocess.run(cmd + argv, capture_output=True, timeout=timeout, env=dict(os.environ))
    except subprocess.TimeoutExpired:
        raise Hang() from None
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def _worker(job):
    seed, index, base, timeout, entry = job
    return run_case(seed, index, Path(base), timeout, entry)


def scratch_root() -> str:
    """Where the cases live: a RAM-backed folder when there is one with room (and programs may run
    there: the hook cases need it), else the system's temporary folder. On a disk mounted with
    ``discard`` deleting each case's folder cost about 27 ms of wall time (measured, 150 cases)."""
    shm = "/dev/shm"
    with contextlib.suppress(OSError):
        st = os.statvfs(shm)
        if st.f_bavail * st.f_frsize >= 2 << 30 and not st.f_flag & os.ST_NOEXEC and os.access(shm, os.W_OK | os.X_OK):
            return shm
    return tempfile.gettempdir()


def fuzz(seed: int, cases: int, jobs: int = 2, timeout: float = 60.0, entry_every: int = 50, start: int = 0,
         drop: bool = True, progress=None, tmp: str | None = None) -> dict:
    """Run ``cases`` cases from ``seed``; returns the summary (counts per class and the findings)."""
    import multiprocessing as mp

    drop = drop and unprivileged.must_drop()
    base = Path(tempfile.mkdtemp(prefix="govproj-fuzz-", dir=tmp or scratch_root()))
    base.chmod(0o777)
    started = time.monotonic()
    jobs_list = [(seed, i, str(base), timeout, entry_every > 0 and i % entry_every == entry_every - 1)
                 for i in range(start, start + cases)]
    results = []
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(str(base), drop), maxtasksperchild=5000) as pool:
            for n, res in enumerate(pool.imap_unordered(_worker, jobs_list, chunksize=4), 1):
                results.append(res)
                if progress:
                    progress(n, cases, res)
    finally:
        shutil.rmtree(base, ignore_errors=True, onerror=None)
    results.sort(key=lambda r: r["index"])
    counts = {k: 0 for k in CLASSES}
    for r in results:
        for k in r["found"]:
            counts[k] += 1
    return {"seed": seed, "cases": len(results), "user": str(os.geteuid()), "start": start,
            "cases_as_nobody": sum(1 for r in results if r["user"] == "nobody"),
            "seconds": round(time.monotonic() - started, 1), "jobs": jobs, "scratch": str(base.parent), "counts": counts,
            "commands": {k: v["cases"] for k, v in costs(results, "command").items()},
            "cost": {"phases": phase_costs(results), "command": costs(results, "command"), "family": costs(results, "families")},
            "entry_point_cases": sum(1 for r in results if r["entry"]),
            "cases_detail": [{k: r[k] for k in ("index", "command", "families", "entry", "user", "code", "wall", "cpu")} for r in results],
            "findings": [r for r in results if r["found"]]}


def phase_costs(results: list[dict]) -> dict:
    """CPU and wall seconds per phase (setup, mutate, observe, command), summed over the cases."""
    out: dict[str, dict] = {}
    for r in results:
        for clock in ("cpu", "wall"):
            for phase, sec in r.get(clock, {}).items():
                out.setdefault(phase, {"cpu": 0.0, "wall": 0.0})[clock] += sec
    return {k: {c: round(v, 1) for c, v in d.items()} for k, d in out.items()}


def costs(results: list[dict], key: str) -> dict:
    """Per command (``key="command"``) or per mutation family (``key="families"``, a case counts once for
    each family it used): cases, CPU seconds in total and per case (whole case and the command alone),
    wall seconds per case, and the slowest case."""
    groups: dict[str, list[dict]] = {}
    for r in results:
        names = r[key] if isinstance(r[key], list) else [r[key]]
        for name in dict.fromkeys(names):
            groups.setdefault(name, []).append(r)
    out = {}
    for name, rs in sorted(groups.items()):
        cpu = [sum(r.get("cpu", {}).values()) for r in rs]
        wall = [sum(r.get("wall", {}).values()) for r in rs]
        slowest = max(range(len(rs)), key=lambda i: cpu[i])
        out[name] = {"cases": len(rs), "cpu": round(sum(cpu), 1), "cpu_per_case": round(sum(cpu) / len(rs), 3),
                     "command_cpu_per_case": round(sum(r.get("cpu", {}).get("command", 0) for r in rs) / len(rs), 3),
                     "wall_per_case": round(sum(wall) / len(rs), 3),
                     "slowest": {"index": rs[slowest]["index"], "cpu": round(cpu[slowest], 2)}}
    return out


def cost_table(summary: dict, key: str, top: int = 20) -> str:
    rows = sorted(summary["cost"][key].items(), key=lambda kv: -kv[1]["cpu"])[:top]
    lines = [f"  {key:22} {'cases':>6} {'CPU s':>8} {'CPU/case':>9} {'cmd CPU/case':>13} {'wall/case':>10}  slowest"]
    for name, c in rows:
        lines.append(f"  {name:22} {c['cases']:>6} {c['cpu']:>8.1f} {c['cpu_per_case']:>9.3f} {c['command_cpu_per_case']:>13.3f} "
                     f"{c['wall_per_case']:>10.3f}  case {c['slowest']['index']} ({c['slowest']['cpu']} s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description="govproj fuzz run (docs/reliability.md)")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--start", type=int, default=0, help="first case index (replay one case with --start N --cases 1)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0, help="CPU seconds per case (wall clock: three times that)")
    ap.add_argument("--entry-every", type=int, default=50, help="every Nth case runs through the console script")
    ap.add_argument("--report", type=Path, default=None, help="write the findings as JSON here")
    ap.add_argument("--no-drop", action="store_true", help="as root: keep root in the workers")
    ap.add_argument("--tmp", default=None, help="folder for the cases (default: /dev/shm when usable, else the temporary folder)")
    ap.add_argument("--costs", action="store_true", help="print CPU and wall seconds per command and per mutation family")
    ns = ap.parse_args(argv)

    def progress(n, total, res):
        if res["found"]:
            print(f"  case {res['index']} {res['command']}: {', '.join(res['found'])} ← {'; '.join(res['steps'])}", file=sys.stderr)
        if n % 500 == 0 or n == total:
            print(f"{n}/{total} cases", file=sys.stderr)

    summary = fuzz(ns.seed, ns.cases, ns.jobs, ns.timeout, ns.entry_every, ns.start, not ns.no_drop, progress, ns.tmp)
    if ns.report:
        ns.report.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), "utf-8")
    print(f"seed {summary['seed']}: {summary['cases']} cases in {summary['seconds']} s on {summary['jobs']} processes "
          f"({summary['entry_point_cases']} through the console script; {summary['cases_as_nobody']} permission cases as nobody)")
    for k in CLASSES:
        print(f"  {k:14} {summary['counts'][k]}")
    phases = summary["cost"]["phases"]
    total_cpu = sum(p["cpu"] for p in phases.values())
    print(f"  CPU {total_cpu:.1f} s ({total_cpu / max(1, summary['cases']):.3f} s per case): "
          + ", ".join(f"{k} {v['cpu']:.1f} s" for k, v in phases.items()))
    if ns.costs:
        print(cost_table(summary, "command"))
        print(cost_table(summary, "family"))
    return 1 if any(summary["counts"].values()) else 0
