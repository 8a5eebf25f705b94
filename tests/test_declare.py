"""``govproj declare``: the interactive flow on a real terminal (pexpect), answers read the way
people write them, questions and starter comments derived from the chosen regulation's rules,
and the existing-dossier check reaching the same verdict as ``govproj check``."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

from tests import yamlio

from govproj.lifecycle import declare
from govproj.rules import rulepack as rulepacks
from tests.builders import write_dossier
from tests.conftest import govproj_executable

JIANGJIN = ["--name", "江津区智慧城管平台", "--owner-unit", "重庆市江津区城市管理局", "--level", "区级", "--category", "other",
            "--kind", "建设类", "--nature", "new", "--not-classified", "--amount", "3200万元", "--plan-year", "2027"]


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("text,wan", [("3200", "3200"), ("3,200", "3200"), ("3200万", "3200"), ("3200万元", "3200"),
                                      ("0.32亿", "3200"), ("0.32亿元", "3200"), ("三千二百万", "3200"),
                                      ("32000000元", "3200"), (" 480.5 ", "480.5"), ("3，200", "3200")])
def test_amounts_are_read_as_people_write_them(text, wan):
    value, how = declare.parse_amount(text)
    assert value == Decimal(wan) and f"{wan} 万元" in how


@pytest.mark.parametrize("text", ["-5", "abc", "", "1.000001", "三千二百万美元"])
def test_unreadable_amounts_say_why(text):
    with pytest.raises(declare.AnswerError) as exc:
        declare.parse_amount(text)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(exc.value))


def _q(key):
    pack = rulepacks.load("jiangjin-2022")
    return next(q for q in declare.questions(pack) if q.key == key)


def test_choices_accept_labels_codes_and_numbers_and_yes_no_accepts_chinese():
    level = _q("level")
    assert declare.parse_answer(level, "区级")[0] == "district"
    assert declare.parse_answer(level, "district")[0] == "district"
    assert declare.parse_answer(level, str(list(level.choices).index("district") + 1))[0] == "district"
    with pytest.raises(declare.AnswerError, match="不是可选的项目层级"):
        declare.parse_answer(level, "乡级")
    classified = _q("classified")
    for text, value in (("是", True), ("否", False), ("y", True), ("N", False)):
        assert declare.parse_answer(classified, text)[0] is value
    with pytest.raises(declare.AnswerError, match="是 或 否"):
        declare.parse_answer(classified, "不知道")
    with pytest.raises(declare.AnswerError, match="不能为空"):
        declare.parse_answer(_q("name"), "   ")
    assert declare.parse_answer(_q("plan_year"), "2027年")[0] == 2027
    systems = _q("owner_record.unintegrated_systems")
    assert declare.parse_answer(systems, "无")[0] == []
    assert declare.parse_answer(systems, "数字城管系统、视频监控平台")[0] == ["数字城管系统", "视频监控平台"]
    funding = _q("funding_sources")
    assert declare.parse_answer(funding, "区级财政资金、bond")[0] == ["district_fiscal", "bond"]


def test_questions_are_the_regulations_own():
    """江津 第十三条 reads cross_department, 第十五条 implementing_body; the category question
    says that 江津 does not use it and which regulation does."""
    jj = {q.key: q for q in declare.questions(rulepacks.load("jiangjin-2022"))}
    assert {"cross_department", "implementing_body", "funding_sources", "deployment.gov_cloud", "plan_year"} <= set(jj)
    assert "第十三条（JJQ-13）" in jj["cross_department"].prompt()
    assert "第十五条（JJQ-15）" in jj["implementing_body"].prompt()
    assert "本办法的规则不使用此项" in jj["category"].prompt() and "九江" in jj["category"].prompt()
    county = {q.key for q in declare.questions(rulepacks.load("county-2023"))}
    assert "lead_unit" in county and "lead_unit" not in jj


# --------------------------------------------------------------------------- starter files


@pytest.mark.parametrize("reg", sorted(rulepacks.available()))
def test_starter_files_belong_to_the_chosen_regulation(reg, tmp_path, cli):
    pack = rulepacks.load(reg)
    code, _, err = cli("declare", str(tmp_path / "d"), "-r", reg, *JIANGJIN, "--no-git")
    assert code == 0, err
    text = "".join((tmp_path / "d" / f).read_text(encoding="utf-8") for f in ("project.yaml", "budget.yaml"))
    others = [rulepacks.load(o) for o in rulepacks.available() if o != reg]
    for other in others:  # no other regulation's rule ids
        assert f"（{other.data['prefix']}-" not in text, other.id
    for key, rules in declare.facts_used(pack).items():
        top = key.split(".")[0]
        if top not in declare.ESSENTIALS and top != "plan_year":
            assert f"{key.split('.')[-1]}:" in text and rules[0]["id"] in text, key
    data = yamlio.safe_load((tmp_path / "d" / "project.yaml").read_text(encoding="utf-8"))
    assert data["total_investment"] == 3200 and data["level"] == "district" and data["plan_year"] == 2027


def test_jiangjin_starter_has_no_jiujiang_comments(tmp_path, cli):
    assert cli("declare", str(tmp_path / "d"), "-r", "jiangjin-2022", *JIANGJIN, "--no-git")[0] == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "d").glob("*.yaml"))
    assert "九江" not in text and "city_fiscal\n" not in text and "source: district_fiscal" in text
    assert "# implementing_body:" in text and "第十五条（JJQ-15）" in text and "# cross_department:" in text


# --------------------------------------------------------------------------- the terminal


def test_interactive_declare_reasks_wrong_answers_in_chinese(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    target = tmp_path / "交互"
    child = pexpect.spawn(govproj_executable(), ["declare", str(target), "-r", "jiangjin-2022", "--no-git"],
                          encoding="utf-8", timeout=30, env=dict(os.environ, COLUMNS="200"), dimensions=(50, 200))
    steps = [("项目名称：", "   "), ("此项必须回答", None), ("项目名称：", "江津区智慧城管平台"),
             ("建设单位（项目业主单位）：", "重庆市江津区城市管理局"),
             ("项目层级：", "乡级"), ("不是可选的项目层级", None), ("项目层级：", "区级"), ("按“区级”（district）理解", None),
             ("项目类别：", "其他类"), ("项目类型：", "建设类"), ("建设性质：", "新建"),
             (r"是否涉密 \[是/否\]：", "不知道"), ("请回答 是 或 否", None), (r"是否涉密 \[是/否\]：", "否"),
             ("总投资（万元）：", "三千二百万美元"), ("无法把", None), ("总投资（万元）：", "3,200万元"),
             ("按 3200 万元理解", None), ("计划年度：", "明年"), ("四位年份", None), ("计划年度：", "2027"),
             ("资金来源类别：", "区级财政资金、政府债券"), (r"涉及新建土建工程 \[是/否\]：", "n"), (r"高耗能项目 \[是/否\]：", "否"),
             (r"是否跨部门共建 \[是/否\]：", "否"), ("项目实施机构：", "重庆市江津区城市管理局信息中心"),
             (r"部署在政务云 \[是/否\]：", "是"), ("建设单位性质：", "行政机关"),
             ("应整合而未整合的系统：", "无")]
    for expect, answer in steps:
        child.expect(expect)
        if answer is not None:
            child.sendline(answer)
    child.expect("已新建项目档案")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = yamlio.safe_load((target / "project.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "江津区智慧城管平台" and data["level"] == "district" and data["classified"] is False
    assert data["total_investment"] == 3200 and data["plan_year"] == 2027
    assert data["funding_sources"] == ["district_fiscal", "bond"] and data["cross_department"] is False
    assert data["implementing_body"] == "重庆市江津区城市管理局信息中心" and data["owner_type"] == "admin_organ"
    assert data["deployment"] == {"gov_cloud": True} and data["scope"] == {"civil_works": False, "high_energy": False}
    assert data["owner_record"] == {"unintegrated_systems": []}


# --------------------------------------------------------------------------- flags and answers files


def test_flags_are_read_like_answers(tmp_path, cli):
    code, _, err = cli("declare", str(tmp_path / "d"), "-r", "jiangjin-2022", *JIANGJIN[:-4], "--amount=-5", "--no-git")
    assert code == 2 and "不小于 0" in err and "Decimal" not in err
    code, _, err = cli("declare", str(tmp_path / "e"), "-r", "jiangjin-2022", *[a if a != "区级" else "乡级" for a in JIANGJIN], "--no-git")
    assert code == 2 and "level（项目层级）" in err and "区级（district）" in err
    code, _, err = cli("declare", str(tmp_path / "f"), "--answers", str(tmp_path / "无.yaml"))
    assert code == 2 and "不存在" in err and "Errno" not in err


# --------------------------------------------------------------------------- existing dossiers


def _verdict(cli, *args):
    code, out, _ = cli(*args, "-f", "json", "--as-of", "2026-11-22")
    data = json.loads(out)
    findings = data["findings"] if "findings" in data else data["dossiers"][0]["findings"]
    return code, sorted((f["rule"], f.get("file"), f.get("line")) for f in findings if f["severity"] == "error")


def test_declare_reaches_the_same_verdict_as_check(tmp_path, cli):
    """Issue 10: declare printed 错误 0 while check reported that the budget lines do not add up."""
    d = write_dossier(tmp_path / "d", files={
        "budget.yaml": {"items": [{"category": "software", "item": "软件", "amount": 60}]},
        "events.yaml": {"events": [{"type": "declaration_submitted", "date": "2026-08-20"}]}})
    check = _verdict(cli, "check", str(d))
    decl = _verdict(cli, "declare", str(d), "--no-render")
    assert check[0] == decl[0] == 1
    assert check[1] == decl[1] and any(r.startswith("GP-") for r, _, _ in decl[1])


def test_declare_before_declaring_is_at_least_as_strict_as_check(tmp_path, cli):
    d = write_dossier(tmp_path / "d", {"regulation": "jiangjin-2022", "level": "district"})
    check = _verdict(cli, "check", str(d))
    decl = _verdict(cli, "declare", str(d), "--no-render")
    assert set(check[1]) <= set(decl[1]) and decl[0] >= check[0]


def test_declare_unreadable_dossier_exits_2(tmp_path, cli):
    d = write_dossier(tmp_path / "d", files={"budget.yaml": "items: [\n"})
    code, out, _ = cli("declare", str(d), "--no-render")
    assert code == 2 and "budget.yaml" in out


def test_declare_with_another_regulation_says_so(tmp_path, cli):
    d = write_dossier(tmp_path / "d")
    code, _, err = cli("declare", str(d), "--regulation", "jiangjin-2022")
    assert code == 2 and "jiujiang-2024" in err and "jiangjin-2022" in err and "不一致" in err
