"""GB/T 9704-2012《党政机关公文格式》 layout for the form templates, with python-docx.

A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so bottom 35 mm, right 26 mm); title 2号
小标宋; body 3号仿宋_GB2312; headings 一级 黑体、二级 楷体_GB2312、三级 仿宋_GB2312 加粗; page
numbers 4号半角宋体 “— 1 —”, odd pages right, even pages left, one character in from the edge.

python-docx's ``font.name`` sets only the Latin slots (w:ascii, w:hAnsi); Chinese text uses
the ``w:eastAsia`` slot, so every font here is set on all four slots — otherwise Word and
LibreOffice show Chinese in the default font (python-docx issues #154, #346).
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# font sizes of Chinese typesetting (号 → points)
SIZE = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
        "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# GB/T 9704-2012 7.1: 一般每面排 22 行，每行排 28 个字 — on the 156 × 225 mm text block a line pitch of
# 225 mm / 22 = 28.95 pt and a character pitch of at most 156 mm / 28 = 15.79 pt for 3号 (16 pt) characters.
# The lines are a w:docGrid line grid. The 28 characters come from −0.25 pt character spacing (15.75 pt a
# character), not from Word's character grid (w:type="linesAndChars", w:charSpace="-849"): LibreOffice puts a
# character slightly wider than that grid's cell into two cells, and a line then holds only 14.
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_PT = 28.95
LINE_PITCH_TWIPS = 579
CHAR_SPACING_PT = -0.25
INDENT_PT = 2 * (16 + CHAR_SPACING_PT)  # 空两字 on the 15.75 pt pitch


def set_font(target, east_asia: str, size_pt: float | None = None, bold: bool | None = None,
             latin: str = LATIN_FONT) -> None:
    """Set a run's or a style's font on all slots, including w:eastAsia."""
    font = target.font
    font.name = latin
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    element = target.element if hasattr(target, "element") else target._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def setup_document(doc, landscape: bool = False) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the page number sits 7 mm below the text block (35 − 7)
    if not landscape:
        _document_grid(section)
    _chinese_language(doc)
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, SIZE["三号"])
    _char_spacing(normal.element, CHAR_SPACING_PT)  # 28 characters a line (GB/T 9704 7.1)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PITCH_PT)
    pf.space_before = pf.space_after = Pt(0)
    title = styles["Title"]
    set_font(title, TITLE_FONT, SIZE["二号"], bold=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = Pt(14)
    _plain_style(title)
    _off_grid(title.element)  # the title is set at its own 2号 pitch
    _char_spacing(title.element, 0)
    for name, font, bold in (("Heading 1", H1_FONT, False), ("Heading 2", H2_FONT, False), ("Heading 3", BODY_FONT, True)):
        st = styles[name]
        set_font(st, font, SIZE["三号"], bold=bold)
        st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        st.paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
        st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.first_line_indent = Pt(INDENT_PT)  # 空两字
        _plain_style(st)
    table_style = styles["Table Grid"]
    set_font(table_style, BODY_FONT, SIZE["四号"])
    _page_numbers(doc)


def _document_grid(section) -> None:
    """The 22 lines of GB/T 9704 (Word: 页面设置 → 文档网格 → 只指定行网格, 22 行). Table text and notes in
    smaller type opt out (``no_snap``): a 四号 cell line would otherwise take a whole 28.95 pt grid line."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def no_snap(paragraph) -> None:
    """Keep a paragraph (table cells, captions and notes in smaller type) off the line grid and at its
    own character pitch; call it after the paragraph's runs are added."""
    _off_grid(paragraph._p)
    for run in paragraph.runs:
        _char_spacing(run._r, 0)


# the elements that follow w:snapToGrid in w:pPr and w:spacing in w:rPr (ECMA-376 Part 1, 17.3.1.26 / 17.3.2.28)
_AFTER_PPR_SNAP = tuple("w:" + t for t in (
    "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap "
    "outlineLvl divId cnfStyle rPr sectPr pPrChange").split())
_AFTER_RPR_SPACING = tuple("w:" + t for t in (
    "w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
    "specVanish oMath").split())


def _char_spacing(element, pt: float) -> None:
    rpr = element.get_or_add_rPr()
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        rpr.insert_element_before(el, *_AFTER_RPR_SPACING)  # in schema order: Word is strict about it
    el.set(qn("w:val"), str(round(pt * 20)))


def _off_grid(element) -> None:
    ppr = element.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        el = OxmlElement("w:snapToGrid")
        el.set(qn("w:val"), "0")
        ppr.insert_element_before(el, *_AFTER_PPR_SNAP)


def _chinese_language(doc) -> None:
    """Declare the documents Chinese (w:lang w:eastAsia="zh-CN"): LibreOffice and Word then use the
    Simplified Chinese glyph forms (。，： sit in the lower left of the box, not centred as in the
    Traditional/HK forms) and Chinese line-breaking rules."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")  # Latin runs: Latin line breaking (zh-CN here would break inside V10, 1,368.50)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), "en-US")
        theme.set(qn("w:eastAsia"), "zh-CN")


def _plain_style(style) -> None:
    """Black text, no theme colour or border lines that Word's built-in styles carry."""
    style.font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color",):
        el = rpr.find(qn(tag))
        if el is not None:
            rpr.remove(el)
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, SIZE["四号"])
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _page_number_paragraph(footer, align) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    left = p.add_run("\u3000— " if align == WD_ALIGN_PARAGRAPH.LEFT else "— ")
    set_font(left, PAGE_NUMBER_FONT, SIZE["四号"])
    _field(p, "PAGE")
    right = p.add_run(" —\u3000" if align == WD_ALIGN_PARAGRAPH.RIGHT else " —")
    set_font(right, PAGE_NUMBER_FONT, SIZE["四号"])


def _page_numbers(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def title(doc, text: str):
    return doc.add_paragraph(text, style="Title")


def heading(doc, text: str, level: int = 1):
    return doc.add_paragraph(text, style=f"Heading {level}")


def body(doc, text: str, indent: bool = True):
    p = doc.add_paragraph(text)
    if indent:
        p.paragraph_format.first_line_indent = Pt(INDENT_PT)
    return p


def form_table(doc, rows, widths_mm=(40, 116), size: str = "四号"):
    """A bordered two-column form: (label, value) or (label, value, value_size) rows; a row whose
    label is None spans both columns. Values may hold jinja tags. Rows do not split across pages."""
    table = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value, *rest in rows:
        value_size = rest[0] if rest else size
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        if label is None:
            merged = cells[0].merge(cells[-1])
            _cell_text(merged, value, value_size)
        else:
            _cell_text(cells[0], label, size, bold=True)
            cells[0].vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            _cell_text(cells[1], value, value_size)
    _widths(table, widths_mm)
    return table


def loop_table(doc, headers: list[str], cells: list[str], loop: str, widths_mm, size: str = "小四",
               empty_text: str = "（无）"):
    """A bordered table with a header row and one row repeated with ``{%tr for … %}`` — the loop
    tags sit in rows of their own (docxtpl's rule). ``loop`` is e.g. ``item in budget.items``."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.add_row()
    _repeat_header(header)
    for c, h in zip(header.cells, headers, strict=False):
        _cell_text(c, h, size, bold=True)
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    start = table.add_row().cells
    _cell_text(start[0], f"{{%tr for {loop} %}}", size)
    body = table.add_row()
    body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    body_row = body.cells
    for c, tag in zip(body_row, cells, strict=False):
        _cell_text(c, tag, size)
    end = table.add_row().cells
    _cell_text(end[0], "{%tr else %}", size)
    empty = table.add_row().cells
    merged = empty[0].merge(empty[-1])
    _cell_text(merged, empty_text, size)
    end2 = table.add_row().cells
    _cell_text(end2[0], "{%tr endfor %}", size)
    _widths(table, widths_mm)
    return table


def seal_cell(cell, size: str, seal: str = "（盖章）", date: str = "年　　月　　日", blank_lines: int = 2) -> None:
    """An opinion cell as the official forms print it: room to write, then the seal and the date at the
    right (two characters in from the border)."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    for text in [""] * blank_lines + [seal, date]:
        p = cell.add_paragraph()
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.first_line_indent = Pt(0)
        if text:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(p.add_run(text + ("　　" if text else "")), BODY_FONT, SIZE[size])
        no_snap(p)


def _repeat_header(row) -> None:
    """Repeat the header row on every page (w:tblHeader) and keep it on one page."""
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        trpr.append(el)


def add_row(table, texts: list[str], size: str = "小四", bold: bool = False, merge: tuple[int, int] | None = None):
    """Append a plain row (e.g. a 合计 row after a loop_table); ``merge`` = (first, last) cells to span."""
    cells = table.add_row().cells
    if merge:
        merged = cells[merge[0]].merge(cells[merge[1]])
        cells = list(cells[:merge[0]]) + [merged] + list(cells[merge[1] + 1:])
    for c, t in zip(cells, texts, strict=False):
        _cell_text(c, t, size, bold=bold)
    return cells


def _cell_text(cell, text: str, size: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.first_line_indent = Pt(0)
    run = p.add_run(text)
    set_font(run, BODY_FONT, SIZE[size], bold=bold)
    no_snap(p)


def _widths(table, widths_mm) -> None:
    """Column widths on the grid (LibreOffice reads w:gridCol) and on every cell (Word reads w:tcW);
    a merged cell gets the sum of the columns it spans."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        i = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[i:i + span]))
            i += span
