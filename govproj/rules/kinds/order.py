"""order — one event must come before another.

Parameters: ``first`` (event types that must happen first), ``then`` (event types that
follow), ``strict`` (``true``: strictly earlier; default ``false``: the same day is fine),
``after`` (optional event types: only ``first`` events on or after the earliest of these count —
九江 第二十三条: the 省级审核 *after* the leading group's approval, not the 第十三条 assessment).
Whenever a ``then`` event exists, an earlier (or same-day) ``first`` event must exist.

PASS (first: [prereview_passed], then: [project_approved]) — 前置审查 2025-03-01, 立项 2025-04-10.
FAIL — 立项 2025-04-10 with no 前置审查, or 前置审查 only on 2025-05-01.
Variables: ``{first}``, ``{then}``, ``{then_date}``, ``{first_date}`` ("无" when absent).
"""

from __future__ import annotations

from govproj.rules.kinds._common import as_list, events_label

VARIABLES = ("first", "then", "then_date", "first_date")  # message variables this kind offers (read by govproj rulepack check)


def check(rule, ctx):
    firsts = ctx.dossier.events_of(*as_list(rule["first"]))
    after = ctx.dossier.events_of(*as_list(rule.get("after")))
    if after:
        firsts = [f for f in firsts if f.date >= after[0].date]
    strict = rule.get("strict", False)
    for then in ctx.dossier.events_of(*as_list(rule["then"])):
        ok = [f for f in firsts if (f.date < then.date if strict else f.date <= then.date)]
        if ok:
            continue
        variables = {
            "first": events_label(rule["first"]),
            "then": events_label(then.type),
            "then_date": then.date_text,
            "first_date": firsts[0].date_text if firsts else "无",
        }
        yield ctx.finding(rule, variables, file="events.yaml", path=then.path + ("date",))
        return  # one finding per rule is enough: the first offending event
