"""Generate N realistic synthetic dossiers for the benchmarks, from the bundled examples.

Each dossier is a copy of one of the six example dossiers (all five regulations) with its own
project name and a different total investment (the first budget line and the first funding
line are adjusted by the same amount, so every dossier stays valid). Attachments are copied
as-is: they are small. Output: benchmarks/corpus/<N>/d0001 … (ignored by git).

    python benchmarks/generate.py 1000
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["dossier-sample", "county-2023", "jiujiang-2024", "jiangjin-2022", "zunyi-2020", "dalate-draft"]
_TOTAL = re.compile(r"(?m)^(total_investment:\s*)([0-9.]+)")
_FIRST_AMOUNT = re.compile(r"(\bamount:\s*)([0-9.]+)")


def _bump(text: str, pattern: re.Pattern, delta: int) -> str:
    def repl(m):
        value = m.group(2)
        places = len(value.split(".")[1]) if "." in value else 0
        new = f"{float(value) + delta:.{places}f}" if places else str(int(value) + delta)
        return m.group(1) + new

    return pattern.sub(repl, text, count=1)


def _link(src, dst):
    """Hard links keep 1,000 copies of the attachments cheap; the YAML records are rewritten below."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def generate(n: int, out: Path | None = None) -> Path:
    out = out or ROOT / "benchmarks" / "corpus" / str(n)
    if out.exists() and len(list(out.iterdir())) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for i in range(n):
        src = ROOT / "examples" / EXAMPLES[i % len(EXAMPLES)]
        dst = out / f"d{i + 1:04d}"
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("out"), copy_function=_link)
        delta = i % 7  # 0–6 万元 more, spread over the first budget line and the first funding line
        p = dst / "project.yaml"
        text = p.read_text(encoding="utf-8")
        p.unlink()  # break the hard link before writing
        text = re.sub(r"(?m)^name:\s*(.+)$", lambda m, n=i + 1: f"name: {m.group(1)}（样本{n:04d}）", text, count=1)
        p.write_text(_bump(text, _TOTAL, delta), encoding="utf-8")
        b = dst / "budget.yaml"
        if b.exists():
            text = b.read_text(encoding="utf-8")
            b.unlink()
            items, _, rest = text.partition("\nfunding:")
            items = _bump(items, _FIRST_AMOUNT, delta)
            if rest:
                rest = _bump(rest, _FIRST_AMOUNT, delta)
                text = items + "\nfunding:" + rest
            else:
                text = items
            b.write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":
    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
