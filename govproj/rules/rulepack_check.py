"""``govproj rulepack check FILE``: everything a rulepack author can get wrong, all at once.

Each problem carries the file, line and column it was found at, in Chinese:

* the file's YAML and the rulepack schema (schemas/rulepack.schema.json);
* ``extends``: the base pack exists and is itself usable; ``remove`` names something inherited;
* the regulation text: ``text.file`` is given and exists, and every ``quote`` appears in it
  verbatim — ignoring only whitespace and line breaks, with “…” marking an elision
  (``quote_in_text``, the same test the bundled packs pass);
* vocabulary: every event type, document type and fact path a rule uses exists in the dossier
  vocabulary (schemas/common.schema.json, the record schemas) or is declared by the pack under
  ``extensions``; ``derived.X`` is defined;
* every ``{param: …}`` is a parameter; parameters no rule uses are reported (warning);
* every ``{变量}`` in a message or hint is one the rule's kind offers (each kind module's
  ``VARIABLES``), ``title``, ``article`` or ``param_<参数>``;
* rule ids are unique; each rule has the fields its kind needs; each ``not_checkable`` has a
  reason; parameter units are known; ``acceptance.materials`` names rules.

Inherited rules were checked with their own pack; this checks what the file itself says.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govproj.rules import rulepack as rulepacks

UNITS = ("万元", "%", "工作日", "日", "月", "年", "项", "日期", "文本")
COMMON_VARIABLES = ("title", "article")
MESSAGE_KEYS = ("message", "message_overdue", "message_soon", "message_early", "message_late", "hint")
# the keys each kind cannot do without (beyond the common ones the schema requires)
KIND_NEEDS = {
    "order": (("first",), ("then",)),
    "deadline": (("anchor",), ("target",)),
    "periodic": (("period",), ("from",)),
    "chapters": (("document",), ("chapters",)),
    "count": (("collection",), ("min",)),
    "assert": (("assert",),),
    "prohibited": (("if",),),
    "status": (("check",),),
    "require": (("documents", "events", "fields", "files"),),
}
RECORD_SCHEMAS = {"project": "project", "budget": "budget", "security": "security", "catalog": "data-catalog",
                  "cloud": "cloud"}
CONDITION_KEYS = ("when", "if", "assert", "item_when")


@dataclass
class Problem:
    file: str
    line: int
    column: int
    severity: str  # error | warning
    message: str

    def text(self) -> str:
        label = "错误" if self.severity == "error" else "警告"
        return f"{self.file}:{self.line}:{self.column}：{label}：{self.message}"


def quote_in_text(quote: str, text: str) -> bool:
    """A quote appears in the regulation text, ignoring whitespace and line breaks (the texts
    wrap lines); “…” (or “...”) separates parts that must each appear."""
    norm = _norm(text)
    parts = [q for q in re.split(r"…|\.\.\.", quote) if q.strip()]
    return bool(parts) and all(_norm(p) in norm for p in parts)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=None)
def vocabulary(kind: str) -> tuple[str, ...]:
    """Event or document types of the dossier vocabulary."""
    from govproj.dossier.vocabulary import common_labels

    return tuple(common_labels("eventType" if kind == "events" else "documentType"))


def kind_variables(kind: str) -> tuple[str, ...]:
    from govproj.rules.engine import kind_module

    return tuple(getattr(kind_module(kind), "VARIABLES", ()))


# --------------------------------------------------------------------------- the check


class _Checker:
    def __init__(self, path: Path):
        self.path = path
        self.shown = _shown(path)
        self.problems: list[Problem] = []
        self.doc = None
        self.data: dict = {}
        self.pack: rulepacks.Rulepack | None = None  # the effective pack (with its base)

    def add(self, where: tuple, message: str, severity: str = "error", key: bool = False) -> None:
        line, column = (1, 1)
        if self.doc is not None:
            if key:
                from govproj.dossier.yamlread import locate_key

                line, column = locate_key(self.doc.root, where)
            else:
                line, column = self.doc.locate(where)
        self.problems.append(Problem(self.shown, line, column, severity, message))

    # ------------------------------------------------------------ steps

    def run(self) -> list[Problem]:
        try:
            self.doc = rulepacks.read(self.path)
        except rulepacks.RulepackError as exc:
            m = re.match(r"^.*?:(\d+):(\d+)：(.*)$", str(exc), re.S)
            if m:
                self.problems.append(Problem(self.shown, int(m.group(1)), int(m.group(2)), "error", m.group(3)))
            else:
                self.problems.append(Problem(self.shown, 1, 1, "error", str(exc)))
            return self.problems
        self.data = self.doc.data
        for line, column, message in rulepacks.schema_problems(self.doc):
            self.problems.append(Problem(self.shown, line, column, "error", message))
        self._effective()
        self._ids()
        self._text()
        self._parameters()
        for i, rule in enumerate(_list(self.data.get("rules"))):
            if isinstance(rule, dict):
                self._rule(i, rule)
        self._elsewhere()
        self._unused()
        self.problems.sort(key=lambda p: (p.file != self.shown, p.line, p.column))
        return self.problems

    def _effective(self) -> None:
        """Load the pack as govproj will (base included) for what the file refers to."""
        base = None
        if self.data.get("extends"):
            try:
                base_path = rulepacks.resolve_base(str(self.data["extends"]), self.path.resolve())
                base = rulepacks.load_file(base_path.resolve())
            except rulepacks.RulepackError as exc:
                self.add(("extends",), f"extends 无法使用：{_strip(exc)}")
        if base is not None:
            inherited = set(_ids(base.data.get("rules"))) | set(_ids(base.data.get("not_checkable"))) \
                | set(base.data.get("parameters", {})) | set(base.data.get("derived", {}))
            for i, rid in enumerate(_list(self.data.get("remove"))):
                if rid not in inherited:
                    self.add(("remove", i), f"remove 中的 {rid} 不是被继承的规则包 {base.id} 中的规则、参数或派生事实")
        elif self.data.get("remove"):
            self.add(("remove",), "remove 只能与 extends 一起使用（删除被继承的规则）")
        own = rulepacks.Rulepack(str(self.data.get("id", self.path.stem)), self.data, self.path, doc=self.doc)
        self.pack = rulepacks._merge(base, own) if base is not None else own
        self.merged = self.pack.data

    def _ids(self) -> None:
        seen: dict[str, str] = {}
        prefix = self.data.get("prefix")
        for section in ("rules", "not_checkable"):
            for i, r in enumerate(_list(self.data.get(section))):
                rid = r.get("id") if isinstance(r, dict) else None
                if not isinstance(rid, str):
                    continue
                if rid in seen:
                    self.add((section, i, "id"), f"规则编号 {rid} 重复（第 {seen[rid]} 行已用过）")
                else:
                    seen[rid] = str(self.doc.locate((section, i, "id"))[0])
                if prefix and section == "rules" and not rid.startswith(f"{prefix}-") and not self._inherited(rid):
                    self.add((section, i, "id"), f"规则编号 {rid} 不以本包前缀 {prefix}- 开头", "warning")
            if section == "not_checkable":
                for i, r in enumerate(_list(self.data.get(section))):
                    if isinstance(r, dict) and isinstance(r.get("reason"), str) and not r["reason"].strip():
                        self.add((section, i, "reason"), f"无法机械检查的 {r.get('id')} 没有说明原因（reason）")

    def _inherited(self, rid: str) -> bool:
        base = self.pack.base if self.pack else None
        return base is not None and rid in _ids(base.data.get("rules"))

    def _text(self) -> None:
        quotes = list(_quotes(self.data))
        spec = self.data.get("text")
        if not isinstance(spec, dict) or not spec.get("file"):
            if quotes:
                self.add(("text",) if spec else (), "没有 text.file：规则包应附办法原文，摘录（quote）要与原文逐字比对")
            return
        name = spec.get("simplified") or spec["file"]
        for key in ("file", "simplified"):
            if spec.get(key) and not (self.path.parent / spec[key]).is_file():
                self.add(("text", key), f"原文文件 {spec[key]} 不存在（相对于规则包所在目录 {_shown(self.path.parent)}）")
        file = self.path.parent / name
        if not file.is_file():
            return
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(("text", "file"), f"原文文件 {name} 无法读取（应为 UTF-8 文本）：{exc}")
            return
        for where, quote in quotes:
            if isinstance(quote, str) and not quote_in_text(quote, text):
                self.add(where, f"摘录不在原文 {name} 中（只忽略空白和换行，“…”表示省略）：「{_short(quote)}」")

    def _parameters(self) -> None:
        for name, p in (self.data.get("parameters") or {}).items():
            if isinstance(p, dict) and isinstance(p.get("unit"), str) and p["unit"] not in UNITS:
                self.add(("parameters", name, "unit"), f"参数 {name} 的单位 {p['unit']} 不认识，应为：{'、'.join(UNITS)}")
            if isinstance(p, dict) and isinstance(p.get("value"), dict) and "by" in p["value"]:
                self._fact(("parameters", name, "value", "by"), p["value"]["by"], None)

    # ------------------------------------------------------------ one rule

    def _rule(self, i: int, rule: dict) -> None:
        at = ("rules", i)
        kind = rule.get("kind")
        rid = rule.get("id", f"rules[{i}]")
        for alternatives in KIND_NEEDS.get(kind, ()):
            if not any(k in rule for k in alternatives):
                self.add(at, f"{rid}：{kind} 规则需要 {' 或 '.join(alternatives)}")
        for key in ("events", "first", "then", "after", "excused_by"):
            self._types(at + (key,), rule.get(key), "events", rid)
        for key in ("anchor", "target", "from", "until"):
            if isinstance(rule.get(key), dict):
                self._types(at + (key, "event"), rule[key].get("event"), "events", rid)
                fixed = rule[key].get("fixed")
                if isinstance(fixed, dict) and isinstance(fixed.get("year"), dict) and "fact" in fixed["year"]:
                    self._fact(at + (key, "fixed", "year", "fact"), fixed["year"]["fact"], rid)
        self._types(at + ("documents",), rule.get("documents"), "documents", rid)
        self._types(at + ("document",), rule.get("document"), "documents", rid)
        for j, f in enumerate(_list(rule.get("fields"))):
            self._fact(at + ("fields", j), f, rid)
        if isinstance(rule.get("locate"), str) and rule["locate"] not in ("changes", "progress"):
            self._fact(at + ("locate",), rule["locate"], rid)
        item_schema = None
        each = rule.get("for_each")
        if isinstance(each, dict):
            self._types(at + ("for_each", "events"), each.get("events"), "events", rid)
            self._types(at + ("for_each", "documents"), each.get("documents"), "documents", rid)
            coll = each.get("collection")
            if isinstance(coll, str) and coll not in ("changes", "progress"):
                self._fact(at + ("for_each", "collection"), coll, rid)
            item_schema = _item_schema(each)
        coll = rule.get("collection")
        if isinstance(coll, str) and kind == "count":
            head, _, rest = coll.partition(":")
            if rest and head in ("events", "documents"):
                self._types(at + ("collection",), rest, head, rid)
            else:
                self._fact(at + ("collection",), coll, rid)
        for key in CONDITION_KEYS:
            if key in rule:
                self._condition(at + (key,), rule[key], rid, item_schema if key in ("assert", "item_when") else None)
        self._params(at, rule, rid)
        self._messages(at, rule, rid, kind)

    def _messages(self, at, rule, rid, kind) -> None:
        if kind not in rulepacks_kinds():
            return
        allowed = set(COMMON_VARIABLES) | set(kind_variables(kind))
        params = set((self.merged.get("parameters") or {}))
        for key in MESSAGE_KEYS:
            text = rule.get(key)
            if not isinstance(text, str):
                continue
            try:
                names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            except ValueError as exc:
                self.add(at + (key,), f"{rid} 的 {key} 中花括号不成对：{exc}")
                continue
            for name in names:
                base = re.split(r"[.\[!:]", name, maxsplit=1)[0]
                if base in allowed:
                    continue
                if base.startswith("param_") and base[6:] in params:
                    continue
                if base.startswith("param_"):
                    self.add(at + (key,), f"{rid} 的 {key} 中的变量 {{{name}}}：没有参数 {base[6:]}")
                    continue
                offer = "、".join("{" + v + "}" for v in sorted(allowed)) + "、{param_参数名}"
                self.add(at + (key,), f"{rid} 的 {key} 中的变量 {{{name}}} 不是 {kind} 规则提供的变量（可用：{offer}）")

    def _params(self, at, node, rid) -> None:
        params = self.merged.get("parameters") or {}
        for path, name in _param_refs(node):
            if name not in params:
                guess = difflib.get_close_matches(name, list(params), n=1)
                self.add(at + path, f"{rid}：没有参数 {name}" + (f"，是不是 {guess[0]}？" if guess else "")
                         + (f"（已定义：{'、'.join(params)}）" if params and not guess else ""))

    def _types(self, where, value, kind: str, rid) -> None:
        known = set(vocabulary(kind)) | set(((self.merged.get("extensions") or {}).get(kind) or {}))
        what = "事项类型" if kind == "events" else "材料类型"
        for j, t in enumerate(_list(value)):
            if not isinstance(t, str) or t in known:
                continue
            guess = difflib.get_close_matches(t, sorted(known), n=1, cutoff=0.6)
            self.add(where + ((j,) if isinstance(value, list) else ()),
                     f"{rid}：未知的{what} {t}" + (f"，是不是 {guess[0]}？" if guess else "")
                     + f"（档案词汇表见 docs/dossier.md；本办法自有的类型在 extensions.{kind} 中声明）")

    def _condition(self, where, cond, rid, item_schema) -> None:
        if isinstance(cond, list):
            for j, c in enumerate(cond):
                self._condition(where + (j,), c, rid, item_schema)
            return
        if not isinstance(cond, dict):
            return
        for key in ("all", "any"):
            if key in cond:
                self._condition(where + (key,), cond[key], rid, item_schema)
        if "not" in cond:
            self._condition(where + ("not",), cond["not"], rid, item_schema)
        if "event" in cond:
            self._types(where + ("event",), cond["event"], "events", rid)
        if "document" in cond:
            self._types(where + ("document",), cond["document"], "documents", rid)
        if "derived" in cond and cond["derived"] not in (self.merged.get("derived") or {}):
            self.add(where + ("derived",), f"{rid}：没有派生事实 {cond['derived']}（在 derived 中定义）")
        if isinstance(cond.get("fact"), str):
            self._fact(where + ("fact",), cond["fact"], rid, item_schema)
        for op, v in cond.items():
            if isinstance(v, dict) and isinstance(v.get("fact"), str):
                self._fact(where + (op, "fact"), v["fact"], rid, item_schema)

    def _fact(self, where, path: str, rid, item_schema=None) -> None:
        problem = fact_problem(path, self.merged, item_schema)
        if problem:
            self.add(where, (f"{rid}：" if rid else "") + problem)

    # ------------------------------------------------------------ the rest of the pack

    def _elsewhere(self) -> None:
        for name, d in (self.data.get("derived") or {}).items():
            if isinstance(d, dict):
                self._condition(("derived", name, "when"), d.get("when"), f"派生事实 {name}", None)
                self._params(("derived", name), d, f"派生事实 {name}")
        for i, route in enumerate(_list(self.data.get("routes"))):
            if not isinstance(route, dict):
                continue
            rid = f"路线 {route.get('id')}"
            self._condition(("routes", i, "when"), route.get("when"), rid, None)
            self._params(("routes", i), route, rid)
            for j, st in enumerate(_list(route.get("stages"))):
                if isinstance(st, dict):
                    self._types(("routes", i, "stages", j, "done_by"), st.get("done_by"), "events", rid)
                    self._types(("routes", i, "stages", j, "documents"), st.get("documents"), "documents", rid)
                    self._condition(("routes", i, "stages", j, "when"), st.get("when"), rid, None)
        change = self.data.get("change_rules") or {}
        for i, c in enumerate(_list(change.get("classes"))):
            if isinstance(c, dict):
                self._params(("change_rules", "classes", i), c, "变更规则")
        rules = set(_ids(self.merged.get("rules")))
        for i, rid in enumerate(_list((self.data.get("acceptance") or {}).get("materials"))):
            if rid not in rules:
                self.add(("acceptance", "materials", i), f"验收材料 {rid} 不是本规则包中的规则编号")
        for i, s in enumerate(_list(self.data.get("savings"))):
            if isinstance(s, dict):
                for key in ("later", "earlier"):
                    if isinstance(s.get(key), str):
                        self._fact(("savings", i, key), s[key], f"省减金额 {s.get('id')}")

    def _unused(self) -> None:
        used = {name for _, name in _param_refs(self.merged)}
        for rule in _list(self.merged.get("rules")):
            for key in MESSAGE_KEYS:
                if isinstance(rule, dict) and isinstance(rule.get(key), str):
                    used.update(re.findall(r"\{param_([A-Za-z0-9_]+)", rule[key]))
        for name in self.data.get("parameters") or {}:
            if name not in used:
                self.add(("parameters", name), f"参数 {name} 没有被任何规则、路线或变更规则使用", "warning", key=True)


def rulepacks_kinds() -> tuple[str, ...]:
    from govproj.rules.engine import KINDS

    return KINDS


# --------------------------------------------------------------------------- fact paths


def fact_problem(path: str, pack_data: dict, item_schema: dict | None = None) -> str | None:
    """Why ``path`` names no fact the dossier can hold, or None."""
    from govproj.dossier.schema import load_schema
    from govproj.rules.facts import split_path

    head, _, rest = path.partition(".")
    extensions = [str(x) for x in ((pack_data.get("extensions") or {}).get("facts") or [])]
    if any(path == e or path.startswith(e.rstrip(".") + ".") for e in extensions):
        return None
    if head in ("stage", "as_of") and not rest:
        return None
    if head == "derived":
        return None if rest in (pack_data.get("derived") or {}) else f"没有派生事实 {rest}（在 derived 中定义）"
    if head == "item":
        if item_schema is None or not rest:
            return None
        return None if _known(item_schema, split_path(rest)) else f"未知的事实路径 {path}：逐项检查的条目没有字段 {rest}"
    name = RECORD_SCHEMAS.get(head)
    if name is None:
        return (f"未知的事实路径 {path}：应以 {'、'.join(p + '.' for p in RECORD_SCHEMAS)}、item.、derived. 开头，"
                "或在 extensions.facts 中声明")
    if not rest or _known(load_schema(name), split_path(rest)):
        return None
    file = "data-catalog.yaml" if head == "catalog" else f"{head}.yaml"
    return f"未知的事实路径 {path}：{file} 中没有字段 {rest}（档案结构见 docs/dossier.md；本办法自有的事实在 extensions.facts 中声明）"


def _known(schema: dict, steps: list) -> bool:
    from govproj.dossier.schema import _resolve

    node = _resolve(schema)
    for step in steps:
        if node.get("type") == "array" or (isinstance(node.get("type"), list) and "array" in node["type"]):
            node = _resolve(node.get("items", {}))
            if isinstance(step, int):
                continue
        if isinstance(step, int):
            return True
        props = node.get("properties")
        if props is not None and step in props:
            node = _resolve(props[step])
        elif isinstance(node.get("additionalProperties"), dict):
            node = _resolve(node["additionalProperties"])
        elif props is None and node.get("additionalProperties") is not False:
            return True  # a free-form mapping: any key may be there
        else:
            return False
    return True


def _item_schema(each: dict) -> dict | None:
    """The schema of the items ``for_each`` walks over (None when it cannot be told)."""
    from govproj.dossier.schema import load_schema, schema_at

    if "events" in each:
        s = dict(schema_at(load_schema("events"), ["events", 0]))
        s["properties"] = {**s.get("properties", {}), "date": {}, "type": {}, "recipients": {}}
        return s
    if "documents" in each:
        return schema_at(load_schema("documents"), ["documents", 0])
    coll = each.get("collection")
    if coll == "changes":
        return load_schema("change")
    if coll == "progress":
        return load_schema("progress")
    if isinstance(coll, str):
        head, _, rest = coll.partition(".")
        name = RECORD_SCHEMAS.get(head)
        if name and rest:
            from govproj.rules.facts import split_path

            sub = schema_at(load_schema(name), split_path(rest))
            return schema_at(sub, [0]) if sub.get("type") == "array" else None
    return None


# --------------------------------------------------------------------------- helpers


def _list(x) -> list:
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def _ids(items) -> list[str]:
    return [x["id"] for x in _list(items) if isinstance(x, dict) and isinstance(x.get("id"), str)]


def _param_refs(node, path=()):
    """(path, name) of every ``{param: name}`` inside ``node``."""
    if isinstance(node, dict):
        if isinstance(node.get("param"), str) and len(node) == 1:
            yield path, node["param"]
        for k, v in node.items():
            yield from _param_refs(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _param_refs(v, path + (i,))


def _quotes(data: dict):
    """(path, quote) of every quote the file itself makes."""
    for section in ("rules", "not_checkable", "forms", "declaration_windows", "routes", "savings"):
        for i, x in enumerate(_list(data.get(section))):
            if isinstance(x, dict) and x.get("quote"):
                yield (section, i, "quote"), x["quote"]
    for name, p in (data.get("parameters") or {}).items():
        if isinstance(p, dict) and p.get("quote"):
            yield ("parameters", name, "quote"), p["quote"]
    for key in ("scope", "validity"):
        if isinstance(data.get(key), dict) and data[key].get("quote"):
            yield (key, "quote"), data[key]["quote"]
    change = data.get("change_rules") or {}
    if isinstance(change, dict):
        if change.get("quote"):
            yield ("change_rules", "quote"), change["quote"]
        for i, c in enumerate(_list(change.get("classes"))):
            if isinstance(c, dict) and c.get("quote"):
                yield ("change_rules", "classes", i, "quote"), c["quote"]


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _strip(exc) -> str:
    return str(exc).strip()


def _shown(path: Path) -> str:
    """The path as the author typed it: relative to the working directory when inside it."""
    from govproj.paths import display_path

    return display_path(path)


def check_file(path: Path) -> list[Problem]:
    """Every problem of the rulepack file at ``path``, sorted by position."""
    return _Checker(Path(path)).run()


def report(problems: list[Problem]) -> tuple[str, int]:
    """The text ``govproj rulepack check`` prints, and its exit code (1 when there are errors)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines = [p.text() for p in problems]
    lines.append(f"发现 {errors} 个错误、{warnings} 个警告。" if problems else "规则包没有发现问题。")
    return "\n".join(lines) + "\n", 1 if errors else 0
