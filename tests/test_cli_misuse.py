"""Every misuse of the command line and every bad option value: exit 2, a Chinese message that
names what is wrong, and no English sentence from click or Python (issue 13)."""

from __future__ import annotations

import re

import pytest

from tests.builders import write_dossier
from tests.conftest import SAMPLE

S = str(SAMPLE)
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'][A-Za-z']{2,}){2,}")  # three English words in a row
COMMANDS = re.compile(r"'?govproj[\w .\-/=]*'?")  # our own commands quoted in a message


def english(text: str):
    return ENGLISH.search(COMMANDS.sub("", text))


PYTHON = ("Traceback", "Errno", "Decimal(", "Error:", "Usage:", "Try '")

CASES = {
    # (arguments, a word the message must contain)
    "no such command": (["nosuch"], "没有这个命令"),
    "no such option": (["check", "--bogus"], "没有选项 --bogus"),
    "extra argument": (["rules", "jiangjin-2022", "JJQ-13", "x"], "多余的参数"),
    "declare without path": (["declare"], "缺少参数 档案目录"),
    "option without value": (["check", S, "--as-of"], "--as-of 需要一个值"),
    "rulepack without value": (["estimate", S, "--rulepack"], "--rulepack 需要一个值"),
    "bad format": (["check", S, "--format", "xml"], "应为 text"),
    "bad format declare": (["declare", S, "-f", "yaml"], "应为 text、json"),
    "jobs zero": (["check", S, "--jobs", "0"], "不小于 1"),
    "jobs text": (["check", S, "-j", "many"], "应为整数"),
    "bad date": (["check", S, "--as-of", "2026-13-01"], "YYYY-MM-DD"),
    "bad start": (["estimate", S, "--start", "明天"], "YYYY-MM-DD"),
    "bad start event": (["estimate", S, "--start", "nosuch_event=2027-01-01"], "不是已知的事项类型"),
    "missing rulepack": (["check", S, "--rulepack", "无此文件.yaml"], "不存在"),
    "missing rulepack estimate": (["estimate", S, "--rulepack", "无此文件.yaml"], "不存在"),
    "missing path check": (["check", "无此目录"], "不存在"),
    "missing path estimate": (["estimate", "无此目录"], "不存在"),
    "missing path render": (["render", "无此目录"], "不存在"),
    "missing path accept": (["accept", "无此目录"], "不存在"),
    "missing path baseline": (["baseline", "无此目录"], "不存在"),
    "missing path change": (["change-request", "无此目录"], "不存在"),
    "missing path report": (["report", "无此目录"], "不存在"),
    "missing rulepack file": (["rulepack", "check", "无此文件.yaml"], "不存在"),
    "rulepack check a folder": (["rulepack", "check", S], "不是文件"),
    "rulepack without file": (["rulepack", "check"], "缺少参数 文件"),
    "file for folder check": (["check", S + "/project.yaml"], "是文件"),
    "file for folder estimate": (["estimate", S + "/project.yaml"], "是文件"),
    "file for folder render": (["render", S + "/project.yaml"], "是文件"),
    "file for folder declare": (["declare", S + "/project.yaml"], "是文件"),
    "templates missing": (["render", S, "--templates", "无此目录"], "不存在"),
    "out is a file": (["render", S, "--out", S + "/project.yaml"], "是文件"),
    "output is a folder": (["check", S, "--output", S], "是目录"),
    "unknown regulation": (["rules", "nosuch-2000"], "没有编号为 nosuch-2000"),
    "unknown rule": (["rules", "jiangjin-2022", "NOPE"], "没有规则 NOPE"),
    "declare unknown regulation": (["declare", "新档案", "-r", "nosuch"], "没有编号为 nosuch"),
    "declare without regulation": (["declare", "新档案"], "--regulation"),
    "declare negative amount": (["declare", "新档案", "-r", "jiangjin-2022", "--name", "x", "--amount=-5"], "不小于 0"),
    "declare bad level": (["declare", "新档案", "-r", "jiangjin-2022", "--level", "乡级"], "不是可选的项目层级"),
    "declare bad year": (["declare", "新档案", "-r", "jiangjin-2022", "--plan-year", "明年"], "四位年份"),
    "declare missing answers file": (["declare", "新档案", "--answers", "无此文件.yaml"], "不存在"),
    "declare other regulation": (["declare", S, "-r", "jiangjin-2022"], "不一致"),
    "declare missing essentials": (["declare", "新档案", "-r", "jiangjin-2022", "--name", "x"], "--owner-unit"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_misuse_exits_2_in_chinese(case, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, expected = CASES[case]
    code, out, err = cli(*args)
    text = out + err
    assert code == 2, text
    assert expected in text, text
    assert re.search("[\u4e00-\u9fff]", text)
    assert not english(text), text
    assert not any(p in text for p in PYTHON), text
    assert not (tmp_path / "新档案").exists()


def test_rulepack_that_is_not_a_rulepack_exits_2(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    code, _, err = cli("check", S, "--rulepack", str(bad))
    assert code == 2 and re.search("[\u4e00-\u9fff]", err) and not english(err)


def test_estimate_names_the_unknown_function_point_parameter(tmp_path, cli):
    d = write_dossier(tmp_path / "d", {"total_investment": 100}, files={"budget.yaml": {
        "items": [{"category": "software", "item": "软件", "amount": 100}],
        "function_points": {"method": "estimated", "counts": {"ILF": 1, "EIF": 1, "EI": 1, "EO": 1, "EQ": 1},
                            "parameters": {"bogus_rate": 5}}}})
    code, out, err = cli("estimate", str(d), "--as-of", "2026-11-22")
    assert "bogus_rate" in out + err and "没有 function_points" not in out + err


def test_chart_says_it_wrote_the_file(tmp_path, cli):
    chart = tmp_path / "时间表.png"
    code, _, err = cli("estimate", S, "--as-of", "2026-11-22", "--chart", str(chart))
    assert code == 0 and chart.is_file() and f"已写入甘特图 {chart}" in err
    assert not english(err)


@pytest.mark.parametrize("command", ["check", "declare", "estimate", "render", "rules", "baseline", "change-request", "accept",
                                     "report", "rulepack check"])
def test_help_has_chinese_examples(command, cli):
    code, out, _ = cli(*command.split(), "--help")
    assert code == 0 and "示例：" in out
    examples = out.split("示例：", 1)[1]
    assert 2 <= examples.count(f"govproj {command}") <= 3
