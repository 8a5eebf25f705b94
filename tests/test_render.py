"""``govproj render``: every form of every example dossier, filled, in GB/T 9704 layout, without
leftover tags, deterministic; escaping, long text, empty lists, control characters; user templates."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

import govproj.render as R
from govproj.dossier.load import load_dossier
from tests.builders import write_dossier
from tests.conftest import ROOT

AS_OF = date(2026, 11, 22)
EXAMPLES = [d for d in ("dossier-sample", "county-2023", "jiangjin-2022", "zunyi-2020", "dalate-draft", "jiujiang-2024")
            if (ROOT / "examples" / d / "project.yaml").is_file()]
COMMON = ["change_request", "acceptance_application", "cloud_resources", "data_catalog", "self_evaluation"]
SPECIFIC = {
    "jiujiang-2024": ["jj_declaration_form", "jj_tech_plan"],
    "jiangjin-2022": ["jjq_fsr", "jjq_performance_goals"],
    "zunyi-2020": ["zy_service_plan", "zy_sharing_list"],
    "dalate-draft": ["dlt_annual_plan"],
    "county-2023": ["cty_declaration_materials", "cty_tech_plan"],
}
LANDSCAPE = {"cloud_resources", "data_catalog", "zy_sharing_list"}
# forms that state the total investment (金额文本 such as 478.60)
WITH_TOTAL = {"jj_declaration_form", "jj_tech_plan", "jjq_fsr", "jjq_performance_goals", "zy_service_plan",
              "dlt_annual_plan", "cty_declaration_materials", "cty_tech_plan", "acceptance_application", "self_evaluation"}

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every example dossier rendered once into a temporary directory: {dossier: (result, project)}."""
    out = {}
    for name in EXAMPLES:
        root = ROOT / "examples" / name
        result = R.render_dossier(root, AS_OF, out_dir=tmp_path_factory.mktemp(name), all_forms=True)
        out[name] = (result, load_dossier(root).dossier)
    return out


def _regulation(dossier) -> str:
    return dossier.project["regulation"]


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for t in document.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def _xml_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}


# --------------------------------------------------------------------------- every form of every example


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_form_is_rendered(rendered, name):
    result, dossier = rendered[name]
    assert result.problems == []
    expected = SPECIFIC.get(_regulation(dossier), []) + COMMON
    assert [r.form for r in result.rendered] == expected
    for r in result.rendered:
        assert r.path.is_file() and r.path.name == f"{r.form}.docx"


@pytest.mark.parametrize("name", EXAMPLES)
def test_values_are_filled(rendered, name):
    result, dossier = rendered[name]
    project = dossier.project
    from govproj.money import wan

    total = wan(project["total_investment"])
    for r in result.rendered:
        text = _text(docx.Document(str(r.path)))
        assert project["name"] in text, r.form
        if r.form in WITH_TOTAL:
            assert total in text, r.form
        assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_template_tags_left_in_any_part(rendered, name):
    result, _ = rendered[name]
    for r in result.rendered:
        for part, xml in _xml_parts(r.path).items():
            plain = re.sub(r"<[^>]+>", "", xml)
            assert not re.search(r"\{\{|\}\}|\{%|%\}", plain), f"{r.form} {part}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_table_rows_follow_the_dossier(rendered, name):
    result, dossier = rendered[name]
    by_form = {r.form: r.path for r in result.rendered}
    cloud = dossier.data("cloud.yaml").get("resources", [])
    table = docx.Document(str(by_form["cloud_resources"])).tables[0]
    assert len(table.rows) == 1 + max(len(cloud), 1)
    catalog = dossier.data("data-catalog.yaml")
    table = docx.Document(str(by_form["data_catalog"])).tables[0]
    assert len(table.rows) == 1 + max(len(catalog.get("entries", [])), 1)
    if "zy_sharing_list" in by_form:
        table = docx.Document(str(by_form["zy_sharing_list"])).tables[0]
        rows = catalog.get("sharing_list", [])
        assert len(table.rows) == 1 + len(rows)
        assert [c.text for c in table.rows[1].cells[1:3]] == [rows[0]["name"], "、".join(rows[0]["items"])]
    if "jjq_performance_goals" in by_form:
        indicators = dossier.project["performance_goals"]["indicators"]
        table = docx.Document(str(by_form["jjq_performance_goals"])).tables[1]
        assert len(table.rows) == 1 + len(indicators)
        assert table.rows[1].cells[3].text == str(indicators[0]["value"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_fonts_and_page_setup(rendered, name):
    result, _ = rendered[name]
    for r in result.rendered:
        d = docx.Document(str(r.path))
        for style in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
            fonts = d.styles[style].element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), f"{r.form} {style}"
        assert d.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
        assert d.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
        body = d.element.body
        for fonts in body.iter(qn("w:rFonts")):
            assert fonts.get(qn("w:eastAsia")), f"{r.form}: a run sets fonts without w:eastAsia"
        s = d.sections[0]
        landscape = r.form in LANDSCAPE
        assert (round(s.page_width.mm), round(s.page_height.mm)) == ((297, 210) if landscape else (210, 297))
        margins = tuple(round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin))
        assert margins == ((28, 26, 37, 35) if landscape else (37, 35, 28, 26)), r.form
        # GB/T 9704 7.1: 22 lines of 28 characters in the portrait forms (a line grid, 28.95 pt lines and
        # 3号 characters 0.25 pt closer); the wide landscape tables have no grid
        grid = s._sectPr.find(qn("w:docGrid"))
        normal = d.styles["Normal"]
        if landscape:
            assert grid is None or grid.get(qn("w:type")) in (None, "default"), r.form
        else:
            assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579"), r.form
            assert normal.paragraph_format.line_spacing == Pt(28.95)
            assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
            em = 16 - 0.25
            assert 28 * em <= (s.page_width - s.left_margin - s.right_margin) / Pt(1) < 29 * em
            assert 22 * 28.95 <= (s.page_height - s.top_margin - s.bottom_margin) / Pt(1) < 23 * 28.95
            # table cells, captions and notes in smaller type stay off the grid, at their own pitch
            for t in d.tables:
                for p in t._tbl.iter(qn("w:p")):
                    snap = p.find(qn("w:pPr")).find(qn("w:snapToGrid"))
                    assert snap is not None and snap.get(qn("w:val")) == "0", r.form
        # tables fit the text block
        width_mm = (s.page_width.mm - s.left_margin.mm - s.right_margin.mm)
        for t in d.tables:
            grid = [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))]
            assert sum(grid) <= Mm(width_mm + 0.5).twips, r.form


def _jiujiang_form(rendered, form: str):
    """(the rendered .docx of ``form`` for the 九江 example, that example's dossier)."""
    name = next((n for n in EXAMPLES if _regulation(rendered[n][1]) == "jiujiang-2024"), None)
    if name is None:
        pytest.skip("没有九江示例档案")
    result, dossier = rendered[name]
    path = next(r.path for r in result.rendered if r.form == form)
    return docx.Document(str(path)), dossier


def test_jj_declaration_form_has_every_field_in_order(rendered):
    d, dossier = _jiujiang_form(rendered, "jj_declaration_form")
    head = "\n".join(p.text for p in d.paragraphs)
    assert "申报单位(盖章):" in head and "申报时间:" in head
    labels = [row.cells[0].text for row in d.tables[0].rows]
    assert labels == ["项目名称", "应用单位", "建设地点", "建设时间", "项目负责人", "联系方式", "总投资",
                      "其中,工程(实施)费用", "必要性及建设(实施)依据", "实施方式及原因", "主管部门意见"]
    rows = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    from govproj.money import rmb_capital, wan

    total = dossier.project["total_investment"]
    assert rows["总投资"] == f"{wan(total)} 万元（{rmb_capital(total)}）"
    assert "(盖章)" in rows["主管部门意见"] and "年" in rows["主管部门意见"]


def test_seal_in_opinion_cells_is_at_the_right(rendered):
    """变更申请表 (建设单位意见, 审批/备案单位意见) and 九江 申报表 (主管部门意见): room to write, then the seal
    and the date at the right, as the official forms print them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for name in EXAMPLES:
        result, _ = rendered[name]
        for r in result.rendered:
            if r.form not in ("change_request", "jj_declaration_form"):
                continue
            rows = [row for row in docx.Document(str(r.path)).tables[0].rows if "意见" in row.cells[0].text]
            assert len(rows) == (2 if r.form == "change_request" else 1), r.form
            for row in rows:
                paragraphs = row.cells[1].paragraphs
                assert not paragraphs[0].text.strip()
                written = [p for p in paragraphs if p.text.strip()]
                assert [p.text.strip() for p in written][0] in ("（盖章）", "(盖章)") and "年" in written[1].text
                assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in written), r.form


def test_materials_present_name_the_document(rendered):
    """A material found (具备) names the document it was found in, also when its rule names the
    document type only inside its conditions (达拉特旗 安全风险评估报告)."""
    seen = 0
    for name in EXAMPLES:
        result, dossier = rendered[name]
        path = next(r.path for r in result.rendered if r.form == "acceptance_application")
        for row in docx.Document(str(path)).tables[0].rows[1:]:
            cells = [c.text for c in row.cells]
            if len(cells) == 5 and cells[3] == "具备":
                seen += 1
                assert cells[4].startswith("《") or "（" in cells[4], (name, cells)
    assert seen > 10


def test_jj_tech_plan_headings_are_verbatim(rendered):
    d, _ = _jiujiang_form(rendered, "jj_tech_plan")
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert h1 == ["一、概述", "二、数字政府建设总体方案落实情况", "三、项目建设背景和必要性", "四、项目需求分析",
                  "五、项目建设方案", "六、集约化及信息资源共享分析", "七、项目投资与财务方案", "八、附表、附图和附件"]
    assert len(h2) == 21 and h2[0] == "(一)项目概况。" and "(三)“省级主建,市县主用”原则落实情况。" in h2
    text = (ROOT / "govproj" / "regulations" / "texts" / "jiujiang-2024.txt").read_text(encoding="utf-8")
    assert all(h in text for h in h1 + h2)


def test_dalate_plan_shows_the_draft_status(rendered):
    if "dalate-draft" not in rendered:
        pytest.skip("没有达拉特旗示例档案")
    result, _ = rendered["dalate-draft"]
    path = next(r.path for r in result.rendered if r.form == "dlt_annual_plan")
    text = _text(docx.Document(str(path)))
    assert "征求意见稿" in text and "尚未正式施行" in text
    heads = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、建设依据", "二、投资概算", "三、项目性质", "四、进度安排", "五、政务云资源需求",
                     "六、信息资源共享", "七、电子政务网络需求", "八、运维保障"]


def test_rendering_twice_is_byte_identical(rendered, tmp_path):
    """Every template once more (all forms of the first example, each regulation's own forms of the others),
    into a fresh folder, against the module's rendering. The chart images come from the cache the first
    rendering left (their own determinism is the next test)."""
    done = set()
    for name in EXAMPLES:
        a, _ = rendered[name]
        forms = [r.form for r in a.rendered if r.form not in done]
        if not forms:
            continue
        done.update(forms)
        shutil.copytree(a.out_dir / R.CACHE_DIR, tmp_path / name / R.CACHE_DIR)
        b = R.render_dossier(ROOT / "examples" / name, AS_OF, forms, out_dir=tmp_path / name)
        assert [y.form for y in b.rendered] == forms
        first = {x.form: x.path for x in a.rendered}
        for y in b.rendered:
            assert first[y.form].read_bytes() == y.path.read_bytes(), f"{name} {y.form}"
    assert len(done) >= 13


def test_charts_are_drawn_once_and_deterministic(tmp_path, monkeypatch):
    """A chart image is drawn only for a form that shows one, kept in out/.govproj-cache under a hash of
    its data, drawn again (byte-identical) when the cache is gone and not drawn when it is there."""
    from govproj.estimate import chart

    root = ROOT / "examples" / "jiujiang-2024"
    drawn = []
    real = chart.timeline_png
    monkeypatch.setattr(chart, "timeline_png", lambda *a: drawn.append(1) or real(*a))
    R.render_dossier(root, AS_OF, ["change_request"], out_dir=tmp_path / "o")
    assert not drawn and not (tmp_path / "o" / R.CACHE_DIR).exists()
    R.render_dossier(root, AS_OF, ["jj_tech_plan"], out_dir=tmp_path / "o")
    first = sorted((tmp_path / "o" / R.CACHE_DIR).glob("*.png"))
    assert len(drawn) == 1 and [p.name.split("-")[0] for p in first] == ["budget", "timeline"]
    R.render_dossier(root, AS_OF, ["jj_tech_plan"], out_dir=tmp_path / "o", force=True)
    assert len(drawn) == 1
    again = R.render_dossier(root, AS_OF, ["jj_tech_plan"], out_dir=tmp_path / "p")
    assert len(drawn) == 2
    for p in first:
        assert (again.out_dir / R.CACHE_DIR / p.name).read_bytes() == p.read_bytes()


# --------------------------------------------------------------------------- rulepacks declare the forms


@pytest.mark.parametrize("reg", ["county-2023", "jiangjin-2022", "zunyi-2020", "dalate-draft", "jiujiang-2024"])
def test_rulepack_forms_have_templates_and_verbatim_quotes(reg):
    from govproj.rules import rulepack as rulepacks
    from govproj.rules.explain import text_of

    pack = rulepacks.load(reg)
    text = re.sub(r"\s+", "", text_of(pack))
    for f in pack.data.get("forms", []):
        assert (R.TEMPLATE_DIR / f"{f.get('template', f['id'])}.docx").is_file(), f["id"]
        if f.get("quote"):
            assert re.sub(r"\s+", "", f["quote"]) in text, f["id"]
    if reg in SPECIFIC and reg != "jiujiang-2024":
        assert [f["id"] for f in pack.data["forms"]] == SPECIFIC[reg]
        assert pack.data["acceptance"]["recipient"] and pack.data["acceptance"]["article"]


# --------------------------------------------------------------------------- awkward values


def test_special_characters_long_text_empty_lists_and_control_characters(tmp_path):
    long = "长" * 1988 + "结尾ABCDEFGHIJ"
    assert len(long) == 2000
    root = write_dossier(tmp_path / "d", {
        "name": "A & B <c> \"引号\" '单引号' 项目",
        "owner_unit": "九江市测试局",
        "necessity": long,
        "basis": "依据\x0b文件",
        "location": "九江市",
    }, {"cloud.yaml": {"platform": "九江市政务云", "resources": []}})
    result = R.render_dossier(root, AS_OF, ["jj_declaration_form", "cloud_resources"], out_dir=tmp_path / "out")
    assert result.problems == []
    by_form = {r.form: r for r in result.rendered}
    decl = _text(docx.Document(str(by_form["jj_declaration_form"].path)))
    assert "A & B <c> \"引号\" '单引号' 项目" in decl
    assert long in decl
    assert "依据文件" in decl and "\x0b" not in decl
    assert ("project.basis", "U+000B") in by_form["jj_declaration_form"].control
    assert "（待填）" in decl and "project.period_text" in by_form["jj_declaration_form"].missing
    cloud = docx.Document(str(by_form["cloud_resources"].path)).tables[0]
    assert len(cloud.rows) == 2 and cloud.rows[1].cells[0].text == "（无）"


def test_control_characters_are_reported_by_the_cli(tmp_path, cli):
    root = write_dossier(tmp_path / "d", {"location": "九江\x0b市"})
    code, out, err = cli("render", str(root), "cloud_resources", "--as-of", "2026-11-22", "--out", str(tmp_path / "o"))
    assert code == 0
    code, out, err = cli("render", str(root), "jj_declaration_form", "--as-of", "2026-11-22", "--out", str(tmp_path / "o"))
    assert code == 0 and "project.location 含有控制字符 U+000B" in err


# --------------------------------------------------------------------------- user templates


def _user_template(path: Path, text: str) -> None:
    d = docx.Document()
    d.add_paragraph().add_run(text)
    d.save(str(path))


def test_broken_user_template_gives_a_chinese_error_naming_it(sample, tmp_path, cli):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    _user_template(tpl / "change_request.docx", "项目：{{ project.name ")
    code, out, err = cli("render", str(sample), "change_request", "--templates", str(tpl), "--as-of", "2026-11-22",
                         "--out", str(tmp_path / "o"))
    assert code == 2  # a user template that cannot be used is unreadable input
    assert "模板 change_request.docx" in err and "有错误" in err
    assert "Traceback" not in err


def test_user_template_overrides_the_built_in_one(sample, tmp_path, cli):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    _user_template(tpl / "self_evaluation.docx", "自定义模板：{{ project.name }}，{{ project.total_investment_text }} 万元")
    code, out, err = cli("render", str(sample), "self_evaluation", "change_request", "--templates", str(tpl),
                         "--as-of", "2026-11-22", "--out", str(tmp_path / "o"))
    assert code == 0, err
    mine = docx.Document(str(tmp_path / "o" / "self_evaluation.docx"))
    assert [p.text for p in mine.paragraphs if p.text] == ["自定义模板：九江市智慧市场监管平台升级改造项目，478.60 万元"]
    builtin = docx.Document(str(tmp_path / "o" / "change_request.docx"))
    assert builtin.paragraphs[0].text == "项目变更申请表"


def test_templates_are_current(tmp_path, monkeypatch):
    """govproj/templates/docx is what tools/build_templates.py builds (run it after editing)."""
    import tools.build_templates as bt

    monkeypatch.setattr(bt, "OUT", tmp_path)
    bt.main()
    for built in tmp_path.glob("*.docx"):
        assert built.read_bytes() == (R.TEMPLATE_DIR / built.name).read_bytes(), f"{built.name} 不是最新：运行 python tools/build_templates.py"


# --------------------------------------------------------------------------- the clerk's own edits


def test_an_edited_form_is_kept_until_force(sample, tmp_path, cli):
    out = tmp_path / "o"
    code, _, err = cli("render", str(sample), "change_request", "jj_declaration_form", "--as-of", "2026-11-22", "--out", str(out))
    assert code == 0, err
    manifest = json.loads((out / ".govproj-manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"change_request.docx", "jj_declaration_form.docx"}
    edited = out / "jj_declaration_form.docx"
    edited.write_bytes(edited.read_bytes() + b"clerk")
    mine = edited.read_bytes()
    code, _, err = cli("render", str(sample), "change_request", "jj_declaration_form", "--as-of", "2026-11-22", "--out", str(out))
    assert code == 0
    assert edited.read_bytes() == mine
    assert "已保留未覆盖" in err and "jj_declaration_form.docx" in err and "--force" in err
    assert "change_request.docx" not in err.split("已保留未覆盖")[1]
    code, _, err = cli("render", str(sample), "jj_declaration_form", "--as-of", "2026-11-22", "--out", str(out), "--force")
    assert code == 0 and "已保留" not in err
    assert edited.read_bytes() != mine
    docx.Document(str(edited))  # a real document again


def test_a_file_govproj_did_not_write_is_kept(sample):
    out = sample / "out"
    out.mkdir()
    (out / "change_request.docx").write_bytes(b"written by hand")
    result = R.render_dossier(sample, AS_OF, ["change_request"])
    assert result.kept == [out / "change_request.docx"] and result.rendered == []
    assert (out / "change_request.docx").read_bytes() == b"written by hand"


def test_render_and_declare_write_to_one_place(sample):
    assert R.output_dir(sample) == sample / "out"
    result = R.render_dossier(sample, AS_OF, ["jj_declaration_form"])
    assert result.rendered[0].path == sample / "out" / "jj_declaration_form.docx"


# --------------------------------------------------------------------------- which forms by default


def test_default_renders_the_current_and_next_stage(tmp_path):
    root = write_dossier(tmp_path / "d", {"location": "九江市"})  # no event yet: 规划储备 → 申报
    result = R.render_dossier(root, AS_OF, out_dir=tmp_path / "o")
    assert [r.form for r in result.rendered] == ["jj_declaration_form", "jj_tech_plan", "cloud_resources", "data_catalog"]
    assert {f.id for f in result.skipped} == {"change_request", "acceptance_application", "self_evaluation"}
    everything = R.render_dossier(root, AS_OF, out_dir=tmp_path / "all", all_forms=True)
    assert len(everything.rendered) == 7 and everything.skipped == []


def test_completed_project_gets_the_acceptance_application(tmp_path):
    root = write_dossier(tmp_path / "d", {}, {"events.yaml": {"events": [
        {"type": "construction_completed", "date": "2026-09-01"}]}})
    result = R.render_dossier(root, AS_OF, out_dir=tmp_path / "o")
    # no change request in the dossier: no 变更申请表 to fill
    assert [r.form for r in result.rendered] == ["acceptance_application"]
    assert "change_request" in {f.id for f in result.skipped}


def test_warnings_name_the_yaml_key_to_fill(tmp_path, cli):
    root = write_dossier(tmp_path / "d", {"location": "九江市"})
    code, out, err = cli("render", str(root), "jj_declaration_form", "--as-of", "2026-11-22", "--out", str(tmp_path / "o"))
    assert code == 0
    assert "project.yaml: engineering_cost" in err and "project.yaml: period" in err
    assert "_text" not in err


# --------------------------------------------------------------------------- right content


def _docx_text(result, form):
    return _text(docx.Document(str(next(r.path for r in result.rendered if r.form == form))))


def test_no_raw_values_or_file_names_in_any_form(rendered):
    for name, (result, dossier) in rendered.items():
        for r in result.rendered:
            text = _text(docx.Document(str(r.path)))
            assert not re.search(r"\b(passed|failed|conditional)\b", text), (name, r.form)
            assert ".yaml" not in text and "attachments/" not in text, (name, r.form)
            assert not re.search(r"\bCR-\d+", text.replace("（CR-", "")), (name, r.form)
            assert "（（" not in text and "征求意见稿（征求意见稿）" not in text, (name, r.form)
            if _regulation(dossier) != "county-2023":
                assert "前置审查" not in text, (name, r.form)


def test_change_number_in_its_own_style(rendered):
    result, _ = rendered["jiujiang-2024"]
    assert re.search(r"变更编号：\d{4}年第1号", _docx_text(result, "change_request"))


def test_jiujiang_acceptance_lists_the_regulations_materials(rendered):
    result, _ = rendered["jiujiang-2024"]
    table = docx.Document(str(next(r.path for r in result.rendered if r.form == "acceptance_application"))).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) >= 4 and all(r[3] in ("具备", "缺少") for r in rows)
    assert any("终验" in r[1] and "终验" in r[4] for r in rows)
    assert "（无）" not in _docx_text(result, "acceptance_application")


def test_cover_date_is_the_declaration_date(rendered):
    result, dossier = rendered["jiujiang-2024"]
    from govproj.render.values import date_cn

    day = dossier.documents_of("declaration_form")[0].date
    text = _docx_text(result, "jj_tech_plan")
    assert date_cn(day) in text.split("一、概述")[0] and date_cn(AS_OF) not in text.split("一、概述")[0]


def test_folded_yaml_lines_join_without_a_space():
    from govproj.render.context import human_text

    assert human_text("建设统一的 数据平台，与 budget.yaml 安全服务行对应", {}, {"budget.yaml": "投资估算明细表"}) == \
        "建设统一的数据平台，与投资估算明细表安全服务行对应"
    assert human_text("见 cloud.yaml 资源需求清单", {}, {"cloud.yaml": "政务云资源需求清单"}) == "见政务云资源需求清单"
    assert human_text("附 attachments/报价/a.pdf", {"attachments/报价/a.pdf": "甲公司报价单"}, {}) == "附《甲公司报价单》"
    assert human_text("SM2 SM3 算法", {}, {}) == "SM2 SM3 算法"


def test_percentages_have_two_decimals():
    from govproj.render.context import percent_text

    assert [percent_text(x) for x in (31.9, "12.28", 3, "53.125")] == ["31.90", "12.28", "3.00", "53.13"]


@pytest.mark.parametrize("amount,large", [("3000", True), ("2999.99", False)])
def test_jiangjin_route_titles_and_forms(tmp_path, amount, large):
    root = tmp_path / "jj"
    shutil.copytree(ROOT / "examples" / "jiangjin-2022", root, ignore=shutil.ignore_patterns("out"))
    project = root / "project.yaml"
    text = re.sub(r"(?m)^total_investment: [\d.]+", f"total_investment: {amount}", project.read_text(encoding="utf-8"))
    project.write_text(text, encoding="utf-8")
    result = R.render_dossier(root, AS_OF, all_forms=True)
    forms = [r.form for r in result.rendered]
    title = docx.Document(str(next(r.path for r in result.rendered if r.form == "jjq_fsr"))).paragraphs[0].text
    if large:
        assert forms[:3] == ["jjq_fsr", "jjq_prelim_design", "jjq_performance_goals"]
        assert title.endswith("可行性研究报告") and "代初步设计" not in title
        design = docx.Document(str(next(r.path for r in result.rendered if r.form == "jjq_prelim_design")))
        assert design.paragraphs[0].text.endswith("初步设计及概算")
    else:
        assert "jjq_prelim_design" not in forms
        assert title.endswith("可行性研究报告及概算（代初步设计）")


# --------------------------------------------------------------------------- charts and fonts


def test_charts_find_a_cjk_font_through_fontconfig_without_glyph_warnings(tmp_path, monkeypatch):
    import warnings

    from govproj.estimate import chart
    from govproj.render import fonts

    face = fonts.match("黑体")
    if face is None or "CJK" not in face.family and "Hei" not in face.family:
        pytest.skip("本机没有 CJK 黑体字体")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))  # a fresh, empty matplotlib cache
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        used = chart.budget_chart([{"label": "软件开发费", "amount": "100.00", "percent": "50.00"},
                                   {"label": "硬件购置费", "amount": "100.00", "percent": "50.00"}], tmp_path / "b.png", "投资结构")
    assert used == face.family
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_documents_are_declared_chinese(rendered):
    result, _ = rendered["jiujiang-2024"]
    d = docx.Document(str(result.rendered[0].path))
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_a_cache_folder_that_is_a_link_is_not_written_through(tmp_path):
    """out/.govproj-cache as a symbolic link (to a folder outside): the charts are drawn and shown, nothing
    is written there."""
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "o"
    out.mkdir()
    (out / R.CACHE_DIR).symlink_to(outside, target_is_directory=True)
    result = R.render_dossier(ROOT / "examples" / "jiujiang-2024", AS_OF, ["jj_tech_plan"], out_dir=out)
    assert result.problems == [] and list(outside.iterdir()) == []
    with zipfile.ZipFile(result.rendered[0].path) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 2


@pytest.mark.parametrize("title,lines", [
    ("江津区城市运行管理服务平台升级改造项目", ["江津区城市运行管理服务平台", "升级改造项目"]),
    ("遵义市就业创业一体化服务平台建设服务项目", ["遵义市就业创业一体化服务平台", "建设服务项目"]),
    ("可行性研究报告及概算（代初步设计）", ["可行性研究报告及概算（代初步设计）"]),
    ("ABCDEFGHIJ" * 6, ["ABCDEFGHIJABCDEFGHIJABCDEFGHIJ", "ABCDEFGHIJABCDEFGHIJABCDEFGHIJ"]),
])
def test_title_lines_break_at_word_ends(title, lines):
    """GB/T 9704—2012 7.3.3: a title breaks with its words whole (it broke 「管理服 / 务平台」); with no
    word end that fits, into lines of even length."""
    from govproj.render.layout import title_lines

    assert title_lines(title, 18) == lines
