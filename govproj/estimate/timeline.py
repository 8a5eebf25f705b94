"""The timeline: the due date of every later step the regulation times.

The steps and their limits are the rulepack's own ``deadline`` rules (anchor → target within
a limit), so the timeline always agrees with ``govproj check``. Dates are propagated along
those rules: an anchor that has happened gives real due dates; one that has not is assumed
to happen on its own due date (shown as projected). Government-side service levels (e.g. 九江
第二十五条 “市发改委于5个工作日内进行批复”) are deadline rules too, so the chain runs on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govproj.calendar import BeyondCalendar, describe_limit
from govproj.dossier.vocabulary import event_label
from govproj.rules.engine import Context
from govproj.rules.kinds._common import as_list


@dataclass
class Step:
    step: str  # target event type
    title: str
    due: date
    basis: str  # article + limit in words
    rule: str
    anchor: str
    anchor_date: date
    projected: bool  # anchor date is itself a projection
    actual: date | None = None
    provisional_years: set[int] = field(default_factory=set)
    severity: str = "warning"
    # the rule's ``milestone``: the day is when something starts to apply (县 第三十条: 12 months
    # after acceptance the project enters the 绩效评价), not a day by which something is due
    milestone: bool = False

    @property
    def binding(self) -> bool:
        return not self.milestone

    @property
    def status(self) -> str:
        if self.actual is not None:
            return "late" if self.actual > self.due and self.binding else "done"
        return "pending"

    def state(self, as_of: date) -> str:
        """done | late | pending | overdue (a binding date passed) | reached (an info date passed)."""
        if self.status == "pending" and self.due < as_of:
            return "overdue" if self.binding else "reached"
        return self.status

    def to_dict(self) -> dict:
        return {"step": self.step, "title": self.title, "due": self.due.isoformat(), "basis": self.basis,
                "rule": self.rule, "anchor": self.anchor, "anchor_date": self.anchor_date.isoformat(),
                "projected": self.projected, "actual": self.actual.isoformat() if self.actual else None,
                "status": self.status, "provisional": bool(self.provisional_years)}


def _timed_rules(ctx: Context) -> list[dict]:
    out = []
    for r in ctx.pack.data.get("rules", []):
        if r["kind"] != "deadline" or "limit" not in r or "event" not in r.get("anchor", {}):
            continue
        if not ctx.applies(r):
            continue
        out.append(r)
    return out


def build(ctx: Context, start: date | None = None, start_event: str | None = None) -> list[Step]:
    rules = _timed_rules(ctx)
    known: dict[str, tuple[date, bool]] = {}  # event type → (date, projected)
    for e in ctx.dossier.events:
        if e.type not in known or e.date < known[e.type][0]:
            known[e.type] = (e.date, False)
    if start is not None:
        roots = _roots(rules)
        chosen = start_event or next((t for t in roots if t not in known), None)
        if chosen:
            known.setdefault(chosen, (start, True))
    steps: dict[str, Step] = {}
    for _ in range(len(rules) + 1):  # propagate until nothing changes
        changed = False
        for r in rules:
            anchor_types = as_list(r["anchor"]["event"])
            anchors = [(known[t][0], known[t][1], t) for t in anchor_types if t in known]
            if not anchors:
                continue
            anchor_date, projected, anchor_type = (max if r["anchor"].get("pick") == "last" else min)(anchors)
            value = int(ctx.facts.value(r["limit"]["value"]))
            unit = r["limit"]["unit"]
            try:
                due = ctx.calendar.add(anchor_date, value, unit)
            except BeyondCalendar:  # a due day after 9999-12-31 (an absurd --as-of): no step to show
                continue
            target_types = as_list(r["target"]["event"])
            target = target_types[0]
            key = f"{r['id']}:{target}"
            found = next((ctx.dossier.events_of(t)[0] for t in target_types if ctx.dossier.events_of(t)), None)
            actual = found.date if found else None
            if found:
                target = found.type
            article = r.get("article", "") + r.get("item", "")
            step = Step(target, event_label(target), due.date,
                        f"{article}：{event_label(anchor_type)}后 {describe_limit(value, unit)}",
                        r["id"], anchor_type, anchor_date, projected, actual, due.provisional_years, r.get("severity", "warning"),
                        bool(r.get("milestone")))
            old = steps.get(key)
            if old is None or old.due != step.due or old.anchor_date != step.anchor_date:
                steps[key] = step
                changed = True
            if actual is None:
                for t in target_types:
                    if t not in known or (known[t][1] and known[t][0] != due.date):
                        known[t] = (due.date, True)
                        changed = True
        if not changed:
            break
    return sorted(steps.values(), key=lambda s: (s.due, s.rule))


def _roots(rules: list[dict]) -> list[str]:
    """Anchor event types that are not themselves the target of any timed rule, the one that
    starts the longest chain of timed steps first (for 九江: 收到项目启动通知)."""
    targets = {t for r in rules for t in as_list(r["target"]["event"])}
    edges: dict[str, set[str]] = {}
    for r in rules:
        for a in as_list(r["anchor"]["event"]):
            edges.setdefault(a, set()).update(as_list(r["target"]["event"]))
    roots = []
    for r in rules:
        for t in as_list(r["anchor"]["event"]):
            if t not in targets and t not in roots:
                roots.append(t)

    def reach(node: str) -> int:
        seen, todo = set(), [node]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return len(seen)

    return sorted(roots, key=lambda t: -reach(t))
