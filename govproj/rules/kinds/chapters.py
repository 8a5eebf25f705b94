"""chapters — a document must contain the required chapters.

Parameters: ``document`` (a document type, or a list of types: every present document of
those types is checked, e.g. both the 可研 and the 初步设计), ``chapters`` (a list; each either a text — a
heading must contain it — or ``{title, match: [keywords]}`` — a heading must contain one of
the keywords), ``stage`` (as in ``require``).
The headings are the document's ``sections`` in documents.yaml; without them, the headings
(Word "Heading"/"标题" styles) of its attached .docx are read with python-docx. Numbering such
as “一、”“（二）”“3.1” and punctuation are ignored when matching. An absent document is not
reported here (a ``require`` rule does that).

PASS (document: fsr, chapters: [密码应用方案]) — sections include “五、密码应用方案”.
FAIL — no heading mentions 密码应用方案 → "缺少章节：密码应用方案".
Variables: ``{missing}``, ``{document}``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govproj.dossier.vocabulary import document_label
from govproj.rules.kinds._common import stage_gate

_NUMBERING = re.compile(r"^[\s　]*(第[一二三四五六七八九十百]+[章节篇部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+(\.[0-9]+)*[、.．]?)?[\s　]*")
_PUNCT = re.compile(r"[\s　、，,。.．:：;；“”\"'（）()《》<>—\-]")

VARIABLES = ("missing", "document")  # message variables this kind offers (read by govproj rulepack check)


@lru_cache(maxsize=4096)
def normalize(heading: str) -> str:
    return _PUNCT.sub("", _NUMBERING.sub("", heading))


def headings_of(doc, ctx) -> list[str] | None:
    if doc.sections:
        return list(doc.sections)
    if doc.file and doc.file.lower().endswith(".docx"):
        from govproj.attachments import docx_headings

        # never opened when it leads outside the dossier; bounded and parsed once per run
        return docx_headings(ctx.dossier.root, doc.file)
    return None


def check(rule, ctx):
    gate = stage_gate(rule, ctx)
    if gate == "skip":
        return
    types = rule["document"] if isinstance(rule["document"], list) else [rule["document"]]
    for t in types:
        docs = ctx.dossier.documents_of(t)
        if docs:
            yield from _check_one(rule, ctx, docs[-1], gate)


def _check_one(rule, ctx, doc, gate):
    headings = headings_of(doc, ctx)
    where = ("documents.yaml", doc.path + (("sections",) if doc.sections else ()))
    if headings is None:
        yield ctx.finding(rule, {"document": document_label(doc.type), "missing": "全部（无法读取章节）"},
                          severity="warning", file=where[0], path=where[1],
                          message=f"无法确定{document_label(doc.type)}的章节：documents.yaml 未填写 sections，附件也不是可读取的 .docx",
                          hint="在 documents.yaml 中为该材料填写 sections（章节标题列表），或附上 .docx 文件。")
        return
    # one text of all headings: a normalized key has no line break, so it is found in it
    # exactly when it is found in one heading
    normalized = "\n".join(normalize(h) for h in headings if isinstance(h, str))
    missing = []
    for spec in rule["chapters"]:
        title = spec if isinstance(spec, str) else spec["title"]
        keys = [title] if isinstance(spec, str) else (spec.get("match") or [title])
        if not any(normalize(k) in normalized for k in keys):
            missing.append(title)
    if missing:
        variables = {"missing": "、".join(missing), "document": document_label(doc.type)}
        if gate == "next":
            yield ctx.next_step(rule, variables, file=where[0], path=where[1])
        else:
            yield ctx.finding(rule, variables, file=where[0], path=where[1])
