"""Tables and titles that fit, applied to a filled form before it is saved.

The templates cannot know how long the values will be, so after filling:

* column widths are computed from the content (each column gets at least its header on one line
  and its longest unbreakable piece: an amount, a date, a number with its unit, a Latin word), the
  rest of the text block goes where it makes the table lowest (a long 分类 or 信息项 gets the room,
  not the short 格式 or 是否开放); in a table too tight for one-line headers, headers of four or
  more characters take two lines;
* a cell holding an amount, a number or a date never wraps (w:noWrap);
* no row splits across pages (w:cantSplit), so a label stays with its value;
* a table followed by the signature block (盖章 / date) keeps with it (w:keepNext on the last row
  and on the paragraphs up to the seal), so the seal is never alone on the last page;
* a title line longer than the text block is broken into lines of even length, so no character
  stands alone on the last line (GB/T 9704-2012 7.3.3: 回行时要做到词意完整，排列对称).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

PT_MM = 25.4 / 72
SHORT_TABLE_ROWS = 7
SHORT_WORD_EM = 3.0
TOGETHER_SHARE = 0.5  # a short table moves whole to the next page only if it takes less than half a page
TIGHT = 0.8  # when one-line headers and unbreakable values take more than this share, headers take two lines  # a table of up to this many rows moves whole with the seal below it
CELL_PADDING_MM = 2 * 1.9 + 1.5  # Word's default cell margins (108 twips each side) and a little slack
DEFAULT_SIZE_PT = 12

# a piece that must not break: an amount, a number with its unit, a date, a Latin word or code
UNBREAKABLE = re.compile(r"第[〇零一二三四五六七八九十百]+[条章节款项]|\d{4}年\d{1,2}月(?:\d{1,2}日)?|[-+]?[\d,]+(?:\.\d+)?%?\s?(?:万元|元|核|个|台|套|项|人|天|日)"
                         r"|[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|（[^（）]{1,6}）")
NUMERIC = re.compile(r"^\s*(?:[-+]?[\d,]+(?:\.\d+)?%?|[-+]?[\d,]+(?:\.\d+)?\s?(?:万元|%)|\d{4}年\d{1,2}月(?:\d{1,2}日)?|—)\s*$")


@lru_cache(maxsize=8192)
def em(text: str) -> float:
    """Width of ``text`` in ems: a CJK character or full-width mark is one em, Latin 0.6 of one, and
    a quarter em where Chinese and Latin meet (LibreOffice and Word space them apart: 2025 年 8 月)."""
    wide = [unicodedata.east_asian_width(c) in "WF" for c in text]
    turns = sum(1 for a, b in zip(wide, wide[1:], strict=False) if a != b)
    return sum(1.0 if w else 0.6 for w in wide) + 0.25 * turns


def _size_pt(element) -> float:
    for sz in element.iter(qn("w:sz")):
        return int(sz.get(qn("w:val"))) / 2
    return DEFAULT_SIZE_PT


def _paragraph_texts(tc) -> list[str]:
    """The lines of a cell: its paragraphs, split at line breaks."""
    lines = []
    for p in tc.iter(qn("w:p")):
        text = "".join((t.text or "") if t.tag == qn("w:t") else "\n" for t in p.iter(qn("w:t"), qn("w:br")))
        lines += text.split("\n")
    return lines


def _min_mm(texts: list[str], size: float, header: bool) -> float:
    pieces = []
    for text in texts:
        if header or NUMERIC.match(text) or em(text) <= SHORT_WORD_EM:
            # a header on one line (the table is scaled down only when all headers cannot fit); a short word
            # such as 已完成 or 数据库 is not broken either
            pieces.append(text)
        else:
            pieces += UNBREAKABLE.findall(text)
            pieces += [c for c in text if unicodedata.east_asian_width(c) in "WF"]
    widest = max((em(p) for p in pieces if p), default=1.0)
    return widest * size * PT_MM + CELL_PADDING_MM


def _half_mm(texts: list[str], size: float) -> float:
    """A header of four or more Chinese characters on two even lines (共享类型 → 共享 / 类型)."""
    widest = 1.0
    for text in texts:
        wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
        widest = max(widest, math.ceil(len(text) / 2) if wide == len(text) and len(text) >= 4 else em(text))
    return widest * size * PT_MM + CELL_PADDING_MM


def _natural_mm(texts: list[str], size: float) -> float:
    return max((em(t) for t in texts), default=1.0) * size * PT_MM + CELL_PADDING_MM


def text_width_mm(document) -> float:
    s = document.sections[0]
    return (s.page_width - s.left_margin - s.right_margin) / Mm(1)


def fit_table(table, width_mm: float, label_columns: int = 0) -> tuple[list[float], float]:
    """Set the column widths of ``table`` from its content; returns them (mm) and the table's estimated
    height (mm: each row as tall as its tallest cell, at 1.3 times the type size a line)."""
    tbl = table._tbl
    grid = tbl.tblGrid.findall(qn("w:gridCol"))
    n = len(grid)
    if n == 0:
        return [], 0.0
    _two_line_headers(tbl, n)
    heads = [CELL_PADDING_MM + 4.0] * n  # headers and labels on one line
    halves = [CELL_PADDING_MM + 4.0] * n  # headers on two lines (是否 / 开放), for a table too tight for one
    data = [CELL_PADDING_MM + 4.0] * n  # the longest unbreakable piece of a value
    naturals = [CELL_PADDING_MM + 4.0] * n
    cells: list[list[tuple[float, list[float]]]] = []  # per row, per column: (size mm per em, the lines' ems)
    for r, tr in enumerate(tbl.tr_lst):
        col = 0
        cells.append([(0.0, [])] * n)
        for tc in tr.tc_lst:
            span = tc.grid_span
            if span == 1 and col < n:
                texts = [t for t in _paragraph_texts(tc) if t.strip()]
                size = _size_pt(tc)
                cells[-1][col] = (size * PT_MM, [em(t) for t in texts])
                if r == 0 and _is_header(tr) or col < label_columns:
                    heads[col] = max(heads[col], _min_mm(texts, size, True))
                    halves[col] = max(halves[col], _half_mm(texts, size) if r == 0 else _min_mm(texts, size, True))
                else:
                    data[col] = max(data[col], _min_mm(texts, size, False))
                naturals[col] = max(naturals[col], _natural_mm(texts, size))
            col += span
    one_line = heads
    if sum(max(h, d) for h, d in zip(heads, data, strict=True)) > TIGHT * width_mm:
        # headers on one line would leave the text columns (分类, 信息项) a few characters a line
        heads = halves
    mins = _minimums(heads, data, width_mm)
    naturals = [max(a, b) for a, b in zip(naturals, mins, strict=True)]
    widths = _share(mins, naturals, width_mm, cells)
    if heads is halves:
        _even_header_lines(tbl, n, [w < h - 0.01 for w, h in zip(widths, one_line, strict=True)])
    set_widths(table, widths)
    return widths, _height_mm(cells, widths)


def _height_mm(cells, widths: list[float]) -> float:
    total = 0.0
    for row in cells:
        tallest = 0.0
        for (size, ems), width in zip(row, widths, strict=False):
            if size:
                per_line = max(math.floor((width - CELL_PADDING_MM) / size + 1e-6), 1)
                lines = sum(max(math.ceil(e / per_line - 1e-6), 1) for e in ems) or 1
                tallest = max(tallest, lines * size * 1.3)
        total += tallest + 1.0  # cell margins and borders
    return total


def _two_line_headers(tbl, n: int) -> None:
    """A header wider than every value below it puts its unit on a second line: 单价 / （万元）, so that
    narrow number columns leave the width to the text columns."""
    rows = tbl.tr_lst
    if not rows or not _is_header(rows[0]):
        return
    data = [0.0] * n
    for tr in rows[1:]:
        col = 0
        for tc in tr.tc_lst:
            if tc.grid_span == 1 and col < n:
                data[col] = max([data[col]] + [em(t) for t in _paragraph_texts(tc)])
            col += tc.grid_span
    col = 0
    for tc in rows[0].tc_lst:
        runs = tc.findall(".//" + qn("w:r"))
        texts = _paragraph_texts(tc)
        if tc.grid_span == 1 and col < n and len(runs) == 1 and len(texts) == 1:
            name, bracket, unit = texts[0].partition("（")
            if bracket and name and em(texts[0]) > data[col] + 0.5:
                t = runs[0].find(qn("w:t"))
                t.text = name
                runs[0].append(OxmlElement("w:br"))
                second = OxmlElement("w:t")
                second.text = bracket + unit
                runs[0].append(second)
        col += tc.grid_span


def _even_header_lines(tbl, n: int, narrow: list[bool]) -> None:
    """A header of four or more Chinese characters in a column too narrow for it breaks in the middle
    (共享 / 方式), not where the width runs out (共享方 / 式)."""
    rows = tbl.tr_lst
    if not rows or not _is_header(rows[0]):
        return
    col = 0
    for tc in rows[0].tc_lst:
        runs = tc.findall(".//" + qn("w:r"))
        texts = _paragraph_texts(tc)
        if tc.grid_span == 1 and col < n and narrow[col] and len(runs) == 1 and len(texts) == 1:
            text = texts[0]
            if len(text) >= 4 and all(unicodedata.east_asian_width(c) in "WF" for c in text):
                half = (len(text) + 1) // 2
                t = runs[0].find(qn("w:t"))
                t.text = text[:half]
                runs[0].append(OxmlElement("w:br"))
                second = OxmlElement("w:t")
                second.text = text[half:]
                runs[0].append(second)
        col += tc.grid_span


def _minimums(heads: list[float], data: list[float], total: float) -> list[float]:
    """Each column's minimum: its header and its longest value piece; when they cannot all fit, the
    value pieces (long codes) give way first, the headers last."""
    mins = [max(h, d) for h, d in zip(heads, data, strict=True)]
    if sum(mins) <= total or sum(heads) >= total:
        return mins
    lo, hi = 0.0, 1.0
    for _ in range(30):
        mid = (lo + hi) / 2
        if sum(max(h, d * mid) for h, d in zip(heads, data, strict=True)) <= total:
            lo = mid
        else:
            hi = mid
    return [max(h, d * lo) for h, d in zip(heads, data, strict=True)]


def _is_header(tr) -> bool:
    trpr = tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def _share(mins: list[float], naturals: list[float], total: float, cells=None) -> list[float]:
    """Widths summing to ``total``: each at least its minimum. When the text does not fit on one line,
    the room above the minimums goes, a little at a time, to the column where it lowers the table most
    (the sum over rows of each row's tallest cell); where no step lowers it, to the column with the
    most lines. So a long 分类 or 信息项 gets the room, and a short 格式 or 是否开放 no more than it needs."""
    if sum(mins) >= total:
        return [total * m / sum(mins) for m in mins]
    if sum(naturals) <= total:
        extra = total - sum(naturals)
        return [w + extra * w / sum(naturals) for w in naturals]
    n = len(mins)
    rows = cells or [[(DEFAULT_SIZE_PT * PT_MM, [(nat - CELL_PADDING_MM) / (DEFAULT_SIZE_PT * PT_MM)])
                      for nat in naturals]]
    widths = list(mins)
    sizes = [sorted({row[c][0] for row in rows if row[c][0]}) for c in range(n)]
    cache: dict = {}

    def column(c: int, width: float) -> list[int]:
        """The lines of each row's cell in column ``c`` at ``width`` (cached by characters per line)."""
        per = tuple(max(math.floor((width - CELL_PADDING_MM) / size + 1e-6), 1) for size in sizes[c])
        key = (c, per)
        if key not in cache:
            fit_in = dict(zip(sizes[c], per, strict=True))
            cache[key] = [sum(max(math.ceil(e / fit_in[size] - 1e-6), 1) for e in ems) if size else 1
                          for size, ems in (row[c] for row in rows)]
        return cache[key]

    grid = [column(c, widths[c]) for c in range(n)]  # grid[c][r]
    left = total - sum(widths)
    step = max(left / 100, 0.5)
    while left > 1e-6:
        give = min(step, left)
        open_ = [c for c in range(n) if widths[c] < naturals[c]]
        if not open_:
            return [w + left * w / sum(widths) for w in widths]
        # each row's tallest cell, how many cells are that tall, and the next tallest
        tops = []
        for r in range(len(rows)):
            heights = sorted((grid[c][r] for c in range(n)), reverse=True)
            tops.append((heights[0], heights.count(heights[0]), heights[1] if len(heights) > 1 else 0))
        best, gain = None, 0
        for c in open_:
            new = column(c, widths[c] + give)
            g = 0
            for r, (top, count, second) in enumerate(tops):
                old = grid[c][r]
                if old == top and count == 1:
                    g += top - max(second, new[r])
            if g > gain:
                best, gain = c, g
        if best is None:  # no step of this size lowers a row yet: the column with the most lines gets it
            best = max(open_, key=lambda c: (sum(grid[c]), naturals[c] - widths[c]))
        widths[best] += give
        left -= give
        grid[best] = column(best, widths[best])
    return widths


def set_widths(table, widths_mm: list[float]) -> None:
    """Column widths on the grid (LibreOffice reads w:gridCol) and on every cell (Word reads w:tcW);
    a merged cell gets the sum of the columns it spans."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for tr in table._tbl.tr_lst:
        i = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[i:i + span]))
            i += span


def _no_wrap_numbers(table) -> None:
    for tr in table._tbl.tr_lst:
        trpr = tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        for tc in tr.tc_lst:
            texts = [t for t in _paragraph_texts(tc) if t.strip()]
            if texts and all(NUMERIC.match(t) for t in texts):
                tcpr = tc.get_or_add_tcPr()
                if tcpr.find(qn("w:noWrap")) is None:
                    tcpr.append(OxmlElement("w:noWrap"))


def _keep_next(p) -> None:
    p.get_or_add_pPr().get_or_add_keepNext()  # in schema order (after w:pStyle)


_HEIGHTS: dict = {}  # tbl element → its estimated height (mm) and the text block's, while ``fit`` runs


def _moves_whole(tbl, rows) -> bool:
    """A table of few rows that takes less than half a page moves whole (rather than split) to keep with
    what follows; a taller one would leave most of a page empty."""
    height, page = _HEIGHTS.get(tbl, (0.0, 1.0))
    return len(rows) <= SHORT_TABLE_ROWS and height < TOGETHER_SHARE * page


def _short_table_together(table) -> None:
    """A short table stays on one page: each row but the last keeps with the next."""
    rows = table._tbl.tr_lst
    if _moves_whole(table._tbl, rows):
        for tr in rows[:-1]:
            for p in tr.iter(qn("w:p")):
                _keep_next(p)


def _keep_with_signature(table) -> None:
    """A table followed (within a few short paragraphs) by the seal line keeps with it; a seal row
    (主管部门意见 …（盖章）) keeps with the row above, so it never stands alone on a page."""
    rows = table._tbl.tr_lst
    if len(rows) > 1 and "盖章" in "".join(_paragraph_texts(rows[-1].tc_lst[-1])):
        for p in rows[-2].iter(qn("w:p")):
            _keep_next(p)
    follow = []
    el = table._tbl.getnext()
    while el is not None and el.tag == qn("w:p") and len(follow) < 5:
        follow.append(el)
        text = "".join(t.text or "" for t in el.iter(qn("w:t")))
        if "盖章" in text:
            rows = table._tbl.tr_lst
            for tr in rows if _moves_whole(table._tbl, rows) else rows[-1:]:
                for p in tr.iter(qn("w:p")):
                    _keep_next(p)
            for p in follow[:-1]:
                _keep_next(p)
            return
        el = el.getnext()


def _keep_seal_with_text(document) -> None:
    """The seal line (…（盖章）) keeps with the text above it: the paragraphs (and blank lines)
    before it, or the last row of the table right above, so it never stands alone on the last page."""
    for p in document.paragraphs:
        if "盖章" not in p.text or p._p.getparent() is not document.element.body:
            continue
        prev, steps = p._p.getprevious(), 0
        while prev is not None and steps < 1:
            if prev.tag == qn("w:tbl"):
                rows = prev.findall(qn("w:tr"))
                # a short table moves whole with the seal; of a long one, the last row does
                for tr in rows if _moves_whole(prev, rows) else rows[-1:]:
                    for q in tr.iter(qn("w:p")):
                        _keep_next(q)
                break
            if prev.tag != qn("w:p"):
                break
            _keep_next(prev)
            if "".join(t.text or "" for t in prev.iter(qn("w:t"))).strip():
                steps += 1
            prev = prev.getprevious()


# GB/T 9704—2012 7.3.3: 标题“回行时，要做到词意完整，排列对称，长短适宜”. A line of a title may end
# after one of these words of a project's or document's name, or before an opening bracket.
TITLE_BREAK_AFTER = ("项目", "平台", "系统", "工程", "中心", "改造", "一期", "二期", "三期",
                     "省", "市", "区", "县", "局", "委", "办", "、", "）", "》")


def title_lines(line: str, chars_per_line: float) -> list[str]:
    """A title line too long for the text block, broken into the fewest lines that fit, at word
    ends (``TITLE_BREAK_AFTER``) where the lines come out most even; where no such break fits,
    into lines of even length."""
    n = em(line)
    if n <= chars_per_line:
        return [line]
    k = math.ceil(round(n / chars_per_line, 6))  # em sums carry float noise (36.00000000000004)
    cuts = [i for i in range(1, len(line)) if line[i] in "（《" or line[:i].endswith(TITLE_BREAK_AFTER)]
    best: tuple[float, list[int]] | None = None
    for chosen in _combinations(cuts, k - 1):
        bounds = [0, *chosen, len(line)]
        widths = [em(line[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        if max(widths) <= chars_per_line and (best is None or max(widths) - min(widths) < best[0]):
            best = (max(widths) - min(widths), list(chosen))
    if best is None:
        per = math.ceil(len(line) / k)
        return [line[i:i + per] for i in range(0, len(line), per)]
    bounds = [0, *best[1], len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _combinations(items: list[int], r: int):
    from itertools import combinations

    return combinations(items, r) if r <= 3 else ()  # a title of more than four lines is broken evenly


def balance_title(paragraph, chars_per_line: float) -> None:
    """Break a title line longer than the text block into lines (``title_lines``)."""
    runs = paragraph.runs
    if not runs:
        return
    text = "".join(r.text for r in runs)
    lines = [part for line in text.split("\n") for part in title_lines(line, chars_per_line)]
    new = "\n".join(lines)
    if new != text:
        runs[0].text = new  # python-docx writes "\n" as w:br
        for r in runs[1:]:
            r._r.getparent().remove(r._r)


def _style_id(document, name: str) -> str | None:
    for style in document.styles.element.iter(qn("w:style")):
        n = style.find(qn("w:name"))
        if n is not None and n.get(qn("w:val")) == name:
            return style.get(qn("w:styleId"))
    return None


def fit(document) -> None:
    """Apply every rule above to a filled document."""
    width = text_width_mm(document)
    s = document.sections[0]
    text_height = (s.page_height - s.top_margin - s.bottom_margin) / Mm(1)
    for table in document.tables:
        two_column_form = len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 2
        _, height = fit_table(table, width, label_columns=1 if two_column_form else 0)
        _HEIGHTS[table._tbl] = (height, text_height)
        _no_wrap_numbers(table)
        _short_table_together(table)
        _keep_with_signature(table)
    _keep_seal_with_text(document)
    _HEIGHTS.clear()
    title = _style_id(document, "Title")
    for p in document.paragraphs:
        if title is not None and p._p.style == title:  # by id: python-docx's p.style walks every style
            size = _size_pt(p._p) if p._p.find(".//" + qn("w:sz")) is not None else 22
            balance_title(p, 0.92 * width / (size * PT_MM))  # LibreOffice sets a little wider than the em count
