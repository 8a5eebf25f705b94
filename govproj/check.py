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
from govproj.paths import display_path  # noqa: F401 - re-exported: callers use check.display_path
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


def check_dossier(root: Path, as_of: date, rulepack_file: Path | None = None, stage_floor: str | None = None) -> DossierResult:
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
        result.findings += regulation_findings(dossier, pack, as_of, stage_floor)
    return result


def regulation_findings(dossier, pack, as_of: date, stage_floor: str | None = None) -> list[Finding]:
    """The regulation's own rules (the rule engine plugs in here); ``stage_floor`` for ``declare``."""
    from govproj.dossier.model import RecordInvalid
    from govproj.rules.engine import Context, evaluate

    ctx = None
    if stage_floor:  # take the project as at least at this stage (declare: as if declaring now)
        ctx = Context(dossier, pack, as_of)
        try:
            if ctx.stage_index() < ctx.stage_index(stage_floor):
                ctx.stage = stage_floor
        except RecordInvalid:  # events.yaml has format errors: the stage is unknown, the rules that need it say so
            ctx = Context(dossier, pack, as_of)
    return evaluate(dossier, pack, as_of, ctx=ctx)


def _rulepack_for(dossier, rulepack_file: Path | None):
    if rulepack_file is not None:
        try:
            pack = rulepacks.load_file(rulepack_file.resolve())
        except rulepacks.RulepackError as exc:
            return None, Finding("GP-RULEPACK", "error", str(exc), "检查 --rulepack 指定的文件。")
        reg = dossier.regulation_id
        if reg is not None and reg != pack.id:  # another regulation's pack never wins silently
            line, column = dossier.records["project.yaml"].locate(("regulation",))
            return pack, Finding(
                "GP-RULEPACK", "warning",
                f"档案适用的管理办法是 {reg}，而 --rulepack 指定的规则包是 {pack.id}（{pack.title}）：本次按 {pack.id} 检查",
                f"检查本档案应使用编号为 {reg} 的规则包；项目确实改按 {pack.id} 管理的，把 project.yaml 的 regulation 改为 {pack.id}。",
                file="project.yaml", line=line, column=column, path="regulation")
        return pack, None
    reg = dossier.regulation_id
    if reg is None:
        return None, None  # the schema layer already reports a missing or invalid regulation
    try:
        pack = rulepacks.load(reg)
    except rulepacks.RulepackError as exc:
        return None, Finding("GP-RULEPACK", "error", str(exc), "修正该规则包文件（govproj rulepack check 文件），或从 GOVPROJ_RULEPACKS、.govproj.yaml 中移除它。")
    if pack is None:
        known = "、".join(sorted(rulepacks.available()))
        rec = dossier.records["project.yaml"]
        line, column = rec.locate(("regulation",))
        return None, Finding(
            "GP-REGULATION", "error", f"未知的管理办法 {reg}",
            f"regulation 应为已支持的规则包编号之一：{known}；自定义规则包可用 --rulepack 文件 或环境变量 GOVPROJ_RULEPACKS 指定。",
            file="project.yaml", line=line, column=column, path="regulation")
    return pack, None


PARALLEL_FROM = 8  # dossiers; below this, starting worker processes costs more than it saves


def default_jobs() -> int:
    """Worker processes when ``--jobs`` is not given: the CPUs this process may use that are idle
    now (usable CPUs minus the 1-minute load average, at least one). Measured (docs/performance.md):
    on idle cores a worker per core shortens the wall time, but on busy cores the pool is slower
    than one process and costs about a third more CPU."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows
        load = 0.0
    return max(1, min(cpus, int(cpus - load + 0.5)))


def _check_one(args) -> DossierResult:
    target, as_of, rulepack_file = args
    try:
        return check_dossier(target, as_of, rulepack_file)
    except Exception as exc:  # noqa: BLE001 - one dossier's defect never stops the others
        return DossierResult(display_path(target), [Finding(
            "GP-INTERNAL", "error", f"检查 {target} 时 govproj 内部出错：{type(exc).__name__}: {exc}",
            "这是 govproj 的缺陷；请设置 GOVPROJ_DEBUG=1 单独检查该档案并报告问题。")], unreadable=True)


def check_paths(paths: list[str | Path], as_of: date, rulepack_file: Path | None = None, jobs: int | None = None,
                only: set[Path] | None = None, progress=None) -> CheckResult:
    """Check every dossier named by or found below ``paths``; ``jobs`` worker processes (default:
    one per idle CPU, ``default_jobs``) for many dossiers; ``only`` restricts to these dossier folders (``--changed-since``);
    ``progress(done, total)`` is called as dossiers finish."""
    result = CheckResult(as_of)
    targets = expand_targets(paths, result)
    if only is not None:
        keep = {p.resolve() for p in only}
        targets = [t for t in targets if t.resolve() in keep]
    result.dossiers += parallel_map(_check_one, [(t, as_of, rulepack_file) for t in targets], jobs, progress)
    return result


def parallel_map(fn, args: list, jobs: int | None = None, progress=None):
    """``fn`` over ``args`` in order: in ``jobs`` worker processes (default ``default_jobs``) when
    there are at least ``PARALLEL_FROM`` items, else in this process; ``progress(done, total)``
    after each. ``check`` and the HTML report share it, so both follow the measured default."""
    workers = min(jobs or (default_jobs() if len(args) >= PARALLEL_FROM else 1), len(args))
    if workers > 1 and len(args) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(args) // (workers * 16))
            for i, res in enumerate(pool.map(fn, args, chunksize=chunk), 1):
                yield res
                if progress:
                    progress(i, len(args))
        return
    for i, a in enumerate(args, 1):
        yield fn(a)
        if progress:
            progress(i, len(args))


def changed_dossiers(paths: list[str | Path], ref: str) -> set[Path]:
    """Dossier folders below ``paths`` with a file changed since ``ref`` (against the merge base,
    committed or not, untracked included). Raises ``gitutil.GitError`` with a Chinese message."""
    from govproj import gitutil

    repo = gitutil.repo_root(Path.cwd())
    if repo is None:
        raise gitutil.GitError("--changed-since 需要在 git 仓库中运行。")
    sha = gitutil.git(repo, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False).strip()
    if not sha:
        hint = gitutil.SHALLOW_HINT if gitutil.is_shallow(repo) else "检查分支或提交名称；CI 中可能需要先 git fetch origin 该分支。"
        raise gitutil.GitError(f"找不到 --changed-since 指定的 {ref}。{hint}")
    base = gitutil.git(repo, "merge-base", sha, "HEAD", check=False).strip() or sha
    names = set(gitutil.git(repo, "diff", "--name-only", "-z", base).split("\0"))
    names |= set(gitutil.git(repo, "ls-files", "--others", "--exclude-standard", "-z").split("\0"))
    changed = {(repo / n).resolve() for n in names if n}
    found: set[Path] = set()
    scratch = CheckResult(date.today())
    for target in expand_targets(paths, scratch):
        root = target.resolve()
        if any(c == root or root in c.parents for c in changed):
            found.add(target)
    return found


def expand_targets(paths, result: CheckResult) -> list[Path]:
    """Dossier folders named by ``paths``; a path that names none becomes an unreadable entry."""
    targets: list[Path] = []
    for raw in paths:
        p = Path(raw)
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
