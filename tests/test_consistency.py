"""Cross-file consistency: attachments, sums, file names, dates."""

from __future__ import annotations

import os
from datetime import date

import pytest

from govproj.check import check_dossier
from tests.builders import write_dossier

AS_OF = date(2026, 11, 22)
ITEMS = [{"category": "hardware", "item": "服务器", "quantity": 2, "unit_price": 10.5, "amount": 21},
         {"category": "software_dev", "item": "平台开发", "amount": 79}]


def rules(result, prefix="GP-"):
    return [f for f in result.findings if f.rule.startswith(prefix)]


def test_budget_lines_must_sum_exactly(tmp_path):
    ok = write_dossier(tmp_path / "ok", files={"budget.yaml": {"items": ITEMS}})
    assert not [f for f in check_dossier(ok, AS_OF).findings if f.rule == "GP-BUDGET-SUM"]
    items = [dict(ITEMS[0]), dict(ITEMS[1], amount=78.9999)]
    bad = write_dossier(tmp_path / "bad", files={"budget.yaml": {"items": items}})
    [f] = [f for f in check_dossier(bad, AS_OF).findings if f.rule == "GP-BUDGET-SUM"]
    assert "99.9999" in f.message and "100.00" in f.message and "-0.0001" in f.message
    assert f.file == "budget.yaml" and f.line == 2


def test_line_arithmetic(tmp_path):
    items = [dict(ITEMS[0], amount=22), dict(ITEMS[1], amount=78)]
    d = write_dossier(tmp_path / "d", files={"budget.yaml": {"items": items}})
    [f] = [f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-BUDGET-LINE"]
    assert f.severity == "warning" and "21.00" in f.message and f.path == "items[0].amount"


def test_funding_must_sum_to_total(tmp_path):
    funding = [{"source": "city_fiscal", "amount": 60}, {"source": "self_funded", "amount": 30}]
    d = write_dossier(tmp_path / "d", files={"budget.yaml": {"items": ITEMS, "funding": funding}})
    [f] = [f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-FUNDING-SUM"]
    assert "90.00" in f.message


def test_engineering_cost_within_total(tmp_path):
    d = write_dossier(tmp_path / "d", {"engineering_cost": 120})
    assert [f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-ENGINEERING-COST"]


@pytest.mark.parametrize("value,rule", [
    ("attachments/缺失.pdf", "GP-ATTACH-MISSING"),
    ("../外部.pdf", "GP-ATTACH-OUTSIDE"),
    ("/etc/passwd", "GP-ATTACH-OUTSIDE"),
    ("attachments", "GP-ATTACH-MISSING"),
])
def test_attachment_paths(tmp_path, value, rule):
    d = write_dossier(tmp_path / "d", files={
        "documents.yaml": {"documents": [{"type": "fsr", "title": "可研", "file": value}]},
        "attachments/存在.pdf": b"%PDF-1.4\n"})
    hits = [f for f in check_dossier(d, AS_OF).findings if f.rule == rule]
    assert hits and hits[0].file == "documents.yaml" and hits[0].path == "documents[0].file" and hits[0].line == 4


def test_existing_attachment_with_chinese_name_is_fine(tmp_path):
    d = write_dossier(tmp_path / "d", files={
        "documents.yaml": {"documents": [{"type": "fsr", "title": "可研", "file": "attachments/可研报告.pdf"}]},
        "attachments/可研报告.pdf": b"%PDF-1.4\n"})
    assert not rules(check_dossier(d, AS_OF), "GP-ATTACH")


def test_symlink_out_of_the_dossier_is_refused(tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF")
    d = write_dossier(tmp_path / "d", files={
        "events.yaml": {"events": [{"type": "fsr_approved", "date": "2026-01-05", "attachment": "attachments/link.pdf"}]}})
    (d / "attachments").mkdir()
    os.symlink(outside, d / "attachments" / "link.pdf")
    [f] = rules(check_dossier(d, AS_OF), "GP-ATTACH")
    assert f.rule == "GP-ATTACH-OUTSIDE" and "符号链接" in f.message


def test_unknown_regulation(tmp_path):
    d = write_dossier(tmp_path / "d", {"regulation": "beijing-2099"})
    result = check_dossier(d, AS_OF)
    [f] = [f for f in result.findings if f.rule == "GP-REGULATION"]
    assert "beijing-2099" in f.message and "jiujiang-2024" in f.hint and f.line == 1


def test_future_event(tmp_path):
    d = write_dossier(tmp_path / "d", files={"events.yaml": {"events": [{"type": "fsr_approved", "date": "2026-12-01"}]}})
    [f] = [f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-EVENT-FUTURE"]
    assert f.severity == "warning" and f.line == 3


def test_change_and_progress_file_names(tmp_path):
    d = write_dossier(tmp_path / "d", files={
        "changes/CR-001.yaml": {"id": "CR-002", "title": "调整", "date": "2026-01-05", "status": "draft"},
        "progress/2026-09.yaml": {"period": "2026-10", "submitted": "2026-10-05"},
        "progress/九月.yaml": {"period": "2026-09", "submitted": "2026-10-05"}})
    found = [f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-FILENAME"]
    assert {f.file for f in found} == {"changes/CR-001.yaml", "progress/2026-09.yaml", "progress/九月.yaml"}


def test_unknown_yaml_file_is_mentioned(tmp_path):
    d = write_dossier(tmp_path / "d", files={"budgets.yaml": {"items": []}, "notes.yaml": {"a": 1}})
    found = {f.file: f for f in check_dossier(d, AS_OF).findings if f.rule == "GP-UNKNOWN-FILE"}
    assert found["budgets.yaml"].severity == "warning" and "budget.yaml" in found["budgets.yaml"].hint
    assert found["notes.yaml"].severity == "info"
