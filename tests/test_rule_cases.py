"""Every encoded rule of every rulepack: a dossier that passes it and one that trips it."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests import yamlio

from govproj.check import check_dossier
from govproj.rules import rulepack as rulepacks
from tests.conftest import ROOT
from tests.mutate import apply

CASE_FILES = sorted((ROOT / "tests" / "rules").glob("*.yaml"))


def _cases():
    for f in CASE_FILES:
        spec = yamlio.safe_load(f.read_text(encoding="utf-8"))
        for case in spec.get("cases", []):
            for side in ("pass", "fail", "ask"):
                if side in case:
                    yield pytest.param(spec, case, side, id=f"{spec['regulation']}:{case['rule']}:{side}")


def _rule(reg: str, rule_id: str) -> dict:
    pack = rulepacks.load(reg)
    for r in pack.data["rules"]:
        if r["id"] == rule_id:
            return r
    raise AssertionError(f"{rule_id} 不在 {reg} 规则包中")


@pytest.mark.parametrize("spec,case,side", list(_cases()))
def test_rule_case(spec, case, side, tmp_path):
    base = ROOT / spec["dossier"]
    work = tmp_path / "dossier"
    shutil.copytree(base, work, ignore=shutil.ignore_patterns("out"))
    apply(work, case.get(side))
    as_of = case.get("as_of", spec.get("as_of"))
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    rule = _rule(spec["regulation"], case["rule"])
    result = check_dossier(work, as_of)
    problems = [f for f in result.findings if f.rule.startswith("GP-") and f.severity == "error"
                and not (side == "ask" and f.rule == "GP-FACT-MISSING")]
    assert not problems, f"变更后的档案本身有错误：{[(f.rule, f.file, f.message) for f in problems]}"
    expect = case.get("expect", rule["severity"])
    hits = [f for f in result.findings if f.rule == case["rule"] and f.severity == expect]
    if side == "ask":  # the fact the rule needs is not stated: asked for, never a violation
        assert not [f for f in result.findings if f.rule == case["rule"]], f"{case['rule']} 在事实未填写时不应下结论"
        asks = [f for f in result.findings if f.rule == "GP-FACT-MISSING" and case["rule"] in f.hint]
        assert asks, f"{case['rule']} 需要的事实未填写时应询问；实际：{[(f.rule, f.message) for f in result.findings]}"
        assert asks[0].message.startswith("请在 ") and asks[0].file
        return
    if side == "pass":
        assert not hits, f"{case['rule']} 不应触发：{[f.message for f in hits]}"
    else:
        assert hits, f"{case['rule']} 应以 {expect} 触发；实际：{[(f.rule, f.severity) for f in result.findings if f.rule == case['rule']]}"
        f = hits[0]
        assert f.article and f.quote and f.message and f.hint and f.regulation == spec["regulation"]
        assert "{" not in f.message and "{" not in f.hint, f"消息中有未替换的变量：{f.message} / {f.hint}"


def test_every_encoded_rule_has_pass_and_fail_cases():
    covered: dict[str, set] = {}
    for f in CASE_FILES:
        spec = yamlio.safe_load(f.read_text(encoding="utf-8"))
        for case in spec.get("cases", []):
            covered.setdefault(spec["regulation"], {}).setdefault(case["rule"], set()).update(
                side for side in ("pass", "fail") if side in case)
    missing = []
    for reg in sorted(rulepacks.available()):
        for r in rulepacks.load(reg).data.get("rules", []):
            sides = covered.get(reg, {}).get(r["id"], set())
            if sides != {"pass", "fail"}:
                missing.append(f"{reg}:{r['id']}")
    assert not missing, f"这些规则缺少通过/失败用例：{missing}"
