"""Rulepacks: one regulation as one data file.

Built-in packs live in ``govproj/regulations/<id>.yaml``. Users add their own county's
regulation by writing such a file and pointing govproj at it with ``--rulepack FILE`` or by
listing directories in ``GOVPROJ_RULEPACKS`` (separated by ``os.pathsep``) — no Python.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "regulations"
STATUS_LABELS = {"trial": "试行", "interim": "暂行", "draft": "征求意见稿", "final": "正式"}


class RulepackError(Exception):
    """A rulepack file cannot be used; the message is Chinese and names the file."""


@dataclass
class Rulepack:
    id: str
    data: dict
    path: Path
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def status(self) -> str:
        return self.data.get("status", "final")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def summary(self) -> dict:
        """The ``regulation`` object of the JSON output (design §5)."""
        return {"id": self.id, "title": self.title, "status": self.status_label}


def search_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("GOVPROJ_RULEPACKS", "").split(os.pathsep) if p]
    return dirs + [BUILTIN_DIR]


def available() -> dict[str, Path]:
    """id → file of every rulepack that can be named in ``project.yaml``; user directories first,
    so a user's file with a built-in id overrides the built-in pack."""
    return dict(_available(os.environ.get("GOVPROJ_RULEPACKS", "")))


@lru_cache(maxsize=8)
def _available(_env: str) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for d in search_dirs():
        if d.is_dir():
            for p in sorted(d.glob("*.yaml")):
                found.setdefault(p.stem, p)
    return tuple(found.items())


@lru_cache(maxsize=64)
def load_file(path: Path) -> Rulepack:
    from govproj.dossier.yamlread import YamlReadError, read_yaml

    try:
        doc = read_yaml(path.read_bytes())
    except OSError as exc:
        raise RulepackError(f"无法打开规则包 {path}：{exc.strerror or exc}") from None
    except YamlReadError as exc:
        where = f"第 {exc.line} 行第 {exc.column} 列" if exc.line else ""
        raise RulepackError(f"规则包 {path} {where}无法读取：{exc.message}。{exc.hint}") from None
    data = doc.data
    from govproj.dossier import schema

    problems = schema.validate("rulepack", data)
    if problems or doc.problems:
        lines = []
        for p in doc.problems:
            lines.append(f"  第 {p.line} 行第 {p.column} 列：{p.message}")
        for p in problems:
            for one in p.get("many", [p]):
                line, column = doc.locate(one["path"][:-1] if one["at_parent"] else one["path"])
                lines.append(f"  第 {line} 行第 {column} 列：{one['message']}")
        raise RulepackError(f"规则包 {path} 不符合规则包格式（docs/rulepacks.md）：\n" + "\n".join(lines))
    schema.normalize("rulepack", data)
    return Rulepack(data["id"], data, path)


def load(regulation_id: str) -> Rulepack | None:
    path = available().get(regulation_id)
    return load_file(path) if path else None
