"""The dossier's files (design §4): which file holds what, and which schema checks it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_FILE = "project.yaml"


@dataclass(frozen=True, slots=True)
class RecordKind:
    name: str  # key in Dossier.records for single files, or the folder for collections
    schema: str  # schema file name without ".schema.json"
    title: str  # Chinese name shown to users
    pattern: re.Pattern | None = None  # for files in a folder: the allowed file names


SINGLE_FILES: dict[str, RecordKind] = {
    "project.yaml": RecordKind("project", "project", "项目基本信息"),
    "budget.yaml": RecordKind("budget", "budget", "投资与资金"),
    "events.yaml": RecordKind("events", "events", "项目事项"),
    "documents.yaml": RecordKind("documents", "documents", "项目材料"),
    "data-catalog.yaml": RecordKind("data-catalog", "data-catalog", "数据资源目录"),
    "security.yaml": RecordKind("security", "security", "安全与密码"),
    "cloud.yaml": RecordKind("cloud", "cloud", "政务云资源需求清单"),
    "calendar.yaml": RecordKind("calendar", "calendar", "工作日历补充"),
}

FOLDERS: dict[str, RecordKind] = {
    "changes": RecordKind("changes", "change", "变更申请", re.compile(r"CR-[0-9]{3,}\.yaml\Z")),
    "progress": RecordKind("progress", "progress", "进度报告", re.compile(r"[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])\.yaml\Z")),
}

ATTACHMENTS = "attachments"
OUTPUT_DIR = "out"
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ATTACHMENTS, OUTPUT_DIR}


def is_dossier(path: Path) -> bool:
    return (path / PROJECT_FILE).is_file()


def find_dossiers(root: Path) -> list[Path]:
    """Every folder at or below ``root`` that holds a ``project.yaml``, sorted.
    A dossier's own subfolders are not searched for further dossiers."""
    if is_dossier(root):
        return [root]
    found: list[Path] = []
    for current, dirs, files in os.walk(root):
        if PROJECT_FILE in files:
            found.append(Path(current))
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
    return sorted(found)


def dossier_files(root: Path) -> list[tuple[str, RecordKind]]:
    """(relative path, kind) of every record file present, in a stable order."""
    result = []
    for name, kind in SINGLE_FILES.items():
        if (root / name).is_file():
            result.append((name, kind))
    for folder, kind in FOLDERS.items():
        d = root / folder
        if d.is_dir():
            try:
                names = sorted(d.iterdir())
            except OSError:  # an unreadable folder is listed itself: loading it says why (never an internal error)
                result.append((f"{folder}/", kind))
                continue
            for p in names:
                if p.suffix in (".yaml", ".yml") and p.is_file():
                    result.append((f"{folder}/{p.name}", kind))
    return result


SCHEMA_COPY_DIR = ".govproj/schemas"  # written by govproj declare, for editors (offline, versioned)


def modeline(dossier: Path, rel_file: str, schema: str) -> str:
    """The ``# yaml-language-server: $schema=`` line for a file govproj writes, pointing at the
    dossier's own copy of the schemas when it has one."""
    copy = dossier / SCHEMA_COPY_DIR
    if not copy.is_dir():
        return ""
    depth = rel_file.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_COPY_DIR}/{schema}.schema.json\n"
