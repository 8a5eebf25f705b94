"""The forms as a clerk receives them: every form of every example (and 江津 on both sides of 3000 万元)
converted to PDF in ONE LibreOffice call, then read back with pdffonts and pdftotext (slow: ~1 min)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import docx
import pytest

import govproj.render as R
from govproj.render.pdf import convert, soffice
from tests.conftest import ROOT

AS_OF = date(2026, 11, 22)
EXAMPLES = ("dossier-sample", "county-2023", "jiangjin-2022", "zunyi-2020", "dalate-draft", "jiujiang-2024")
# Latin words a Chinese form may hold: units, standard and product names, codes from the examples' own data
ALLOWED = {"vCPU", "GB", "TB", "Mbps", "GB/T", "IPv6", "IPv4", "IP", "SM2", "SM3", "SM4", "V10", "DM8", "Web", "WAF",
           "VPN", "IPSec", "SD-WAN", "GIS", "GPU", "LED", "LCD", "TongWeb", "ITSS", "ISO", "CMMI", "EPC", "CJJ/T", "JY",
           "DMB", "ZYZW", "API", "APP", "App", "CPU", "OCR", "AI", "5G", "4G", "SSD", "HTTPS", "SSL"}

pytestmark = [pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                 reason="需要 LibreOffice（soffice）和 poppler-utils（pdftotext、pdffonts）"),
              pytest.mark.slow]  # LibreOffice: run by make test-slow and CI, not by make test


def _jiangjin(tmp_path, amount: str):
    root = tmp_path / f"jiangjin-{amount}"
    shutil.copytree(ROOT / "examples" / "jiangjin-2022", root, ignore=shutil.ignore_patterns("out"))
    p = root / "project.yaml"
    p.write_text(re.sub(r"(?m)^total_investment: [\d.]+", f"total_investment: {amount}", p.read_text(encoding="utf-8")),
                 encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """{(dossier, form): (docx path, pdf path)} — one soffice call for all of them."""
    tmp = tmp_path_factory.mktemp("pdf")
    roots = {name: ROOT / "examples" / name for name in EXAMPLES}
    roots |= {f"jiangjin-{a}": _jiangjin(tmp, a) for a in ("3000", "2999.99")}
    files = {}
    for name, root in roots.items():
        result = R.render_dossier(root, AS_OF, out_dir=tmp / "docx" / name, all_forms=True)
        assert result.problems == []
        for r in result.rendered:
            dest = tmp / f"{name}--{r.form}.docx"
            shutil.copy(r.path, dest)
            files[(name, r.form)] = dest
    made = convert(list(files.values()), tmp)
    return {k: (v, tmp / f"{v.stem}.pdf") for k, v in files.items()} if len(made) == len(files) else {}


def _text(pdf, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_every_form_converts(pdfs):
    assert len(pdfs) >= 40


def test_body_is_set_in_a_chinese_serif_or_fangsong_face(pdfs):
    from docx.oxml.ns import qn

    for (name, form), (src, pdf) in pdfs.items():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        faces = [ln.split()[0].split("+")[-1] for ln in fonts.splitlines()[2:] if ln.strip()]
        assert any(re.search(r"Fang|Serif.*CJK|Song|Ming", f) for f in faces), f"{name} {form}: {faces}"
        # Noto's collections are named …jp whatever face is used; the glyph forms follow w:lang, which must be SC
        assert not any(re.search(r"(KR|TC|HK)-", f) for f in faces), f"{name} {form}: {faces}"
        lang = docx.Document(str(src)).styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
            .find(qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
        assert all(ln.split()[-5] == "yes" for ln in fonts.splitlines()[2:] if ln.strip()), f"{name} {form}: 字体未嵌入"


def test_no_english_words_no_file_names(pdfs):
    for (name, form), (_, pdf) in pdfs.items():
        text = _text(pdf)
        assert ".yaml" not in text and "attachments/" not in text, f"{name} {form}"
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*", text))
        stray = {w for w in words
                 if not all(part in ALLOWED or re.fullmatch(r"[A-Z]{0,6}[\d-]*", part) for part in w.split("/"))}
        assert not stray, f"{name} {form}: {sorted(stray)}"


def _cells(document):
    for t in document.tables:
        for i, row in enumerate(t.rows):
            for c in row.cells:
                yield i == 0, c.text


def test_amounts_and_table_headers_are_unbroken(pdfs):
    broken = []
    for (name, form), (src, pdf) in pdfs.items():
        text = _text(pdf)
        for header, cell in _cells(docx.Document(str(src))):
            broken += [f"{name} {form}: 金额 {a}" for a in re.findall(r"-?\d{1,3}(?:,\d{3})*\.\d{2}", cell) if a not in text]
            for line in cell.split("\n") if header else []:
                half = (len(line) + 1) // 2
                # a header of four or more characters may take two even lines in a tight table (共享 / 类型)
                if line and line not in text and not (len(line) >= 4 and line[:half] in text and line[half:] in text):
                    broken.append(f"{name} {form}: 表头「{cell}」")
    assert not broken, "被拆开：\n" + "\n".join(sorted(set(broken)))


def test_last_page_holds_more_than_the_signature(pdfs):
    for (name, form), (_, pdf) in pdfs.items():
        n = _pages(pdf)
        last = _text(pdf, "-f", str(n), "-l", str(n))
        lines = [ln.strip() for ln in last.splitlines() if ln.strip()]
        # neither the seal, the date, the page number nor a note below the table (注：… 单位：…) alone
        body = [ln for ln in lines if not re.fullmatch(r"[—\-–]\s*\d+\s*[—\-–]|.*盖章.*|\d{4}\s*年\s*\d+\s*月\s*\d+\s*日"
                                                      r"|(?:注|说明|单位|依据)：.*", ln)]
        assert len("".join(body)) > 20, f"{name} {form}: 末页只有签章：{lines}"


def test_jiangjin_routes_in_the_pdf(pdfs):
    large = _text(pdfs[("jiangjin-3000", "jjq_fsr")][1])
    assert "可行性研究报告" in large and "代初步设计" not in large.split("编制说明")[0]
    assert ("jiangjin-3000", "jjq_prelim_design") in pdfs
    assert "初步设计及概算" in _text(pdfs[("jiangjin-3000", "jjq_prelim_design")][1])
    small = _text(pdfs[("jiangjin-2999.99", "jjq_fsr")][1])
    assert "可行性研究报告及概算（代初步设计）" in small.replace("\n", "")
    assert ("jiangjin-2999.99", "jjq_prelim_design") not in pdfs


def _chars(layout):
    from pdfminer.layout import LTChar

    for el in layout:
        if isinstance(el, LTChar):
            yield el
        elif hasattr(el, "__iter__"):
            yield from _chars(el)


def _ink_centre(image, box) -> tuple[float, float] | None:
    """Where the ink of a glyph sits in its box: (x, y) as shares of the box, from the top left."""
    crop = image.crop(tuple(round(v) for v in box))
    px, (w, h) = crop.load(), crop.size
    points = [(x, y) for x in range(w) for y in range(h) if px[x, y] < 128]
    if not points or not w or not h:
        return None
    return sum(x for x, _ in points) / len(points) / w, sum(y for _, y in points) / len(points) / h


def test_glyph_forms_are_simplified_chinese(pdfs, tmp_path):
    """pdffonts cannot tell (Debian's Noto collections are named …jp whichever face is used): the glyphs
    can. In the SC forms 。，： sit in the lower left of their box; in the TC/HK forms they are centred
    (measured: SC x ≈ 0.18–0.25 of the box, a 楷体 。 0.37; TC and HK 0.49–0.50). pdfminer.six gives each
    character's box, pdftoppm the ink."""
    pdfminer = pytest.importorskip("pdfminer.high_level")
    from PIL import Image

    dpi = 150
    checked = 0
    for key in [("jiujiang-2024", "jj_tech_plan"), ("county-2023", "cty_tech_plan"), ("zunyi-2020", "zy_service_plan")]:
        pdf = pdfs[key][1]
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "3", str(pdf), str(tmp_path / key[1])],
                       check=True)
        pngs = sorted(tmp_path.glob(f"{key[1]}-*.png"))
        for page, layout in zip(pngs, pdfminer.extract_pages(str(pdf), maxpages=3), strict=False):
            image, scale = Image.open(page).convert("L"), dpi / 72
            for c in _chars(layout):
                if c.get_text() not in "。，：":
                    continue
                centre = _ink_centre(image, (c.x0 * scale, (layout.height - c.y1) * scale, c.x1 * scale,
                                             (layout.height - c.y0) * scale))
                if centre is None:
                    continue
                assert centre[0] < 0.44, f"{key} 第 {page.stem} 页「{c.get_text()}」居中（{c.fontname}）：不是简体字形"
                checked += 1
    assert checked > 30


def test_body_pages_have_22_lines_of_28_characters(pdfs):
    """GB/T 9704 7.1 in the PDF: a full line of 3号 body text holds 28 characters (LibreOffice may hang a
    29th, a closing mark, into the margin), a full page 22 lines (pdfminer.six: the 16 pt characters of
    each page, by baseline)."""
    pdfminer = pytest.importorskip("pdfminer.high_level")
    per_line, per_page = [], []
    for key in [("jiujiang-2024", "jj_tech_plan"), ("county-2023", "cty_tech_plan")]:
        for layout in pdfminer.extract_pages(str(pdfs[key][1])):
            lines: dict[int, list] = {}
            for c in _chars(layout):
                if round(c.size) == 16 and re.fullmatch(r"[\u4e00-\u9fff，。、；：“”（）《》]", c.get_text()):
                    lines.setdefault(round(c.y0), []).append(c)
            for chars in lines.values():
                text = "".join(c.get_text() for c in sorted(chars, key=lambda c: c.x0))
                per_line.append(len(text) - (len(text) == 29 and text[-1] in "，。、；：”）》"))
            per_page.append(len(lines))
    assert max(per_line) == 28, sorted(per_line)[-5:]
    assert max(per_page) == 22, per_page
