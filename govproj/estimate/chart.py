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
# 150 dpi: a chart printed 150 mm wide in a form is sharp on paper (about 180 dpi there) and the PNG stays small
DPI = 150
# bump when the drawing changes, so that cached chart images (govproj/render) are drawn again
VERSION = "3"


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
    """A Figure factory and the CJK family. pyplot is not imported (its import alone costs more than
    drawing both charts): a ``Figure`` drawn on an Agg canvas needs no GUI state."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    family = _cjk_family(font_manager)
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "govproj"
    return Figure, family


def chart_font() -> str | None:
    return _setup()[1]


def _encode(fig, fmt: str) -> bytes:
    """The figure as PNG (at ``DPI``) or SVG bytes, without timestamps or version stamps. The figures are
    made with the tight layout, so saving draws once (``bbox_inches="tight"`` would draw twice)."""
    import io
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else ({"Software": None} if fmt == "png" else None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    return buf.getvalue()


def _save(fig, path: Path) -> None:
    from govproj.fsutil import atomic_write

    atomic_write(path, _encode(fig, path.suffix.lower().lstrip(".") or "png"))


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
    """Draw ``steps`` (estimate.timeline.Step) to ``path`` (.png or .svg); returns the CJK font used (or None)."""
    fig, family = _timeline_figure(steps, title, as_of)
    _save(fig, path)
    return family


def timeline_png(steps, title: str, as_of) -> bytes:
    return _encode(_timeline_figure(steps, title, as_of)[0], "png")


def _timeline_figure(steps, title: str, as_of):
    Figure, family = _setup()
    rows = list(reversed(steps))
    height = max(2.0, 0.42 * len(rows) + 1.2)
    fig = Figure(figsize=(10, height), layout="tight")
    ax = fig.subplots()
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
    ax.set_yticklabels([s.title for s in rows], fontsize=8)  # a clerk's picture: step names, no rule ids
    ax.axvline(as_of, color="#888888", linestyle="--", linewidth=1)
    ax.set_xlim(*_span([as_of] + [d for s in rows for d in (s.anchor_date, s.due, s.actual) if d is not None]))
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("日期（斜线：按期限推算的计划；菱形：实际发生）", fontsize=8)
    fig.autofmt_xdate()
    return fig, family


def budget_chart(by_category: list[dict], path: Path, title: str) -> str | None:
    fig, family = _budget_figure(by_category, title)
    _save(fig, path)
    return family


def budget_png(by_category: list[dict], title: str) -> bytes:
    return _encode(_budget_figure(by_category, title)[0], "png")


def _budget_figure(by_category: list[dict], title: str):
    from decimal import Decimal

    Figure, family = _setup()
    rows = list(reversed(by_category))
    fig = Figure(figsize=(8, max(2.0, 0.4 * len(rows) + 1)), layout="tight")
    ax = fig.subplots()
    values = [float(Decimal(r["amount"])) for r in rows]
    ax.barh(range(len(rows)), values, color="#3d7ab8")
    for i, r in enumerate(rows):
        # percentages with two decimals, as in the forms (6.10%, not 6.1%)
        percent = Decimal(str(r["percent"])).quantize(Decimal("0.01"))
        ax.text(values[i], i, f" {r['amount']} 万元（{percent}%）", va="center", fontsize=8)
    ax.set_xlim(0, max(values + [1.0]) * 1.32)  # room for the longest bar's label inside the frame
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r["label"] for r in rows], fontsize=9)
    ax.set_xlabel("万元", fontsize=9)
    ax.set_title(title, fontsize=11)
    return fig, family
