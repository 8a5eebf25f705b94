"""The README's console blocks are real: each ``$ govproj …`` line is run (in a copy of the
examples, one block after another, so a block may use what an earlier one made) and its output
— stdout and stderr as a terminal shows them — must equal the text below it. Normalised: only
today's date (shown as 今天的日期) and the table width (every command runs at COLUMNS=100).
A block whose last line is ``…`` shows the first lines of a longer output.

After a deliberate change of output: ``.venv/bin/python -m tests.test_readme`` rewrites the blocks."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from datetime import date

import pytest

from tests.conftest import ROOT, govproj_executable

README = ROOT / "README.md"
WIDTH = "100"


def _parse(block: str) -> list[tuple[str, list[str]]]:
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    return commands


def blocks() -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as [(command, expected output lines)]."""
    return [_parse(b) for b in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S)]


def normalise(text: str) -> list[str]:
    text = text.replace(date.today().isoformat(), "今天的日期")
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_readme_has_console_blocks():
    commands = [c for b in blocks() for c, _ in b]
    for name in ("check", "rules", "estimate", "render", "declare"):
        assert any(c.startswith(f"govproj {name}") for c in commands), name


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns("out"))
    return work


def run(command: str, cwd, exe: str) -> str:
    """What a terminal shows for ``command`` (stdout and stderr in order) at the README's width."""
    env = dict(os.environ, COLUMNS=WIDTH, PYTHONUNBUFFERED="1", NO_COLOR="1", TERM="dumb")
    env.pop("FORCE_COLOR", None)
    args = shlex.split(command.split("  #", 1)[0])
    assert args[0] == "govproj", command
    return subprocess.run([exe, *args[1:]], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120).stdout


def test_console_blocks_are_what_govproj_prints(workdir):
    """One test for all blocks, in the README's order: a later block works on what an earlier one
    made (the dossier ``declare`` creates), so they cannot be spread over test workers."""
    wrong = []
    for command, expected in (pair for block in blocks() for pair in block):
        got, want = normalise(run(command, workdir, govproj_executable())), normalise("\n".join(expected))
        if want and want[-1] == "…":
            want = want[:-1]
            got = got[: len(want)]
        if got != want:
            wrong.append(f"$ {command}\n" + "\n".join(got))
    assert not wrong, "README 的示例输出与 govproj 实际输出不同（python -m tests.test_readme 可更新）：\n\n" + "\n\n".join(wrong)


def update() -> None:
    """Rewrite every console block with what govproj prints now (keeping a block's ``…`` cut)."""
    import sys
    import tempfile
    from pathlib import Path

    work = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns("out"))
    exe = str(Path(sys.executable).parent / "govproj")

    def block(m):
        out = []
        for command, expected in [(c, e) for c, e in _parse(m.group(1))]:
            got = normalise(run(command, work, exe))
            if expected and expected[-1] == "…":
                got = got[: len(expected) - 1] + ["…"]
            out += [f"$ {command}", *got]
        return "```console\n" + "\n".join(out) + "\n```"

    text = re.sub(r"```console\n(.*?)```", block, README.read_text(encoding="utf-8"), flags=re.S)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update()
