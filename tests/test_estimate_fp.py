"""Function-point cost estimate: a worked example checked figure by figure against a hand
calculation (written out below), plus the indicative and detailed methods."""

from __future__ import annotations

from decimal import Decimal as D

from govproj.estimate.fp import estimate, fmt

# Hand calculation (GB/T 36964-2018 method; factor tables of DB11/T 1010-2013 附录B):
#   counts   ILF 3, EIF 2, EI 10, EO 5, EQ 6 ; 估算功能点 weights 10/7/4/5/4
#   UFP    = 10×3 + 7×2 + 4×10 + 5×5 + 4×6 = 30 + 14 + 40 + 25 + 24 = 133
#   CF     = 1.21 (初步设计/招标阶段)          S   = 133 × 1.21 = 160.93
#   质量   = 1 + 0.025 × (1 + 1 + 0 − 1) = 1.025 ; 应用集成 1.2 → SWF = 1.2 × 1.025 = 1.23
#   语言 C 1.5 ; 无同类背景 1.2                 RDF = 1.5 × 1.2 = 1.8
#   PDR    = 7.12 人时/FP (overridden)          AE  = 160.93 × 7.12 × 1.23 × 1.8 = 2536.8490224 人时
#   HM     = 176                                PM  = 2536.8490224 ÷ 176 = 14.4139149 人月
#   F      = 25500 元/人月                      人力 = 14.4139149 × 25500 ÷ 10000 = 36.755482995 万元
#   DNC    = 2.5 万元                           合计 = 39.255482995 万元
WORKED = {
    "method": "estimated",
    "stage": "design",
    "counts": {"ILF": 3, "EIF": 2, "EI": 10, "EO": 5, "EQ": 6},
    "factors": {"application_type": "integration", "language": "c", "team": "none",
                "quality": {"distributed": 1, "performance": 1, "reliability": 0, "multi_site": -1}},
    "parameters": {"pdr": D("7.12"), "hours_per_month": D(176), "labour_rate": D(25500), "direct_non_labour": D("2.5")},
}


def test_worked_example_every_figure():
    r = estimate(WORKED, [{"category": "software_dev", "amount": D(40)}, {"category": "hardware", "amount": D(9)}])
    expected = {
        "ufp": D(133), "cf": D("1.21"), "size": D("160.93"), "application_type": D("1.2"), "quality": D("1.025"),
        "swf": D("1.23"), "language": D("1.5"), "team": D("1.2"), "rdf": D("1.8"), "pdr": D("7.12"),
        "effort": D("2536.8490224"), "hours_per_month": D(176), "person_months": D("14.4139149"),
        "labour_rate": D(25500), "labour_cost": D("36.755482995"), "direct_non_labour": D("2.5"),
        "total": D("39.255482995"),
    }
    for key, value in expected.items():
        assert r.step(key) == value, key
    assert r.function_points == D("160.93") and r.person_months == D("14.4139149")
    assert r.budgeted_software == D(40)
    d = r.to_dict()
    assert d["total"] == "39.2555" and d["person_months"] == "14.41" and d["difference"] == "0.7445"
    assert r.steps[0].formula == "10×3 + 7×2 + 4×10 + 5×5 + 4×6"
    assert not r.notes  # every parameter was given


def test_counts_come_from_the_function_list_when_not_given():
    fp = {"method": "estimated", "stage": "completion",
          "functions": [{"name": "库", "type": "ILF"}, {"name": "录入", "type": "EI"}, {"name": "查询", "type": "EQ"}]}
    r = estimate(fp)
    assert r.counts == {"ILF": 1, "EIF": 0, "EI": 1, "EO": 0, "EQ": 1}
    assert r.step("ufp") == D(18) and r.step("cf") == D("1.00")
    assert any("人月费率使用了默认值" in n for n in r.notes)


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
                  "parameters": {"scale_change_factor": D("1.5")}})
    assert r.step("cf") == D("1.5") and r.steps[1].source == "档案覆盖"
    assert fmt(D("2.50000")) == "2.5" and fmt(D("1.23456"), 2) == "1.23" and fmt(D("0.125"), 2) == "0.13"
