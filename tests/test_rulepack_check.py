"""``govproj rulepack check``: every mistake an author can make, reported at once with file:line:column."""

from __future__ import annotations

import re

import pytest

TEXT = "第一条 为规范项目管理，制定本办法。\n第二条 项目建成后半年内，建设单位应当申请验收。\n"

GOOD = """\
id: testxian-2026
prefix: TX
title: 测试县政务信息化项目管理办法
status: final
level: county
text: {file: testxian-2026.txt}
parameters:
  acceptance_period:
    title: 建成后申请验收的期限
    value: 6
    unit: 月
    article: 第二条
    quote: 项目建成后半年内
rules:
  - id: TX-2
    kind: deadline
    severity: warning
    article: 第二条
    quote: 项目建成后半年内，建设单位应当申请验收
    title: 建成后半年内申请验收
    message: 项目于 {anchor_date} 建成，应在 {due} 前申请验收（{param_acceptance_period} 个月）。
    hint: 尽快申请验收。
    anchor: {event: [construction_completed]}
    target: {event: [acceptance_applied]}
    limit: {value: {param: acceptance_period}, unit: months}
not_checkable:
  - id: TX-1
    article: 第一条
    reason: 立法目的，没有可检查的事实。
"""

# one pack with every mistake of the list, each on a line of its own
BAD = """\
id: testxian-2026
prefix: TX
title: 测试县政务信息化项目管理办法
status: final
text: {file: testxian-2026.txt}
parameters:
  acceptance_period:
    title: 建成后申请验收的期限
    value: 6
    unit: 月
    article: 第二条
    quote: 项目建成后半年内
  forgotten:
    title: 没有规则使用的参数
    value: 3
    unit: 个
    article: 第二条
    quote: 项目建成后半年内
rules:
  - id: TX-2
    kind: deadline
    severity: warning
    article: 第二条
    quote: 项目建成后三个月内，建设单位应当申请验收
    title: 建成后半年内申请验收
    message: 应在 {due} 前申请验收，距今 {days_left} 日。
    hint: 尽快申请验收。
    anchor: {event: [construction_complete]}
    target: {event: [acceptance_applied]}
    limit: {value: {param: acceptance_perod}, unit: months}
  - id: TX-2
    kind: require
    severity: error
    article: 第二条
    quote: 建设单位应当申请验收
    title: 应有验收申请
    message: 缺少：{missing}。
    hint: 申请验收。
    when: {fact: project.total_investmnt, gte: 100}
    documents: [acceptance_aplication]
not_checkable:
  - id: TX-1
    article: 第一条
    reason: " "
"""


def _write(tmp_path, pack: str, text: str | None = TEXT):
    f = tmp_path / "testxian-2026.yaml"
    f.write_text(pack, encoding="utf-8")
    if text is not None:
        (tmp_path / "testxian-2026.txt").write_text(text, encoding="utf-8")
    return f


def _line_of(pack: str, needle: str) -> int:
    return next(i for i, line in enumerate(pack.splitlines(), 1) if needle in line)


def test_a_clean_pack_passes(tmp_path, cli):
    f = _write(tmp_path, GOOD)
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 0, out
    assert "没有发现问题" in out


@pytest.mark.parametrize("needle,expected", [
    ("quote: 项目建成后三个月内", "摘录不在原文 testxian-2026.txt 中"),
    ("construction_complete]", "未知的事项类型 construction_complete，是不是 construction_completed"),
    ("project.total_investmnt", "未知的事实路径 project.total_investmnt"),
    ("acceptance_perod", "没有参数 acceptance_perod，是不是 acceptance_period"),
    ("{days_left}", "变量 {days_left} 不是 deadline 规则提供的变量"),
    ("acceptance_aplication", "未知的材料类型 acceptance_aplication"),
    ("unit: 个", "单位 个 不认识"),
    ("reason: \" \"", "TX-1 没有说明原因"),
])
def test_each_mistake_is_reported_at_its_line(tmp_path, cli, needle, expected):
    f = _write(tmp_path, BAD)
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 1
    line = _line_of(BAD, needle)
    hits = [ln for ln in out.splitlines() if expected in ln]
    assert hits, out
    assert re.match(rf"^.*testxian-2026\.yaml:{line}:\d+：(错误|警告)：", hits[0]), hits[0]


def test_duplicate_id_and_unused_parameter(tmp_path, cli):
    f = _write(tmp_path, BAD)
    _, out, _ = cli("rulepack", "check", str(f))
    second = [i for i, line in enumerate(BAD.splitlines(), 1) if line.strip() == "- id: TX-2"][1]
    assert re.search(rf"testxian-2026\.yaml:{second}:\d+：错误：规则编号 TX-2 重复", out), out
    assert re.search(rf"testxian-2026\.yaml:{_line_of(BAD, 'forgotten:')}:3：警告：参数 forgotten 没有被任何规则", out), out
    assert out.strip().endswith("个警告。")


def test_all_mistakes_at_once(tmp_path, cli):
    """Not one per run: the author fixes everything in one pass."""
    f = _write(tmp_path, BAD)
    _, out, _ = cli("rulepack", "check", str(f))
    assert len([ln for ln in out.splitlines() if "：错误：" in ln]) >= 8


def test_a_missing_text_file_is_an_error(tmp_path, cli):
    f = _write(tmp_path, GOOD, text=None)
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 1
    assert re.search(rf"testxian-2026\.yaml:{_line_of(GOOD, 'text:')}:\d+：错误：原文文件 testxian-2026.txt 不存在", out), out


def test_no_text_at_all_is_an_error_when_the_pack_quotes(tmp_path, cli):
    f = _write(tmp_path, GOOD.replace("text: {file: testxian-2026.txt}\n", ""))
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 1 and "没有 text.file" in out


def test_schema_problems_are_listed_with_the_rest(tmp_path, cli):
    f = _write(tmp_path, GOOD.replace("    kind: deadline\n", "    kind: deadlin\n"))
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 1
    assert f"testxian-2026.yaml:{_line_of(GOOD, 'kind: deadline')}:" in out


def test_unreadable_input(tmp_path, cli):
    code, _, err = cli("rulepack", "check", str(tmp_path / "nope.yaml"))
    assert code == 2 and "不存在" in err
    f = tmp_path / "broken.yaml"
    f.write_text("id: [unclosed\n", encoding="utf-8")
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 1 and re.search(r"broken\.yaml:\d+:\d+：错误：", out), out


def test_extensions_make_the_pack_s_own_names_known(tmp_path, cli):
    pack = GOOD.replace("    target: {event: [acceptance_applied]}", "    target: {event: [county_acceptance_applied]}")
    f = _write(tmp_path, pack)
    _, out, _ = cli("rulepack", "check", str(f))
    assert "未知的事项类型 county_acceptance_applied" in out
    f = _write(tmp_path, pack + "extensions:\n  events: {county_acceptance_applied: 向县大数据中心申请验收}\n")
    code, out, _ = cli("rulepack", "check", str(f))
    assert code == 0, out


def test_every_kind_documents_its_variables():
    """The checker reads each kind's VARIABLES; the module docstring names each of them."""
    from govproj.rules.engine import KINDS, kind_module

    for kind in KINDS:
        module = kind_module(kind)
        assert module.VARIABLES, kind
        for v in module.VARIABLES:
            assert "{" + v + "}" in module.__doc__, (kind, v)
