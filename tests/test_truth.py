"""Findings a reviewer can trust (issue 10): a strict typed boundary, no cascade from one bad value,
absent is not false, one fact in one place, no raw codes in messages.

The property tests at the end run over every example dossier: breaking one field of one file gives
findings about that file only; deleting an optional fact never gives a violation claiming the
opposite; no message or hint shows a raw value code or a Python type description."""

from __future__ import annotations

import random
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests import yamlio

from govproj.check import check_dossier
from govproj.rules import rulepack as rulepacks
from tests.conftest import ROOT, SAMPLE_AS_OF

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "project.yaml").is_file())
AS_OF = SAMPLE_AS_OF


def _copy(src: Path, tmp_path: Path) -> Path:
    dest = tmp_path / src.name
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("out"))
    return dest


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _findings(d: Path, as_of: date = AS_OF):
    return check_dossier(d, as_of).findings


# --------------------------------------------------------------------------- §1 the typed boundary


@pytest.mark.parametrize("field,value,expect", [
    ("name", "2026-01-01", "应为文本，实际为日期 2026-01-01"),
    ("total_investment", "1e30", "超出档案数值的范围"),
    ("total_investment", "1e400", "超出档案数值的范围"),
    ("total_investment", "1E+999999999", "超出档案数值的范围"),
    ("total_investment", "9" * 5000, "超出档案数值的上限"),
    ("total_investment", "20000000", "不大于 10000000"),  # 2000 亿元: above the documented ceiling
])
def test_out_of_type_or_range_values_are_located_and_stop_at_the_boundary(sample, field, value, expect):
    text = (sample / "project.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    n = next(i for i, ln in enumerate(lines) if ln.startswith(f"{field}:"))
    lines[n] = f"{field}: {value}"
    (sample / "project.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fs = _findings(sample)
    hits = [f for f in fs if expect in f.message]
    assert len(hits) == 1, [(f.rule, f.message) for f in fs]
    assert hits[0].file == "project.yaml" and hits[0].line == n + 1 and hits[0].column == len(field) + 3
    assert not [f for f in fs if re.search(r"[0-9]{30}", f.message)]  # no 400-digit numbers in any message
    assert not [f for f in fs if f.rule in ("GP-RULE", "GP-INTERNAL")]


def test_a_date_in_a_list_of_texts_is_located(sample):
    _edit(sample / "documents.yaml", "sections:", "sections: [2026-01-01]\n    old_sections:")
    fs = _findings(sample)
    # the first documents entry with sections gets a date; the key it displaced is unknown: both located
    hits = [f for f in fs if "实际为日期 2026-01-01" in f.message]
    assert hits and hits[0].file == "documents.yaml" and hits[0].line
    assert not [f for f in fs if f.rule in ("GP-RULE", "GP-INTERNAL")]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1900-05-04"])
def test_event_dates_outside_any_project_are_refused_where_they_are(sample, day):
    text = (sample / "events.yaml").read_text(encoding="utf-8")
    first = re.search(r"date: (\d{4}-\d{2}-\d{2})", text)
    (sample / "events.yaml").write_text(text[: first.start(1)] + day + text[first.end(1):], encoding="utf-8")
    fs = _findings(sample)
    hits = [f for f in fs if f"日期 {day} 超出项目可能的范围" in f.message]
    assert len(hits) == 1 and hits[0].file == "events.yaml"
    assert not [f for f in fs if f.rule in ("GP-RULE", "GP-INTERNAL")]


# --------------------------------------------------------------------------- §1 no cascade


def test_a_negative_budget_line_does_not_make_quotes_disappear(sample):
    """九江 第十八条(三): three quotes are there; a bad amount elsewhere in budget.yaml must not
    turn into "只有 0 家厂商的报价"."""
    text = (sample / "budget.yaml").read_text(encoding="utf-8")
    m = re.search(r"amount: ([0-9.]+)", text)
    (sample / "budget.yaml").write_text(text[: m.start(1)] + "-5" + text[m.end(1):], encoding="utf-8")
    fs = _findings(sample)
    assert not [f for f in fs if "家厂商的报价" in f.message]
    skipped = [f for f in fs if f.rule == "GP-RULES-SKIPPED"]
    assert len(skipped) == 1 and skipped[0].file == "budget.yaml" and skipped[0].severity == "info"
    assert skipped[0].message.startswith("以下规则因 budget.yaml 有格式错误未检查：") and "JJ-18-3" in skipped[0].message
    before = {(f.rule, f.file, f.message) for f in _findings(ROOT / "examples" / "dossier-sample")}
    assert {f.file for f in fs if (f.rule, f.file, f.message) not in before} == {"budget.yaml"}


def test_one_bad_date_in_events_does_not_claim_the_declaration_is_missing(sample):
    """九江 第十五条: the declaration is recorded; a bad date elsewhere in events.yaml is reported
    once, where it is, and the rules that read events are noted as not evaluated."""
    text = (sample / "events.yaml").read_text(encoding="utf-8")
    dates = list(re.finditer(r"date: (\d{4}-\d{2}-\d{2})", text))
    m = dates[-1]
    (sample / "events.yaml").write_text(text[: m.start(1)] + "2026-13-45" + text[m.end(1):], encoding="utf-8")
    fs = _findings(sample)
    assert not [f for f in fs if "尚未记录项目申报" in f.message]
    bad = [f for f in fs if f.rule == "GP-SCHEMA"]
    assert len(bad) == 1 and bad[0].file == "events.yaml"
    assert [f.file for f in fs if f.rule == "GP-RULES-SKIPPED"] == ["events.yaml"]


# --------------------------------------------------------------------------- §2 absent is not false


def _example(name: str, tmp_path: Path) -> Path:
    return _copy(ROOT / "examples" / name, tmp_path)


def test_missing_funding_sources_is_asked_for_not_out_of_scope(tmp_path):
    """江津 第二条: without funding_sources the project is not "不属于本办法第二条所指项目"."""
    d = _example("jiangjin-2022", tmp_path)
    data = yamlio.safe_load((d / "project.yaml").read_text(encoding="utf-8"))
    assert "funding_sources" in data
    text = (d / "project.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^funding_sources:.*?(?=^\S)", "", text, flags=re.M | re.S)
    (d / "project.yaml").write_text(text, encoding="utf-8")
    fs = _findings(d)
    assert not [f for f in fs if "不属于本办法第二条" in f.message]
    asks = [f for f in fs if f.rule == "GP-FACT-MISSING" and "funding_sources" in f.message]
    assert len(asks) == 1 and asks[0].message.startswith("请在 project.yaml 填写 funding_sources（资金来源类别）")
    assert "JJQ-2" in asks[0].hint


def test_unset_gov_cloud_is_asked_for_not_a_violation(tmp_path):
    """江津 第十九条: an unset deployment.gov_cloud does not mean 项目未依托政务云建设."""
    d = _example("jiangjin-2022", tmp_path)
    _edit(d / "project.yaml", "gov_cloud: true", "gov_cloud_note: 未填写")
    text = (d / "project.yaml").read_text(encoding="utf-8").replace("  gov_cloud_note: 未填写\n", "")
    (d / "project.yaml").write_text(text, encoding="utf-8")
    fs = _findings(d)
    assert not [f for f in fs if "未依托政务云" in f.message]
    asks = [f for f in fs if f.rule == "GP-FACT-MISSING" and "deployment.gov_cloud" in f.message]
    assert len(asks) == 1 and asks[0].file == "project.yaml"


# --------------------------------------------------------------------------- §2 one fact in one place


def test_a_failed_crypto_assessment_event_is_the_record_and_a_contradiction_is_located(tmp_path):
    """某县 第十五条: 密评不合格不得通过验收. The event says failed; security.yaml says passed."""
    d = _example("county-2023", tmp_path)
    events = (d / "events.yaml").read_text(encoding="utf-8")
    i = events.index("type: crypto_assessment")
    j = events.index("result: passed", i)
    (d / "events.yaml").write_text(events[:j] + "result: failed" + events[j + len("result: passed"):], encoding="utf-8")
    fs = _findings(d)
    conflict = [f for f in fs if f.rule == "GP-CONFLICT"]
    assert len(conflict) == 1 and conflict[0].file == "security.yaml" and conflict[0].line
    assert "未通过" in conflict[0].message and "failed" not in conflict[0].message
    assert [f for f in fs if f.rule == "CTY-15b"], "the failed assessment (the record) must reach the rule"


def test_a_passed_event_without_the_security_field_is_not_reported_as_unfilled(tmp_path):
    d = _example("county-2023", tmp_path)
    sec = yamlio.safe_load((d / "security.yaml").read_text(encoding="utf-8"))
    assert sec["crypto"].get("assessment_result")
    text = (d / "security.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^\s+assessment_result:.*\n", "", text, flags=re.M)
    (d / "security.yaml").write_text(text, encoding="utf-8")
    fs = _findings(d)
    assert not [f for f in fs if "未填写" in f.message and "密评" in f.message]
    assert not [f for f in fs if f.rule == "CTY-15b"]


def test_pre_acceptance_confirmed_satisfies_the_data_sharing_confirmation(tmp_path):
    """九江 第三十三条: the design's name pre_acceptance_confirmed and the later data_sharing_confirmed
    both record the confirmation (govproj/data/vocabulary.yaml)."""
    d = _example("jiujiang-2024", tmp_path)
    text = (d / "events.yaml").read_text(encoding="utf-8")
    if "data_sharing_confirmed" not in text:
        pytest.skip("the 九江 example records no data-sharing confirmation")
    before = {(f.rule, f.message) for f in _findings(d)}
    (d / "events.yaml").write_text(text.replace("type: data_sharing_confirmed", "type: pre_acceptance_confirmed"), encoding="utf-8")
    after = {(f.rule, f.message) for f in _findings(d)}
    assert after == before


# --------------------------------------------------------------------------- properties over every example

# a code followed by its label — "passed（通过）" in a list of choices — tells the user what to write: allowed
RAW = re.compile(r"(?<![A-Za-z_.\-])(passed|failed|conditional|True|False|None|null|Decimal\(|datetime\.)(?![A-Za-z_（])")
BOOL = re.compile(r"(?<![A-Za-z_])(true|false)(?![A-Za-z_])")
PYTHON = ("一个映射", "一个列表", "<class", "Traceback", "object at 0x")


def _clean_text(text: str) -> list[str]:
    problems = [m.group(0) for m in RAW.finditer(text)] + [p for p in PYTHON if p in text]
    for m in BOOL.finditer(text):  # allowed only where the YAML literal is taught: "gov_cloud: true", "（true 或 false）"
        before, after = text[: m.start()], text[m.end():]
        # a YAML key named just before ("gov_cloud: true", "classified 为 true", "crypto.plan 填为 true")
        if not (re.search(r"[A-Za-z_\]][^。；，、（）]{0,6}$", before) or after.startswith((" 或 false", "（是）", "（否）"))
                or before.endswith("true 或 ")):
            problems.append(m.group(0))
    return problems


def _assert_clean(findings, where: str):
    for f in findings:
        bad = _clean_text(f.message) + _clean_text(f.hint or "")
        assert not bad, f"{where}: {f.rule} 的消息含原始值 {bad}: {f.message} / {f.hint}"


def _leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    else:
        yield path, data


def _set_path(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _files(d: Path):
    return sorted(p.relative_to(d).as_posix() for p in list(d.glob("*.yaml")) + list(d.glob("changes/*.yaml"))
                  + list(d.glob("progress/*.yaml")))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_breaking_one_field_gives_findings_only_about_that_file(example, tmp_path):
    rng = random.Random(f"break:{example.name}")
    base = {(f.rule, f.file, f.message) for f in _findings(example)}
    _assert_clean(_findings(example), example.name)
    for rel in _files(example):
        data = yamlio.safe_load((example / rel).read_text(encoding="utf-8"))
        leaves = [p for p, v in _leaves(data) if p and not (rel == "project.yaml" and p == ("regulation",))]
        for path in rng.sample(leaves, min(3, len(leaves))):
            work = tmp_path / f"w{rng.randrange(10**9)}"
            shutil.copytree(example, work, ignore=shutil.ignore_patterns("out"))
            broken = yamlio.safe_load((work / rel).read_text(encoding="utf-8"))
            _set_path(broken, path, {"坏值": [1, 2]})  # no schema field accepts a mapping of lists here
            (work / rel).write_text(yamlio.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8")
            fs = _findings(work)
            _assert_clean(fs, f"{example.name}/{rel}:{path}")
            assert not [f for f in fs if f.rule in ("GP-RULE", "GP-INTERNAL")]
            new = [f for f in fs if (f.rule, f.file, f.message) not in base]
            elsewhere = [(f.rule, f.file, f.message) for f in new if f.file != rel]
            assert not elsewhere, f"{example.name}: breaking {rel}:{path} gave findings elsewhere: {elsewhere}"
            assert all(f.rule.startswith("GP-") for f in new), [(f.rule, f.message) for f in new]


def _optional_facts(example: Path):
    for rel in ("project.yaml", "security.yaml", "cloud.yaml", "data-catalog.yaml", "budget.yaml"):
        if not (example / rel).is_file():
            continue
        data = yamlio.safe_load((example / rel).read_text(encoding="utf-8"))
        from govproj.dossier.schema import load_schema

        schema = load_schema(rel.removesuffix(".yaml"))
        required = set(schema.get("required", []))
        for key, value in data.items():
            if key in required or key == "regulation":
                continue
            if isinstance(value, dict):
                sub_required = set(schema.get("properties", {}).get(key, {}).get("required", []))
                for k2 in value:
                    if k2 not in sub_required:
                        yield rel, (key, k2)
            else:
                yield rel, (key,)


def _rules_reading(pack, fact: str) -> set[str]:
    """Rules that read ``fact`` to reach a conclusion (a rule that only asks whether it is there,
    ``exists``, is a requirement of the field itself, like ``require``)."""
    pattern = re.compile(re.escape(fact) + r"'(?!, 'exists')")
    return {r["id"] for r in pack.data.get("rules", []) if pattern.search(repr(r))}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_deleting_an_optional_fact_never_claims_the_opposite(example, tmp_path):
    pack = rulepacks.load(yamlio.safe_load((example / "project.yaml").read_text(encoding="utf-8"))["regulation"])
    base = {(f.rule, f.file, f.message) for f in _findings(example)}
    prefix = {"project.yaml": "project", "security.yaml": "security", "cloud.yaml": "cloud",
              "data-catalog.yaml": "catalog", "budget.yaml": "budget"}
    for n, (rel, path) in enumerate(_optional_facts(example)):
        work = tmp_path / f"d{n}"
        shutil.copytree(example, work, ignore=shutil.ignore_patterns("out"))
        data = yamlio.safe_load((work / rel).read_text(encoding="utf-8"))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
        (work / rel).write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        fs = _findings(work)
        _assert_clean(fs, f"{example.name} without {rel}:{'.'.join(path)}")
        fact = prefix[rel] + "." + ".".join(path)
        readers = _rules_reading(pack, fact)
        kinds = {r["id"]: r["kind"] for r in pack.data["rules"]}
        claims = [(f.rule, f.message) for f in fs if (f.rule, f.file, f.message) not in base and f.rule in readers
                  and kinds.get(f.rule) not in ("require",)]  # require asks for the field itself ("缺少…")
        assert not claims, f"{example.name}: deleting {rel}:{'.'.join(path)} gave a conclusion from its absence: {claims}"


# --------------------------------------------------------------------------- §5 known regulatory misses (九江)


def _jj_declaration_stage(tmp_path: Path) -> Path:
    """The 九江 example cut back to its declaration: events up to declaration_submitted only."""
    d = _example("jiujiang-2024", tmp_path)
    data = yamlio.safe_load((d / "events.yaml").read_text(encoding="utf-8"))
    events = data["events"]
    cut = next(i for i, e in enumerate(events) if e["type"] == "declaration_submitted")
    data["events"] = events[: cut + 1]
    (d / "events.yaml").write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return d


def test_jj_13_assessment_before_declaration_keeps_the_declaration_stage(tmp_path):
    """九江 第十三条: the 省级论证评估 precedes the declaration; the dossier stays at 申报, and 第十九条's
    备选方案 (due at the 初审) is only announced as a next step, never warned about."""
    from govproj.rules.engine import Context

    d = _jj_declaration_stage(tmp_path)
    from govproj.dossier.load import load_dossier

    dossier = load_dossier(d).dossier
    assert any(e.type == "provincial_assessment_passed" for e in dossier.events)
    ctx = Context(dossier, rulepacks.load("jiujiang-2024"), date(2024, 9, 2))
    assert ctx.stage == "declaration"
    fs = check_dossier(d, date(2024, 9, 2)).findings
    assert not [f for f in fs if f.rule.startswith("JJ-19") and f.severity != "info"]
    assert not [f for f in fs if f.rule == "JJ-13a"]


def test_jj_23_needs_the_provincial_review_after_the_leading_group(tmp_path):
    """九江 第二十三条: an above-limit project needs the 省级审核 after the leading group's approval even
    when the 第十三条 assessment took place before the declaration."""
    d = _example("jiujiang-2024", tmp_path)
    assert not [f for f in _findings(d) if f.rule == "JJ-23a"]
    text = (d / "events.yaml").read_text(encoding="utf-8")
    data = yamlio.safe_load(text)
    data["events"] = [e for e in data["events"] if e["type"] != "provincial_review_passed"]
    (d / "events.yaml").write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    hits = [f for f in _findings(d) if f.rule == "JJ-23a"]
    assert len(hits) == 1 and hits[0].article == "第二十三条" and "省级审核" in hits[0].message


def test_a_late_acceptance_application_is_one_finding(tmp_path):
    """九江 第三十一条: no application and no extension by the deadline is one fact, one finding."""
    d = _example("jiujiang-2024", tmp_path)
    data = yamlio.safe_load((d / "events.yaml").read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["type"] not in ("acceptance_applied", "acceptance_passed")]
    (d / "events.yaml").write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    hits = [f for f in _findings(d) if f.article == "第三十一条" and "延期申请" in f.message]
    assert len(hits) == 1, [(f.rule, f.message) for f in hits]


def test_the_amount_chain_cites_the_regulation_in_force(tmp_path):
    from govproj.estimate.budget import chain_basis

    assert chain_basis(rulepacks.load("county-2023").data).startswith("2023年政务信息系统项目管理暂行办法 第二十二条")
    assert chain_basis(rulepacks.load("jiangjin-2022").data).startswith("重庆市江津区")
    assert "某县" not in chain_basis(rulepacks.load("zunyi-2020").data)
    assert chain_basis(rulepacks.load("zunyi-2020").data).startswith("《政府投资条例》第二十三条")


def test_the_amount_chain_compares_with_the_approved_estimate_only(tmp_path):
    """概算控制结算: a 决算 (the whole investment) above one contract's 结算 is normal, not a finding."""
    from tests.builders import write_dossier
    from govproj.estimate import run_estimate

    d = write_dossier(tmp_path / "d", {"total_investment": 100}, files={"budget.yaml": {
        "items": [{"category": "software_dev", "item": "开发", "amount": 100}],
        "amounts": {"fsr_estimate": 100, "approved_estimate": 100, "contract": 70, "settlement": 70, "final_accounts": 98}}})
    assert run_estimate(d, AS_OF).budget.chain_issues == []


def test_declare_on_a_dossier_with_a_broken_events_file_is_no_internal_error(sample, cli):
    """Found by the fuzz suite (seed 20261129, case 414): the declaration check read the stage of a
    guarded dossier whose events.yaml has format errors."""
    text = (sample / "events.yaml").read_text(encoding="utf-8")
    (sample / "events.yaml").write_text(text.replace("date: ", "date: [", 1).replace("\n", "]\n", 0), encoding="utf-8")
    code, out, err = cli("declare", str(sample), "--as-of", "2026-11-22", "--no-render")
    assert code in (1, 2) and "内部错误" not in out + err and "Traceback" not in out + err


def test_an_absurd_amount_answer_is_refused_in_chinese(tmp_path, cli):
    """Found by the fuzz suite (case 581): 1e400 万元 made Decimal.quantize raise."""
    code, out, err = cli("declare", str(tmp_path / "d"), "-r", "jiujiang-2024", "--name", "测试", "--owner-unit", "某局",
                         "--level", "city", "--category", "other", "--kind", "construction", "--nature", "new",
                         "--not-classified", "--amount", "1e400", "--plan-year", "2027")
    assert code == 2 and "内部错误" not in out + err and "上限" in out + err


def test_accept_with_a_broken_documents_file_does_not_count_materials_as_present(tmp_path, cli):
    """Found by the fuzz suite (case 1867): with documents.yaml unreadable for the rules, materials were
    neither checked nor may they count as present (某县 第二十七条 materials)."""
    d = _example("county-2023", tmp_path)
    text = (d / "documents.yaml").read_text(encoding="utf-8")
    m = re.search(r"date: (\d{4}-\d{2}-\d{2})", text)
    (d / "documents.yaml").write_text(text[: m.start(1)] + "2024" + text[m.end(1):], encoding="utf-8")
    code, out, err = cli("accept", str(d), "--as-of", "2026-11-22", "-f", "json")
    assert "内部错误" not in out + err
    import json

    data = json.loads(out)
    assert data["ready"] is False
    assert any("未能核对" in (m["problem"] or "") for m in data["missing"])
