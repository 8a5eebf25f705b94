"""Start-up: which modules a command imports, and the typer-free path of ``govproj check``.

No timing here (docs/performance.md measures): the tests pin the import structure that makes
start-up fast, and that the plain ``check`` path (cli_check.fast_check) ends exactly as typer's.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govproj import cli_check
from govproj.cli import run
from govproj.rules import rulepack as rulepacks
from tests.conftest import SAMPLE

AS_OF = ["--as-of", "2026-11-22"]

# heavy modules that a check of the sample must not load: the CLI framework, the render stack,
# charts, GitPython, and holidays (the sample's dates are all in chinesecalendar's official years)
NOT_FOR_CHECK = ["typer", "click", "matplotlib", "docxtpl", "docx", "jinja2", "git", "holidays", "PIL"]


def imported_by(*argv: str) -> set[str]:
    """The modules ``govproj ARGV`` has loaded when it ends (in a fresh interpreter)."""
    script = (
        "import sys\n"
        "from govproj.entry import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    return set(p.stderr.rsplit("MODULES ", 1)[1].split())


def top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_no_framework_and_no_checker():
    loaded = imported_by("--version")
    assert not top(loaded) & {"typer", "click", "rich", "yaml", "jsonschema_rs"}
    assert "govproj.check" not in loaded and "govproj.cli" not in loaded


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_imports_only_what_it_needs(fmt):
    loaded = imported_by("check", str(SAMPLE), "-f", fmt, *AS_OF)
    assert "govproj.check" in loaded  # it did check
    assert not top(loaded) & set(NOT_FOR_CHECK), top(loaded) & set(NOT_FOR_CHECK)
    assert "govproj.cli" not in loaded  # the typer app is not built
    assert not {m for m in loaded if m.startswith(("govproj.render", "govproj.estimate", "govproj.lifecycle"))}
    if fmt == "json":
        assert "rich" not in top(loaded)  # rich only draws the text report


def test_help_still_comes_from_typer():
    loaded = imported_by("check", "--help")
    assert "typer" in top(loaded) and "govproj.cli" in loaded


# --------------------------------------------------------------------------- both paths end alike


def both(capsys, args: list[str]):
    """(exit code, stdout, stderr) of the fast path and of the typer path for ``check ARGS``."""
    fast = cli_check.fast_check(args)
    assert fast is not None, f"{args} should take the fast path"
    out, err = capsys.readouterr()
    full = run(["check", *args])
    out2, err2 = capsys.readouterr()
    return (fast, out, err), (full, out2, err2)


@pytest.mark.parametrize("extra", [
    [], ["-f", "json"], ["--format=sarif"], ["-f", "junit"], ["-f", "gitlab"], ["-f", "github"],
    ["--strict"], ["--jobs", "1"], ["-j", "2"],
])
def test_plain_check_ends_as_typer_s(capsys, extra):
    fast, full = both(capsys, [str(SAMPLE), *AS_OF, *extra])
    assert fast == full


def test_problems_end_alike(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    for args in ([str(tmp_path / "missing"), *AS_OF], [str(tmp_path / "a.txt"), *AS_OF], [str(tmp_path), *AS_OF],
                 [str(SAMPLE), "--rulepack", str(broken), *AS_OF], [str(SAMPLE), "--rulepack", str(tmp_path), *AS_OF],
                 [str(SAMPLE), "--output", str(tmp_path), *AS_OF]):
        fast, full = both(capsys, args)
        assert fast == full and fast[0] == 2, args


def test_output_file_is_the_same(capsys, tmp_path):
    for fmt in ("text", "json", "html"):
        a, b = tmp_path / f"fast.{fmt}", tmp_path / f"full.{fmt}"
        code = cli_check.fast_check([str(SAMPLE), "-f", fmt, "-o", str(a), *AS_OF])
        assert code == run(["check", str(SAMPLE), "-f", fmt, "-o", str(b), *AS_OF])
        assert a.read_bytes() == b.read_bytes()
    capsys.readouterr()
    assert json.loads((tmp_path / "fast.json").read_text(encoding="utf-8"))["dossiers"]


def test_changed_since_outside_git_ends_alike(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    fast, full = both(capsys, [str(SAMPLE), "--changed-since", "main", *AS_OF])
    assert fast == full and fast[0] == 2


@pytest.mark.parametrize("raised,ends", [(KeyboardInterrupt, 130), (BrokenPipeError(32, "Broken pipe"), SystemExit),
                                         (EOFError, 1), (RuntimeError("defect"), RuntimeError)])
def test_interruptions_end_alike(monkeypatch, capsys, raised, ends):
    def interrupted(*args, **kwargs):
        raise raised

    monkeypatch.setattr(sys, "stdout", sys.stdout)  # a closed pipe replaces the streams; put them back after
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    monkeypatch.setattr(cli_check, "run_check", interrupted)
    monkeypatch.setattr("govproj.cli.run_check", interrupted)
    outcomes = []
    for call in (lambda: cli_check.fast_check([str(SAMPLE), *AS_OF]), lambda: run(["check", str(SAMPLE), *AS_OF])):
        try:
            outcomes.append(("returned", call()))
        except (SystemExit, RuntimeError) as exc:
            outcomes.append((type(exc), getattr(exc, "code", None)))
        outcomes.append(capsys.readouterr())
    assert outcomes[0:2] == outcomes[2:4]
    assert outcomes[0] == (("returned", ends) if isinstance(ends, int) else (ends, 1 if ends is SystemExit else None))


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["--format", "xml"], ["-fjson"], ["--format="], ["--jobs", "0"], ["--jobs", "x"],
    ["--as-of", "2026-13-01"], ["--strict=yes"], ["-f", "json", "-f", "text"], ["--", "x"], ["-"],
    ["--output"], ["--output", "-x"], ["--bogus"],
])
def test_anything_unusual_is_left_to_typer(args):
    assert cli_check.parse_check(args) is None


def test_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_GOVPROJ_COMPLETE", "bash_source")
    assert cli_check.fast_check([str(SAMPLE), *AS_OF]) is None


def test_usage_errors_via_the_console_script_stay_typer_s():
    exe = [sys.executable, "-c", "import sys; from govproj.entry import main; main(sys.argv[1:])"]
    p = subprocess.run([*exe, "check", "--format", "xml"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "值无效" in p.stderr and "govproj check --help" in p.stderr


# --------------------------------------------------------------------------- built-in rulepacks


@pytest.mark.parametrize("reg", sorted(rulepacks.available()))
def test_builtin_packs_are_valid_so_loading_may_skip_the_schema(reg):
    path = rulepacks.available()[reg]
    if path.parent != rulepacks.BUILTIN_DIR:
        pytest.skip("a pack from GOVPROJ_RULEPACKS")
    assert rulepacks.schema_problems(rulepacks.read(path)) == []


# --------------------------------------------------------------------------- one command built


COMMANDS = ["check", "report", "declare", "baseline", "change-request", "accept", "estimate", "render", "rules", "rulepack"]


def test_the_app_lists_every_command():
    import typer.main

    from govproj import cli

    assert sorted(typer.main.get_command(cli.app).commands) == sorted(COMMANDS)
    assert cli.app_for(["--help"]) is cli.app and cli.app_for(["nope"]) is cli.app and cli.app_for([]) is cli.app


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("extra", [["--bogus"], [], ["a", "b", "c", "d"], ["--as-of"]])
def test_one_command_app_answers_as_the_whole_app(name, extra, capsys, monkeypatch, tmp_path):
    from govproj import cli

    monkeypatch.chdir(tmp_path)  # nothing here to act on
    args = [name, *extra]
    assert len(cli.app_for(args).registered_commands) + len(cli.app_for(args).registered_groups) == 1
    one = (run(args), *capsys.readouterr())
    monkeypatch.setattr(cli, "app_for", lambda args: cli.app)
    whole = (run(args), *capsys.readouterr())
    assert one == whole
