"""Reports for CI systems, all written without rich (machine formats must not be wrapped):

* ``sarif``  — SARIF 2.1.0 for GitHub code scanning: one rule entry per rule with its own title,
  article, quote and advice (regulation rules from their rulepack, govproj's own checks from
  ``govproj/data/checks.yaml``); results whose locations are percent-encoded URIs (RFC 3986)
  relative to the stated ``%SRCROOT%`` and carry stable fingerprints;
* ``gitlab`` — GitLab Code Quality JSON (Code Climate categories and severities, unique
  fingerprints, no BOM);
* ``junit``  — JUnit XML, one test case per rule per dossier; rules that were not evaluated
  because a file they read has format errors are ``skipped`` with the reason;
* ``github`` — workflow commands (``::error file=…,line=…::``, escaped) and a Markdown summary
  for ``$GITHUB_STEP_SUMMARY``.

Locations are relative to one base for the whole report: the git repository that holds the
dossiers (GitHub and GitLab expect repository paths), also when govproj runs outside it; without
a repository, the working directory or else the nearest folder that holds every dossier.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from govproj import __version__
from govproj.findings import SEVERITY_LABELS, Finding

INFO_URI = "https://github.com/govproj/govproj"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CHECKS_FILE = Path(__file__).resolve().parent.parent / "data" / "checks.yaml"
SKIPPED_RULE = "GP-RULES-SKIPPED"  # info finding: rules not evaluated because a file they read has format errors


# --------------------------------------------------------------------------- locations


class Locations:
    """Repository-relative paths (and their URIs) of the files of the dossiers in one result."""

    def __init__(self, result):
        self.base = _common_base([Path(d.path) for d in result.dossiers])

    def path(self, dossier_path: str, file: str | None) -> str:
        target = (Path(dossier_path) / (file or "project.yaml")).resolve()
        try:
            return target.relative_to(self.base).as_posix()
        except ValueError:  # pragma: no cover - the base holds every dossier by construction
            return target.as_posix()

    def uri(self, dossier_path: str, file: str | None) -> str:
        """RFC 3986: a relative reference with every byte outside the unreserved set percent-encoded
        (项目/预算.yaml → %E9%A1%B9%E7%9B%AE/%E9%A2%84%E7%AE%97.yaml); SARIF §3.10.2."""
        return quote(self.path(dossier_path, file), safe="/")

    def base_uri(self) -> str:
        return self.base.as_uri() + "/"


def _common_base(dossiers: list[Path]) -> Path:
    from govproj import gitutil

    cwd = Path.cwd().resolve()
    folders = [p.resolve() for p in dossiers] or [cwd]
    roots = {gitutil.repo_root(p) if p.exists() else None for p in folders}
    if len(roots) == 1 and None not in roots:
        return roots.pop()
    if all(cwd == p or cwd in p.parents for p in folders):
        return cwd
    return Path(os.path.commonpath([p if p.is_dir() else p.parent for p in folders]))


def fingerprint(where: Locations, dossier_path: str, f: Finding) -> str:
    """Stable across runs and line moves: the rule, the file, the JSON path of the fact and the
    message (the message names the facts, so two different problems differ)."""
    key = "\x1f".join([where.path(dossier_path, f.file), f.rule, f.path or "", f.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- rule metadata


@lru_cache(maxsize=1)
def builtin_checks() -> dict[str, dict]:
    import yaml

    return yaml.load(CHECKS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=32)
def _pack_rules(regulation_id: str) -> dict[str, dict]:
    from govproj.rules import rulepack as rulepacks

    try:
        pack = rulepacks.load(regulation_id)
    except rulepacks.RulepackError:
        return {}
    if pack is None:
        return {}
    params = pack.data.get("parameters", {})
    return {r["id"]: dict(r, regulation=pack.id, hint=_fill(r.get("hint") or "", r, params))
            for r in pack.data.get("rules", []) + pack.data.get("not_checkable", [])}


def _fill(text: str, rule: dict, params: dict) -> str:
    """A rule's advice with the rule's own fixed values ({min} → 3); a value known only per
    dossier stays a placeholder-free word (“规定的”) rather than “{min}”."""
    def value(m):
        v = rule.get(m.group(1))
        if isinstance(v, dict) and "param" in v:
            v = (params.get(v["param"]) or {}).get("value")
        return str(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else "规定的"
    return re.sub(r"\{(\w+)\}", value, text)


def rule_metadata(rule_id: str, regulation: dict | None, example: Finding) -> dict:
    """What a rule checks, independent of any one finding: title, article, quote, advice."""
    if rule_id in builtin_checks():
        c = builtin_checks()[rule_id]
        return {"title": c["title"], "description": c["description"], "hint": c["hint"], "article": None, "quote": None,
                "regulation": None}
    rule = _pack_rules(regulation["id"]).get(rule_id) if regulation else None
    if rule is not None:
        return {"title": rule.get("title") or rule_id, "description": rule.get("quote") or rule.get("title") or rule_id,
                "hint": rule.get("hint") or "", "article": rule.get("article"), "quote": rule.get("quote"),
                "regulation": rule.get("regulation")}
    # a rule of a pack given with --rulepack FILE: article and quote are the rule's own, never the message
    return {"title": " ".join(x for x in (example.article, rule_id) if x), "description": example.quote or rule_id,
            "hint": "", "article": example.article, "quote": example.quote, "regulation": example.regulation}


def _help_text(meta: dict) -> str:
    parts = []
    if meta["article"]:
        parts.append(f"依据：{meta['article']}" + (f"「{meta['quote']}」" if meta["quote"] else ""))
    elif meta["description"] != meta["title"]:
        parts.append(meta["description"])
    if meta["hint"]:
        parts.append(f"建议：{meta['hint']}")
    return "\n".join(parts) or meta["title"]


def _all(result):
    for d in result.dossiers:
        for f in sorted(d.findings, key=Finding.sort_key):
            yield d, f


def _cited(text: str, f: Finding) -> str:
    """“message（第五条）”; a finding without an article gets no empty brackets."""
    return f"{text}（{f.article}）" if f.article else text


# --------------------------------------------------------------------------- SARIF


def sarif(result) -> str:
    where = Locations(result)
    rules: dict[str, dict] = {}
    index: dict[str, int] = {}
    results = []
    for d, f in _all(result):
        if f.rule not in index:
            meta = rule_metadata(f.rule, d.regulation, f)
            help_text = _help_text(meta)
            index[f.rule] = len(rules)
            rules[f.rule] = {
                "id": f.rule,
                "name": f.rule.replace("-", ""),
                "shortDescription": {"text": meta["title"]},
                "fullDescription": {"text": " ".join(x for x in (meta["article"], meta["description"]) if x)},
                "help": {"text": help_text, "markdown": help_text.replace("\n", "  \n")},
                "defaultConfiguration": {"level": SARIF_LEVEL[f.severity]},
                "properties": {"tags": [t for t in (meta["regulation"], "govproj") if t],
                               "regulation": meta["regulation"], "article": meta["article"]},
            }
        region = {"startLine": f.line or 1}
        if f.column:
            region["startColumn"] = f.column
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f"\n建议：{f.hint}" if f.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": where.uri(d.path, f.file), "uriBaseId": "%SRCROOT%"},
                "region": region}}],
            "partialFingerprints": {"govprojFinding/v1": fingerprint(where, d.path, f)},
        }
        if f.waived:
            res["suppressions"] = [{"kind": "external", "status": "accepted",
                                    "justification": f"{f.waived.get('reason', '')}（{f.waived.get('approval_doc', '')}）"}]
        results.append(res)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "govproj", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFO_URI, "rules": list(rules.values())}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": where.base_uri()}},
            "results": results,
            "properties": {"as_of": result.as_of.isoformat()},
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- GitLab

# Code Climate issue categories (the only values GitLab Code Quality accepts)
SECURITY_WORDS = ("安全", "密码", "保密", "等级保护", "等保", "涉密")
STYLE_RULES = {"GP-FILENAME", "GP-UNKNOWN-FILE"}


def gitlab_category(f: Finding, meta: dict) -> str:
    if f.rule in STYLE_RULES:
        return "Style"
    if any(w in (meta["title"] or "") or w in (f.quote or "") for w in SECURITY_WORDS):
        return "Security"
    return "Bug Risk" if f.severity in ("error", "warning") else "Clarity"


def gitlab(result) -> str:
    where = Locations(result)
    issues = []
    seen: set[str] = set()
    for d, f in _all(result):
        fp = hashlib.md5(fingerprint(where, d.path, f).encode()).hexdigest()
        n = 1
        while fp in seen:  # GitLab requires unique fingerprints
            fp = hashlib.md5(f"{fingerprint(where, d.path, f)}#{n}".encode()).hexdigest()
            n += 1
        seen.add(fp)
        meta = rule_metadata(f.rule, d.regulation, f)
        issues.append({
            "type": "issue",
            "description": _cited(f"[{f.rule}] {f.message}", f),
            "check_name": f.rule,
            "categories": [gitlab_category(f, meta)],
            "content": {"body": _help_text(meta) + (f"\n建议：{f.hint}" if f.hint and f.hint != meta["hint"] else "")},
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY[f.severity],
            "location": {"path": where.path(d.path, f.file), "lines": {"begin": f.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- JUnit


def skipped_rules(d, pack_rules: list[str]) -> dict[str, str]:
    """Rule id → why it was not evaluated, from the engine's GP-RULES-SKIPPED notes (one per file
    with format errors, listing the rules that read it; without a list, every rule)."""
    out: dict[str, str] = {}
    for f in d.findings:
        if f.rule != SKIPPED_RULE:
            continue
        ids = f.extra.get("rules")
        if ids is None:
            m = re.search(r"：([A-Za-z0-9_、-]+)$", f.message)
            ids = m.group(1).split("、") if m else pack_rules
        reason = f"{f.file} 有格式错误，未检查" if f.file else f.message
        for rid in ids:
            out.setdefault(rid, reason)
    return out


def junit(result) -> str:
    where = Locations(result)
    suites = []
    total_tests = total_failures = total_skipped = 0
    for d in result.dossiers:
        by_rule: dict[str, list[Finding]] = {}
        for f in d.findings:
            if f.rule != SKIPPED_RULE:  # shown as the skipped test cases themselves
                by_rule.setdefault(f.rule, []).append(f)
        pack_rules = [r for r in _pack_rules(d.regulation["id"])] if d.regulation else []
        rule_ids = pack_rules + [r for r in by_rule if r not in set(pack_rules)]
        skipped = skipped_rules(d, pack_rules)
        rule_ids += [r for r in skipped if r not in set(rule_ids)]
        cases = []
        failures = n_skipped = 0
        for rid in rule_ids:
            found = by_rule.get(rid, [])
            errors = [f for f in found if f.severity == "error" and f.waived is None]
            body = ""
            if errors:
                failures += 1
                text = "\n".join(_cited(f"{where.path(d.path, f.file)}:{f.line or 1}: {f.message}", f)
                                 + (f"\n建议：{f.hint}" if f.hint else "") for f in errors)
                body += f"<failure message={quoteattr(errors[0].message)} type=\"error\">{xml_escape(text)}</failure>"
            elif rid in skipped:
                n_skipped += 1
                body += f"<skipped message={quoteattr(skipped[rid])}/>"
            others = [f for f in found if f not in errors]
            if others:
                text = "\n".join(f"[{SEVERITY_LABELS[f.severity]}] {where.path(d.path, f.file)}:{f.line or 1}: {f.message}"
                                 for f in others)
                body += f"<system-out>{xml_escape(text)}</system-out>"
            cases.append(f'    <testcase name={quoteattr(rid)} classname={quoteattr(d.path)} time="0">{body}</testcase>')
        total_tests += len(cases)
        total_failures += failures
        total_skipped += n_skipped
        name = d.path + (f" · {d.regulation['title']}" if d.regulation else "")
        suites.append(f'  <testsuite name={quoteattr(name)} tests="{len(cases)}" failures="{failures}" errors="0" '
                      f'skipped="{n_skipped}" time="0">\n' + "\n".join(cases) + "\n  </testsuite>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="govproj check" tests="{total_tests}" failures="{total_failures}" errors="0" '
            f'skipped="{total_skipped}" time="0">\n' + "\n".join(suites) + "\n</testsuites>\n")


# --------------------------------------------------------------------------- GitHub


def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def github(result) -> str:
    where = Locations(result)
    lines = []
    for d, f in _all(result):
        props = [f"file={_esc_prop(where.path(d.path, f.file))}", f"line={f.line or 1}"]
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_esc_prop(f.rule + (' ' + f.article if f.article else ''))}")
        text = f.message + (f"\n建议：{f.hint}" if f.hint else "")
        lines.append(f"::{GITHUB_COMMAND[f.severity]} {','.join(props)}::{_esc_data(text)}")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(markdown_summary(result))
    return "\n".join(lines) + ("\n" if lines else "")


def markdown_summary(result) -> str:
    where = Locations(result)
    t = result.summary()
    out = ["## govproj check", "",
           f"检查日期 {result.as_of.isoformat()}：{t['dossiers']} 个档案，错误 {t['error']}，警告 {t['warning']}，提示 {t['info']}", "",
           "| 档案 | 管理办法 | 错误 | 警告 | 提示 |", "|---|---|---:|---:|---:|"]
    for d in result.dossiers:
        s = d.summary
        reg = d.regulation["title"] if d.regulation else "—"
        out.append(f"| `{d.path}` | {reg} | {s['error']} | {s['warning']} | {s['info']} |")
    errors = [(d, f) for d, f in _all(result) if f.severity == "error" and f.waived is None]
    if errors:
        out += ["", "### 错误", ""]
        for d, f in errors[:50]:
            at = where.path(d.path, f.file) + (f":{f.line}" if f.line else "")
            out.append(f"- `{at}` **{_cited(f.rule, f)}**：{f.message}")
        if len(errors) > 50:
            out.append(f"- ……另有 {len(errors) - 50} 条")
    return "\n".join(out) + "\n\n"
