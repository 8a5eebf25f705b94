"""The HTML report (``govproj report`` / ``check --format html``): self-contained, escaped, Chinese,
with findings by stage, the route, the timeline chart, budget, estimate and acceptance checklist —
checked as markup here and as a page in headless Chromium below (screenshots, console, requests,
JavaScript off, printing).

Set ``GOVPROJ_SCREENSHOTS=目录`` to keep the screenshots and PDFs for a person to look at.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govproj.check import check_paths
from govproj.report import html
from tests.builders import write_dossier
from tests.conftest import ROOT

AS_OF = date(2026, 11, 22)
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "project.yaml").is_file())


class Page(HTMLParser):
    """What a test needs from the markup: tags, attributes, text, classes, ids."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)

    def with_class(self, cls: str) -> list[dict]:
        return [a for _, a in self.tags if cls in (a.get("class") or "").split()]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def report_for(*paths, as_of: date = AS_OF, **kw) -> tuple[str, object]:
    result = check_paths(list(paths), as_of, **kw)
    return html.render(result), result


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """Several dossiers in one folder: every example, one with schema errors, one whose text looks
    like markup, one with a file that cannot be read."""
    root = tmp_path / "projects"
    for name in EXAMPLES:
        shutil.copytree(ROOT / "examples" / name, root / name, ignore=shutil.ignore_patterns("out"))
    write_dossier(root / "zz-bad", {"nature": "upgrad"})
    write_dossier(root / "zz-markup", {"name": "<script>alert(1)</script>有错的项目 & 测试"}, {"events.yaml": {"events": [
        {"type": "reserve_pool_entered", "date": "2026-01-05"}, {"type": "declaration_submitted", "date": "2026-02-02"}]}})
    write_dossier(root / "zz-broken", files={"budget.yaml": "items: [\n"})
    monkeypatch.chdir(tmp_path)
    return Path("projects")


# --------------------------------------------------------------------------- markup


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_renders_self_contained(name):
    text, result = report_for(ROOT / "examples" / name)
    page = Page(text)
    _assert_self_contained(text, page)
    d = result.dossiers[0]
    assert len(page.with_class("finding")) == len(d.findings)
    assert page.with_class("card") and page.with_class("route-steps") and page.with_class("timeline")
    assert ("lang", "zh-CN") in next(a for t, a in page.tags if t == "html").items()
    assert "检查结论" in page.text and "审批路线" in page.text


def _assert_self_contained(text: str, page: Page) -> None:
    """No request can leave the page: no external references, no resource tags, a CSP that
    forbids fetching, and the script's hash in the CSP matches the script."""
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "audio", "video", "source", "base", "form"), tag
        assert "src" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    assert not re.search(r"url\(|@import|@font-face|https?://(?!www\.w3\.org/2000/svg)", text)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_dossier_text_is_escaped_and_findings_are_grouped(folder):
    text, result = report_for(folder)
    page = Page(text)
    _assert_self_contained(text, page)
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;有错的项目 &amp; 测试" in text
    assert sum(1 for t, _ in page.tags if t == "script") == 1
    # one index row and one section per dossier, the row linking to the section
    rows = [a for t, a in page.tags if t == "tr" and (a.get("class") or "").startswith("st-")]
    assert len(rows) == len(result.dossiers) == len(EXAMPLES) + 3
    links = {a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")}
    assert links <= page.ids()
    assert len({x for x in links if re.fullmatch(r"d\d+", x)}) == len(result.dossiers)
    assert len(page.with_class("finding")) == sum(len(d.findings) for d in result.dossiers)
    assert "无法读取" in page.text and "有错误" in page.text


def test_findings_follow_the_life_cycle_and_severity(sample):
    # an error of the declaration stage, a schema error and the regulation's own warning
    (sample / "documents.yaml").write_text("documents: []\n", encoding="utf-8")
    text, result = report_for(sample)
    groups = html.dossier_view(result.dossiers[0], 1, AS_OF)["groups"]
    titles = [g["title"] for g in groups]
    assert titles[0] in (html.FORMAT_GROUP[1], html.GENERAL_GROUP[1])
    stage_titles = [t for t in titles if t.endswith("阶段")]
    assert stage_titles and len(stage_titles) == len(set(stage_titles))
    from govproj.rules.engine import stages

    order = [s["title"] + "阶段" for s in stages()]
    assert stage_titles == sorted(stage_titles, key=order.index)
    for g in groups:
        ranks = [("error", "warning", "info").index(f["severity"]) for f in g["findings"]]
        assert ranks == sorted(ranks)
    every = [f for g in groups for f in g["findings"]]
    assert len(every) == len(result.dossiers[0].findings)
    declaration = next(g for g in groups if g["title"] == "申报阶段")
    f = declaration["findings"][0]
    assert f["article"] and f["quote"] and f["message"] and f["hint"] and f["location"].startswith("documents.yaml")


def test_project_card_shows_regulation_status_and_capitals():
    view = html.dossier_view(check_paths([ROOT / "examples" / "dossier-sample"], AS_OF).dossiers[0], 1, AS_OF)
    card = view["card"]
    assert card["total"] == "478.60" and card["total_capital"] == "人民币肆佰柒拾捌万陆仟元整"
    assert card["regulation_state"] == "expired" and "2026-05-24 届满" in card["regulation_status"]
    assert card["stage"] == "建设"
    early = html.dossier_view(check_paths([ROOT / "examples" / "dossier-sample"], date(2026, 5, 24)).dossiers[0], 1, date(2026, 5, 24))
    assert early["card"]["regulation_state"] == "ok" and "至 2026-05-24" in early["card"]["regulation_status"]
    draft = html.dossier_view(check_paths([ROOT / "examples" / "dalate-draft"], AS_OF).dossiers[0], 1, AS_OF)
    assert draft["card"]["regulation_state"] == "draft" and "征求意见稿" in draft["card"]["regulation_status"]


def test_overdue_steps_are_marked_in_the_chart_route_and_index(sample):
    # the budget has not been approved and its deadline has passed
    events = (sample / "events.yaml").read_text(encoding="utf-8")
    kept = re.split(r"(?m)^(?=  - type: )", events)
    cut = next(i for i, part in enumerate(kept) if "type: budget_approved" in part)
    (sample / "events.yaml").write_text("".join(kept[:cut]), encoding="utf-8")
    text, result = report_for(sample)
    view = html.dossier_view(result.dossiers[0], 1, AS_OF)
    overdue = [r for r in view["gantt"].rows if r.status == "overdue"]
    assert overdue and all("已逾期" in r.status_label for r in overdue)
    assert view["next_deadline"]["status"] == "overdue" and view["next_deadline"]["days_over"] > 0
    budget_stage = next(s for s in view["route"]["steps"] if "预算" in s["title"])
    assert budget_stage["state"] == "next" and budget_stage["due"]["overdue"]
    page = Page(text)
    assert page.with_class("overdue") and any("已逾期" in t for t in page.text)


def test_a_far_deadline_is_clipped_not_squeezing_the_chart():
    view = html.dossier_view(check_paths([ROOT / "examples" / "dalate-draft"], AS_OF).dossiers[0], 1, AS_OF)
    g = view["gantt"]
    far = [r for r in g.rows if r.clipped]
    assert far and all(r.due_text.endswith("→") and r.x1 <= g.plot_x1 for r in far)
    assert all(g.plot_x0 <= r.x0 <= r.x1 <= g.plot_x1 for r in g.rows)


def test_estimate_range_whatever_its_shape():
    assert html.cost_range({"total": "1"}) == []
    assert html.cost_range({"range": {"p50": {"total": "2"}}}) == []  # one point is no range
    assert html.cost_range({"range": {"p25": "1.5", "p50": "2", "p75": "3"}}) == [("P25", "1.50"), ("P50（中位）", "2.00"), ("P75", "3.00")]
    assert html.cost_range({"range": {"p25": {"pdr": "5", "total": "150.1234"}, "p75": {"total": "210"}}}) == [
        ("P25", "150.1234"), ("P75", "210.00")]
    assert html.cost_range({"P25": {"total": "1"}, "P75": {"total": "4"}}) == [("P25", "1.00"), ("P75", "4.00")]
    assert html.cost_range({"percentiles": {"low": 1, "high": 2}}) == [("低", "1.00"), ("高", "2.00")]


def test_one_broken_part_does_not_hide_the_rest(monkeypatch):
    import govproj.estimate as estimate

    def boom(*a, **k):
        raise RuntimeError("测试")

    monkeypatch.setattr(estimate, "estimate_dossier", boom)
    text, _ = report_for(ROOT / "examples" / "dossier-sample")
    assert "估算审批路线、时间表和费用时 govproj 内部出错" in text
    assert "检查结论" in text and "竣工验收准备" in text


def test_check_format_html_is_the_report(cli, folder, monkeypatch):
    code_a, out_a, _ = cli("check", str(folder), "--format", "html", "--as-of", AS_OF.isoformat())
    code_b, out_b, _ = cli("report", str(folder), "--as-of", AS_OF.isoformat())
    assert out_a == out_b and out_a.startswith("<!DOCTYPE html>")
    assert code_a == code_b == 2  # as check: one dossier cannot be read
    code, out, err = cli("report", str(folder / "dossier-sample"), "-o", "r.html", "--as-of", AS_OF.isoformat())
    assert code == 0 and out == "" and "已生成报告 r.html" in err
    assert Path("r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = cli("report", str(folder / "dossier-sample"))
    assert code == 2 and "--output" in err and out == ""


def test_report_help_is_chinese(cli):
    code, out, _ = cli("report", "--help")
    assert code == 0 and "网页报告" in out and "--output" in out


# --------------------------------------------------------------------------- in a browser

from tests import chromium  # noqa: E402 - the browser half of this file


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if chromium.executable() is None:
        if os.environ.get("CI"):
            pytest.fail("CI 应安装 chromium（.ci/run）")
        pytest.skip("没有 chromium（apt-get install chromium）")
    pytest.importorskip("websockets")
    b = chromium.Chromium(tmp_path_factory.mktemp("chromium") / "profile")
    yield b
    b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    keep = os.environ.get("GOVPROJ_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path


def _look(browser, text: str, where: Path, name: str, javascript: bool = True):
    file = where / f"{name}.html"
    file.write_text(text, encoding="utf-8")
    page = browser.open(file.resolve().as_uri(), javascript=javascript)
    shot = page.screenshot(where / f"{name}.png")
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.console == [], page.console
    assert set(page.requests) == {file.resolve().as_uri()}, page.requests
    return page


def _dom_counts(page) -> dict:
    return page.evaluate("""({
        findings: document.querySelectorAll('.finding').length,
        charts: document.querySelectorAll('svg.gantt').length,
        chartText: document.querySelectorAll('svg.gantt text.label').length,
        routes: document.querySelectorAll('ol.route-steps').length,
        routeSteps: document.querySelectorAll('ol.route-steps > li').length,
        sections: document.querySelectorAll('article.dossier').length,
        sortButtons: document.querySelectorAll('th button.sort').length,
        bodyText: document.body.innerText.length
    })""")


@pytest.mark.slow  # a real browser: `make test-slow`, which CI runs
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_in_chromium(browser, shots, name):
    text, result = report_for(ROOT / "examples" / name)
    page = _look(browser, text, shots, f"report-{name}")
    try:
        dom = _dom_counts(page)
        d = result.dossiers[0]
        view = html.dossier_view(d, 1, AS_OF)
        assert dom["findings"] == len(d.findings) and dom["sections"] == 1
        assert dom["routes"] == 1 and dom["routeSteps"] == len(view["route"]["steps"]) > 0
        assert dom["charts"] == (1 if view["timeline"] else 0) and dom["chartText"] == len(view["timeline"])
        if not view["timeline"]:  # 遵义: no timed step has started; the page says so instead of drawing
            assert page.evaluate("document.querySelector('.timeline').innerText").count("尚无可推算") == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1200  # nothing wider than the window
    finally:
        page.close()


@pytest.mark.slow  # a real browser: `make test-slow`, which CI runs
def test_folder_in_chromium_sorts_and_prints(browser, shots, folder):
    text, result = report_for(folder)
    page = _look(browser, text, shots, "report-folder")
    try:
        dom = _dom_counts(page)
        assert dom["sections"] == len(result.dossiers) and dom["findings"] == sum(len(d.findings) for d in result.dossiers)
        assert dom["charts"] >= 4 and dom["routes"] >= len(EXAMPLES) and dom["sortButtons"] == 9
        assert "点击表头可按该列排序" in page.evaluate("document.querySelector('#index').innerText")
        col = "Array.from(document.querySelectorAll('#index-table tbody tr')).map(r => r.cells[5].textContent)"
        page.evaluate("document.querySelectorAll('#index-table th button')[5].click()")
        ascending = page.evaluate(col)
        assert [int(x) for x in ascending] == sorted(int(x) for x in ascending)
        page.evaluate("document.querySelectorAll('#index-table th button')[5].click()")
        assert [int(x) for x in page.evaluate(col)] == sorted((int(x) for x in ascending), reverse=True)
        assert page.evaluate("document.querySelectorAll('#index-table th')[5].getAttribute('aria-sort')") == "descending"
        pdf = page.pdf(shots / "report-folder.pdf")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
            assert pages >= len(result.dossiers) + 1  # the index, then each dossier on its own pages
            assert abs(float(size.group(1)) - 595.28) < 2 and abs(float(size.group(2)) - 841.89) < 2  # A4
            if shutil.which("pdftotext"):  # every dossier starts a page: its heading is a page's first line
                heads = page.evaluate("Array.from(document.querySelectorAll('article.dossier > h2')).map(h => h.textContent)")
                firsts = set()
                for i in range(1, pages + 1):
                    out = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                                         capture_output=True, text=True, check=True).stdout
                    firsts.add(next((x.strip() for x in out.splitlines() if x.strip()), ""))
                assert set(heads) <= firsts, set(heads) - firsts
    finally:
        page.close()


@pytest.mark.slow  # a real browser: `make test-slow`, which CI runs
def test_reads_with_javascript_off(browser, shots, folder):
    text, result = report_for(folder)
    page = _look(browser, text, shots, "report-folder-nojs", javascript=False)
    try:
        dom = _dom_counts(page)
        assert dom["sortButtons"] == 0  # sorting needs the script; nothing else does
        assert "排序" not in page.evaluate("document.querySelector('#index').innerText")  # nor promises it
        assert dom["sections"] == len(result.dossiers) and dom["findings"] == sum(len(d.findings) for d in result.dossiers)
        assert dom["charts"] >= 4 and dom["routes"] >= len(EXAMPLES)
        visible = page.evaluate("document.body.innerText")
        for words in ("档案一览", "检查结论", "审批路线", "时间表", "投资结构与费用估算", "竣工验收准备", "有错的项目"):
            assert words in visible
        # the index links work without the script
        page.evaluate("location.hash = '#d2'")
        assert page.evaluate("document.querySelector('#d2').getBoundingClientRect().top") < 50
    finally:
        page.close()
