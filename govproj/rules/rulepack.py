"""Rulepacks: one regulation as one data file.

Built-in packs live in ``govproj/regulations/<id>.yaml``. Users add their own county's
regulation by writing such a file and pointing govproj at it with ``--rulepack FILE``, by
listing directories in ``GOVPROJ_RULEPACKS`` (separated by ``os.pathsep``), or by naming
folders in a ``.govproj.yaml`` at the repository root (``rulepacks: [folder, …]``) — no Python.

A pack may ``extends:`` another (a pack id or a file): it inherits the base's parameters,
derived facts, rules, routes, forms, change rules and acceptance, replaces those it defines
again under the same id or name, and drops the ids listed in ``remove:`` (docs/rulepacks.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "regulations"
CONFIG_NAME = ".govproj.yaml"
MAX_RULEPACK_BYTES = 5 * 1024 * 1024  # the largest built-in pack is ~100 KB
STATUS_LABELS = {"trial": "试行", "interim": "暂行", "draft": "征求意见稿", "final": "正式"}
_MATERIAL = re.compile(r"-M\d+$")  # the old convention: acceptance-material rules end in -M<n>


class RulepackError(Exception):
    """A rulepack file cannot be used; the message is Chinese and names the file."""


@dataclass
class Rulepack:
    id: str
    data: dict
    path: Path
    extra: dict = field(default_factory=dict)
    doc: object = None  # the YamlDocument of this file, to locate values
    base: "Rulepack | None" = None
    # rule id / parameter name → (the pack whose file defines it, path inside that file)
    origin: dict = field(default_factory=dict)

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

    def source_of(self, key: str) -> "Rulepack":
        """The pack (this one or a base) whose file defines rule/parameter ``key``."""
        return self.origin.get(key, (self, ()))[0]

    def chain(self) -> list["Rulepack"]:
        """This pack and the packs it extends, nearest first."""
        out, p = [], self
        while p is not None:
            out.append(p)
            p = p.base
        return out


# --------------------------------------------------------------------------- where packs are found


def config_file(start: Path | None = None) -> Path | None:
    """The ``.govproj.yaml`` of the repository the command runs in: searched from ``start``
    (default: the working directory) upwards, stopping at the git root."""
    d = (start or Path.cwd()).resolve()
    for p in [d, *d.parents]:
        if (p / CONFIG_NAME).is_file():
            return p / CONFIG_NAME
        if (p / ".git").exists():
            return None
    return None


def config_dirs(start: Path | None = None) -> list[Path]:
    """Rulepack folders named by the repository configuration (relative to the file)."""
    path = config_file(start)
    if path is None:
        return []
    return list(_config_dirs(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def _config_dirs(path: Path, _mtime: int) -> tuple[Path, ...]:
    from govproj.dossier.yamlread import YamlReadError, read_yaml

    try:
        from govproj.paths import read_limited

        doc = read_yaml(read_limited(path, MAX_RULEPACK_BYTES, "仓库配置"))
    except OSError as exc:
        raise RulepackError(str(exc) if getattr(exc, "chinese", False) else f"无法打开仓库配置 {path}：{exc.strerror or exc}") from None
    except YamlReadError as exc:
        where = f"{path}:{exc.line}:{exc.column}" if exc.line else str(path)
        raise RulepackError(f"{where}：仓库配置无法读取：{exc.message}。{exc.hint}") from None
    folders = doc.data.get("rulepacks", [])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        line, column = doc.locate(("rulepacks",))
        raise RulepackError(f"{path}:{line}:{column}：rulepacks 应为目录列表（相对于该文件），例如 rulepacks: [regulations]")
    out = []
    for i, f in enumerate(folders):
        d = (path.parent / f).resolve()
        if not d.is_dir():
            line, column = doc.locate(("rulepacks", i))
            raise RulepackError(f"{path}:{line}:{column}：rulepacks 中的目录 {f} 不存在")
        out.append(d)
    return tuple(out)


def search_dirs() -> list[Path]:
    """Where packs are looked up, first wins: GOVPROJ_RULEPACKS, the repository's
    ``.govproj.yaml``, the built-in packs."""
    dirs = [Path(p) for p in os.environ.get("GOVPROJ_RULEPACKS", "").split(os.pathsep) if p]
    return dirs + config_dirs() + [BUILTIN_DIR]


def available() -> dict[str, Path]:
    """id → file of every rulepack that can be named in ``project.yaml``; user directories first,
    so a user's file with a built-in id overrides the built-in pack."""
    return dict(_available(tuple(search_dirs())))


@lru_cache(maxsize=8)
def _available(dirs: tuple[Path, ...]) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for d in dirs:
        if d.is_dir():
            for p in sorted(d.glob("*.yaml")):
                if p.name != CONFIG_NAME:
                    found.setdefault(p.stem, p)
    return tuple(found.items())


# --------------------------------------------------------------------------- loading


def read(path: Path):
    """The YamlDocument of a pack file, or RulepackError with file:line:column."""
    from govproj.dossier.yamlread import YamlReadError, read_yaml

    try:
        from govproj.paths import read_limited

        return read_yaml(read_limited(path, MAX_RULEPACK_BYTES, "规则包"))
    except OSError as exc:
        raise RulepackError(str(exc) if getattr(exc, "chinese", False) else f"无法打开规则包 {path}：{exc.strerror or exc}") from None
    except YamlReadError as exc:
        where = f"{path}:{exc.line}:{exc.column}" if exc.line else str(path)
        raise RulepackError(f"{where}：规则包无法读取：{exc.message}。{exc.hint}") from None


def schema_problems(doc, builtin: bool = False) -> list[tuple[int, int, str]]:
    """(line, column, message) of every schema problem of a pack document. A ``builtin`` pack (one
    shipped in BUILTIN_DIR) is not validated again: tests/test_rulepacks.py validates every one, and
    compiling the rulepack schema's validator would cost each ``govproj check`` about 20 ms."""
    from govproj.dossier import schema

    out = [(p.line, p.column, p.message) for p in doc.problems]
    for p in [] if builtin else schema.validate("rulepack", doc.data):
        for one in p.get("many", [p]):
            line, column = doc.locate(one["path"][:-1] if one["at_parent"] else one["path"])
            out.append((line, column, one["message"]))
    return out


@lru_cache(maxsize=64)
def load_file(path: Path) -> Rulepack:
    return _load(path, ())


def _load(path: Path, seen: tuple) -> Rulepack:
    doc = read(path)
    problems = schema_problems(doc, builtin=path.parent == BUILTIN_DIR)
    if problems:
        lines = [f"  {path}:{line}:{column}：{message}" for line, column, message in problems]
        raise RulepackError(f"规则包 {path} 不符合规则包格式（docs/rulepacks.md）：\n" + "\n".join(lines))
    from govproj.dossier import schema

    data = doc.data
    schema.normalize("rulepack", data)
    pack = Rulepack(data["id"], data, path, doc=doc)
    for i, r in enumerate(data.get("rules", [])):
        pack.origin[r["id"]] = (pack, ("rules", i))
    for name in data.get("parameters", {}):
        pack.origin[name] = (pack, ("parameters", name))
    if data.get("extends"):
        base_path = resolve_base(data["extends"], path)
        if base_path.resolve() in seen or base_path.resolve() == path.resolve():
            line, column = doc.locate(("extends",))
            raise RulepackError(f"{path}:{line}:{column}：extends 形成循环（{data['extends']}）")
        base = _load(base_path.resolve(), seen + (path.resolve(),))
        pack = _merge(base, pack)
    return pack


def resolve_base(name: str, child: Path) -> Path:
    """The file a pack's ``extends`` names: a file relative to the pack, or a pack id."""
    candidate = child.parent / name
    if name.endswith((".yaml", ".yml")) or "/" in name:
        if candidate.is_file():
            return candidate
    else:
        path = available().get(name)
        if path is not None and path.resolve() != child.resolve():
            return path
        if name == child.stem:  # a user's pack that shadows the built-in one it extends
            builtin = BUILTIN_DIR / f"{name}.yaml"
            if builtin.is_file():
                return builtin
    raise RulepackError(f"{child}：extends 指定的规则包 {name} 不存在（可写已有规则包的编号，或相对于本文件的路径）")


_BY_ID = ("routes", "forms", "savings", "not_checkable")  # lists merged by id
# what a pack inherits; its title, issuer, dates, scope, text … are its own
_INHERITED = ("parameters", "derived", "rules", "not_checkable", "routes", "forms", "savings", "ambiguities",
              "acceptance", "change_rules", "declaration_windows", "extensions")


def _merge(base: Rulepack, child: Rulepack) -> Rulepack:
    """The child's data over the base's: same id/name replaces, new ones are added, ``remove`` drops."""
    b, c = base.data, child.data
    removed = set(c.get("remove", []))
    data = {k: v for k, v in b.items() if k in _INHERITED}  # the base's own metadata is not the child's
    for key, value in c.items():
        if key in ("parameters", "derived"):
            merged = {k: v for k, v in b.get(key, {}).items() if k not in removed}
            merged.update(value)
            data[key] = merged
        elif key == "rules" or key in _BY_ID:
            mine = {x.get("id"): x for x in value}
            out = [mine.pop(x.get("id"), x) for x in b.get(key, []) if x.get("id") not in removed]
            data[key] = out + list(mine.values())
        elif key == "ambiguities":
            data[key] = list(b.get(key, [])) + list(value)
        elif key == "acceptance":
            data[key] = {**b.get(key, {}), **value}
        elif key == "extensions":  # the base's own names stay known
            ext = b.get(key, {})
            data[key] = {k: ({**ext.get(k, {}), **v} if isinstance(v, dict) else [*ext.get(k, []), *v])
                         for k, v in {**ext, **value}.items()}
        else:
            data[key] = value
    for key in ("rules", "not_checkable", "routes", "forms", "savings"):
        if key in data and key not in c:
            data[key] = [x for x in data[key] if x.get("id") not in removed]
    for key in ("parameters", "derived"):
        if key in data and key not in c:
            data[key] = {k: v for k, v in data[key].items() if k not in removed}
    if "acceptance" in data and data["acceptance"].get("materials") and removed:
        data["acceptance"] = dict(data["acceptance"])
        data["acceptance"]["materials"] = [m for m in data["acceptance"]["materials"]
                                           if (m if isinstance(m, str) else m.get("id")) not in removed]
    pack = Rulepack(child.id, data, child.path, doc=child.doc, base=base)
    pack.origin = {k: v for k, v in base.origin.items() if k not in removed}
    pack.origin.update(child.origin)
    return pack


def load(regulation_id: str) -> Rulepack | None:
    path = available().get(regulation_id)
    return load_file(path) if path else None


# --------------------------------------------------------------------------- acceptance materials


def materials(pack: Rulepack, applies=None) -> list[dict]:
    """The acceptance-material rules of a pack: those ``acceptance.materials`` lists (by rule id),
    or — for packs without that list — the rules whose id ends in ``-M<n>``. With ``applies``
    (a rule → bool, e.g. the engine context's ``applies``), only the materials the project needs:
    a classified system's 安全保密测评报告 is not a material of a non-classified one."""
    listed = (pack.data.get("acceptance") or {}).get("materials")
    rules = pack.data.get("rules", [])
    if listed is None:
        found = [r for r in rules if _MATERIAL.search(r["id"])]
    else:
        by_id = {r["id"]: r for r in rules}
        found = [by_id[i] for i in listed if i in by_id]
    return [r for r in found if applies is None or _safely(applies, r)]


def _safely(applies, rule) -> bool:
    try:
        return applies(rule) is not False  # unknown (a fact not stated) keeps the material
    except Exception:  # noqa: BLE001 - a defective condition is reported by govproj check; keep the material
        return True


def is_material(pack: Rulepack, rule: dict) -> bool:
    return any(r is rule for r in materials(pack))
