"""The rule engine and every rule kind, on a sixth regulation written as a YAML file only
(no code change: a user's own county can be added the same way)."""

from __future__ import annotations

from datetime import date

import pytest

from tests import yamlio

from govproj.check import check_dossier
from govproj.rules import rulepack as rulepacks
from tests.builders import write_dossier

PACK = {
    "id": "testshi-2026",
    "prefix": "TS",
    "title": "测试市政务信息化项目管理办法（征求意见稿）",
    "status": "draft",
    "published": "2024-01-10",
    "validity": {"years": 2, "article": "第九条", "quote": "有效期两年"},
    "text": {"file": "testshi-2026.txt"},
    "parameters": {
        "limit": {"title": "限额", "value": {"by": "project.category", "values": {"infrastructure": 1000, "other": 500}},
                  "unit": "万元", "article": "第二条", "quote": "限额"},
        "fsr_days": {"title": "可研报审期限", "value": 20, "unit": "工作日", "article": "第三条", "quote": "20个工作日"},
    },
    "derived": {"above_limit": {"title": "限额以上", "when": {"fact": "project.total_investment", "gte": {"param": "limit"}}}},
    "rules": [
        {"id": "TS-1", "kind": "status", "check": "draft", "severity": "info", "article": "第一条", "quote": "征求意见稿",
         "title": "征求意见稿", "message": "按{status}检查", "hint": "以正式文本为准。"},
        {"id": "TS-2", "kind": "require", "severity": "error", "article": "第二条", "quote": "限额", "stage": "approved",
         "documents": ["crypto_plan"], "title": "应有密码应用方案", "message": "缺少：{missing}", "hint": "补充。"},
        {"id": "TS-3", "kind": "deadline", "severity": "warning", "article": "第三条", "quote": "20个工作日",
         "anchor": {"event": ["proposal_approved"]}, "target": {"event": ["fsr_submitted"]},
         "limit": {"value": {"param": "fsr_days"}, "unit": "working_days"},
         "title": "可研期限", "message": "{target}（{target_date}）晚于 {due}", "hint": "按期报审。"},
        {"id": "TS-4", "kind": "order", "severity": "error", "article": "第四条", "quote": "先审后建",
         "first": ["fsr_approved"], "then": ["construction_started"], "title": "先批后建",
         "message": "{then}（{then_date}）早于{first}", "hint": "先取得批复。"},
        {"id": "TS-5", "kind": "count", "severity": "error", "article": "第五条", "quote": "三家以上",
         "collection": "budget.quotes", "distinct": "vendor", "min": 3, "title": "三家报价",
         "message": "报价 {count} 家，少于 {min} 家", "hint": "补充报价。"},
        {"id": "TS-6", "kind": "prohibited", "severity": "error", "waivable": True, "article": "第六条", "quote": "政务云",
         "if": {"all": [{"fact": "project.nature", "eq": "new"}, {"fact": "project.deployment.gov_cloud", "ne": True}]},
         "title": "新建须上云", "message": "新建项目未部署在政务云（{value}）", "hint": "部署到政务云。"},
        {"id": "TS-7", "kind": "assert", "severity": "warning", "article": "第七条", "quote": "大数据中心",
         "for_each": {"events": ["acceptance_passed"]}, "assert": {"fact": "item.org", "contains": "大数据中心"},
         "title": "验收组织单位", "message": "验收由 {value} 组织", "hint": "由大数据中心组织。"},
        {"id": "TS-8", "kind": "periodic", "severity": "warning", "article": "第八条", "quote": "每月",
         "period": "month", "from": {"event": ["construction_started"]}, "until": {"event": ["construction_completed"]},
         "grace_days": 10, "title": "月报", "message": "缺少 {missing} 的月报", "hint": "补报。"},
        {"id": "TS-9", "kind": "chapters", "severity": "error", "article": "第九条", "quote": "章节",
         "document": "fsr", "chapters": ["密码应用方案", {"title": "集约化建设", "match": ["集约化"]}],
         "title": "可研章节", "message": "{document}缺少章节：{missing}", "hint": "补充章节。"},
        {"id": "TS-10", "kind": "status", "check": "expired", "severity": "warning", "article": "第九条", "quote": "有效期两年",
         "title": "有效期", "message": "办法已于 {expires} 届满", "hint": "核实是否有新办法。"},
        {"id": "TS-11", "kind": "require", "severity": "error", "article": "第二条", "quote": "限额",
         "when": {"derived": "above_limit"}, "events": ["provincial_review_passed"],
         "title": "限额以上省级审核", "message": "缺少：{missing}", "hint": "报省级审核。"},
    ],
}


@pytest.fixture
def pack_dir(tmp_path, monkeypatch):
    d = tmp_path / "packs"
    d.mkdir()
    (d / "testshi-2026.yaml").write_text(yamlio.safe_dump(PACK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (d / "testshi-2026.txt").write_text("第一条 征求意见稿。第二条 限额。", encoding="utf-8")
    monkeypatch.setenv("GOVPROJ_RULEPACKS", str(d))
    rulepacks.load_file.cache_clear()
    return d


def run(tmp_path, as_of="2025-06-30", project=None, **files):
    files = {k.replace("__", "/"): v for k, v in files.items()}
    root = write_dossier(tmp_path / "d", {"regulation": "testshi-2026", **(project or {})}, files)
    return check_dossier(root, date.fromisoformat(as_of))


def rule_hits(result, rule_id):
    return [f for f in result.findings if f.rule == rule_id]


def test_sixth_regulation_loads_from_yaml_only(pack_dir, tmp_path):
    result = run(tmp_path)
    assert result.regulation == {"id": "testshi-2026", "title": PACK["title"], "status": "征求意见稿"}
    draft = rule_hits(result, "TS-1")
    assert draft and draft[0].severity == "info" and draft[0].message == "按征求意见稿检查"


def test_require_applies_from_its_stage_and_announces_the_next_step(pack_dir, tmp_path):
    declared = run(tmp_path, **{"events.yaml": {"events": [{"type": "fsr_submitted", "date": "2025-03-01"}]}})
    step = rule_hits(declared, "TS-2")
    assert step and step[0].severity == "info" and step[0].message.startswith("下一步（进入已批复阶段后）") and "密码应用方案" in step[0].message
    approved = run(tmp_path, **{"events.yaml": {"events": [{"type": "fsr_approved", "date": "2025-03-01"}]}})
    hit = rule_hits(approved, "TS-2")
    assert hit and hit[0].severity == "error" and "密码应用方案" in hit[0].message
    assert hit[0].article == "第二条" and hit[0].file == "documents.yaml"


@pytest.mark.parametrize("submitted,late", [("2025-03-31", False), ("2025-04-01", True)])
def test_deadline_in_working_days_with_qingming(pack_dir, tmp_path, submitted, late):
    # approved Mon 2025-03-03; 20 working days → 2025-03-31 (no holiday in between)
    events = {"events": [{"type": "proposal_approved", "date": "2025-03-03"}, {"type": "fsr_submitted", "date": submitted}]}
    result = run(tmp_path, **{"events.yaml": events})
    assert bool(rule_hits(result, "TS-3")) is late


def test_deadline_overdue_and_soon(pack_dir, tmp_path):
    events = {"events": [{"type": "proposal_approved", "date": "2025-03-03"}]}
    overdue = rule_hits(run(tmp_path, as_of="2025-04-10", **{"events.yaml": events}), "TS-3")
    assert overdue and overdue[0].severity == "warning" and overdue[0].message.startswith("已逾期")
    soon = rule_hits(run(tmp_path, as_of="2025-03-20", **{"events.yaml": events}), "TS-3")
    assert soon and soon[0].severity == "info" and "2025-03-31" in soon[0].message


def test_deadline_in_a_year_without_official_data_says_so(pack_dir, tmp_path):
    events = {"events": [{"type": "proposal_approved", "date": "2026-12-28"}]}
    hit = rule_hits(run(tmp_path, as_of="2027-03-01", **{"events.yaml": events}), "TS-3")
    assert hit and "2027 年的放假安排尚无官方数据" in hit[0].message


def test_order(pack_dir, tmp_path):
    ok = {"events": [{"type": "fsr_approved", "date": "2025-03-01"}, {"type": "construction_started", "date": "2025-03-01"}]}
    bad = {"events": [{"type": "construction_started", "date": "2025-02-01"}, {"type": "fsr_approved", "date": "2025-03-01"}]}
    assert not rule_hits(run(tmp_path, **{"events.yaml": ok}), "TS-4")
    hit = rule_hits(run(tmp_path, **{"events.yaml": bad}), "TS-4")
    assert hit and hit[0].line == 3 and "2025-02-01" in hit[0].message


def test_count_distinct(pack_dir, tmp_path):
    items = [{"category": "other", "item": "x", "amount": 100}]
    two = {"items": items, "quotes": [{"vendor": "甲", "amount": 100}, {"vendor": "乙", "amount": 90}, {"vendor": "甲", "amount": 95}]}
    hit = rule_hits(run(tmp_path, **{"budget.yaml": two}), "TS-5")
    assert hit and hit[0].message == "报价 2 家，少于 3 家"
    three = {"items": items, "quotes": two["quotes"] + [{"vendor": "丙", "amount": 99}]}
    assert not rule_hits(run(tmp_path, **{"budget.yaml": three}), "TS-5")


def test_prohibited_and_waiver(pack_dir, tmp_path):
    hit = rule_hits(run(tmp_path, project={"nature": "new", "deployment": {"gov_cloud": False}}), "TS-6")
    assert hit and hit[0].waived is None and hit[0].file == "project.yaml"
    waived = run(tmp_path, project={"nature": "new", "deployment": {"gov_cloud": False},
                                    "waivers": [{"rule": "TS-6", "reason": "涉及专网", "approval_doc": "测试函〔2025〕1号"}]})
    hit = rule_hits(waived, "TS-6")
    assert hit and hit[0].waived["approval_doc"] == "测试函〔2025〕1号"
    unwaived = [f for f in waived.findings if f.severity == "error" and f.waived is None]
    assert waived.summary["error"] == len(unwaived) and "TS-6" not in {f.rule for f in unwaived}  # reported, not counted


def test_waiving_a_rule_that_is_not_waivable_is_an_error(pack_dir, tmp_path):
    result = run(tmp_path, project={"waivers": [{"rule": "TS-5", "reason": "x", "approval_doc": "y"}]})
    assert [f for f in result.findings if f.rule == "GP-WAIVER" and f.severity == "error"]


def test_assert_for_each(pack_dir, tmp_path):
    bad = {"events": [{"type": "acceptance_passed", "date": "2025-05-01", "org": "县发展和改革局"}]}
    hit = rule_hits(run(tmp_path, **{"events.yaml": bad}), "TS-7")
    assert hit and "县发展和改革局" in hit[0].message and hit[0].path == "events[0].org"
    good = {"events": [{"type": "acceptance_passed", "date": "2025-05-01", "org": "县大数据中心"}]}
    assert not rule_hits(run(tmp_path, **{"events.yaml": good}), "TS-7")


def test_periodic_monthly_reports(pack_dir, tmp_path):
    events = {"events": [{"type": "construction_started", "date": "2025-02-10"}]}
    report = {"period": "2025-02", "submitted": "2025-03-05"}
    result = run(tmp_path, as_of="2025-05-20", **{"events.yaml": events, "progress/2025-02.yaml": report,
                                                  "progress/2025-04.yaml": {"period": "2025-04", "submitted": "2025-05-06"}})
    hit = rule_hits(result, "TS-8")
    assert hit and hit[0].message == "缺少 2025-03 的月报"


def test_chapters_from_sections(pack_dir, tmp_path):
    docs = {"documents": [{"type": "fsr", "title": "可研", "sections": ["一、概述", "（五）密码应用方案"]}]}
    hit = rule_hits(run(tmp_path, **{"documents.yaml": docs}), "TS-9")
    assert hit and hit[0].message == "可行性研究报告缺少章节：集约化建设"


def test_chapters_from_docx_headings(pack_dir, tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("一、密码应用方案", level=1)
    d.add_heading("二、集约化建设分析", level=1)
    path = tmp_path / "fsr.docx"
    d.save(path)
    docs = {"documents": [{"type": "fsr", "title": "可研", "file": "attachments/fsr.docx"}]}
    result = run(tmp_path, **{"documents.yaml": docs, "attachments/fsr.docx": path.read_bytes()})
    assert not rule_hits(result, "TS-9")


def test_status_expired(pack_dir, tmp_path):
    assert not rule_hits(run(tmp_path, as_of="2026-01-10"), "TS-10")
    hit = rule_hits(run(tmp_path, as_of="2026-01-11"), "TS-10")
    assert hit and hit[0].message == "办法已于 2026-01-10 届满"


def test_derived_threshold_boundary_includes_the_number(pack_dir, tmp_path):
    assert rule_hits(run(tmp_path, project={"total_investment": 500}), "TS-11")
    assert not rule_hits(run(tmp_path, project={"total_investment": 499.9999}), "TS-11")
    assert not rule_hits(run(tmp_path, project={"total_investment": 999, "category": "infrastructure"}), "TS-11")
    assert rule_hits(run(tmp_path, project={"total_investment": 1000, "category": "infrastructure"}), "TS-11")


def test_a_broken_rule_is_reported_not_raised(pack_dir, tmp_path):
    broken = dict(PACK, rules=[dict(PACK["rules"][1], when={"fact": "nonsense.path", "eq": 1})])
    (pack_dir / "testshi-2026.yaml").write_text(yamlio.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    rulepacks.load_file.cache_clear()
    result = run(tmp_path)
    assert [f for f in result.findings if f.rule == "GP-RULE" and "TS-2" in f.message]


def test_rulepack_file_that_breaks_the_format_is_a_clear_error(pack_dir, tmp_path):
    bad = dict(PACK, rules=[{"id": "TS-1", "kind": "nope"}])
    (pack_dir / "testshi-2026.yaml").write_text(yamlio.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    rulepacks.load_file.cache_clear()
    result = run(tmp_path)
    [f] = [f for f in result.findings if f.rule == "GP-RULEPACK"]
    assert "不符合规则包格式" in f.message and "kind" in f.message


def test_rulepack_file_on_the_command_line(tmp_path, cli):
    import json

    pack = tmp_path / "mine.yaml"
    pack.write_text(yamlio.safe_dump(dict(PACK, id="mine"), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "testshi-2026.txt").write_text("第一条 征求意见稿。", encoding="utf-8")
    d = write_dossier(tmp_path / "d")  # declares jiujiang-2024; --rulepack overrides it
    code, out, _ = cli("check", str(d), "--rulepack", str(pack), "-f", "json", "--as-of", "2025-06-30")
    data = json.loads(out)["dossiers"][0]
    assert data["regulation"]["id"] == "mine" and any(f["rule"] == "TS-1" for f in data["findings"])
    code, out, err = cli("check", str(d), "--rulepack", str(tmp_path / "nope.yaml"), "-f", "json")
    assert code == 2 and out == "" and "不存在" in err  # issue 13: a missing --rulepack file is a usage error
