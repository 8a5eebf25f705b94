"""Tables and titles that fit, applied to a filled form before it is saved.

The templates cannot know how long the values will be, so after filling:

* column widths are computed from the content (each column gets at least its header on one line
  and its longest unbreakable piece: an amount, a date, a number with its unit, a Latin word), the
  rest of the text block is shared by how much text each column holds;
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

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

PT_MM = 25.4 / 72
CELL_PADDING_MM = 2 * 1.9 + 1.5  # Word's default cell margins (108 twips each side) and a little slack
DEFAULT_SIZE_PT = 12

# a piece that must not break: an amount, a number with its unit, a date, a Latin word or code
UNBREAKABLE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|[-+]?[\d,]+(?:\.\d+)?%?(?:\s?(?:万元|元|核|GB|TB|Mbps|个|台|套|项|人|天|日))?"
                         r"|[A-Za-z][A-Za-z0-9_./:+-]*|（[^（）]{1,6}）|\([^()]{1,6}\)")
NUMERIC = re.compile(r"^\s*(?:[-+]?[\d,]+(?:\.\d+)?%?|[-+]?[\d,]+(?:\.\d+)?\s?(?:万元|%)|\d{4}年\d{1,2}月(?:\d{1,2}日)?|—)\s*$")


def em(text: str) -> float:
    """Width of ``text`` in ems: a CJK character or full-width mark is one em, Latin half of one."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _size_pt(element) -> float:
    for sz in element.iter(qn("w:sz")):
        return int(sz.get(qn("w:val"))) / 2
    return DEFAULT_SIZE_PT


def _paragraph_texts(tc) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]


def _min_mm(texts: list[str], size: float, header: bool) -> float:
    pieces = []
    for text in texts:
        if header or NUMERIC.match(text):
            # a header on one line (the table is scaled down only when all headers cannot fit)
            pieces.append(text)
        else:
            pieces += UNBREAKABLE.findall(text)
            pieces += [c for c in text if unicodedata.east_asian_width(c) in "WF"]
    widest = max((em(p) for p in pieces if p), default=1.0)
    return widest * size * PT_MM + CELL_PADDING_MM


def _natural_mm(texts: list[str], size: float) -> float:
    return max((em(t) for t in texts), default=1.0) * size * PT_MM + CELL_PADDING_MM


def text_width_mm(document) -> float:
    s = document.sections[0]
    return (s.page_width - s.left_margin - s.right_margin) / Mm(1)


def fit_table(table, width_mm: float, label_columns: int = 0) -> list[float]:
    """Set the column widths of ``table`` from its content; returns them (mm)."""
    tbl = table._tbl
    grid = tbl.tblGrid.findall(qn("w:gridCol"))
    n = len(grid)
    if n == 0:
        return []
    mins = [CELL_PADDING_MM + 4.0] * n
    naturals = [CELL_PADDING_MM + 4.0] * n
    for r, tr in enumerate(tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if span == 1 and col < n:
                texts = [t for t in _paragraph_texts(tc) if t.strip()]
                size = _size_pt(tc)
                header = r == 0 and _is_header(tr) or col < label_columns
                mins[col] = max(mins[col], _min_mm(texts if not header else texts, size, header))
                if header and col < label_columns:
                    # a label column: the label on one line when it is short (其中,工程(实施)费用)
                    mins[col] = max(mins[col], min(_natural_mm(texts, size), width_mm * 0.34))
                naturals[col] = max(naturals[col], _natural_mm(texts, size))
            col += span
    naturals = [max(a, b) for a, b in zip(naturals, mins, strict=True)]
    widths = _share(mins, naturals, width_mm)
    set_widths(table, widths)
    return widths


def _is_header(tr) -> bool:
    trpr = tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def _share(mins: list[float], naturals: list[float], total: float) -> list[float]:
    """Widths summing to ``total``: each at least its minimum, the rest by the text each holds
    beyond it (a column whose text fits already gets its share of what is left over)."""
    if sum(mins) >= total:
        return [total * m / sum(mins) for m in mins]
    if sum(naturals) <= total:
        extra = total - sum(naturals)
        return [w + extra * w / sum(naturals) for w in naturals]
    room = total - sum(mins)
    want = [nat - m for nat, m in zip(naturals, mins, strict=True)]
    # give each column what it wants, largest wishes capped first (water-filling)
    widths = list(mins)
    left = room
    order = sorted(range(len(want)), key=lambda i: want[i])
    for k, i in enumerate(order):
        fair = left / (len(order) - k)
        give = min(want[i], fair)
        widths[i] += give
        left -= give
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
    ppr = p.get_or_add_pPr()
    if ppr.find(qn("w:keepNext")) is None:
        ppr.insert(0, OxmlElement("w:keepNext"))


def _keep_with_signature(table) -> None:
    """A table followed (within a few short paragraphs) by the seal line keeps with it."""
    follow = []
    el = table._tbl.getnext()
    while el is not None and el.tag == qn("w:p") and len(follow) < 5:
        follow.append(el)
        text = "".join(t.text or "" for t in el.iter(qn("w:t")))
        if "盖章" in text:
            for p in table._tbl.tr_lst[-1].iter(qn("w:p")):
                _keep_next(p)
            for p in follow[:-1]:
                _keep_next(p)
            return
        el = el.getnext()


def balance_title(paragraph, chars_per_line: float) -> None:
    """Break a title line longer than the text block into lines of even length."""
    runs = [r for r in paragraph.runs if r.text]
    if len(runs) != 1 or not runs[0].text:
        return
    run = runs[0]
    lines = []
    for line in run.text.split("\n"):
        n = em(line)
        if n <= chars_per_line:
            lines.append(line)
            continue
        k = math.ceil(n / chars_per_line)
        per = math.ceil(len(line) / k)
        lines += [line[i:i + per] for i in range(0, len(line), per)]
    text = "\n".join(lines)
    if text != run.text:
        run.text = text


def fit(document) -> None:
    """Apply every rule above to a filled document."""
    width = text_width_mm(document)
    for table in document.tables:
        two_column_form = len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 2
        fit_table(table, width, label_columns=1 if two_column_form else 0)
        _no_wrap_numbers(table)
        _keep_with_signature(table)
    for p in document.paragraphs:
        if p.style is not None and p.style.name == "Title":
            size = _size_pt(p._p) if p._p.find(".//" + qn("w:sz")) is not None else 22
            balance_title(p, width / (size * PT_MM))
