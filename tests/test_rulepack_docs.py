"""docs/rulepacks.md: the tutorial's code blocks assemble into a real rulepack that passes
``govproj rulepack check``, its cases pass and fail as the tutorial says, its extends example
checks clean, and the variables table matches what each kind offers."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from tests import yamlio

from tests.conftest import ROOT
from tests.mutate import apply

DOC = ROOT / "docs" / "rulepacks.md"


def _blocks(tag: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"```\w+ {tag}\n(.*?)```", text, re.S)]


@pytest.fixture(scope="module")
def tutorial(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regulations")
    [text] = _blocks("tutorial-text")
    [head] = _blocks("tutorial-pack")
    pack = yamlio.safe_load(head)
    pack["rules"] = [r for block in _blocks("tutorial-rule") for r in yamlio.safe_load(block)]
    for block in _blocks("tutorial-section"):
        pack.update(yamlio.safe_load(block))
    (folder / "shili-2026.txt").write_text(text, encoding="utf-8")
    path = folder / "shili-2026.yaml"
    path.write_text(yamlio.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_tutorial_pack_passes_rulepack_check(tutorial):
    from govproj.rules.rulepack_check import check_file

    assert [p.text() for p in check_file(tutorial)] == []


def test_the_tutorial_shows_one_rule_of_every_kind(tutorial):
    from govproj.rules.engine import KINDS

    kinds = {r["kind"] for r in yamlio.safe_load(tutorial.read_text(encoding="utf-8"))["rules"]}
    assert kinds == set(KINDS)


def test_the_extends_example_checks_clean(tutorial, monkeypatch):
    from govproj.rules import rulepack as rulepacks
    from govproj.rules.rulepack_check import check_file

    [block] = _blocks("tutorial-extends")
    child = tutorial.parent / "shili-qu-2026.yaml"
    child.write_text(block, encoding="utf-8")
    (tutorial.parent / "shili-qu-2026.txt").write_text("第五条 项目建成后三个月内，建设单位应当申请验收。\n", encoding="utf-8")
    monkeypatch.setenv("GOVPROJ_RULEPACKS", str(tutorial.parent))
    assert [p.text() for p in check_file(child)] == []
    pack = rulepacks.load_file(child.resolve())
    ids = [r["id"] for r in pack.data["rules"]]
    assert "SL-6" not in ids and "SL-5" in ids and pack.source_of("SL-5").id == "shili-2026"
    assert pack.data["parameters"]["acceptance_period"]["value"] == 3


def _cases():
    [block] = _blocks("tutorial-cases")
    spec = yamlio.safe_load(block)
    for case in spec["cases"]:
        for side in ("pass", "fail"):
            if side in case:
                yield pytest.param(spec, case, side, id=f"{case['rule']}:{side}")


@pytest.mark.parametrize("spec,case,side", list(_cases()))
def test_the_tutorial_cases(tutorial, tmp_path, spec, case, side):
    from govproj.check import check_dossier

    work = tmp_path / "dossier"
    shutil.copytree(ROOT / spec["dossier"], work, ignore=shutil.ignore_patterns("out"))
    project = work / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("regulation: national-2019", "regulation: shili-2026"),
                       encoding="utf-8")
    apply(work, case.get(side))
    as_of = case.get("as_of", spec["as_of"])
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    result = check_dossier(work, as_of, tutorial)
    assert not [f for f in result.findings if f.rule.startswith("GP-") and f.severity == "error"], \
        [(f.rule, f.message) for f in result.findings if f.rule.startswith("GP-")]
    rule = next(r for r in yamlio.safe_load(tutorial.read_text(encoding="utf-8"))["rules"] if r["id"] == case["rule"])
    hits = [f for f in result.findings if f.rule == case["rule"] and f.severity == rule["severity"]]
    if side == "pass":
        assert not hits, [f.message for f in hits]
    else:
        assert hits and "{" not in hits[0].message, [(f.rule, f.severity, f.message) for f in result.findings]


def test_every_tutorial_rule_has_a_passing_and_a_failing_case(tutorial):
    rules = {r["id"] for r in yamlio.safe_load(tutorial.read_text(encoding="utf-8"))["rules"]}
    [block] = _blocks("tutorial-cases")
    sides: dict[str, set] = {}
    for case in yamlio.safe_load(block)["cases"]:
        sides.setdefault(case["rule"], set()).update(s for s in ("pass", "fail") if s in case)
    assert {r for r in rules if sides.get(r) != {"pass", "fail"}} == set()


def test_the_variables_table_matches_the_kinds():
    from govproj.rules.engine import KINDS, kind_module

    text = DOC.read_text(encoding="utf-8")
    for kind in KINDS:
        [row] = [ln for ln in text.splitlines() if ln.startswith(f"| `{kind}` |")]
        assert set(re.findall(r"\{(\w+)\}", row)) == set(kind_module(kind).VARIABLES), kind


def test_accept_lists_the_materials_the_pack_names(tutorial, tmp_path, cli):
    import json

    work = tmp_path / "dossier"
    shutil.copytree(ROOT / "examples" / "national-2019", work)
    project = work / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("regulation: national-2019", "regulation: shili-2026"),
                       encoding="utf-8")
    code, out, err = cli("accept", str(work), "--rulepack", str(tutorial), "--no-render", "-f", "json", "--as-of", "2025-01-20")
    assert [m["rule"] for m in json.loads(out)["materials"]] == ["SL-12a", "SL-12b", "SL-12c"], err
