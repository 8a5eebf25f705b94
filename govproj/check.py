"""``govproj check`` as a library function: schemas, cross-file consistency and the
regulation's rules, for one or many dossiers.

    from govproj.check import check_paths
    result = check_paths(["examples/dossier-sample"], as_of=date(2026, 11, 22))
    result.exit_code()  # 0, 1 or 2 (design §5)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from govproj.dossier.consistency import check_consistency
from govproj.dossier.layout import find_dossiers
from govproj.dossier.load import load_dossier
from govproj.findings import Finding, count_by_severity
from govproj.rules import rulepack as rulepacks


@dataclass
class DossierResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    regulation: dict | None = None
    unreadable: bool = False

    @property
    def summary(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "regulation": self.regulation,
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
            "summary": self.summary,
        }


@dataclass
class CheckResult:
    as_of: date
    dossiers: list[DossierResult] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        total = {"dossiers": len(self.dossiers), "error": 0, "warning": 0, "info": 0}
        for d in self.dossiers:
            for k, v in d.summary.items():
                total[k] += v
        return total

    def exit_code(self, strict: bool = False) -> int:
        """2: some input could not be read; 1: errors (or warnings with --strict); 0: otherwise."""
        if any(d.unreadable for d in self.dossiers):
            return 2
        s = self.summary()
        if s["error"] or (strict and s["warning"]):
            return 1
        return 0


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def check_dossier(root: Path, as_of: date, rulepack_file: Path | None = None) -> DossierResult:
    loaded = load_dossier(root)
    result = DossierResult(display_path(root), list(loaded.findings), unreadable=loaded.unreadable)
    dossier = loaded.dossier
    if "project.yaml" not in dossier.records and not (root / "project.yaml").is_file():
        return result
    result.findings += check_consistency(dossier, as_of)
    pack, problem = _rulepack_for(dossier, rulepack_file)
    if problem:
        result.findings.append(problem)
    if pack is not None:
        result.regulation = pack.summary()
        result.findings += regulation_findings(dossier, pack, as_of)
    return result


def regulation_findings(dossier, pack, as_of: date) -> list[Finding]:
    """The regulation's own rules (the rule engine plugs in here)."""
    from govproj.rules.engine import evaluate

    return evaluate(dossier, pack, as_of)


def _rulepack_for(dossier, rulepack_file: Path | None):
    if rulepack_file is not None:
        try:
            return rulepacks.load_file(rulepack_file.resolve()), None
        except rulepacks.RulepackError as exc:
            return None, Finding("GP-RULEPACK", "error", str(exc), "检查 --rulepack 指定的文件。")
    reg = dossier.regulation_id
    if reg is None:
        return None, None  # the schema layer already reports a missing or invalid regulation
    try:
        pack = rulepacks.load(reg)
    except rulepacks.RulepackError as exc:
        return None, Finding("GP-RULEPACK", "error", str(exc), "修正该规则包文件，或从 GOVPROJ_RULEPACKS 中移除它。")
    if pack is None:
        known = "、".join(sorted(rulepacks.available()))
        rec = dossier.records["project.yaml"]
        line, column = rec.locate(("regulation",))
        return None, Finding(
            "GP-REGULATION", "error", f"未知的管理办法 {reg}",
            f"regulation 应为已支持的规则包编号之一：{known}；自定义规则包可用 --rulepack 文件 或环境变量 GOVPROJ_RULEPACKS 指定。",
            file="project.yaml", line=line, column=column, path="regulation")
    return pack, None


def check_paths(paths: list[str | Path], as_of: date, rulepack_file: Path | None = None) -> CheckResult:
    result = CheckResult(as_of)
    for target in expand_targets(paths, result):
        result.dossiers.append(check_dossier(target, as_of, rulepack_file))
    return result


def expand_targets(paths, result: CheckResult) -> list[Path]:
    """Dossier folders named by ``paths``; a path that names none becomes an unreadable entry."""
    targets: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file() and p.name == "project.yaml":
            p = p.parent
        if not p.exists():
            result.dossiers.append(_path_problem(raw, f"路径 {raw} 不存在", "检查路径拼写；在档案目录中运行可省略路径。"))
            continue
        if p.is_file():
            result.dossiers.append(_path_problem(
                raw, f"{raw} 是文件，不是项目档案目录",
                "请给出档案目录（含 project.yaml 的目录），而不是其中的单个文件。"))
            continue
        found = find_dossiers(p)
        if not found:
            result.dossiers.append(_path_problem(
                raw, f"目录 {raw} 不是项目档案：其中及其子目录中都没有 project.yaml",
                "项目档案是含有 project.yaml 的目录；用 govproj declare 目录 --regulation 办法编号 新建档案。"))
        targets += found
    return targets


def _path_problem(raw, message: str, hint: str) -> DossierResult:
    return DossierResult(str(raw), [Finding("GP-PATH", "error", message, hint)], unreadable=True)
