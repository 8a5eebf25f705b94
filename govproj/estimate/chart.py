"""Charts for people who would rather look than read: the timeline as a Gantt-style chart and
the budget structure as a bar chart, PNG or SVG, with Chinese labels.

matplotlib is imported only here. Chinese needs a CJK font on the machine (Debian:
``apt-get install fonts-noto-cjk``), found through fontconfig; without one the chart is still drawn,
matplotlib's missing-glyph warnings are silenced and ``chart_font`` returns None so the caller can say
once why labels may show as boxes. Output is deterministic
(no timestamps, fixed SVG ids) so regenerated files diff cleanly.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

# the chart labels are set in the 黑体 role; fontconfig (with govproj's alias file) names the face
CHART_ROLE = "黑体"


def _cjk_family(font_manager) -> str | None:
    """The CJK family fontconfig picks for the 黑体 role, registered with matplotlib from its file:
    matplotlib's own font list is a cache that may predate the fonts (every glyph a box)."""
    from govproj.render.fonts import cached_match

    face = cached_match(CHART_ROLE)
    if face is None or not Path(face.file).is_file():
        return None
    known = {f.name for f in font_manager.fontManager.ttflist}
    if face.family not in known:
        font_manager.fontManager.addfont(face.file)
        known = {f.name for f in font_manager.fontManager.ttflist}
    return face.family if face.family in known else None


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    family = _cjk_family(font_manager)
    plt.rcParams["font.family"] = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "govproj"
    return plt, family


def chart_font() -> str | None:
    return _setup()[1]


def _save(fig, path: Path) -> None:
    from govproj.fsutil import atomic_write
    import io

    fmt = path.suffix.lower().lstrip(".") or "png"
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else ({"Software": None} if fmt == "png" else None)
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    atomic_write(path, buf.getvalue())


def _shift(day, days: int):
    """``day`` moved by ``days``, kept inside the years matplotlib can draw (1–9999)."""
    from datetime import date

    try:
        return min(max(day + timedelta(days=days), date(1, 1, 2)), date(9999, 12, 30))
    except OverflowError:
        return date(1, 1, 2) if days < 0 else date(9999, 12, 30)


def _span(days: list) -> tuple:
    """The x range: all dates with a margin, inside matplotlib's years (``--as-of 0001-01-01`` and
    ``9999-12-31`` draw instead of failing)."""
    lo, hi = min(days), max(days)
    margin = max((hi - lo).days // 20, 3)
    return _shift(lo, -margin), _shift(hi, margin)


def timeline_chart(steps, path: Path, title: str, as_of) -> str | None:
    """Draw ``steps`` (estimate.timeline.Step) to ``path``; returns the CJK font used (or None)."""
    plt, family = _setup()
    rows = list(reversed(steps))
    height = max(2.0, 0.42 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(10, height))
    for i, s in enumerate(rows):
        start, end = s.anchor_date, s.due
        width = max((end - start).days, 1)
        colour = {"done": "#4c9f70", "late": "#d1495b", "pending": "#3d7ab8"}[s.status]
        ax.barh(i, width, left=start, height=0.5, color=colour, alpha=0.55 if s.projected else 0.9,
                hatch="//" if s.projected else None, edgecolor=colour)
        if s.actual is not None:
            ax.plot([s.actual], [i], marker="D", color="#222222", markersize=5)
        ax.text(_shift(end, 2), i, s.due.isoformat(), va="center", fontsize=7)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{s.title}（{s.rule}）" for s in rows], fontsize=8)
    ax.axvline(as_of, color="#888888", linestyle="--", linewidth=1)
    ax.set_xlim(*_span([as_of] + [d for s in rows for d in (s.anchor_date, s.due, s.actual) if d is not None]))
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("日期（斜线：按期限推算的计划；菱形：实际发生）", fontsize=8)
    fig.autofmt_xdate()
    _save(fig, path)
    plt.close(fig)
    return family


def budget_chart(by_category: list[dict], path: Path, title: str) -> str | None:
    plt, family = _setup()
    from decimal import Decimal

    rows = list(reversed(by_category))
    fig, ax = plt.subplots(figsize=(8, max(2.0, 0.4 * len(rows) + 1)))
    values = [float(Decimal(r["amount"])) for r in rows]
    ax.barh(range(len(rows)), values, color="#3d7ab8")
    for i, r in enumerate(rows):
        ax.text(values[i], i, f" {r['amount']} 万元（{r['percent']}%）", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r["label"] for r in rows], fontsize=9)
    ax.set_xlabel("万元", fontsize=9)
    ax.set_title(title, fontsize=11)
    _save(fig, path)
    plt.close(fig)
    return family
