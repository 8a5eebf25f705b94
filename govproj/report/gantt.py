"""Geometry of the timeline Gantt chart in the HTML report: where each bar, deadline, actual date
and the check day go. The template writes the SVG (text stays text, so it can be searched,
copied and printed sharply); this module only computes coordinates and labels.

A row is one timed step (estimate.timeline.Step): a bar from the anchor event to the due date,
a deadline tick at the due date, a diamond at the actual date. A pending step whose due date
has passed is overdue; a step done after its due date is late. A due date far beyond the rest
of the chart (e.g. a ten-year limit) is drawn clipped at the right edge with its date written
there, so one long limit does not squeeze all the others into a few pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govproj.calendar import add_months

WIDTH = 960
LABEL_W = 250  # left column: step names
RIGHT_W = 180  # right margin: due dates (and “已逾期 N 天”) written after the bars
ROW_H = 28
TOP = 46  # axis labels and the check-day label
BOTTOM = 34  # legend
LABEL_CHARS = 17  # a longer step name is shortened with “…” (the full name is in the table and the tooltip)
FAR = 0.25  # a due date more than this share of the span beyond the rest is clipped


@dataclass
class Row:
    y: float
    label: str
    full_label: str
    status: str  # done | late | pending | overdue | reached (timeline.Step.state)
    status_label: str
    x0: float
    x1: float
    due_x: float
    due_text: str
    clipped: bool
    projected: bool
    actual_x: float | None
    tooltip: str


@dataclass
class Gantt:
    width: int
    height: int
    plot_x0: float
    plot_x1: float
    rows: list[Row] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    today_x: float | None = None
    today_text: str = ""


STATUS_LABELS = {"done": "按期完成", "late": "逾期完成", "pending": "待办", "overdue": "已逾期", "reached": "已到期（提示）"}


def status_of(step, as_of: date) -> str:
    return step.state(as_of)


def build(steps, as_of: date) -> Gantt | None:
    if not steps:
        return None
    core = [as_of]
    for s in steps:
        core.append(s.anchor_date)
        if s.actual:
            core.append(s.actual)
        if s.actual is None:
            core.append(s.due)
    start, end = min(core), max(core)
    span = max((end - start).days, 30)
    limit_day = end.toordinal() + FAR * span
    dues = [s.due for s in steps if s.due.toordinal() <= limit_day]
    end = max([end] + dues)
    span = max((end - start).days, 30)
    plot_x0, plot_x1 = LABEL_W, WIDTH - RIGHT_W

    def x(d: date) -> float:
        return round(plot_x0 + (plot_x1 - plot_x0) * (min(d, end) - start).days / span, 1)

    g = Gantt(WIDTH, TOP + ROW_H * len(steps) + BOTTOM, plot_x0, plot_x1)
    for i, s in enumerate(steps):
        status = status_of(s, as_of)
        clipped = s.due > end
        label = s.title if len(s.title) <= LABEL_CHARS else s.title[: LABEL_CHARS - 1] + "…"
        late_days = (as_of - s.due).days if status == "overdue" else ((s.actual - s.due).days if status == "late" else 0)
        status_label = STATUS_LABELS[status] + (f" {late_days} 天" if late_days else "")
        tip = (f"{s.title}：{s.basis}；起算 {s.anchor_date.isoformat()}，截止 {s.due.isoformat()}"
               + ("（推算）" if s.projected else "")
               + (f"，实际 {s.actual.isoformat()}" if s.actual else "") + f"；{status_label}（{s.rule}）")
        x0, x1 = x(s.anchor_date), x(s.due)
        g.rows.append(Row(
            y=TOP + ROW_H * i, label=label, full_label=s.title, status=status, status_label=status_label,
            x0=x0, x1=max(x1, x0 + 2), due_x=x1, due_text=s.due.isoformat() + (" →" if clipped else ""),
            clipped=clipped, projected=s.projected, actual_x=x(s.actual) if s.actual else None, tooltip=tip))
    g.ticks = _ticks(start, end, x)
    if start <= as_of <= end:
        g.today_x = x(as_of)
        g.today_text = f"检查日 {as_of.isoformat()}"
    return g


def _ticks(start: date, end: date, x) -> list[tuple[float, str]]:
    """Month starts, every 1, 2, 3, 6 or 12 months so that at most 8 are labelled."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((k for k in (1, 2, 3, 6, 12, 24, 60) if months / k <= 8), 120)
    d = date(start.year, start.month, 1)
    if d < start:
        d = add_months(d, 1)
    while (d.month - 1) % min(step, 12):
        d = add_months(d, 1)
    out = []
    while d <= end:
        out.append((x(d), f"{d.year}-{d.month:02d}" if step < 12 else f"{d.year} 年"))
        d = add_months(d, step)
    return out
