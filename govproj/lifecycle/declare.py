"""``govproj declare``: start a dossier for a regulation, or run the declaration-stage checks
on an existing one (window, rules, package).

A new dossier gets every record file with Chinese comments and a schema modeline pointing at
its own copy of the schemas (``.govproj/schemas``: editors validate offline, and the copy is
versioned with the dossier), the fields the regulation's declaration stage needs as
commented lines to fill in, a ``.gitignore`` for ``out/``, ``git init`` when it is not inside
a repository, and a first commit. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from govproj import gitutil
from govproj.dossier.layout import SCHEMA_COPY_DIR
from govproj.dossier.schema import SCHEMA_DIR, load_schema, schema_at

ESSENTIALS = ["name", "owner_unit", "level", "category", "kind", "nature", "classified", "total_investment"]
UNFINISHED = ".govproj/declare-unfinished"  # in a new dossier until its first commit is made
GITIGNORE = "# govproj render / check --output 生成的文件\nout/\n"


class DeclareError(Exception):
    """The dossier cannot be created; the message is Chinese."""


@dataclass
class Scaffold:
    root: Path
    files: list[str] = field(default_factory=list)
    git_initialised: bool = False
    commit: str | None = None


def _title(schema: str, key: str) -> str:
    sub = schema_at(load_schema(schema), (key,))
    return sub.get("title", key)


def _enum_label(schema: str, key: str, value) -> str:
    sub = schema_at(load_schema(schema), (key,))
    labels = dict(zip(sub.get("enum", []), sub.get("enumDescriptions", []), strict=False))
    return labels.get(value, "")


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    text = str(value)
    if any(c in text for c in ":#{}[],&*!|>'\"%@`") or text.strip() != text or text.lower() in ("true", "false", "null", "yes", "no"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def declaration_fields(pack) -> list[str]:
    """project.yaml fields the regulation requires by the declaration stage."""
    order = ["planning", "declaration", "review"]
    fields: list[str] = []
    for r in pack.data.get("rules", []):
        if r["kind"] == "require" and (r.get("stage") in order or not r.get("stage")):
            for f in r.get("fields") or []:
                if f.startswith("project.") and "." not in f[8:]:
                    key = f[8:]
                    if key not in fields:
                        fields.append(key)
    for key in ("application_unit", "location", "plan_year", "period", "responsible_person", "contact", "basis",
                "necessity", "main_tasks", "performance_goals", "implementation", "funding_sources", "deployment"):
        if key not in fields:
            fields.append(key)
    return [f for f in fields if f not in ESSENTIALS and f != "regulation"]


def _project_yaml(pack, answers: dict) -> str:
    lines = ["# yaml-language-server: $schema=.govproj/schemas/project.schema.json",
             f"# 项目基本信息。适用：{pack.title}。字段说明见 docs/dossier.md；运行 govproj check 检查。",
             f"regulation: {pack.id}"]
    for key in ESSENTIALS:
        value = answers[key]
        label = _enum_label("project", key, value)
        comment = _title("project", key) + (f"：{label}" if label else "")
        lines.append(f"{key}: {_scalar(value)}".ljust(40) + f"  # {comment}")
    if answers.get("plan_year"):
        lines.append(f"plan_year: {answers['plan_year']}".ljust(40) + "  # 计划年度")
    lines.append("")
    lines.append("# 申报阶段还需要的信息：去掉行首的“# ”并填写。")
    for key in declaration_fields(pack):
        if key == "plan_year" and answers.get("plan_year"):
            continue
        sub = schema_at(load_schema("project"), (key,))
        hint = sub.get("title", key)
        if sub.get("type") == "object":
            lines.append(f"# {key}:".ljust(40) + f"  # {hint}（{'、'.join(list(sub.get('properties', {}))[:5])} 等）")
        elif sub.get("type") == "array":
            lines.append(f"# {key}: []".ljust(40) + f"  # {hint}（列表）")
        else:
            lines.append(f"# {key}:".ljust(40) + f"  # {hint}")
    return "\n".join(lines) + "\n"


def _files(pack, answers: dict) -> dict[str, str]:
    total = answers["total_investment"]
    return {
        "project.yaml": _project_yaml(pack, answers),
        "budget.yaml": (
            "# yaml-language-server: $schema=.govproj/schemas/budget.schema.json\n"
            "# 投资与资金：明细行金额合计须等于 project.yaml 的 total_investment（万元，精确到 4 位小数）。\n"
            "items:\n"
            "  - category: other                   # 费用类别，见 docs/dossier.md\n"
            "    item: （待分解）项目总投资\n"
            f"    amount: {_scalar(total)}\n"
            "# funding:                            # 资金来源，合计等于总投资\n"
            "#   - source: city_fiscal\n"
            f"#     amount: {_scalar(total)}\n"
            "# quotes:                             # 厂商报价（九江第十八条：三家以上）\n"
            "#   - {vendor: 某公司, amount: 0, file: attachments/报价单.pdf}\n"),
        "events.yaml": (
            "# yaml-language-server: $schema=.govproj/schemas/events.schema.json\n"
            "# 项目事项：只记录已经发生的事项，一项一条，写明日期与文号。批复事项（如 fsr_approved）提交后，\n"
            "# 运行 govproj baseline 建立批复基线。\n"
            "events: []\n"),
        "documents.yaml": (
            "# yaml-language-server: $schema=.govproj/schemas/documents.schema.json\n"
            "# 项目材料：文件放在 attachments/ 下；sections 为章节标题（不填则从 .docx 读取）。\n"
            "documents: []\n"),
        "attachments/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }


def scaffold(root: Path, pack, answers: dict, git: bool = True, commit: bool = True) -> Scaffold:
    missing = [k for k in ESSENTIALS if answers.get(k) is None]
    if missing:
        raise DeclareError("缺少：" + "、".join(f"{k}（{_title('project', k)}）" for k in missing))
    if (root / "project.yaml").exists():
        raise DeclareError(f"{root} 已经是项目档案（有 project.yaml），不会覆盖。")
    files = _files(pack, answers)
    conflicts = [name for name in files if (root / name).exists() and name != ".gitignore"]
    if (root / SCHEMA_COPY_DIR).exists():
        conflicts.append(SCHEMA_COPY_DIR)
    if conflicts:
        raise DeclareError(f"{root} 中已有这些文件，为避免覆盖已停止：{'、'.join(conflicts)}")
    from govproj.fsutil import atomic_write

    result = Scaffold(root)
    root.mkdir(parents=True, exist_ok=True)
    unfinished = root / UNFINISHED
    if git and commit:  # removed once committed; a killed run is finished by the next (lifecycle.recover)
        atomic_write(unfinished, f"govproj declare：新建项目档案「{answers['name']}」（{pack.title}）\n")
    for name, text in files.items():
        target = root / name
        if name == ".gitignore" and target.exists():
            existing = target.read_text(encoding="utf-8")
            if "out/" in existing.split():
                continue
            text = existing.rstrip("\n") + "\n" + GITIGNORE
        atomic_write(target, text)
        result.files.append(name)
    copy = root / SCHEMA_COPY_DIR
    copy.mkdir(parents=True)
    for p in sorted(SCHEMA_DIR.glob("*.schema.json")):
        if p.name != "rulepack.schema.json":
            shutil.copyfile(p, copy / p.name)
    result.files.append(SCHEMA_COPY_DIR)
    if git:
        repo = gitutil.repo_root(root)
        if repo is None:
            gitutil.git(root, "init", "-q")
            gitutil.forget_cache()
            repo = root
            result.git_initialised = True
        if commit:  # finished by the next run if this one is killed (gitutil.finish_pending)
            rel = gitutil.relpath(repo, root) or "."
            message = f"govproj declare：新建项目档案「{answers['name']}」（{pack.title}）"
            gitutil.intend_commit(repo, [rel], message)
            unfinished.unlink(missing_ok=True)
            result.commit = gitutil.commit(repo, [rel], message)
    return result


# --------------------------------------------------------------------------- existing dossiers


@dataclass
class Window:
    title: str
    deadline: date
    article: str
    quote: str
    inside: bool
    days_left: int


def windows(pack, plan_year: int, as_of: date, calendar) -> list[Window]:
    """The regulation's declaration windows for ``plan_year`` (rulepack ``declaration_windows``)."""
    out = []
    for w in pack.data.get("declaration_windows", []):
        year = plan_year + int(w.get("year_offset", -1))
        deadline = calendar.next_workday(date(year, int(w["month"]), int(w["day"])))  # 《民法典》第二百零三条
        out.append(Window(w["title"], deadline, w.get("article", ""), w.get("quote", ""), as_of <= deadline,
                          (deadline - as_of).days))
    return out


def declaration_findings(dossier, pack, as_of: date):
    """The rules of the declaration stage, evaluated as if the project were declaring now."""
    from govproj.rules.engine import Context, apply_waivers, kind_module

    ctx = Context(dossier, pack, as_of)
    if ctx.stage_index() < ctx.stage_index("declaration"):
        ctx.stage = "declaration"
    early = {"planning", "declaration", "review"}
    findings = []
    for rule in pack.data.get("rules", []):
        stage = rule.get("stage")
        targets = set((rule.get("target") or {}).get("event") or []) | set(rule.get("then") or [])
        relevant = stage in early or targets & {"declaration_submitted", "demand_submitted", "reserve_pool_entered"}
        if rule["kind"] == "status":
            relevant = True
        if not relevant:
            continue
        try:
            if ctx.applies(rule):
                findings.extend(kind_module(rule["kind"]).check(rule, ctx))
        except Exception:  # noqa: BLE001 - reported by govproj check
            continue
    return ctx, apply_waivers(findings, dossier, pack)
