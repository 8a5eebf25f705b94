"""periodic — a report is due for every month, quarter or year of a period.

Parameters: ``period`` (``month`` | ``quarter`` | ``year``: 国办发〔2019〕57号 第二十条 “在建设期内每年年底前”), ``from`` (``{event: [types]}``, the first
reporting period is the one containing that date), ``until`` (``{event: [types]}``; without it,
periods up to the check date), ``grace_days`` (days after a period's end before its report is
due; default 0). Reports are the files ``progress/YYYY-MM.yaml`` / ``progress/YYYY-Qn.yaml``
(a quarterly report may also be given as its last month's file). With ``events: [types]`` the
reports are those events instead (e.g. ``performance_report_submitted``): each period needs one
dated inside it, or up to ``grace_days`` after its end.

PASS (period: month, from construction_started 2026-08-10) — progress/2026-08.yaml, 2026-09.yaml, 2026-10.yaml at 2026-11-22.
FAIL — 2026-09.yaml missing → "缺少 2026-09 的报告".
A report whose ``submitted`` date is after its due date is reported too (``message_late``).
The finding points at the event that starts the reporting (the reports themselves are absent).
``grace_days`` may be ``{param: name}``.
Variables: ``{missing}``, ``{count}``.
"""

from __future__ import annotations

from datetime import date, timedelta

from govproj.rules.kinds._common import as_list

VARIABLES = ("missing", "count")  # message variables this kind offers (read by govproj rulepack check)


def _periods(start: date, end: date, quarterly: bool, yearly: bool = False):
    if yearly:
        for y in range(start.year, end.year + 1):
            yield str(y), date(y, 12, 31), {str(y)}
        return
    y, m = start.year, start.month
    if quarterly:
        m = (m - 1) // 3 * 3 + 1
    while date(y, m, 1) <= end:
        if quarterly:
            last_month = m + 2
            yield f"{y}-Q{(m - 1) // 3 + 1}", _month_end(y, last_month), {f"{y}-Q{(m - 1) // 3 + 1}", f"{y}-{last_month:02d}"}
            m += 3
        else:
            yield f"{y}-{m:02d}", _month_end(y, m), {f"{y}-{m:02d}"}
            m += 1
        if m > 12:
            y, m = y + 1, m - 12


def period_start(key: str) -> date:
    """First day of a period named ``2026``, ``2026-Q3`` or ``2026-09``."""
    if "-Q" in key:
        y, q = key.split("-Q")
        return date(int(y), 3 * int(q) - 2, 1)
    if "-" in key:
        y, m = key.split("-")
        return date(int(y), int(m), 1)
    return date(int(key), 1, 1)


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def check(rule, ctx):
    starts = ctx.dossier.events_of(*as_list(rule["from"]["event"]))
    if not starts:
        return
    start = starts[0].date
    end = ctx.as_of
    if rule.get("until"):
        ends = ctx.dossier.events_of(*as_list(rule["until"]["event"]))
        if ends:
            end = min(end, ends[0].date)
    grace = int(ctx.facts.value(rule.get("grace_days", 0)))
    reports = {r.file.removeprefix("progress/").removesuffix(".yaml"): r for r in ctx.dossier.collection("progress")}
    evidence = ctx.dossier.events_of(*as_list(rule["events"])) if rule.get("events") else None
    missing, late = [], []
    for key, period_end, names in _periods(start, end, rule.get("period") == "quarter", rule.get("period") == "year"):
        due = period_end + timedelta(days=grace)
        if period_end > end and rule.get("until"):
            continue
        if evidence is not None:  # reports are events: one dated in the period (or its grace days)
            begin = period_start(key)
            if not any(begin <= e.date <= due for e in evidence) and due < ctx.as_of:
                missing.append(key)
            continue
        found = [reports[n] for n in names if n in reports]
        if found:
            submitted = found[0].data.get("submitted")
            if submitted is not None and submitted > due:
                late.append(f"{key}（{submitted.isoformat()} 报送，应在 {due.isoformat()} 前）")
        elif due < ctx.as_of:
            missing.append(key)
    anchor = starts[0]
    where = dict(file="events.yaml", path=anchor.path + ("date",))
    if missing:
        yield ctx.finding(rule, {"missing": "、".join(missing), "count": str(len(missing))}, **where)
    if late:
        yield ctx.finding(rule, {"missing": "", "count": str(len(late))}, **where,
                          message=rule.get("message_late") or "报告晚于规定期限：" + "；".join(late))
