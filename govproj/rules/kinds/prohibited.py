"""prohibited — a condition that must not hold (e.g. 九江 第二十二条 “不予支持” cases).

Parameters: ``if`` (a condition, docs/rulepacks.md §3), ``locate`` (optional fact path to point
the finding at; default: the first fact in the condition).

PASS (if: {all: [{fact: project.nature, eq: new}, {fact: project.deployment.gov_cloud, ne: true}]}) — a new project on 政务云.
FAIL — a new project with deployment.gov_cloud: false.
Variables: ``{value}``.
"""

from __future__ import annotations

from govproj.rules.kinds.assert_ import _first_fact, _show

VARIABLES = ("value",)  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    cond = rule["if"]
    if ctx.facts.test(cond) is not True:  # unknown: the engine asks for the missing fact
        return
    fact = rule.get("locate") or _first_fact(cond)
    loc = ctx.facts.location(fact) if fact else None
    file, path = loc if loc else ("project.yaml", ())
    yield ctx.finding(rule, {"value": _show(ctx.facts.get(fact)) if fact else ""}, file=file, path=path)
