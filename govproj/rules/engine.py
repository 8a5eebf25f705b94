"""The rule engine: evaluate a rulepack's rules on a dossier at an as-of date.

Each rule names a *kind*; a kind is one module in ``govproj/rules/kinds`` whose ``check(rule,
ctx)`` yields findings and whose docstring documents it. The engine gives every kind the same
context: facts, parameters, stage, the working-day calendar, labels and finding construction
(article, quote, message, hint, location), and afterwards applies the project's waivers.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import lru_cache

from govproj.calendar import from_dossier
from govproj.dossier.model import RecordInvalid
from govproj.findings import SEVERITIES, Finding
from govproj.rules.facts import SOURCES, ConditionError, Facts, split_path
from govproj.rules.safe_format import safe_format

KINDS = ("require", "order", "deadline", "periodic", "chapters", "count", "assert", "prohibited", "status", "baseline")
NEXT_STEP_KINDS = ("require", "chapters", "count")


@lru_cache(maxsize=None)
def kind_module(kind: str):
    if kind not in KINDS:
        raise ConditionError(f"未知的规则种类 {kind}（可用：{'、'.join(KINDS)}）")
    return importlib.import_module(f"govproj.rules.kinds.{'assert_' if kind == 'assert' else kind}")


@lru_cache(maxsize=None)
def stages() -> list[dict]:
    from pathlib import Path

    from govproj.dossier.yamlread import read_yaml

    path = Path(__file__).resolve().parent.parent / "data" / "stages.yaml"
    return read_yaml(path.read_bytes()).data["stages"]


class _Vars(dict):
    def __missing__(self, key):
        return "{" + key + "}"


class Context:
    def __init__(self, dossier, pack, as_of: date, guard: bool = True):
        # guarded: a rule that reads a record with format errors raises RecordInvalid and is not evaluated
        self.dossier = dossier.guarded() if guard else dossier
        self.pack = pack
        self.as_of = as_of
        self.calendar = from_dossier(dossier.data("calendar.yaml"))
        self.facts = Facts(self)
        self._derived: dict[str, tuple] = {}
        self._params: dict | None = None
        self._stage_value: str | None = None
        self._stage_known = False
        # fact path → (file, path in file) of facts needed but not stated, while one rule is evaluated
        self.missing: dict[str, tuple] = {}

    @property
    def stage(self) -> str | None:
        if not self._stage_known:
            self._stage_value = self._stage()
            self._stage_known = True
        return self._stage_value

    @stage.setter
    def stage(self, value: str | None) -> None:
        self._stage_value, self._stage_known = value, True

    def note_missing(self, path: str, item_location: tuple | None = None) -> None:
        """A fact needed to decide a rule is not stated (``facts.is_missing``): ask for it."""
        if path.startswith("item."):
            if item_location:
                file, base = item_location
                self.missing[f"{file}:{base}:{path}"] = (file, tuple(base), tuple(split_path(path[5:])))
            return
        head, _, rest = path.partition(".")
        if head in SOURCES:
            self.missing[path] = (SOURCES[head], (), tuple(split_path(rest)))

    # ---------------------------------------------------------------- parameters and facts

    def param(self, name: str):
        params = self.pack.data.get("parameters", {})
        if name not in params:
            raise ConditionError(f"规则包中没有参数 {name}")
        value = params[name].get("value") if isinstance(params[name], dict) else params[name]
        if isinstance(value, dict) and "by" in value:
            key = self.facts.get(value["by"])
            key = ("true" if key else "false") if isinstance(key, bool) else str(key)  # YAML keys are text
            return value.get("values", {}).get(key, value.get("default"))
        return value

    def _param_vars(self) -> dict:
        """``{param_NAME}`` message variables, computed once per dossier."""
        if self._params is None:
            self._params = {}
            for name in self.pack.data.get("parameters", {}):
                try:
                    self._params[f"param_{name}"] = self.param(name)
                except ConditionError:
                    pass
        return self._params

    def derived(self, name: str) -> bool | None:
        """A derived fact: True, False or None (unknown, with the missing facts noted again at
        every use, so that each rule that depends on it asks for them)."""
        if name not in self._derived:
            spec = self.pack.data.get("derived", {}).get(name)
            if spec is None:
                raise ConditionError(f"规则包中没有派生事实 {name}")
            self._derived[name] = (False, {})  # guards against a definition that refers to itself
            before = dict(self.missing)
            value = self.facts.test(spec.get("when"))
            noted = {k: v for k, v in self.missing.items() if k not in before}
            self._derived[name] = (value, noted)
        value, noted = self._derived[name]
        if value is None:
            self.missing.update(noted)
        return value

    def _stage(self) -> str | None:
        present = {e.type for e in self.dossier.events if e.date <= self.as_of}
        current = None
        for s in stages():
            if present.intersection(s["events"]):
                current = s["id"]
        return current

    def stage_index(self, stage_id: str | None = "__current__") -> int:
        if stage_id == "__current__":
            stage_id = self.stage
        if stage_id is None:
            return -1
        for i, s in enumerate(stages()):
            if s["id"] == stage_id:
                return i
        raise ConditionError(f"未知的阶段 {stage_id}")

    def stage_title(self, stage_id: str | None) -> str:
        for s in stages():
            if s["id"] == stage_id:
                return s["title"]
        return "尚无事项"

    def applies(self, rule: dict) -> bool | None:
        return self.facts.test(rule.get("when"))

    # ---------------------------------------------------------------- locations and findings

    def locate(self, file: str | None, path: tuple = ()) -> tuple[int | None, int | None]:
        record = self.dossier.records.get(file) if file else None
        if record is None:
            return None, None
        return record.locate(path)

    def finding(self, rule: dict, variables: dict | None = None, *, severity: str | None = None,
                file: str | None = None, path: tuple = (), message: str | None = None,
                hint: str | None = None) -> Finding:
        values = _Vars(title=rule.get("title", ""), article=rule.get("article", ""))
        values.update(self._param_vars())
        values.update(variables or {})
        text = message if message is not None else rule.get("message") or rule.get("title", "")
        advice = hint if hint is not None else rule.get("hint", "")
        line, column = self.locate(file, path)
        article = rule.get("article")
        if article and rule.get("item"):
            article = f"{article}{rule['item']}"
        return Finding(
            rule=rule["id"],
            severity=severity or rule.get("severity", "warning"),
            # only {name}: no attribute/index access, no format spec that allocates without bound
            message=safe_format(text, values),
            hint=safe_format(advice, values),
            file=file if (file and file in self.dossier.records) else (file if file else None),
            line=line,
            column=column,
            regulation=self.pack.id,
            article=article,
            quote=rule.get("quote"),
            path=_json_path(path) if path else None,
        )

    def next_step(self, rule: dict, variables: dict, file: str | None = None, path: tuple = ()) -> Finding:
        """An ``info`` finding: what the next stage will require (design: "下一步"). The rule's own
        message describes the stage once reached ("项目已建成，…"); before it, the finding says only
        what will be needed: the rule's ``message_next``, or its title and what is still missing."""
        stage = self.stage_title(rule.get("stage"))
        if rule.get("message_next"):
            text = rule["message_next"]
        else:
            missing = variables.get("missing")
            text = rule.get("title", "") + (f"（尚缺：{missing}）" if missing else "")
        f = self.finding(rule, variables, severity="info", file=file, path=path, message=text)
        f.message = f"下一步（进入{stage}阶段后）：{f.message}"
        return f

    def provisional_note(self, years) -> str:
        if not years:
            return ""
        ys = "、".join(str(y) for y in sorted(years))
        return f"（{ys} 年的放假安排尚无官方数据，按法定节假日和周末推算，结果为暂定；可在 calendar.yaml 中补充）"


def _json_path(path) -> str:
    from govproj.dossier.schema import json_path

    return json_path(path)


def evaluate(dossier, pack, as_of: date, rules=None, ctx: "Context | None" = None) -> list[Finding]:
    """All findings of ``pack``'s rules (or of ``rules``, a selection of them) on ``dossier``;
    waivers applied. Never raises on a rule's own defect (that becomes a GP-RULE finding naming
    the rule); a rule that reads a record with format errors is listed as not evaluated
    (GP-RULES-SKIPPED); facts the rules need but the dossier does not state are asked for
    (GP-FACT-MISSING)."""
    ctx = ctx or Context(dossier, pack, as_of)
    findings: list[Finding] = []
    skipped: dict[str, list[str]] = {}  # file with format errors → rules not evaluated because of it
    asks: dict[str, dict] = {}  # missing fact → the rules that need it
    for rule in pack.data.get("rules", []) if rules is None else rules:
        try:
            found, missing = evaluate_rule(rule, ctx)
        except RecordInvalid as exc:
            skipped.setdefault(exc.file, []).append(rule["id"])
            continue
        except (ConditionError, KeyError, TypeError, ValueError) as exc:
            findings.append(Finding(
                "GP-RULE", "error", f"规则包 {pack.id} 的规则 {rule.get('id', '?')} 无法执行：{exc}",
                "这是规则包的缺陷：请修正规则包文件（见 docs/rulepacks.md），或报告问题。", regulation=pack.id))
            continue
        findings.extend(found)
        for key, where in missing.items():
            ask = asks.setdefault(key, {"where": where, "rules": []})
            ask["rules"].append(rule)
    findings.extend(_not_evaluated(skipped, pack, dossier.unreadable))
    findings.extend(_ask_for_missing(asks, ctx))
    return apply_waivers(findings, dossier, pack)


def evaluate_rule(rule: dict, ctx: Context) -> tuple[list[Finding], dict[str, tuple]]:
    """One rule: its findings and the facts it needed but the dossier does not state. Raises
    ``RecordInvalid`` when it reads a record with format errors, ``ConditionError`` (and the
    like) on a defect of the rule itself."""
    ctx.missing.clear()
    if rule.get("stage") and rule["kind"] not in NEXT_STEP_KINDS and ctx.stage_index() < ctx.stage_index(rule["stage"]):
        return [], {}  # the kinds in NEXT_STEP_KINDS announce the next stage themselves
    found = list(kind_module(rule["kind"]).check(rule, ctx)) if ctx.applies(rule) else []
    return found, dict(ctx.missing)


def _not_evaluated(skipped: dict[str, list[str]], pack, unreadable=frozenset()) -> list[Finding]:
    """One note per file with format errors (or that could not be read), naming the rules that
    read it: they were not evaluated (never reported as violations)."""
    return [Finding("GP-RULES-SKIPPED", "info",
                    f"以下规则因 {file} {'无法读取' if file in unreadable else '有格式错误'}未检查：{'、'.join(ids)}",
                    f"先修正 {file} 的问题，再检查这些规则。", file=file, regulation=pack.id, extra={"rules": ids})
            for file, ids in sorted(skipped.items())]


def _ask_for_missing(asks: dict[str, dict], ctx) -> list[Finding]:
    """One finding per fact the dossier does not state but rules need: it asks for the fact, at the
    highest severity of those rules, and names them (docs/rulepacks.md "未填写不等于否")."""
    from govproj.dossier.boundary import field_name
    from govproj.dossier.layout import FOLDERS, SINGLE_FILES

    out = []
    for ask in asks.values():
        file, base, path = ask["where"]
        rules = ask["rules"]
        kind = SINGLE_FILES.get(file) or next((k for f, k in FOLDERS.items() if file.startswith(f + "/")), None)
        name = field_name(kind.schema, base + path) if kind else _json_path(path)
        if base:  # a field of one item: "events[3] 的 org（单位）"
            name = f"{_json_path(base)} 的 {name.removeprefix(_json_path(base)).lstrip('.')}"
        severity = min((r.get("severity", "warning") for r in rules), key=SEVERITIES.index)  # the highest
        cited = "、".join(f"{r['id']}（{r.get('article', '')}）" for r in rules[:6]) + (" 等" if len(rules) > 6 else "")
        line, column = ctx.locate(file, base + path)
        out.append(Finding(
            "GP-FACT-MISSING", severity, f"请在 {file} 填写 {name}：{len(rules)} 条规则需要据此判断",
            f"未填写的事实按“未知”处理，不推定为“否”；需要它的规则：{cited}。",
            file=file, line=line, column=column, path=_json_path(base + path), regulation=ctx.pack.id))
    return out


def apply_waivers(findings: list[Finding], dossier, pack) -> list[Finding]:
    """A waiver (project.yaml ``waivers``) marks findings of a 原则上 rule as waived — they
    are still reported. Waiving a rule that is not waivable is itself an error."""
    project = dossier.record("project.yaml")
    waivers = project.data.get("waivers", []) if project else []
    if not waivers:
        return findings
    rules = {r["id"]: r for r in pack.data.get("rules", [])}
    valid: dict[str, dict] = {}
    for i, w in enumerate(waivers):
        line, column = project.locate(("waivers", i, "rule"))
        where = dict(file="project.yaml", line=line, column=column, path=f"waivers[{i}].rule", regulation=pack.id)
        rule = rules.get(w["rule"])
        if rule is None:
            findings.append(Finding("GP-WAIVER", "warning", f"豁免的规则 {w['rule']} 不在 {pack.title} 的规则中",
                                    "检查规则编号（govproj rules " + pack.id + " 可列出全部规则）。", **where))
        elif not rule.get("waivable"):
            findings.append(Finding("GP-WAIVER", "error",
                                    f"规则 {w['rule']}（{rule.get('article', '')}）不可豁免：条文没有“原则上”等弹性表述",
                                    "删除该豁免，按规则要求办理；只有“原则上”条款可经批准豁免。",
                                    article=rule.get("article"), quote=rule.get("quote"), **where))
        else:
            valid[w["rule"]] = dict(w)
    for f in findings:
        if f.rule in valid:
            w = valid[f.rule]
            f.waived = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in w.items()}
    return findings
