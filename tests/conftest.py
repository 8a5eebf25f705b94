from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "dossier-sample"
SAMPLE_AS_OF = date(2026, 11, 22)


@pytest.fixture
def sample(tmp_path) -> Path:
    """A private copy of the bundled sample dossier."""
    dest = tmp_path / "dossier-sample"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("out"))
    return dest


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from govproj.cli import run

    def _run(*args: str):
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def govproj_executable() -> str:
    exe = Path(sys.executable).parent / "govproj"
    if exe.exists():
        return str(exe)
    found = shutil.which("govproj")
    if not found:
        pytest.skip("govproj 入口脚本未安装（pip install -e .）")
    return found
