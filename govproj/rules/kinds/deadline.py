"""deadline — something must happen within a period after an anchor (or by a fixed date).

Parameters:
``anchor``: ``{event: [types]}`` (``pick: first|last``, default first) or
``{fixed: {month: 12, day: 31, year: {fact: project.plan_year, offset: -1}}}``;
``target``: ``{event: [types]}``; ``limit``: ``{value: 20, unit: working_days}`` with unit
``working_days`` | ``days`` | ``months`` | ``years`` (value may be ``{param: name}``);
``window_min``: the same shape, for windows such as 自评价 6–12 个月 (too early is reported);
``excused_by``: event types that, when dated on or before the due date, excuse lateness.
With ``window_min`` and no ``limit`` the rule only says "not before" (e.g. 采购意向公开后至少30日).

Counting follows 《民法典》: the start day is not counted (第二百零一条); months end on the
corresponding day or the month's last day (第二百零二条); a last day on a holiday moves to the
next working day (第二百零三条). Working days follow the official calendar with 调休.

Results: target later than due → the rule's severity; target absent and due date passed →
the rule's severity ("已逾期"); target absent and due within 30 days → ``info``.
PASS (anchor proposal_approved 2026-03-02, limit 20 working days) — fsr_submitted 2026-03-30.
FAIL — fsr_submitted 2026-03-31 (the 21st working day).
Variables: ``{anchor}``, ``{anchor_date}``, ``{due}``, ``{target}``, ``{target_date}``,
``{limit}``, ``{overdue_days}``, ``{earliest}``.
"""

from __future__ import annotations

from datetime import date

from govproj.calendar import describe_limit
from govproj.rules.facts import ConditionError
from govproj.rules.kinds._common import as_list, events_label

SOON_DAYS = 30

VARIABLES = ("anchor", "anchor_date", "due", "target", "target_date", "limit", "overdue_days", "earliest")  # message variables this kind offers (read by govproj rulepack check)


def _limit(spec, ctx):
    value = ctx.facts.value(spec["value"])
    return int(value), spec["unit"]


def _anchor(rule, ctx):
    spec = rule["anchor"]
    if "event" in spec:
        events = ctx.dossier.events_of(*as_list(spec["event"]))
        if not events:
            return None, None, None
        e = events[-1] if spec.get("pick") == "last" else events[0]
        return e.date, events_label(e.type), e
    fixed = spec.get("fixed")
    if fixed:
        year_spec = fixed.get("year")
        if isinstance(year_spec, dict):
            base = ctx.facts.get(year_spec["fact"]) if "fact" in year_spec else None
            if base is None:
                return None, None, None
            year = int(base) + int(year_spec.get("offset", 0))
        elif year_spec is None:
            year = ctx.as_of.year
        else:
            year = int(year_spec)
        return date(year, int(fixed["month"]), int(fixed["day"])), None, None
    raise ConditionError("deadline 规则需要 anchor.event 或 anchor.fixed")


def check(rule, ctx):
    from govproj.calendar import BeyondCalendar

    try:
        yield from _check(rule, ctx)
    except BeyondCalendar:  # the period ends after 9999-12-31: it can be neither missed nor near
        return


def _check(rule, ctx):
    start, anchor_label, anchor_event = _anchor(rule, ctx)
    if start is None:
        return
    from govproj.calendar import Due

    if "limit" in rule:
        value, unit = _limit(rule["limit"], ctx)
        due = ctx.calendar.add(start, value, unit)
        limit_text = describe_limit(value, unit)
    elif "fixed" in rule["anchor"]:  # a fixed date is itself the deadline (《民法典》第二百零三条 still applies)
        due = Due(ctx.calendar.next_workday(start), set())
        limit_text = f"{start.isoformat()} 前"
    else:  # only a minimum gap (e.g. 采购意向公开至少 30 日后方可开展采购活动): no upper limit
        due = Due(date.max, set())
        limit_text = "不限"
    targets = ctx.dossier.events_of(*as_list(rule["target"]["event"]))
    targets = [t for t in targets if t.date >= start] or targets
    excused = [e for e in ctx.dossier.events_of(*as_list(rule.get("excused_by"))) if e.date <= due.date]
    variables = {
        "anchor": anchor_label or "",
        "anchor_date": anchor_event.date_text if anchor_event is not None else start.isoformat(),
        "due": due.date.isoformat(),
        "target": events_label(rule["target"]["event"]),
        "limit": limit_text,
        "target_date": "",
        "overdue_days": "",
        "earliest": "",
    }
    note = ctx.provisional_note(due.provisional_years)
    earliest = None
    if "window_min" in rule:
        v, u = _limit(rule["window_min"], ctx)
        earliest = ctx.calendar.add(start, v, u).date
        variables["earliest"] = earliest.isoformat()
    if targets:
        t = targets[0]
        variables["target_date"] = t.date_text
        if t.date > due.date and not excused:
            variables["overdue_days"] = str((t.date - due.date).days)
            f = ctx.finding(rule, variables, file="events.yaml", path=t.path + ("date",))
            f.message += note
            yield f
        elif earliest is not None and t.date < earliest:
            f = ctx.finding(rule, variables, file="events.yaml", path=t.path + ("date",),
                            message=rule.get("message_early") or "{target}（{target_date}）早于规定的窗口：应在 {earliest} 至 {due} 之间")
            yield f
        return
    if excused or due.date == date.max:
        return
    if ctx.as_of > due.date:
        variables["overdue_days"] = str((ctx.as_of - due.date).days)
        f = ctx.finding(rule, variables, file="events.yaml", path=("events",),
                        message=rule.get("message_overdue") or rule.get("message"))
        if not rule.get("message_overdue"):
            f.message = f"已逾期 {variables['overdue_days']} 日：" + f.message
        f.message += note
        yield f
    elif (due.date - ctx.as_of).days <= SOON_DAYS:
        f = ctx.finding(rule, variables, severity="info", file="events.yaml", path=("events",),
                        message=rule.get("message_soon") or "即将到期：{target}应在 {due} 前完成（{article}：{limit}，自{anchor}{anchor_date}起算）")
        f.message += note
        yield f
