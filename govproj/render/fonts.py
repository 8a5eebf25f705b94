"""Which face each GB/T 9704 role gets on this machine, through fontconfig and the project's alias
file (govproj/render/fonts/fonts.conf): LibreOffice (``--pdf``) and the charts use the same answer.

The documents name the official faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); the alias file
appends open stand-ins after each (FandolFang, Noto Serif CJK SC Bold, Noto Sans CJK SC, AR PL KaitiM GB),
so a machine that has the licensed faces uses them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"

# role → the family the documents name (govproj/render/gbt9704.py)
ROLES = (("标题", "方正小标宋简体"), ("正文", "仿宋_GB2312"), ("一级标题", "黑体"), ("二级标题", "楷体_GB2312"),
         ("页码", "宋体"))

# Debian packages that bring the stand-ins (README, docs/render.md, .ci/run)
DEBIAN_PACKAGES = ("fonts-noto-cjk", "texlive-lang-chinese", "fonts-liberation2")


def environment(base: dict | None = None) -> dict:
    """The environment for a program that should see the alias file (LibreOffice, fc-match).
    fontconfig reads FONTCONFIG_FILE as an absolute path; the file includes the system's own."""
    env = dict(os.environ if base is None else base)
    env["FONTCONFIG_FILE"] = str(CONF)
    return env


@dataclass(frozen=True)
class Face:
    family: str
    style: str
    file: str


def match(family: str, lang: str = "zh-cn") -> Face | None:
    """fontconfig's choice for ``family`` (with the alias file), or None without fc-match."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--format=%{family[0]}\t%{style[0]}\t%{file}", f"{family}:lang={lang}"],
                             capture_output=True, text=True, timeout=30, env=environment()).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = out.split("\t")
    return Face(*parts) if len(parts) == 3 and parts[2] else None


@lru_cache(maxsize=None)
def cached_match(family: str) -> Face | None:
    return match(family)


def roles() -> list[tuple[str, str, Face | None]]:
    """[(role, official family, face used here)] — docs/render.md shows this table."""
    return [(role, family, match(family)) for role, family in ROLES]
