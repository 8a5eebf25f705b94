"""Reports for CI systems, all written without rich (machine formats must not be wrapped):

* ``sarif``  — SARIF 2.1.0 for GitHub code scanning: rules with ids, names and help (the article
  and its quote), results with repository-relative locations and stable fingerprints;
* ``gitlab`` — GitLab Code Quality JSON (severity mapping, unique fingerprints, no BOM);
* ``junit``  — JUnit XML, one test case per rule per dossier;
* ``github`` — workflow commands (``::error file=…,line=…::``, escaped) and a Markdown summary
  for ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from govproj import __version__
from govproj.findings import SEVERITY_LABELS, Finding

INFO_URI = "https://github.com/govproj/govproj"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _base() -> Path:
    """Locations are relative to the repository root (GitHub and GitLab expect that), or to the
    working directory outside a repository."""
    from govproj import gitutil

    cwd = Path.cwd()
    return gitutil.repo_root(cwd) or cwd


def location_path(dossier_path: str, file: str | None) -> str:
    target = Path(dossier_path) / (file or "project.yaml")
    try:
        return target.resolve().relative_to(_base().resolve()).as_posix()
    except ValueError:
        return target.as_posix()


def fingerprint(dossier_path: str, f: Finding) -> str:
    """Stable across runs and line moves: the rule, the file, the JSON path of the fact and the
    message (the message names the facts, so two different problems differ)."""
    key = "\x1f".join([location_path(dossier_path, f.file), f.rule, f.path or "", f.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _rule_help(f: Finding) -> str:
    parts = []
    if f.article:
        parts.append(f"依据：{f.article}" + (f"「{f.quote}」" if f.quote else ""))
    if f.hint:
        parts.append(f"建议：{f.hint}")
    return "\n".join(parts) or f.message


def _all(result):
    for d in result.dossiers:
        for f in sorted(d.findings, key=Finding.sort_key):
            yield d, f


# --------------------------------------------------------------------------- SARIF


def sarif(result) -> str:
    rules: dict[str, dict] = {}
    results = []
    for d, f in _all(result):
        if f.rule not in rules:
            rules[f.rule] = {
                "id": f.rule,
                "name": f.rule.replace("-", ""),
                "shortDescription": {"text": (f.article + " " if f.article else "") + f.rule},
                "fullDescription": {"text": f.quote or f.message},
                "help": {"text": _rule_help(f), "markdown": _rule_help(f).replace("\n", "  \n")},
                "defaultConfiguration": {"level": SARIF_LEVEL[f.severity]},
                "properties": {"tags": [t for t in (f.regulation, "govproj") if t],
                               "regulation": f.regulation, "article": f.article},
            }
        region = {"startLine": f.line or 1}
        if f.column:
            region["startColumn"] = f.column
        res = {
            "ruleId": f.rule,
            "ruleIndex": list(rules).index(f.rule),
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f"\n建议：{f.hint}" if f.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": location_path(d.path, f.file), "uriBaseId": "%SRCROOT%"},
                "region": region}}],
            "partialFingerprints": {"govprojFinding/v1": fingerprint(d.path, f)},
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
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _base().resolve().as_uri() + "/"}},
            "results": results,
            "properties": {"as_of": result.as_of.isoformat()},
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- GitLab


def gitlab(result) -> str:
    issues = []
    seen: set[str] = set()
    for d, f in _all(result):
        fp = hashlib.md5(fingerprint(d.path, f).encode()).hexdigest()
        n = 1
        while fp in seen:  # GitLab requires unique fingerprints
            fp = hashlib.md5(f"{fingerprint(d.path, f)}#{n}".encode()).hexdigest()
            n += 1
        seen.add(fp)
        desc = f"[{f.rule}] {f.message}" + (f"（{f.article}）" if f.article else "")
        issues.append({
            "type": "issue",
            "description": desc,
            "check_name": f.rule,
            "categories": ["Compliance" if f.article else "Bug Risk"],
            "content": {"body": _rule_help(f)},
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY[f.severity],
            "location": {"path": location_path(d.path, f.file), "lines": {"begin": f.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- JUnit


def junit(result) -> str:
    from govproj.rules import rulepack as rulepacks

    suites = []
    total_tests = total_failures = 0
    for d in result.dossiers:
        by_rule: dict[str, list[Finding]] = {}
        for f in d.findings:
            by_rule.setdefault(f.rule, []).append(f)
        rule_ids = list(by_rule)
        if d.regulation:
            pack = rulepacks.load(d.regulation["id"])
            if pack is not None:
                rule_ids = [r["id"] for r in pack.data.get("rules", [])] + [r for r in rule_ids if r not in
                                                                           {x["id"] for x in pack.data.get("rules", [])}]
        cases = []
        failures = 0
        for rid in rule_ids:
            found = by_rule.get(rid, [])
            errors = [f for f in found if f.severity == "error" and f.waived is None]
            body = ""
            if errors:
                failures += 1
                text = "\n".join(f"{location_path(d.path, f.file)}:{f.line or 1}: {f.message}（{f.article or '—'}）\n建议：{f.hint}"
                                 for f in errors)
                body += f"<failure message={quoteattr(errors[0].message)} type=\"error\">{xml_escape(text)}</failure>"
            others = [f for f in found if f not in errors]
            if others:
                text = "\n".join(f"[{SEVERITY_LABELS[f.severity]}] {location_path(d.path, f.file)}:{f.line or 1}: {f.message}"
                                 for f in others)
                body += f"<system-out>{xml_escape(text)}</system-out>"
            cases.append(f'    <testcase name={quoteattr(rid)} classname={quoteattr(d.path)} time="0">{body}</testcase>')
        total_tests += len(cases)
        total_failures += failures
        name = d.path + (f" · {d.regulation['title']}" if d.regulation else "")
        suites.append(f'  <testsuite name={quoteattr(name)} tests="{len(cases)}" failures="{failures}" errors="0" '
                      f'skipped="0" time="0">\n' + "\n".join(cases) + "\n  </testsuite>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="govproj check" tests="{total_tests}" failures="{total_failures}" errors="0" time="0">\n'
            + "\n".join(suites) + "\n</testsuites>\n")


# --------------------------------------------------------------------------- GitHub


def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def github(result) -> str:
    lines = []
    for d, f in _all(result):
        props = [f"file={_esc_prop(location_path(d.path, f.file))}", f"line={f.line or 1}"]
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
            where = location_path(d.path, f.file) + (f":{f.line}" if f.line else "")
            out.append(f"- `{where}` **{f.rule}**（{f.article or '—'}）：{f.message}")
        if len(errors) > 50:
            out.append(f"- ……另有 {len(errors) - 50} 条")
    return "\n".join(out) + "\n\n"
