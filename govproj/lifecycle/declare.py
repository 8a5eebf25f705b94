"""``govproj declare``: start a dossier for a regulation, or run the declaration-stage check
on an existing one (window, the whole check, package).

A new dossier gets every record file with Chinese comments and a schema modeline pointing at
its own copy of the schemas (``.govproj/schemas``: editors validate offline, and the copy is
versioned with the dossier), the fields the chosen regulation's rules read up to the review
stage as commented lines — generated from the rules themselves, so a 江津 dossier carries 江津
articles only — a ``.gitignore`` for ``out/``, ``git init`` when it is not inside a repository,
and a first commit. Nothing existing is ever overwritten.

The questions asked on a terminal are derived the same way (``questions``), and every answer
is read by ``parse_answer``, which says how it read the answer or why it cannot: the command
line re-asks instead of giving up.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from govproj import gitutil
from govproj.dossier.layout import SCHEMA_COPY_DIR
from govproj.dossier.schema import SCHEMA_DIR, load_schema, schema_at

ESSENTIALS = ["name", "owner_unit", "level", "category", "kind", "nature", "classified", "total_investment"]
UNFINISHED = ".govproj/declare-unfinished"  # in a new dossier until its first commit is made
GITIGNORE = "# govproj render / check --output 生成的文件\nout/\n"
# the stages whose rules a declaration package must satisfy or prepare for (data/stages.yaml): up to 批复
EARLY_STAGES = (None, "planning", "declaration", "review", "approved")
LONG_TEXT = {"basis", "necessity", "note", "location"}  # free text better written in the file than at a prompt


class DeclareError(Exception):
    """The dossier cannot be created or checked; the message is Chinese."""


class AnswerError(ValueError):
    """An answer that cannot be read; the message says why and what is expected."""


@dataclass
class Scaffold:
    root: Path
    files: list[str] = field(default_factory=list)
    git_initialised: bool = False
    commit: str | None = None


# --------------------------------------------------------------------------- what the regulation reads


def _facts_read(rule: dict) -> list[str]:
    """``project.*`` facts a rule reads (conditions, assertions, required fields)."""
    from govproj.rules.facts import named

    return list(dict.fromkeys(f[8:] for f in named(rule, "fact") + named(rule, "fields") if f.startswith("project.")))


def facts_used(pack) -> dict[str, list[dict]]:
    """project.yaml facts (dotted, at most two levels) → the early-stage rules that read them,
    in rule order; facts read through a ``derived`` definition count for the rules using it."""
    derived = {name: _facts_read({"when": spec.get("when")}) for name, spec in (pack.data.get("derived") or {}).items()}
    used: dict[str, list[dict]] = {}
    for rule in pack.data.get("rules", []):
        if rule.get("stage") not in EARLY_STAGES:
            continue
        names = _facts_read(rule)
        text = repr({k: v for k, v in rule.items() if k in ("when", "if", "assert")})
        for name, facts in derived.items():
            if re.search(rf"\bderived\b.{{0,6}}{re.escape(name)}\b", text):
                names += facts
        for fact in dict.fromkeys(names):
            key = ".".join(fact.split(".")[:2])
            if rule not in used.setdefault(key, []):
                used[key].append(rule)
    return used


def _where(rules: list[dict]) -> str:
    """``第十五条（JJQ-15）、第十三条（JJQ-13）``: the articles that use a fact."""
    seen = dict.fromkeys(f"{r.get('article', '')}{r.get('item', '')}（{r['id']}）" for r in rules)
    shown = list(seen)[:3]
    return "、".join(shown) + (f" 等 {len(seen)} 条" if len(seen) > 3 else "")


# --------------------------------------------------------------------------- questions and answers


@dataclass
class Question:
    key: str  # dotted path in project.yaml: "deployment.gov_cloud"
    title: str
    type: str  # text | choice | choices | list | yesno | amount | year
    choices: dict[str, str] = field(default_factory=dict)  # code → Chinese label
    rules: list[dict] = field(default_factory=list)
    required: bool = False

    elsewhere: list[str] = field(default_factory=list)  # other regulations that read this fact

    def prompt(self) -> str:
        text = self.title
        if self.type == "amount":
            text += "，可写 3200、3,200、3200万元、0.32亿"
        if self.rules:
            text += f"（本办法 {_where(self.rules)} 据此检查）"
        elif self.elsewhere:
            text += f"（本办法的规则不使用此项；{'、'.join(self.elsewhere)} 使用）"
        return text

    def choices_text(self) -> str:
        return "  ".join(f"{i}. {label}（{code}）" for i, (code, label) in enumerate(self.choices.items(), 1))


def _schema_for(key: str) -> dict:
    return schema_at(load_schema("project"), tuple(key.split(".")))


def _question(key: str, rules: list[dict], required: bool) -> Question | None:
    sub = _schema_for(key)
    title = sub.get("title", key)
    if key == "total_investment":
        return Question(key, title, "amount", rules=rules, required=required)
    if key == "plan_year":
        return Question(key, title, "year", rules=rules, required=required)
    kind = sub.get("type")
    if kind == "boolean":
        return Question(key, title, "yesno", rules=rules, required=required)
    if "enum" in sub:
        return Question(key, title, "choice", dict(zip(sub["enum"], sub.get("enumDescriptions", sub["enum"]), strict=False)),
                        rules, required)
    if kind == "array" and "enum" in (sub.get("items") or {}):
        items = sub["items"]
        return Question(key, title, "choices", dict(zip(items["enum"], items.get("enumDescriptions", items["enum"]), strict=False)),
                        rules, required)
    if kind == "array" and (sub.get("items") or {}).get("type") == "string":
        return Question(key, title, "list", rules=rules, required=required)
    if kind == "string" and "format" not in sub and key not in LONG_TEXT:
        return Question(key, title, "text", rules=rules, required=required)
    return None  # dates, persons, lists of records, long text: written in the file (see the starter comments)


def questions(pack) -> list[Question]:
    """What ``declare`` asks on a terminal: the essentials, the plan year, then every simple fact
    the regulation's early-stage rules read (in the order of the rules)."""
    used = facts_used(pack)
    out = [_question(k, used.get(k, []), True) for k in ESSENTIALS]
    out.append(_question("plan_year", used.get("plan_year", []), True))
    for q in out:
        if q.key == "category" and not q.rules:  # a classification some regulations use and others do not
            q.elsewhere = _used_elsewhere(q.key, pack)
    for key, rules in used.items():
        if key in ESSENTIALS or key in ("plan_year", "regulation"):
            continue
        q = _question(key, rules, False)
        if q is not None:
            out.append(q)
    return [q for q in out if q is not None]


def _used_elsewhere(key: str, pack) -> list[str]:
    """``九江市数字化项目建设管理办法 第十五条`` for each other bundled regulation whose early rules read ``key``."""
    from govproj.rules import rulepack as rulepacks

    out = []
    for reg in sorted(rulepacks.available()):
        if reg == pack.id:
            continue
        try:
            other = rulepacks.load(reg)
        except rulepacks.RulepackError:
            continue  # a broken pack on GOVPROJ_RULEPACKS: `govproj rules` reports it
        rules = facts_used(other).get(key) if other else None
        if rules:
            out.append(f"{other.data.get('short_title') or other.title} {rules[0].get('article', '')}")
    return out


_YES = {"是", "y", "yes", "true", "1", "对", "是的", "涉及", "有"}
_NO = {"否", "n", "no", "false", "0", "不", "不是", "没有", "无", "不涉及"}
_AMOUNT = re.compile(r"^(?P<num>.+?)(?P<unit>亿元|亿|万元|万|元)?$")


def parse_amount(text: str) -> tuple[Decimal, str]:
    """``3200`` ``3,200`` ``3200万`` ``3200万元`` ``0.32亿`` ``三千二百万`` → 万元, and how it was read."""
    raw = text.strip().replace("，", ",").replace(" ", "").replace("\u3000", "")
    m = _AMOUNT.match(raw)
    if not raw or not m:
        raise AnswerError("请输入金额，例如 3200 或 3200万元")
    num, unit = m.group("num").replace(",", ""), m.group("unit") or ""
    try:
        value = Decimal(num)
    except InvalidOperation:
        import cn2an

        try:
            value = Decimal(str(cn2an.cn2an(num, "smart")))
        except ValueError:
            raise AnswerError(f"无法把「{text.strip()}」读作金额；请写数字，例如 3200（万元）或 0.32亿") from None
    if not value.is_finite() or value < 0:
        raise AnswerError(f"金额应为不小于 0 的数，实际为「{text.strip()}」")
    if value.adjusted() > 12:  # no project reaches this (docs/dossier.md 取值范围); Decimal would refuse to round it
        raise AnswerError(f"金额「{text.strip()}」超出档案金额的上限（10000000 万元）")
    factor = {"亿元": Decimal(10000), "亿": Decimal(10000), "元": Decimal("0.0001")}.get(unit, Decimal(1))
    wan = (value * factor).normalize()
    if wan != wan.quantize(Decimal("0.0001")):
        raise AnswerError(f"金额精确到 0.0001 万元（1 元），「{text.strip()}」超出了这个精度")
    wan = Decimal(format(wan, "f"))
    how = f"按 {format(wan, 'f')} 万元理解" + ("" if unit in ("万", "万元") else f"（「{text.strip()}」{'未写单位，按万元' if not unit else '已换算为万元'}）")
    return wan, how


def parse_answer(q: Question, text: str):
    """The value of an answer to ``q`` and how it was read; raises AnswerError (Chinese)."""
    t = text.strip()
    if q.type == "amount":
        return parse_amount(t)
    if q.type == "year":
        m = re.fullmatch(r"(\d{4})\s*年?(度)?", t)
        if not m or not 2000 <= int(m.group(1)) <= 2100:
            raise AnswerError(f"计划年度应为 2000–2100 之间的四位年份，例如 {date.today().year + 1}；实际为「{t}」")
        return int(m.group(1)), ""
    if q.type == "yesno":
        low = t.lower()
        if low in _YES:
            return True, "按“是”理解"
        if low in _NO:
            return False, "按“否”理解"
        raise AnswerError(f"请回答 是 或 否（也可写 y / n），实际为「{t}」")
    if q.type == "choice":
        code = _choose(q, t)
        return code, f"按“{q.choices[code]}”（{code}）理解"
    if q.type == "choices":
        parts = [p for p in re.split(r"[,，、;；\s]+", t) if p]
        if not parts:
            raise AnswerError("请至少选择一项，多项用逗号或顿号分隔")
        values = list(dict.fromkeys(_choose(q, p) for p in parts))
        return values, "已选：" + "、".join(q.choices[v] for v in values)
    if q.type == "list":
        if t in ("无", "没有", "none", "-"):
            return [], "按“没有”理解"
        items = [p.strip() for p in re.split(r"[,，、;；\n]+", t) if p.strip()]
        if not items:
            raise AnswerError("请逐项写出，多项用顿号或逗号分隔；没有请写“无”")
        return items, "已记录 " + "、".join(items)
    if not t:
        raise AnswerError("不能为空，也不能只有空格")
    return t, ""


def _choose(q: Question, t: str) -> str:
    codes = list(q.choices)
    if t.isdigit() and 1 <= int(t) <= len(codes):
        return codes[int(t) - 1]
    for code, label in q.choices.items():
        if t.lower() == code.lower() or t == label:
            return code
    near = [code for code, label in q.choices.items() if t and (t in label or label.startswith(t))]
    if len(near) == 1:
        return near[0]
    raise AnswerError(f"「{t}」不是可选的{q.title}；请从下列编号、名称或代码中选择：{q.choices_text()}")


def read_answers(given: dict) -> dict:
    """Validate answers from flags or an --answers file with the same reader as the prompts;
    raises DeclareError naming the field and what was found."""
    by_key = {q.key: q for q in (_question(k, [], True) for k in ESSENTIALS + ["plan_year"]) if q}
    out = dict(given)
    for key, value in given.items():
        q = by_key.get(key)
        if q is None or value is None:
            continue
        if q.type == "yesno" and isinstance(value, bool):
            continue
        if q.type == "year" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        try:
            out[key] = parse_answer(q, str(value))[0]
        except AnswerError as exc:
            raise DeclareError(f"{key}（{q.title}）：{exc}") from None
    return out


# --------------------------------------------------------------------------- starter files


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    text = str(value)
    if any(c in text for c in ":#{}[],&*!|>'\"%@`") or text.strip() != text or text.lower() in ("true", "false", "null", "yes", "no"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _line(text: str, comment: str) -> str:
    """``text`` and its comment, the comments aligned by display width (a CJK character is 2)."""
    from rich.cells import cell_len

    return text + " " * max(1, 40 - cell_len(text)) + "  # " + comment


def _flow(value) -> str:
    """A scalar or a list of scalars as one line of YAML."""
    return "[" + ", ".join(_scalar(v) for v in value) + "]" if isinstance(value, list) else _scalar(value)


def _example(key: str, sub: dict, pack) -> str:
    """A placeholder value for a commented field, of the field's own type."""
    if sub.get("type") == "boolean":
        return "false"
    if "enum" in sub:
        return sub["enum"][0]
    if sub.get("type") == "array":
        items = sub.get("items") or {}
        if key == "funding_sources":
            return f"[{pack.data.get('level', 'city')}_fiscal]"
        return f"[{items['enum'][0]}]" if "enum" in items else "[]"
    if sub.get("type") == "integer":
        return str(date.today().year + 1)
    if sub.get("format") == "date" or sub.get("$ref", "").endswith("date") or "date" in str(sub.get("pattern", "")):
        return "YYYY-MM-DD"
    return "（待填）"


def _comment(sub: dict, rules: list[dict]) -> str:
    hint = sub.get("title", "")
    if "enum" in sub or "enum" in (sub.get("items") or {}):
        s = sub if "enum" in sub else sub["items"]
        hint += "：" + "、".join(f"{c}={label}" for c, label in zip(s["enum"], s.get("enumDescriptions", s["enum"]), strict=False))
    if sub.get("type") == "boolean":
        hint += "（true 是 / false 否）"
    if rules:
        hint += f"；{_where(rules)}：{rules[0]['title']}" + ("等" if len(rules) > 1 else "")
    return hint


def _project_yaml(pack, answers: dict) -> str:
    lines = ["# yaml-language-server: $schema=.govproj/schemas/project.schema.json",
             f"# 项目基本信息。适用：{pack.title}。字段说明见 docs/dossier.md；运行 govproj check 检查。",
             f"regulation: {pack.id}"]
    written = set()
    for key in ESSENTIALS + ["plan_year"] + [k for k in answers if k not in ESSENTIALS and k not in ("plan_year", "regulation")]:
        if answers.get(key) is None or "." in key:
            continue
        value = answers[key]
        sub = _schema_for(key)
        text = _flow(value)
        labels = dict(zip(sub.get("enum", (sub.get("items") or {}).get("enum", [])),
                          sub.get("enumDescriptions", (sub.get("items") or {}).get("enumDescriptions", [])), strict=False))
        label = "、".join(labels.get(v, "") for v in (value if isinstance(value, list) else [value]) if labels.get(v))
        lines.append(_line(f"{key}: {text}", sub.get("title", key) + (f"：{label}" if label else "")))
        written.add(key)
    nested: dict[str, dict] = {}
    for key, value in answers.items():
        if "." in key and value is not None:
            parent, child = key.split(".", 1)
            nested.setdefault(parent, {})[child] = value
    for parent, children in nested.items():
        lines.append(_line(f"{parent}:", f"{_schema_for(parent).get('title', parent)}"))
        for child, value in children.items():
            lines.append(_line(f"  {child}: {_flow(value)}", f"{_schema_for(parent + '.' + child).get('title', child)}"))
        written.add(parent)
    lines.append("")
    lines.append(f"# {pack.data.get('short_title') or pack.title}申报至批复阶段还要读取的信息：去掉行首的“# ”并填写。")
    lines.append("# 每行注释写明哪一条据此检查；govproj rules " + pack.id + " 规则编号 可查看条文。")
    used = facts_used(pack)
    groups: dict[str, list[str]] = {}
    for key in used:
        top = key.split(".")[0]
        if top in ESSENTIALS or top == "regulation" or key in written or top in written:
            continue
        groups.setdefault(top, [])
        if "." in key:
            groups[top].append(key.split(".", 1)[1])
    for top, children in groups.items():
        sub = _schema_for(top)
        if children and sub.get("type") == "object":
            lines.append(_line(f"# {top}:", f"{sub.get('title', top)}"))
            for child in children:
                csub = _schema_for(f"{top}.{child}")
                lines.append(_line(f"#   {child}: {_example(child, csub, pack)}", f"{_comment(csub, used[f'{top}.{child}'])}"))
        elif sub.get("type") == "object" and sub.get("properties"):  # e.g. a person: name, title, phone
            lines.append(_line(f"# {top}:", f"{_comment(sub, used.get(top, []))}"))
            for child, csub in sub["properties"].items():
                lines.append(_line(f"#   {child}: {_example(child, csub, pack)}", csub.get("title", child)))
        else:
            lines.append(_line(f"# {top}: {_example(top, sub, pack)}", f"{_comment(sub, used.get(top, []))}"))
    return "\n".join(lines) + "\n"


def _budget_yaml(pack, answers: dict) -> str:
    total = _scalar(answers["total_investment"])
    fiscal = f"{pack.data.get('level', 'city')}_fiscal"
    lines = [
        "# yaml-language-server: $schema=.govproj/schemas/budget.schema.json",
        "# 投资与资金：明细行金额合计须等于 project.yaml 的 total_investment（万元，精确到 4 位小数）。",
        "items:",
        "  - category: other                   # 费用类别，见 docs/dossier.md",
        "    item: （待分解）项目总投资",
        f"    amount: {total}",
        "# funding:                            # 资金来源，合计等于总投资",
        f"#   - source: {fiscal}",
        f"#     amount: {total}",
    ]
    quote_rules = [r for r in pack.data.get("rules", []) if "quotes" in repr({k: r.get(k) for k in ("fact", "field", "fields", "count", "collection", "if", "when", "assert")})]
    if quote_rules:
        lines.append(f"# quotes:                             # 厂商报价：{_where(quote_rules)}")
        lines.append("#   - {vendor: 某公司, amount: 0, file: attachments/报价单.pdf}")
    return "\n".join(lines) + "\n"


def _required_items(pack, kind: str) -> dict[str, list[dict]]:
    """Document or event types the early-stage ``require`` rules ask for → those rules."""
    out: dict[str, list[dict]] = {}
    for rule in pack.data.get("rules", []):
        if rule["kind"] == "require" and rule.get("stage") in EARLY_STAGES:
            items = rule.get(kind) or []
            for t in items if isinstance(items, list) else [items]:
                out.setdefault(t, []).append(rule)
    return out


def _starter_list(head: list[str], key: str, what: str, entries: list[str]) -> str:
    """A record file whose list ``key`` is empty, followed by the regulation's ``entries`` commented out."""
    if not entries:
        return "\n".join(head + [f"{key}: []"]) + "\n"
    lines = head + [f"{key}:", _line("  []", f"登记第一{what}时删除这一行")] + entries
    return "\n".join(lines) + "\n"


def _documents_yaml(pack) -> str:
    from govproj.dossier.vocabulary import document_label

    entries = []
    for t, rules in _required_items(pack, "documents").items():
        label = document_label(t)
        entries.append(_line(f"#  - {{type: {t}, title: {label}, file: attachments/{label}.docx}}", f"{_where(rules)}：{rules[0]['title']}"))
    return _starter_list(["# yaml-language-server: $schema=.govproj/schemas/documents.schema.json",
                          "# 项目材料：文件放在 attachments/ 下；sections 为章节标题（不填则从 .docx 读取）。",
                          f"# {pack.data.get('short_title') or pack.title}申报至批复阶段要求的材料（有了再去掉“# ”登记）："],
                         "documents", "份材料", entries)


def _events_yaml(pack) -> str:
    from govproj.dossier.vocabulary import event_label

    entries = [_line(f"#  - {{type: {t}, date: YYYY-MM-DD, doc_no: 文号}}", f"{event_label(t)}；{_where(rules)}：{rules[0]['title']}")
               for t, rules in _required_items(pack, "events").items()]
    return _starter_list(["# yaml-language-server: $schema=.govproj/schemas/events.schema.json",
                          "# 项目事项：只记录已经发生的事项，一项一条，写明日期与文号。批复事项（如 fsr_approved）提交后，",
                          "# 运行 govproj baseline 建立批复基线。",
                          f"# {pack.data.get('short_title') or pack.title}申报至批复阶段要求的事项（发生后再去掉“# ”登记）："],
                         "events", "个事项", entries)


def _files(pack, answers: dict) -> dict[str, str]:
    return {
        "project.yaml": _project_yaml(pack, answers),
        "budget.yaml": _budget_yaml(pack, answers),
        "events.yaml": _events_yaml(pack),
        "documents.yaml": _documents_yaml(pack),
        "attachments/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }


def scaffold(root: Path, pack, answers: dict, git: bool = True, commit: bool = True) -> Scaffold:
    missing = [k for k in ESSENTIALS if answers.get(k) is None]
    if missing:
        raise DeclareError("缺少：" + "、".join(f"{k}（{_schema_for(k).get('title', k)}）" for k in missing))
    if root.exists() and not root.is_dir():
        raise DeclareError(f"{root} 是文件，不是目录；请给出新档案的目录名。")
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


@dataclass
class Declaration:
    """The declaration-stage check of an existing dossier: the whole ``check`` (schema,
    cross-file consistency, the regulation's rules with the stage taken as at least 申报)."""
    result: object  # govproj.check.DossierResult
    pack: object | None
    plan_year: int | None
    windows: list[Window]
    as_if_declaring: bool  # the dossier records no declaration yet: rules evaluated as if declaring now

    @property
    def exit_code(self) -> int:
        """As ``check``: 2 unreadable input, 1 errors, 0 otherwise."""
        return 2 if self.result.unreadable else (1 if self.result.summary["error"] else 0)


def check_for_declaration(root: Path, as_of: date, regulation: str | None = None,
                          rulepack_file: Path | None = None) -> Declaration:
    """``check`` at the declaration stage. ``regulation`` (the --regulation flag) must match the
    dossier's own; raises DeclareError (Chinese) when it does not."""
    from govproj.calendar import from_dossier
    from govproj.check import check_dossier
    from govproj.dossier.load import load_dossier
    from govproj.rules import rulepack as rulepacks
    from govproj.rules.engine import Context

    loaded = load_dossier(root)
    dossier = loaded.dossier
    if regulation and dossier.regulation_id and regulation != dossier.regulation_id:
        line, _ = dossier.records["project.yaml"].locate(("regulation",))
        raise DeclareError(
            f"{root} 的 project.yaml（第 {line} 行）写明适用 {dossier.regulation_id}，与 --regulation {regulation} 不一致。"
            f"已有档案按 project.yaml 的 regulation 检查：去掉 --regulation，或先修改 project.yaml 的 regulation。")
    result = check_dossier(root, as_of, rulepack_file, stage_floor="declaration")
    pack = None
    if result.regulation:
        try:
            pack = rulepacks.load_file(rulepack_file.resolve()) if rulepack_file else rulepacks.load(result.regulation["id"])
        except rulepacks.RulepackError:
            pack = None  # already reported by check_dossier as GP-RULEPACK
    plan_year, wins, early = None, [], False
    if pack is not None and dossier.record("project.yaml") is not None:
        plan_year = dossier.project.get("plan_year") or as_of.year + 1
        wins = windows(pack, int(plan_year), as_of, from_dossier(dossier.data("calendar.yaml")))
        ctx = Context(dossier, pack, as_of, guard=False)  # a broken events.yaml is reported by check_dossier
        early = ctx.stage_index() < ctx.stage_index("declaration")
    return Declaration(result, pack, plan_year, wins, early)
