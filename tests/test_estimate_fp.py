"""Function-point cost estimate: a hand calculation checked figure by figure (the worked example of
docs/estimate.md is checked in tests/test_estimate_docs.py), plus the indicative and detailed methods."""

from __future__ import annotations

from decimal import Decimal as D

from govproj.estimate.fp import estimate, fmt

# Hand calculation (GB/T 36964-2018 method; factor tables of CSBMK-202510 附录A):
#   counts   ILF 3, EIF 2, EI 10, EO 5, EQ 6 ; 估算功能点 weights 10/7/4/5/4 (T/LSZX 0012—2025 公式(4))
#   UFP    = 10×3 + 7×2 + 4×10 + 5×5 + 4×6 = 30 + 14 + 40 + 25 + 24 = 133
#   CF     = 1.21 (初步设计/招标阶段)          S   = 133 × 1.21 = 160.93
#   应用集成 → 业务处理 1.0 (表A.3 has no 应用集成) ; 完整性 none 1.0 ; 非功能性 1 + 0.025 × (1 + 1 + 0 − 1) = 1.025
#                                                SWF = 1.0 × 1.0 × 1.025 = 1.025
#   语言 C 1.2 (表A.6) ; 无同类背景 1.2          RDF = 1.2 × 1.2 = 1.44
#   PDR    = 7.12 人时/FP (overridden)          AE  = 160.93 × 7.12 × 1.025 × 1.44 = 1691.2326816 人时
#   HM     = 176 (overridden)                   PM  = 1691.2326816 ÷ 176 = 9.6092766 人月
#   F      = 25500 元/人月 (overridden)         人力 = 9.6092766 × 25500 ÷ 10000 = 24.50365533 万元
#   DNC    = 2.5 万元 (overridden)              合计 = 27.00365533 万元
SRC = "手算算例"
WORKED = {
    "method": "estimated",
    "stage": "design",
    "counts": {"ILF": 3, "EIF": 2, "EI": 10, "EO": 5, "EQ": 6},
    "factors": {"application_type": "integration", "language": "c", "team": "none",
                "quality": {"distributed": 1, "performance": 1, "reliability": 0, "multi_site": -1}},
    "parameters": {"pdr": {"value": D("7.12"), "source": SRC}, "hours_per_month": {"value": D(176), "source": SRC},
                   "labour_rate": {"value": D(25500), "source": SRC}, "direct_non_labour": {"value": D("2.5"), "source": SRC}},
}


def test_worked_example_every_figure():
    r = estimate(WORKED, [{"category": "software_dev", "amount": D(40)}, {"category": "hardware", "amount": D(9)}])
    expected = {
        "ufp": D(133), "cf": D("1.21"), "size": D("160.93"), "application_type": D("1.0"), "integrity": D(1),
        "quality": D("1.025"), "swf": D("1.025"), "language": D("1.2"), "team": D("1.2"), "rdf": D("1.44"),
        "pdr": D("7.12"), "effort": D("1691.2326816"), "hours_per_month": D(176), "person_months": D("9.6092766"),
        "labour_rate": D(25500), "labour_cost": D("24.50365533"), "direct_non_labour": D("2.5"),
        "total": D("27.00365533"),
    }
    for key, value in expected.items():
        assert r.step(key) == value, key
    assert r.function_points == D("160.93") and r.person_months == D("9.6092766")
    assert r.budgeted_software == D(40)
    d = r.to_dict()
    assert d["total"] == "27.0037" and d["person_months"] == "9.61" and d["difference"] == "12.9963"
    assert r.steps[0].formula == "10×3 + 7×2 + 4×10 + 5×5 + 4×6"
    assert list(d["range"]) == ["p50"]  # a single PDR given: no range
    assert [n for n in r.notes if "应用集成" not in n and "不给出区间" not in n] == []


def test_counts_come_from_the_function_list_when_not_given():
    fp = {"method": "estimated", "stage": "completion",
          "functions": [{"name": "库", "type": "ILF"}, {"name": "录入", "type": "EI"}, {"name": "查询", "type": "EQ"}]}
    r = estimate(fp)
    assert r.counts == {"ILF": 1, "EIF": 0, "EI": 1, "EO": 0, "EQ": 1}
    assert r.step("ufp") == D(18) and r.step("cf") == D("1.00")
    assert r.labour_rate_region["kind"] == "national"  # no place given


def test_indicative_method():
    r = estimate({"method": "indicative", "stage": "proposal", "counts": {"ILF": 5, "EIF": 3}})
    assert r.step("ufp") == D(35 * 5 + 15 * 3) and r.step("size") == D(220) * D("1.39")


def test_detailed_method_uses_complexity():
    fns = [{"name": "a", "type": "ILF", "complexity": "high"}, {"name": "b", "type": "EO", "complexity": "low"},
           {"name": "c", "type": "EI"}]
    r = estimate({"method": "detailed", "stage": "fsr", "functions": fns})
    assert r.step("ufp") == D(15 + 4 + 4)


def test_scale_factor_override_and_display():
    r = estimate({"method": "estimated", "stage": "fsr", "counts": {"ILF": 1},
                  "parameters": {"scale_change_factor": D("1.5"), "source": "某地标准 表3"}})
    assert r.step("cf") == D("1.5") and r.steps[1].source == "档案覆盖：某地标准 表3"
    assert fmt(D("2.50000")) == "2.5" and fmt(D("1.23456"), 2) == "1.23" and fmt(D("0.125"), 2) == "0.13"
