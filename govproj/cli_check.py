"""``govproj check`` without the CLI framework, and the helpers of the command line that need none.

``govproj check`` of one dossier runs in every merge request, so its start-up counts
(docs/performance.md): typer and click cost about as much as the check itself. ``entry.main``
hands a plain check command line — known options in their plain forms, valid values, no help —
to ``fast_check``, which runs the same ``run_check`` that the typer command in cli.py runs.
Anything else (help, a usage error, an unknown or repeated option, shell completion) is left to
typer, so help texts and error messages stay the CLI's own. The outcome is the same either way:
tests/test_cli_startup.py compares both paths.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

EXIT_USAGE = 2
FORMATS = ("text", "json", "sarif", "gitlab", "junit", "github", "html")  # cli.CheckFormat


class Exit(Exception):
    """Leave the command with ``exit_code``; what is wrong has already been printed."""

    def __init__(self, exit_code: int):
        super().__init__(exit_code)
        self.exit_code = exit_code


def fail(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr)
    raise Exit(EXIT_USAGE)


def known_error(exc: BaseException) -> int | None:
    """Print an error every command may meet (a broken pack, an unreadable file, git) in Chinese
    and return the exit code; ``None`` for anything else."""
    from govproj.rules.rulepack import RulepackError

    if isinstance(exc, Exit):
        return exc.exit_code
    if isinstance(exc, RulepackError):  # e.g. a broken .govproj.yaml, met by whichever command looks up packs
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, OSError):  # unreadable or unwritable files and folders (govproj.paths refusals included)
        from govproj.fsutil import describe

        print(f"错误：{describe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    if "govproj.gitutil" in sys.modules:  # a GitError needs git, so the module is loaded
        from govproj.gitutil import GitError

        if isinstance(exc, GitError):
            print(f"错误：{exc}", file=sys.stderr)  # git missing, a broken or bare repository
            return EXIT_USAGE
    return None


# --------------------------------------------------------------------------- shared helpers


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from govproj.fsutil import atomic_write
    from govproj.paths import output_file

    if output.is_dir():
        fail(f"--output 指定的 {output} 是目录；请给出文件名。")
    try:
        atomic_write(output_file(output), text)
    except OSError as exc:
        fail(f"无法写入 {output}：{os_reason(exc)}。")


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese (never "[Errno 2] …")."""
    import errno

    return {errno.ENOENT: "路径不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EISDIR: "这是目录",
            errno.ENOTDIR: "路径中有一段不是目录", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读",
            errno.EEXIST: "已存在同名文件"}.get(exc.errno, "操作系统拒绝了这次读写")


def rulepack_file(option: Path | None) -> Path | None:
    """The --rulepack file, readable and valid, or exit 2 with the reason."""
    if option is None:
        return None
    from govproj.rules import rulepack as rulepacks

    if not option.exists():
        fail(f"--rulepack 指定的文件 {option} 不存在。")
    if not option.is_file():
        fail(f"--rulepack 指定的 {option} 不是文件。")
    try:
        rulepacks.load_file(option.resolve())
    except rulepacks.RulepackError as exc:
        fail(str(exc))
    return option


class NonTty:
    """A text buffer that says it is not a terminal, so the report has no colour codes."""

    def __init__(self, buffer):
        self._buffer = buffer

    def write(self, s):
        return self._buffer.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False


class ProgressBar:
    """A rich progress bar on stderr, shown only for long runs on a terminal."""

    def __init__(self):
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if total < 20:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("检查档案"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("check", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def machine_report(fmt: str, result, rulepack=None) -> str:
    if fmt == "html":
        from govproj.report import html

        return html.render(result, rulepack)
    if fmt == "json":
        from govproj.report import json as json_report

        return json_report.render(result)
    from govproj.report import ci

    return {"sarif": ci.sarif, "gitlab": ci.gitlab, "junit": ci.junit, "github": ci.github}[fmt](result)


# --------------------------------------------------------------------------- the check command


def run_check(paths: list[str] | None, fmt: str, output: Path | None, day: date, strict: bool,
              rulepack: Path | None, changed_since: str | None, jobs: int | None) -> int:
    """The body of ``govproj check`` (options already parsed); returns the exit code."""
    from govproj.check import changed_dossiers, check_paths

    rulepack = rulepack_file(rulepack)
    targets = paths or ["."]
    only = None
    if changed_since:
        from govproj import gitutil

        try:
            only = changed_dossiers(targets, changed_since)
        except gitutil.GitError as exc:
            fail(str(exc))
    progress = ProgressBar() if sys.stderr.isatty() and fmt == "text" else None
    try:
        result = check_paths(targets, day, rulepack, jobs=jobs, only=only, progress=progress)
    finally:
        if progress:
            progress.close()
    if changed_since and not result.dossiers:
        print(f"自 {changed_since} 以来没有档案发生变化。", file=sys.stderr)
    if fmt == "text":
        from govproj.report import text as text_report

        if output is None:
            text_report.render(result)
        else:
            import io

            buffer = io.StringIO()
            text_report.render(result, text_report.make_console(NonTty(buffer)))
            write_output(buffer.getvalue(), output)
    else:
        write_output(machine_report(fmt, result, rulepack), output)
    return result.exit_code(strict)


# option → (keyword, takes a value); the plain forms only (cli.check defines the options)
_OPTIONS = {"--format": ("fmt", True), "-f": ("fmt", True), "--output": ("output", True), "-o": ("output", True),
            "--as-of": ("as_of", True), "--strict": ("strict", False), "--rulepack": ("rulepack", True),
            "--changed-since": ("changed_since", True), "--jobs": ("jobs", True), "-j": ("jobs", True)}


def parse_check(args: list[str]) -> dict | None:
    """The options of a plain ``check`` command line, or ``None`` when typer must parse it."""
    given: dict = {}
    paths: list[str] = []
    rest = list(args)
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            paths.append(token)
            continue
        name, eq, value = token.partition("=")
        if name not in _OPTIONS:
            return None  # --help, --, -fjson, a mistyped option …: typer says what is wrong
        key, takes_value = _OPTIONS[name]
        if key in given:
            return None
        if not takes_value:
            if eq:
                return None
            given[key] = True
            continue
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        given[key] = value
    if given.get("fmt", "text") not in FORMATS:
        return None
    jobs = given.get("jobs")
    if jobs is not None:
        if not (jobs.isascii() and jobs.isdigit() and int(jobs) >= 1):
            return None
        jobs = int(jobs)
    as_of = given.get("as_of")
    try:
        day = date.today() if as_of is None else date.fromisoformat(as_of)  # cli.parse_date
    except ValueError:
        return None
    return {"paths": paths or None, "fmt": given.get("fmt", "text"),
            "output": Path(given["output"]) if "output" in given else None, "day": day,
            "strict": given.get("strict", False),
            "rulepack": Path(given["rulepack"]) if "rulepack" in given else None,
            "changed_since": given.get("changed_since"), "jobs": jobs}


class _Pacified:
    """A stream whose flush ignores a closed pipe (what click does after ``govproj check | head``)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped

    def flush(self):
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def fast_check(args: list[str]) -> int | None:
    """Run ``govproj check ARGS`` without typer and return the exit code, or ``None`` when the
    command line is not a plain one (then the full CLI runs it). Errors end as in ``cli.run``."""
    if any(k.startswith(("_GOVPROJ_COMPLETE", "_TYPER_COMPLETE")) for k in os.environ):
        return None  # shell completion is typer's
    options = parse_check(args)
    if options is None:
        return None
    import errno
    import warnings

    # as cli.run: matplotlib names each missing CJK glyph in English; the commands say it once, in Chinese
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    try:
        return run_check(**options)
    except Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:  # as click: exit 130
        return 130
    except EOFError:  # as click: aborted
        print(file=sys.stderr)
        print("已中止。", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # as click: exit 1, and no complaint when the streams are flushed
            sys.stdout = _Pacified(sys.stdout)
            sys.stderr = _Pacified(sys.stderr)
            raise SystemExit(1) from None
        code = known_error(exc)
        if code is None:
            raise
        return code
    except Exception as exc:
        code = known_error(exc)
        if code is None:
            raise
        return code
