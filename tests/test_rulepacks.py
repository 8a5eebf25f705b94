"""The built-in rulepacks: valid, quoting their texts verbatim, covering the catalog, and clean
under ``govproj rulepack check``."""

from __future__ import annotations

import pytest

from govproj.rules import rulepack as rulepacks
from govproj.rules.explain import text_of
from govproj.rules.rulepack_check import check_file, quote_in_text
from tests.conftest import ROOT

BUILTIN = ["county-2023", "jiujiang-2024", "jiangjin-2022", "zunyi-2020", "dalate-draft", "national-2019"]


@pytest.mark.parametrize("reg", BUILTIN)
def test_rulepack_loads_and_validates(reg):
    pack = rulepacks.load(reg)
    assert pack is not None and pack.id == reg
    ids = [r["id"] for r in pack.data.get("rules", [])] + [r["id"] for r in pack.data.get("not_checkable", [])]
    assert len(ids) == len(set(ids)), "规则编号重复"
    prefix = pack.data["prefix"] + "-"
    assert all(i.startswith(prefix) for i in ids)


@pytest.mark.parametrize("reg", BUILTIN)
def test_every_quote_appears_in_the_regulation_text(reg):
    pack = rulepacks.load(reg)
    text = text_of(pack)
    quotes = []
    for r in pack.data.get("rules", []):
        quotes.append((r["id"], r["quote"]))
    for name, p in pack.data.get("parameters", {}).items():
        quotes.append((f"parameter {name}", p["quote"]))
    for r in pack.data.get("not_checkable", []):
        if r.get("quote"):
            quotes.append((r["id"], r["quote"]))
    if pack.data.get("scope", {}).get("quote"):
        quotes.append(("scope", pack.data["scope"]["quote"]))
    for section in ("forms", "declaration_windows", "routes", "savings"):
        for x in pack.data.get(section, []):
            if x.get("quote"):
                quotes.append((f"{section} {x.get('id') or x.get('title')}", x["quote"]))
    if pack.data.get("amount_chain"):
        quotes.append(("amount_chain", pack.data["amount_chain"]["quote"]))
    change = pack.data.get("change_rules") or {}
    for x in [change] + change.get("classes", []):
        if x.get("quote"):
            quotes.append(("change_rules", x["quote"]))
    missing = [f"{where}: {quote}" for where, quote in quotes if not quote_in_text(quote, text)]
    assert not missing, "这些摘录不在原文中：\n" + "\n".join(missing)


@pytest.mark.parametrize("reg", BUILTIN)
def test_rulepack_check_finds_no_error_in_the_bundled_packs(reg):
    problems = check_file(rulepacks.available()[reg])
    assert not [p.text() for p in problems if p.severity == "error"]


def test_catalog_ids_are_all_accounted_for():
    from tools.gen_regulation_docs import catalog_ids, coverage, ids_of

    ids = catalog_ids()
    missing = []
    for reg in BUILTIN:
        pack = rulepacks.load(reg)
        cov = coverage(pack)
        for i in ids_of(pack, ids):
            if i not in cov:
                missing.append(i)
    assert not missing, f"这些目录编号既未实现也未说明原因：{missing}"


def test_zunyi_output_uses_simplified_terms():
    pack = rulepacks.load("zunyi-2020")
    blob = str(pack.data)
    for artefact in ("套用", "契约", "最佳化", "程式", "批覆", "軟體"):
        assert artefact not in blob, artefact


def test_regulation_texts_have_provenance():
    prov = (ROOT / "govproj" / "regulations" / "texts" / "PROVENANCE.md").read_text(encoding="utf-8")
    for reg in BUILTIN:
        assert f"{reg}.txt" in prov


def test_rules_lists_the_national_regulation(cli):
    import json

    code, out, _ = cli("rules", "-f", "json")
    assert code == 0 and "national-2019" in [r["id"] for r in json.loads(out)["regulations"]]
    code, out, _ = cli("rules", "national-2019", "-f", "json")

    data = json.loads(out)
    ids = [r["id"] for r in data["rules"]]
    assert code == 0 and {"GJ-7a", "GJ-20a", "GJ-23a", "GJ-25a", "GJ-27a"} <= set(ids)
    assert all(r["from"] == "national-2019" for r in data["rules"])
    code, out, _ = cli("rules", "national-2019", "GJ-23a")
    assert "概算总投资15%" in out and "第二十三条全文" in out


def test_the_national_example_checks_clean():
    from datetime import date

    from govproj.check import check_dossier

    result = check_dossier(ROOT / "examples" / "national-2019", date(2026, 11, 22))
    assert result.regulation["id"] == "national-2019"
    assert [(f.rule, f.message) for f in result.findings] == []


def test_national_change_rules_follow_article_23():
    """15 % of the approved 概算 is the line between filing and 履行相应手续 (15 % itself may be filed)."""
    pack = rulepacks.load("national-2019")
    classes = pack.data["change_rules"]["classes"]
    assert classes[0]["class"] == "reapproval" and classes[-1]["class"] == "filing"
    assert pack.data["parameters"]["change_limit"]["unit"] == "%"
    from decimal import Decimal
    from types import SimpleNamespace

    from govproj.lifecycle.change import classify
    from govproj.rules.facts import Facts

    class Ctx:
        missing: dict = {}

        def param(self, name):
            return pack.data["parameters"][name]["value"]

        def note_missing(self, path, location=None):
            self.missing[path] = location

    def cls(percent, reason="tech_optimization", **more):
        change = SimpleNamespace(facts=lambda: {"percent": Decimal(percent), "exceeds_estimate": False,
                                                "goals_changed": False, **more})
        return classify(pack, SimpleNamespace(facts=Facts(Ctx())), change, reason).cls

    assert cls("15") == "filing"
    assert cls("15.01") == "reapproval"
    assert cls("3", goals_changed=True) == "reapproval"
    assert cls("3", reason="other") == "reapproval"  # not one of the three situations


def test_a_material_the_project_does_not_need_is_not_listed(cli, tmp_path):
    """安全保密测评报告 is a material of a classified system only (第二十五条)."""
    import json
    import shutil

    d = tmp_path / "d"
    shutil.copytree(ROOT / "examples" / "national-2019", d)
    code, out, _ = cli("accept", str(d), "--as-of", "2025-01-20", "--no-render", "-f", "json")
    rules = [m["rule"] for m in json.loads(out)["materials"]]
    assert "GJ-25-M4" in rules and "GJ-25-M5" not in rules and code == 0
