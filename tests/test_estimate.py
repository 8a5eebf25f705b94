"""govproj estimate: approval routes at every threshold boundary, the timeline, savings, JSON."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from govproj.estimate import run_estimate
from tests.builders import write_dossier

AS_OF = date(2026, 11, 22)


def route_of(tmp_path, regulation, **project):
    d = write_dossier(tmp_path / "d", {"regulation": regulation, **project})
    return run_estimate(d, AS_OF).route


# 九江 第二十五条 / 第二十六条 / 第二十一条 / 第四十二条: (project facts) → (route id, above the 限额?)
JJ = [
    ({"total_investment": 199.9999, "kind": "construction"}, "jj-small-construction", False),
    ({"total_investment": 200, "kind": "construction"}, "jj-merged", False),           # 以上含本数 → 上一档
    ({"total_investment": 199, "kind": "service"}, "jj-service-equipment", False),
    ({"total_investment": 199, "kind": "equipment"}, "jj-service-equipment", False),
    ({"total_investment": 499.9999, "category": "other"}, "jj-merged", False),
    ({"total_investment": 500, "category": "other"}, "jj-merged", True),             # 限额 500（其他类）
    ({"total_investment": 999, "category": "infrastructure"}, "jj-merged", False),
    ({"total_investment": 1000, "category": "infrastructure"}, "jj-merged", True),   # 限额 1000（基础设施类）
    ({"total_investment": 1000, "category": "integration"}, "jj-merged", True),
    ({"total_investment": 999, "category": "integration"}, "jj-merged", False),
    ({"total_investment": 4999, "category": "other"}, "jj-merged", True),
    ({"total_investment": 5000, "category": "other"}, "jj-full", True),               # 5000 起不再合并
    ({"total_investment": 600, "kind": "om", "category": "other"}, "jj-merged", False),  # 运维类不计限额
    ({"total_investment": 300, "owner_type": "soe"}, "jj-soe", False),
    ({"total_investment": 150, "level": "county"}, "jj-county-small", False),         # 县级 200 以下
    ({"total_investment": 200, "level": "county"}, "jj-merged", False),               # 县级 200 起报市联合会审
]


@pytest.mark.parametrize("facts,route,above", JJ)
def test_jiujiang_routes_at_the_boundaries(tmp_path, facts, route, above):
    r = route_of(tmp_path, "jiujiang-2024", **facts)
    assert r.id == route and r.above_limit is above
    stage_ids = [s.id for s in r.stages]
    assert ("provincial_review" in stage_ids) is (above and route != "jj-county-small")
    if route == "jj-full":
        assert stage_ids[-4:] == ["proposal", "fsr", "design", "budget"]
        assert [s.approver for s in r.stages[-4:]][:3] == ["市发改委", "市发改委（依据市数据管理部门技术评审意见）", "市发改委"]
    if route == "jj-small-construction":
        assert stage_ids[-2:] == ["tech_review", "budget"]


@pytest.mark.parametrize("total,route", [(2999.9999, "jjq-small"), (3000, "jjq-large"), (8000, "jjq-large")])
def test_jiangjin_3000_boundary(tmp_path, total, route):
    r = route_of(tmp_path, "jiangjin-2022", total_investment=total, level="district")
    assert r.id == route and r.article == "第九条"
    assert ("design" in [s.id for s in r.stages]) is (route == "jjq-large")


def test_dalate_exemption_from_the_proposal(tmp_path):
    assert route_of(tmp_path, "dalate-draft", level="banner").id == "dlt-standard"
    r = route_of(tmp_path, "dalate-draft", level="banner",
                 special_circumstances=[{"type": "urgent", "reason": "应对自然灾害紧急建设"}])
    assert r.id == "dlt-skip-proposal" and "proposal" not in [s.id for s in r.stages]


def test_county_paths_by_funding_source(tmp_path):
    assert route_of(tmp_path, "county-2023", level="county", funding_sources=["special_fund"]).id == "cty-special-fund"
    assert route_of(tmp_path, "county-2023", level="county", funding_sources=["self_funded"]).id == "cty-standard"


def test_zunyi_service_route(tmp_path):
    r = route_of(tmp_path, "zunyi-2020", kind="service")
    assert [s.id for s in r.stages] == ["annual_plan", "city_plan", "budget", "requirements", "service_plan", "procurement"]


def test_timeline_from_a_start_date_uses_working_days(tmp_path):
    d = write_dossier(tmp_path / "d", {"regulation": "jiujiang-2024", "total_investment": 6000, "owner_type": "admin_organ"})
    est = run_estimate(d, AS_OF, start=date(2026, 9, 25))  # 收到启动通知 2026-09-25（周五）
    steps = {s.step: s for s in est.timeline}
    # 10 个工作日（起算日不计）：9-28、9-29、9-30、10-8、10-9、10-10（周六调休上班）、10-12、10-13、10-14、10-15
    # —— 国庆假期 10-1…10-7 不计
    proposal = steps["proposal_submitted"]
    assert proposal.anchor == "start_notice_received" and proposal.projected
    assert proposal.due == date(2026, 10, 15)
    assert steps["proposal_approved"].due == date(2026, 10, 22)  # 市发改委 5 个工作日：10-16、19、20、21、22
    assert all(s.status == "pending" for s in est.timeline)


def test_timeline_from_recorded_events(tmp_path):
    from tests.conftest import SAMPLE

    est = run_estimate(SAMPLE, AS_OF)
    budget = next(s for s in est.timeline if s.step == "budget_submitted")
    assert budget.anchor_date == date(2026, 3, 5) and budget.due == date(2026, 3, 26)
    assert budget.actual == date(2026, 3, 20) and budget.status == "done" and not budget.projected


def test_zunyi_savings_exactly_as_defined(tmp_path):
    from tests.conftest import ROOT

    est = run_estimate(ROOT / "examples" / "zunyi-2020", AS_OF)
    s = {x["id"]: x for x in est.savings}
    assert s["ZY-JD11-1"]["raw"] == "-22.00" and s["ZY-JD11-1"]["saving"] == "22.00"  # 398 − 420
    assert s["ZY-JD11-5"]["raw"] == "-6.74"  # 372.86 − 379.6
    assert s["total"]["saving"] == "47.14"   # telescopes to 420 − 372.86
    assert Decimal(s["total"]["saving"]) == Decimal("420") - Decimal("372.86")


def test_savings_when_an_amount_grew_or_is_missing(tmp_path):
    d = write_dossier(tmp_path / "d", {"regulation": "zunyi-2020"}, files={"budget.yaml": {
        "items": [{"category": "other", "item": "x", "amount": 100}],
        "amounts": {"declared_estimate": 90, "bigdata_approved_estimate": 95}}})
    s = {x["id"]: x for x in run_estimate(d, AS_OF).savings}
    assert s["ZY-JD11-1"]["saving"] == "-5.00" and "增加" in s["ZY-JD11-1"]["note"]
    assert s["ZY-JD11-2"]["raw"] is None and "无法计算" in s["ZY-JD11-2"]["note"]
    assert "total" not in s


def test_quotes_and_chain(tmp_path):
    d = write_dossier(tmp_path / "d", {"total_investment": 100}, files={"budget.yaml": {
        "items": [{"category": "software_dev", "item": "开发", "amount": 100}],
        "quotes": [{"vendor": "甲", "amount": 98}, {"vendor": "乙", "amount": 104}, {"vendor": "丙", "amount": 110}],
        "amounts": {"fsr_estimate": 100, "approved_estimate": 110.0001, "contract": 111}}})
    b = run_estimate(d, AS_OF).budget
    assert b.quotes == {"count": 3, "vendors": 3, "lowest": "98.00", "highest": "110.00", "median": "104.00",
                        "spread_percent": "12.24", "total_vs_median_percent": "-3.85", "position": "介于最低与最高报价之间"}
    messages = [i["message"] for i in b.chain_issues]
    assert any("合同金额 111.00 万元超过批复概算" in m for m in messages)
    assert any("超过可研估算 100.00 万元的 10%" in m for m in messages)  # 《政府投资条例》第十二条


def test_json_output_has_the_documented_keys(cli):
    from tests.conftest import SAMPLE

    code, out, _ = cli("estimate", str(SAMPLE), "-f", "json", "--as-of", "2026-11-22")
    data = json.loads(out)
    assert code == 0
    assert {"route", "timeline", "cost", "savings", "budget"} <= set(data)
    assert data["route"]["above_limit"] is False
    assert [s["id"] for s in data["route"]["stages"]][-2:] == ["fsr", "budget"]
    assert all({"id", "approver", "article"} <= set(s) for s in data["route"]["stages"])
    assert all({"step", "due", "basis"} <= set(t) for t in data["timeline"])
    cost = data["cost"]
    assert cost["function_points"] == "2254.58" and cost["person_months"] == "83.06"  # 2254.58 × 6.41 ÷ 174
    assert cost["total"] == "193.4888" and data["total_investment"] == "478.60"  # × 南昌 23296 元/人月
    assert {k: v["total"] for k, v in cost["range"].items()} == {"p25": "86.6323", "p50": "193.4888", "p75": "331.7382"}
    assert cost["budget_position"] == {"amount": "228", "implied_pdr": "7.55", "position": "P50–P75"}
    assert cost["labour_rate_region"]["city"] == "南昌" and cost["labour_rate_region"]["kind"] == "nearest"
    assert all(p["source"]["ref"] and p["source"]["confidence"] for p in cost["parameters"])
    assert [(t["label"], t["position"], t["finding"]) for t in cost["testing"]] == [
        ("等保三级测评", "P75–P90", None), ("商用密码应用安全性评估", "P75–P90", None)]


def test_chart_is_written(tmp_path, cli):
    from tests.conftest import SAMPLE

    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    assert cli("estimate", str(SAMPLE), "--chart", str(png), "--as-of", "2026-11-22", "-f", "json")[0] == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    cli("estimate", str(SAMPLE), "--chart", str(svg), "--as-of", "2026-11-22", "-f", "json")
    first = svg.read_bytes()
    cli("estimate", str(SAMPLE), "--chart", str(svg), "--as-of", "2026-11-22", "-f", "json")
    assert svg.read_bytes() == first and b"<svg" in first  # deterministic


def test_money_in_capitals():
    from govproj.money import rmb_capital, wan

    assert rmb_capital(Decimal("120")) == "人民币壹佰贰拾万元整"
    assert rmb_capital(Decimal("478.6")) == "人民币肆佰柒拾捌万陆仟元整"
    assert rmb_capital(Decimal("0.0001555")) == "人民币壹元伍角陆分"  # 1.555 元 → rounded half-up to the cent first
    assert wan(Decimal("1234.5")) == "1,234.50" and wan(Decimal("0.1234")) == "0.1234"


def test_text_output_is_one_screen_and_detail_shows_every_source(cli, monkeypatch):
    from tests.conftest import SAMPLE

    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = cli("estimate", str(SAMPLE), "--as-of", "2026-11-22")
    assert code == 0
    lines = out.rstrip("\n").splitlines()
    from rich.cells import cell_len

    assert len(lines) <= 30 and max(cell_len(line) for line in lines) <= 100  # one screen at 100 columns
    for text in ("P25", "P50", "P75", "位于 P50–P75", "取最近的已公布城市南昌", "等保三级测评", "--detail"):
        assert text in out, text
    code, out, _ = cli("estimate", str(SAMPLE), "--as-of", "2026-11-22", "--detail")
    flat = "".join(out.split())
    for ref in ("表4.2", "表4.7", "表A.3", "表A.6", "公式(4)", "附录C", "可信度P"):
        assert ref in flat, ref
    assert len(out.splitlines()) > 60


def test_a_stage_completed_by_a_document_is_done_in_estimate_and_report(cli):
    """遵义 第十一条: the 需求分析报告 stage has no event; the dossier holding the report completes it,
    in `estimate` as in the HTML report (it used to show "—" there)."""
    from tests.conftest import ROOT

    zunyi = str(ROOT / "examples" / "zunyi-2020")
    code, out = cli("estimate", zunyi, "--as-of", "2026-11-22", "-f", "json")[:2]
    stages = {s["id"]: s for s in json.loads(out)["route"]["stages"]}
    analysis = next(s for s in stages.values() if s["documents"] == ["requirements_analysis"])
    assert analysis["done_on"] is None and analysis["held"] and analysis["held"][0].startswith("《")
    code, out = cli("estimate", zunyi, "--as-of", "2026-11-22")[:2]
    assert "已完成 6 个" in out


def test_a_milestone_is_reached_not_overdue_and_no_deadline_is_invented(cli):
    """县 第三十条 (CTY-30): 12 months after acceptance the project enters the 绩效评价 — a day that
    is reached, not a deadline missed. 第十三条 (CTY-13c) says only "at least 30 days after the
    intent": the timeline holds no due date the regulation does not set (it once showed 10 years)."""
    from tests.conftest import ROOT

    county = str(ROOT / "examples" / "county-2023")
    out = json.loads(cli("estimate", county, "--as-of", "2028-11-22", "-f", "json")[1])
    rules = {s["rule"]: s for s in out["timeline"]}
    assert "CTY-13c" not in rules
    est = run_estimate(ROOT / "examples" / "county-2023", as_of=date(2028, 11, 22))
    step = next(s for s in est.timeline if s.rule == "CTY-30")
    assert step.state(date(2028, 11, 22)) == "reached" and step.due < date(2028, 11, 22) and step.actual is None
    from govproj.report.estimate_text import _status

    assert _status(step, date(2028, 11, 22))[0] == "已到期（提示）"
