"""Load a dossier folder: read every record, validate it, and collect every problem at once.

``load_dossier`` never raises for bad input: what cannot be read becomes a finding and
``LoadResult.unreadable`` is set (exit code 2), so one broken file never hides the others.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from govproj.dossier import boundary, schema
from govproj.dossier.layout import FOLDERS, PROJECT_FILE, SINGLE_FILES, dossier_files
from govproj.dossier.model import Dossier, Record
from govproj.dossier.yamlread import YamlReadError, read_yaml
from govproj.findings import Finding
from govproj.fsutil import reason
from govproj.paths import inside_real, real_root


@dataclass(slots=True)
class LoadResult:
    dossier: Dossier
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False


def load_dossier(root: Path) -> LoadResult:
    dossier = Dossier(root=root)
    result = LoadResult(dossier)
    if not (root / PROJECT_FILE).is_file():
        result.unreadable = True
        result.findings.append(
            Finding(
                "GP-NOT-DOSSIER",
                "error",
                f"目录 {root} 不是项目档案：缺少 {PROJECT_FILE}",
                "项目档案是含有 project.yaml 的目录；用 govproj declare 目录 --regulation 办法编号 新建档案。",
                file=PROJECT_FILE,
            )
        )
        return result
    root_real = real_root(root)
    with _no_cycle_collection():
        for rel, kind in dossier_files(root):
            _load_record(root, root_real, rel, kind, result)
    _unknown_files(root, result)
    return result


@contextmanager
def _no_cycle_collection():
    """Reading builds hundreds of thousands of nodes, dicts and lists and no reference cycles, so
    the cycle collector has nothing to find there, yet its scans cost a fifth of a check
    (docs/performance.md). It is paused while the records are read and resumes afterwards; memory
    is still freed by reference counting, and the size limits of ``yamlread`` bound it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_record(root: Path, root_real: str, rel: str, kind, result: LoadResult) -> None:
    path = root / rel
    if not inside_real(root_real, rel):  # a record linked from outside the dossier is never read
        result.unreadable = True
        result.dossier.unreadable.add(rel)
        result.findings.append(Finding("GP-PATH", "error", f"{rel} 是指向档案之外的链接，未读取",
                                       "档案记录应是档案目录中的普通文件：用文件本身替换该链接。", file=rel))
        return
    try:
        raw = _read_bytes(path)
        doc = read_yaml(raw)
    except YamlReadError as exc:
        result.unreadable = True
        result.dossier.unreadable.add(rel)
        result.findings.append(
            Finding("GP-YAML", "error", f"无法读取 {rel}：{exc.message}", exc.hint, file=rel, line=exc.line, column=exc.column)
        )
        return
    except OSError as exc:
        result.unreadable = True
        result.dossier.unreadable.add(rel)
        result.findings.append(
            Finding("GP-YAML", "error", f"无法打开 {rel}：{reason(exc)}", "检查文件是否存在以及读取权限。", file=rel)
        )
        return
    record = Record(rel, kind, doc.data, doc)
    reported: list[tuple] = []
    for problem in doc.problems:
        message = problem.message
        if problem.rule == "GP-SCHEMA":  # a value out of range, refused where it was read
            message = f"{boundary.field_name(kind.schema, problem.path)}：{message}"
            reported.append(problem.path)
        result.findings.append(
            Finding(problem.rule, "error", message, problem.hint, file=rel, line=problem.line, column=problem.column,
                    path=schema.json_path(problem.path))
        )
    misplaced = boundary.misplaced_dates(kind.schema, doc.data, doc.dates)
    for path, message, hint in misplaced:
        line, column = record.locate(path)
        reported.append(path)
        result.findings.append(Finding("GP-SCHEMA", "error", message, hint, file=rel, line=line, column=column,
                                       path=schema.json_path(path)))
    problems = schema.validate(kind.schema, doc.data, doc)
    for p in problems:
        for one in p.get("many", [p]):
            if boundary.covered(tuple(one["path"]), reported):
                continue
            if one["key_position"]:
                line, column = record.locate_key(one["path"])
            elif one["at_parent"]:
                line, column = record.locate(one["path"][:-1])
            else:
                line, column = record.locate(one["path"])
            result.findings.append(
                Finding("GP-SCHEMA", "error", one["message"], one["hint"], file=rel, line=line, column=column,
                        path=schema.json_path(one["path"]) or None)
            )
    record.valid = not problems and not doc.problems and not misplaced
    if record.valid:
        schema.normalize(kind.schema, record.data, doc)
    result.dossier.records[rel] = record


def _read_bytes(path: Path) -> bytes:
    from govproj.dossier.yamlread import MAX_FILE_BYTES

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # do not read 50 MB into memory just to refuse it
        raise YamlReadError(
            f"文件过大：{size / 1024 / 1024:.1f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限",
            "档案中的 YAML 记录通常只有几 KB；大文件（扫描件、数据表）请放到 attachments/ 目录并在记录中引用其路径。",
        )
    return path.read_bytes()


def _unknown_files(root: Path, result: LoadResult) -> None:
    """YAML files govproj does not know: say so, since they are silently not checked."""
    for p in sorted(root.glob("*.y*ml")):
        if p.name not in SINGLE_FILES:
            guess = _closest(p.name, list(SINGLE_FILES))
            result.findings.append(
                Finding("GP-UNKNOWN-FILE", "warning" if guess else "info",
                        f"govproj 不识别文件 {p.name}，不会检查其内容",
                        f"是不是 {guess}？" if guess else "档案文件见 docs/dossier.md；其他资料请放到 attachments/。",
                        file=p.name)
            )
    for folder, kind in FOLDERS.items():
        d = root / folder
        try:
            names = sorted(d.iterdir()) if d.is_dir() else []
        except OSError:  # unreadable: dossier_files lists the folder itself and _load_record says why
            continue
        for p in names:
            if p.suffix in (".yaml", ".yml") and not kind.pattern.match(p.name):
                example = "CR-001.yaml" if folder == "changes" else "2026-11.yaml 或 2026-Q4.yaml"
                result.findings.append(
                    Finding("GP-FILENAME", "error", f"{folder}/{p.name} 的文件名不符合约定",
                            f"{kind.title}的文件名应形如 {example}。", file=f"{folder}/{p.name}")
                )


def _closest(name: str, names: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return match[0] if match else None
