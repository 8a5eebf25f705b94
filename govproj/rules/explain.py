"""``govproj rules``: list the regulations, their rules, or explain one rule with its article.

The article's full text is cut from the bundled regulation text (``regulations/texts``):
from “第X条” up to the next article heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from govproj.rules import rulepack as rulepacks

_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+[条條]")


def regulation_rows() -> list[dict]:
    rows = []
    for reg_id, path in sorted(rulepacks.available().items()):
        try:
            pack = rulepacks.load_file(path.resolve())
        except rulepacks.RulepackError as exc:
            rows.append({"id": reg_id, "title": f"（无法读取：{exc}）", "status": "", "rules": 0, "not_checkable": 0,
                         "doc_no": "", "path": str(path)})
            continue
        rows.append({
            "id": pack.id,
            "title": pack.title,
            "status": pack.status_label,
            "doc_no": pack.data.get("doc_no") or "",
            "rules": len(pack.data.get("rules", [])),
            "not_checkable": len(pack.data.get("not_checkable", [])),
            "path": str(path),
        })
    return rows


def rule_rows(pack) -> list[dict]:
    """One row per rule for ``govproj rules 办法``; ``from`` is the pack whose file defines it."""
    return [{"id": r["id"], "severity": r["severity"], "article": r["article"] + r.get("item", ""),
             "title": r["title"], "waivable": bool(r.get("waivable")), "kind": r["kind"],
             "from": pack.source_of(r["id"]).id}
            for r in pack.data.get("rules", [])]


def text_of(pack) -> str | None:
    spec = pack.data.get("text") or {}
    name = spec.get("simplified") or spec.get("file")
    if not name:
        return None
    path = (pack.path.parent / name)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def article_text(pack, article: str, rule_id: str | None = None) -> str | None:
    """The full text of ``article`` (e.g. 第二十五条) in the regulation, or None; for a rule
    inherited through ``extends``, in the text of the pack that defines it."""
    text = text_of(pack.source_of(rule_id) if rule_id else pack)
    if not text or not article:
        return None
    head = re.match(r"第[一二三四五六七八九十百零]+条", article)
    if not head:
        return None
    start = text.find(head.group(0))
    if start < 0:
        return None
    nxt = _ARTICLE.search(text, start + len(head.group(0)))
    end = nxt.start() if nxt else len(text)
    # stop at a chapter heading such as “第三章” or “1. 统筹规划” that precedes the next article;
    # a numbered item of the article itself (“1. 自接到启动通知之日起,…”) is a long line and stays
    body = text[start:end].strip()
    body = re.split(r"\n\s*(?:第[一二三四五六七八九十]+章[^\n]*|[0-9]+\.\s*[^\n,，。；]{1,15})\s*(?:\n|$)", body)[0].strip()
    return body


def find_rule(pack, rule_id: str) -> tuple[dict | None, str]:
    for r in pack.data.get("rules", []):
        if r["id"].lower() == rule_id.lower():
            return r, "rule"
    for r in pack.data.get("not_checkable", []):
        if r["id"].lower() == rule_id.lower():
            return r, "not_checkable"
    return None, ""


def parameters_of(pack, rule: dict) -> list[tuple[str, dict]]:
    """The parameters a rule refers to (``{param: name}`` anywhere inside it)."""
    from govproj.rules.facts import named

    names = named(rule, "param")
    params = pack.data.get("parameters", {})
    return [(n, params[n]) for n in dict.fromkeys(names) if n in params]


def path_for(reg_id: str) -> Path | None:
    return rulepacks.available().get(reg_id)
