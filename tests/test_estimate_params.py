"""Function-point parameters: every one cited, every one overridable by name with its own source
(schema and code agree), the regional labour rate of each bundled regulation, per-function
adjustments, the P25/P50/P75 range, testing prices."""

from __future__ import annotations

import copy
import json
import statistics
from decimal import Decimal as D

import pytest

from govproj.estimate.fp import citation_problems, defaults, estimate, regional_rate

BASE = {
    "method": "estimated",
    "stage": "fsr",
    "functions": [
        {"name": "库", "type": "ILF"}, {"name": "外部库", "type": "EIF"}, {"name": "录入", "type": "EI"},
        {"name": "报表", "type": "EO"}, {"name": "查询", "type": "EQ", "change": "modified", "reuse": "medium"},
    ],
    "factors": {"application_type": "business", "language": "java", "team": "related", "integrity": "none"},
}
ITEMS = [
    {"category": "software_dev", "item": "开发", "amount": D(30)},
    {"category": "assessment", "item": "网络安全等级保护测评（第三级）", "amount": D(8)},
    {"category": "assessment", "item": "商用密码应用安全性评估", "amount": D(9)},
]
JIUJIANG = {"province": "江西省", "city": "九江市"}


# ---------------------------------------------------------------------------- citations


def test_every_parameter_is_cited():
    assert citation_problems(defaults()) == []


@pytest.mark.parametrize("breakage,expected", [
    (lambda d: d["parameters"]["pdr"].pop("source"), "参数 pdr 的 source.document"),
    (lambda d: d["parameters"]["pdr"]["source"].pop("ref"), "参数 pdr 没有写表、条或公式"),
    (lambda d: d["parameters"]["team_factor"].update(confidence="C"), "参数 team_factor 可信度为 C（线索），没有写什么能证实它"),
    (lambda d: d["parameters"]["weights_detailed"].pop("confirm"), "参数 weights_detailed 可信度为 S"),
    (lambda d: d["parameters"]["hours_per_month"].pop("confidence"), "参数 hours_per_month 的可信度"),
    (lambda d: d["documents"]["CSBMK-202510"].pop("edition"), "文件 CSBMK-202510 缺少 edition"),
])
def test_a_parameter_without_a_source_fails(breakage, expected):
    data = copy.deepcopy(defaults())
    breakage(data)
    assert any(p.startswith(expected) for p in citation_problems(data)), citation_problems(data)


def test_values_follow_the_2025_benchmark():
    p = defaults()["parameters"]
    assert p["pdr"]["values"]["p50"] == D("6.41")
    assert p["language_factor"]["values"] == {"c": D("1.2"), "java": D("1.0"), "powerbuilder": D("0.8")}
    assert "integration" not in p["application_type_factor"]["values"]  # as published: no 应用集成
    assert set(p["application_type_factor"]["mapping"]) == {"integration", "system"}
    cities = p["labour_rate"]["cities"]
    assert p["labour_rate"]["national"]["value"] == statistics.median(cities.values())  # 37 cities → 23635


def test_every_result_shows_the_source_of_every_parameter_it_used():
    r = estimate(BASE, ITEMS, JIUJIANG)
    d = r.to_dict()
    assert {p["name"] for p in d["parameters"]} == set(defaults()["parameters"]) - {"weights_indicative", "weights_detailed"}
    for p in d["parameters"]:
        assert p["source"]["document"] and p["source"]["edition"] and p["source"]["ref"] and p["source"]["confidence"]
        assert p["overridden"] is False
    assert "表4.2" in r.param("pdr").cite and "可信度 P" in r.param("pdr").cite


# ---------------------------------------------------------------------------- overrides

# one override per parameter, each with its own source; the value differs from the default
OVERRIDES = {
    "weights_estimated": {"ILF": 12},
    "weights_indicative": {"ILF": 30},
    "weights_detailed": {"ILF": {"average": 11}},
    "scale_change_factor": {"fsr": D("1.5")},
    "pdr": {"p25": D(3), "p50": D(7), "p75": D(12)},
    "application_type_factor": D("1.1"),
    "integrity_factor": D("1.05"),
    "quality_factor": D("0.05"),
    "language_factor": D("0.9"),
    "team_factor": D("1.1"),
    "modification_factor": {"modified": D("0.67")},
    "reuse_factor": {"medium": D("0.5")},
    "hours_per_month": D(176),
    "labour_rate": D(21000),
    "direct_non_labour": D("2.5"),
    "testing_prices": {"mlps_level3": {"p10": 1000, "p25": 2000, "p50": 3000, "p75": 4000, "p90": 5000}},
}


def test_the_schema_allows_exactly_the_parameters_of_the_data_file():
    from govproj.dossier.schema import load_schema

    props = load_schema("budget")["properties"]["function_points"]["properties"]["parameters"]["properties"]
    assert set(props) - {"source"} == set(defaults()["parameters"]) == set(OVERRIDES)


def _method_for(name: str) -> dict:
    fp = copy.deepcopy(BASE)
    if name == "weights_indicative":
        fp["method"] = "indicative"
    if name == "weights_detailed":
        fp["method"] = "detailed"
    if name == "quality_factor":
        fp["factors"]["quality"] = {"performance": 1}
    return fp


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_overriding_each_parameter_changes_the_result_and_shows_its_source(name):
    from govproj.dossier.schema import validate

    base = _method_for(name)
    fp = copy.deepcopy(base)
    fp["parameters"] = {name: {"value": OVERRIDES[name], "source": f"测试来源 {name}"}}
    assert validate("budget", {"items": ITEMS, "function_points": fp}) == []  # the schema accepts it
    before, after = estimate(base, ITEMS, JIUJIANG).to_dict(), estimate(fp, ITEMS, JIUJIANG)
    p = after.param(name)
    assert p.override == {"source": f"测试来源 {name}"} and p.cite == f"档案覆盖：测试来源 {name}"
    d = after.to_dict()
    shown = next(x for x in d["parameters"] if x["name"] == name)
    assert shown["overridden"] is True and shown["override_source"] == f"测试来源 {name}"
    changed = (d["total"], d["range"], d["testing"], d["steps"][0]["value"])
    assert changed != (before["total"], before["range"], before["testing"], before["steps"][0]["value"])


def test_all_parameters_overridden_at_once(cli, tmp_path, monkeypatch):
    """Every parameter overridden in one dossier: the text and the JSON show each override's own source."""
    from tests.builders import write_dossier

    monkeypatch.setenv("COLUMNS", "240")  # wide enough that no cell folds

    fp = copy.deepcopy(BASE)
    fp["parameters"] = {n: {"value": v, "source": f"测试来源 {n}"} for n, v in OVERRIDES.items()}
    plain = json.loads(json.dumps({"items": ITEMS, "function_points": fp}, default=float, ensure_ascii=False))
    d = write_dossier(tmp_path / "d", {"total_investment": 47}, files={"budget.yaml": plain})
    code, out, err = cli("estimate", str(d), "--detail", "--as-of", "2026-11-22")
    assert code == 0, err
    used = set(OVERRIDES) - {"weights_indicative", "weights_detailed"}  # not used by the 估算功能点 method
    for n in used:
        assert f"档案覆盖：测试来源 {n}" in out, n
    code, out, err = cli("estimate", str(d), "-f", "json", "--as-of", "2026-11-22")
    params = {p["name"]: p for p in json.loads(out)["cost"]["parameters"]}
    assert set(params) == used and all(params[n]["override_source"] == f"测试来源 {n}" for n in used)


def test_a_bare_number_override_takes_the_common_source_or_asks_for_one():
    fp = copy.deepcopy(BASE)
    fp["parameters"] = {"pdr": D("7.12"), "labour_rate": D(21000), "source": "DB36/T 2096—2024"}
    r = estimate(fp, ITEMS, JIUJIANG)
    assert r.param("pdr").cite == "档案覆盖：DB36/T 2096—2024" and r.step("pdr") == D("7.12")
    assert list(r.range) == ["p50"] and any("不给出区间" in n for n in r.notes)
    assert r.labour_rate_region["kind"] == "override" and r.step("labour_rate") == D(21000)
    fp["parameters"].pop("source")
    r = estimate(fp, ITEMS, JIUJIANG)
    assert r.param("pdr").cite == "档案覆盖：未写来源" and any("pdr 的覆盖值没有写来源" in n for n in r.notes)


def test_labour_rate_override_by_city_name():
    fp = copy.deepcopy(BASE)
    fp["parameters"] = {"labour_rate": {"value": "杭州", "source": "参照杭州"}}
    r = estimate(fp, ITEMS, JIUJIANG)
    assert r.step("labour_rate") == D(28813) and r.labour_rate_region["city"] == "杭州"


def test_a_selected_factor_overridden_by_a_number_is_used_as_is():
    fp = copy.deepcopy(BASE)
    fp["parameters"] = {"scale_change_factor": {"value": D("1.5"), "source": "地方标准"}}
    r = estimate(fp)
    assert r.step("cf") == D("1.5") and r.steps[1].source == "档案覆盖：地方标准"


def test_the_schema_refuses_an_unknown_parameter_or_a_bare_table():
    from govproj.dossier.schema import validate

    fp = copy.deepcopy(BASE)
    fp["parameters"] = {"pdr_p50": 6}
    assert validate("budget", {"items": ITEMS, "function_points": fp})
    fp["parameters"] = {"weights_estimated": {"ILF": 12}}  # a table needs {value, source}
    assert validate("budget", {"items": ITEMS, "function_points": fp})


# ---------------------------------------------------------------------------- region

EXPECTED_REGION = {  # regulation → (city, rate, kind)
    "jiujiang-2024": ("南昌", "23296", "nearest"),
    "jiangjin-2022": ("重庆", "23849", "local"),
    "zunyi-2020": ("贵阳", "23155", "nearest"),
    "dalate-draft": ("呼和浩特", "19883", "nearest"),
    "county-2023": ("全国", "23635", "national"),
}


@pytest.mark.parametrize("pack_id", sorted(EXPECTED_REGION))
def test_regional_rate_of_each_bundled_regulation(pack_id):
    from govproj.rules import rulepack

    pack = rulepack.load(pack_id)
    assert "place" in pack.data  # each bundled pack states its place (null when the text does not)
    r = estimate(BASE, ITEMS, pack.data["place"])
    region = r.labour_rate_region
    assert (region["city"], region["rate"], region["kind"]) == EXPECTED_REGION[pack_id]
    assert r.step("labour_rate") == D(EXPECTED_REGION[pack_id][1]) and region["year"] == 2025
    if region["kind"] == "nearest":
        assert f"取最近的已公布城市{region['city']}" in region["label"]
    if region["kind"] == "national":
        assert region["label"].startswith("规则包未载明所在地，取全国")


def test_every_bundled_regulation_gets_a_labelled_rate():
    from govproj.rules import rulepack

    for pack_id in rulepack.available():
        region = regional_rate(rulepack.load(pack_id).data.get("place"))
        assert region["rate"] and region["label"], pack_id


def test_a_place_outside_the_table_falls_back_to_its_province_then_the_nation():
    assert regional_rate({"province": "江西省", "city": "赣州市"})["city"] == "南昌"
    assert regional_rate({"province": "江西省", "city": "赣州市"})["kind"] == "province"
    assert regional_rate({"province": "某省"})["kind"] == "national"


# ---------------------------------------------------------------------------- adjustments


def test_reuse_fractions_add_up_exactly():
    fp = {"method": "estimated", "stage": "completion",
          "functions": [{"name": f"库{i}", "type": "ILF", "reuse": "high"} for i in range(3)]}
    assert estimate(fp).step("ufp") == D(10)  # 3 × 10 × 1/3, no 9.999…


def test_modification_types_and_reuse():
    fp = {"method": "estimated", "stage": "completion", "functions": [
        {"name": "a", "type": "EI"}, {"name": "b", "type": "EI", "change": "modified"},
        {"name": "c", "type": "EI", "change": "deleted"}, {"name": "d", "type": "EO", "reuse": "medium"}]}
    r = estimate(fp)
    assert r.step("ufp") == D(4) + D("3.2") + D("0.8") + D(10) / D(3)
    assert "修改 1、删除 1、复用 1" in r.steps[0].formula


def test_counts_win_over_per_function_adjustments_and_say_so():
    fp = {"method": "estimated", "counts": {"EI": 2}, "functions": [{"name": "b", "type": "EI", "change": "deleted"}]}
    r = estimate(fp)
    assert r.step("ufp") == D(8) and any("修改类型/复用程度未计入" in n for n in r.notes)


@pytest.mark.parametrize("app_type,factor,to", [("integration", "1.0", "business"), ("system", "1.7", "infrastructure")])
def test_application_types_missing_from_the_benchmark_are_mapped_and_said(app_type, factor, to):
    r = estimate({"method": "estimated", "counts": {"EI": 1}, "factors": {"application_type": app_type}})
    assert r.step("application_type") == D(factor) and any(f"按 {to} 取值" in n for n in r.notes)


def test_integrity_level_enters_the_software_factor():
    r = estimate({"method": "estimated", "counts": {"EI": 1}, "factors": {"integrity": "full_lifecycle"}})
    assert r.step("integrity") == D("1.3") and r.step("swf") == D("1.3")


# ---------------------------------------------------------------------------- range and budget


@pytest.mark.parametrize("amount,where", [(1, "低于 P25"), (2, "P25–P50"), (4, "P50–P75"), (7, "高于 P75")])
def test_where_the_budget_falls_in_the_range(amount, where):
    # UFP 57 → S 79.23; PDR 2.87 / 6.41 / 10.99 → 南昌 23296 元/人月: 3.04 / 6.80 / 11.66 万元
    fp = {"method": "estimated", "stage": "fsr", "counts": {"ILF": 3, "EIF": 1, "EI": 5}}
    r = estimate(fp, [{"category": "software_dev", "item": "x", "amount": D(amount) * 2}], JIUJIANG)
    assert r.budget_position["position"] == where
    implied = D(r.budget_position["implied_pdr"])
    assert (implied < D("2.87")) is (where == "低于 P25") and (implied > D("10.99")) is (where == "高于 P75")


def test_the_range_is_exact_arithmetic():
    r = estimate({"method": "estimated", "stage": "completion", "counts": {"EI": 87}}, None, {"province": "重庆市", "city": "重庆市"})
    # 348 FP × 2.87 = 998.76 人时 ÷ 174 = 5.74 人月 × 23849 = 136893.26 元
    assert r.range["p25"]["effort"] == D("998.76") and r.range["p25"]["person_months"] == D("5.74")
    assert r.range["p25"]["total"] == D("13.689326")
    assert [r.range[k]["pdr"] for k in ("p25", "p50", "p75")] == [D("2.87"), D("6.41"), D("10.99")]


# ---------------------------------------------------------------------------- testing prices


def test_testing_lines_inside_the_benchmark_are_silent():
    r = estimate(BASE, ITEMS, JIUJIANG)
    assert [(t["kind"], t["position"], t["finding"]) for t in r.testing] == [
        ("mlps_level3", "P50–P75", None), ("crypto_assessment", "P50–P75", None)]


def test_a_testing_line_far_outside_gets_an_info_finding_with_the_source():
    items = [{"category": "assessment", "item": "等保测评", "amount": D("3.5")},
             {"category": "assessment", "item": "密评服务", "amount": D(20)}]
    r = estimate(BASE, items, JIUJIANG, mlps_level=3)  # the level from security.yaml
    low, high = r.testing
    assert low["kind"] == "mlps_level3" and low["position"] == "低于 P10"
    assert low["finding"]["severity"] == "info" and "附录C" in low["finding"]["source"]
    assert low["finding"]["message"] == "等保测评 3.50 万元，低于 P10（等保三级测评基准 P10 4.33、P50 6.00、P90 16.60 万元）"
    assert high["kind"] == "crypto_assessment" and high["position"] == "高于 P90"


def test_the_level_named_in_the_line_wins_and_unknown_levels_are_skipped():
    items = [{"category": "assessment", "item": "等级保护测评（第二级）", "amount": D(5)}]
    assert estimate(BASE, items, JIUJIANG, mlps_level=3).testing[0]["kind"] == "mlps_level2"
    items = [{"category": "assessment", "item": "等保测评", "amount": D(5)}]
    assert estimate(BASE, items, JIUJIANG, mlps_level=4).testing == []  # no benchmark for 第四级
    items = [{"category": "assessment", "item": "第三方软件测评", "amount": D(5)}]
    assert estimate(BASE, items, JIUJIANG).testing == []


def test_a_partial_nested_override_keeps_the_other_entries():
    fp = {"method": "detailed", "stage": "completion", "functions": [
        {"name": "a", "type": "ILF", "complexity": "high"}, {"name": "b", "type": "ILF"}],
        "parameters": {"weights_detailed": {"value": {"ILF": {"average": 11}}, "source": "某地标准"}}}
    assert estimate(fp).step("ufp") == D(15 + 11)  # high stays 15
    items = [{"category": "assessment", "item": "等保三级测评", "amount": D(6)}]
    fp = dict(BASE, parameters={"testing_prices": {"value": {"mlps_level3": {"p90": 50000}}, "source": "本省询价"}})
    (row,) = estimate(fp, items, JIUJIANG).testing
    assert row["benchmark"]["p50"] == "6" and row["position"] == "高于 P90"
