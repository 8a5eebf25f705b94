"""The worked example in docs/estimate.md, recomputed figure by figure: every step, the
P25/P50/P75 range, where the budget falls, the testing-price finding, and the regional rate and
range under each bundled regulation."""

from __future__ import annotations

import re

import pytest

from govproj.estimate.fp import estimate, fmt
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "estimate.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = DOC.index(f"### {title}\n")
    end = DOC.find("\n### ", start + 1)
    return DOC[start:end if end > 0 else None]


def rows(text: str, first: str) -> dict[str, list[str]]:
    """Table rows whose first cell matches ``first`` (a regex), keyed by that cell."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(first, cells[0]):
            out[cells[0].strip("`")] = cells[1:]
    return out


EXAMPLE = section("算例")


def run_example(pack_id: str):
    from govproj.dossier.yamlread import read_yaml
    from govproj.rules import rulepack

    block = re.search(r"```yaml\n(.*?)```", EXAMPLE, re.S).group(1)
    data = read_yaml(block.encode("utf-8")).data
    return estimate(data["function_points"], data["items"], rulepack.load(pack_id).data.get("place"))


def test_every_step_of_the_worked_example():
    r = run_example("jiujiang-2024")
    steps = rows(EXAMPLE, r"`[a-z_]+`")
    assert list(steps) == [s.key for s in r.steps]  # every step, in order
    for s in r.steps:
        assert steps[s.key][-1] == fmt(s.value), s.key


def test_the_range_of_the_worked_example():
    r = run_example("jiujiang-2024")
    table = rows(EXAMPLE, r"P\d\d")
    assert list(table) == ["P25", "P50", "P75"]
    for key, cells in table.items():
        got = r.range[key.lower()]
        assert cells == [fmt(got["pdr"]), fmt(got["effort"]), fmt(got["person_months"]), fmt(got["total"])], key


def test_where_the_budget_falls_and_the_testing_finding():
    r = run_example("jiujiang-2024")
    bp = r.budget_position
    assert f"预算中软件开发 {bp['amount']} 万元落在 {bp['position']}，相当于 PDR {bp['implied_pdr']} 人时/功能点" in EXAMPLE
    (finding,) = [t["finding"] for t in r.testing if t["finding"]]
    assert f"“{finding['message']}”" in EXAMPLE.replace("\n", "")
    assert any("按 business 取值" in n for n in r.notes)  # 应用集成 → 业务处理, as the table says


REGIONS = rows(EXAMPLE, r"`[a-z]+-[a-z0-9-]+`")


def test_the_worked_example_covers_the_bundled_regulations():
    assert {"jiujiang-2024", "jiangjin-2022", "zunyi-2020", "dalate-draft", "county-2023"} <= set(REGIONS)


@pytest.mark.parametrize("pack_id", sorted(REGIONS))
def test_the_worked_example_under_each_regulation(pack_id):
    r = run_example(pack_id)
    rate, *totals = REGIONS[pack_id]
    assert rate == r.labour_rate_region["rate"]
    assert totals == [fmt(r.range[k]["total"]) for k in ("p25", "p50", "p75")]


def test_the_regional_rate_table():
    from govproj.estimate.fp import regional_rate
    from govproj.rules import rulepack

    table = rows(section("人月费率随规则包所在地"), r"`[a-z]+-[a-z0-9-]+`")
    assert set(table) == set(REGIONS)
    for pack_id, (how, rate) in table.items():
        region = regional_rate(rulepack.load(pack_id).data.get("place"))
        assert rate == str(region["rate"]) and region["city"] in how.replace("全国数", "全国"), pack_id
