"""status — the regulation's own status: a draft, past its validity, or not covering the project.

Parameters: ``check``: ``draft`` (always reports, typically ``info``: "按征求意见稿检查"),
``expired`` (reports when the check date is after ``published`` + ``validity.years``; the
date used is in the message), ``out_of_scope`` (reports when ``if`` holds).

PASS (check: expired; published 2024-05-24, validity 2 years) — as of 2026-05-24.
FAIL — as of 2026-11-22 → "办法可能已于 2026-05-24 失效".
Variables: ``{expires}``, ``{published}``, ``{status}``.
"""

from __future__ import annotations

from govproj.calendar import add_months

VARIABLES = ("expires", "published", "status")  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    data = ctx.pack.data
    what = rule["check"]
    variables = {"status": ctx.pack.status_label, "published": str(data.get("published") or "未载明"), "expires": ""}
    if what == "draft":
        if ctx.pack.status == "draft":
            yield ctx.finding(rule, variables, file="project.yaml", path=("regulation",))
    elif what == "expired":
        validity = data.get("validity") or {}
        start = data.get("published") or data.get("effective")
        if not validity.get("years") or not start:
            return
        expires = add_months(start, 12 * int(validity["years"]))
        variables["expires"] = expires.isoformat()
        if ctx.as_of > expires:  # the last day of the period is still valid (《民法典》第二百零一条)
            yield ctx.finding(rule, variables, file="project.yaml", path=("regulation",))
    elif what == "out_of_scope":
        if ctx.facts.test(rule.get("if")):
            yield ctx.finding(rule, variables, file="project.yaml", path=("regulation",))
    else:
        from govproj.rules.facts import ConditionError

        raise ConditionError(f"status 规则的 check 应为 draft、expired 或 out_of_scope，实际为 {what}")
