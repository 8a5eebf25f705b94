"""A pack that extends another, a repository's own rulepack folders, and ``--rulepack`` on every command."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import ROOT

NATIONAL_EXAMPLE = ROOT / "examples" / "national-2019"
AS_OF = "2026-11-22"

COUNTY_TEXT = "某县政务信息化项目管理实施细则\n\n第五条 项目建成后三个月内，建设单位应当申请审批部门组织验收。\n"

# a county writes only what differs from the national regulation
COUNTY = """\
id: mouxian-2026
prefix: MX
title: 某县政务信息化项目管理实施细则
status: final
level: county
extends: national-2019
text: {file: mouxian-2026.txt}
parameters:
  acceptance_period:            # 国家办法为半年，本县为三个月
    title: 建成后申请验收的期限
    value: 3
    unit: 月
    article: 第五条
    quote: 项目建成后三个月内
remove: [GJ-20a]               # 本县不要求建设期年度绩效评价报告
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with its own rulepack folder named in .govproj.yaml and a dossier under the county pack."""
    (tmp_path / ".git").mkdir()  # the configuration is looked up to the repository root
    packs = tmp_path / "regulations"
    packs.mkdir()
    (packs / "mouxian-2026.yaml").write_text(COUNTY, encoding="utf-8")
    (packs / "mouxian-2026.txt").write_text(COUNTY_TEXT, encoding="utf-8")
    (tmp_path / ".govproj.yaml").write_text("rulepacks: [regulations]\n", encoding="utf-8")
    dossier = tmp_path / "projects" / "p1"
    shutil.copytree(NATIONAL_EXAMPLE, dossier)
    project = dossier / "project.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("regulation: national-2019", "regulation: mouxian-2026"),
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVPROJ_RULEPACKS", raising=False)
    return tmp_path


def _findings(out: str) -> list[dict]:
    return json.loads(out)["dossiers"][0]["findings"]


def test_the_extending_pack_checks_clean(repo, cli):
    code, out, _ = cli("rulepack", "check", "regulations/mouxian-2026.yaml")
    assert code == 0, out


def test_rules_shows_where_each_rule_came_from(repo, cli):
    code, out, _ = cli("rules", "mouxian-2026", "-f", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)["rules"]}
    assert rows["GJ-25a"]["from"] == "national-2019"
    assert "GJ-20a" not in rows
    code, out, _ = cli("rules", "mouxian-2026")
    assert "来源" in out and "national-2019" in out


def test_the_overridden_parameter_and_the_removed_rule_take_effect_in_check(repo, cli):
    dossier = repo / "projects" / "p1"
    events = dossier / "events.yaml"
    # no construction-period performance reports: the national rule GJ-20a is removed in this county
    text = events.read_text(encoding="utf-8").replace("type: performance_report_submitted", "type: onsite_survey")
    events.write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "projects/p1", "-f", "json", "--as-of", AS_OF)
    found = _findings(out)
    assert json.loads(out)["dossiers"][0]["regulation"]["id"] == "mouxian-2026"
    assert not [f for f in found if f["rule"] == "GJ-20a"]
    # applied 2025-01-20, completed 2024-08-30: late under three months, on time under half a year
    [late] = [f for f in found if f["rule"] == "GJ-25a"]
    assert "2024-12-02" in late["message"]  # 2024-11-30 is a Saturday: the next working day


def test_the_overridden_parameter_takes_effect_in_estimate(repo, cli):
    code, out, _ = cli("estimate", "projects/p1", "-f", "json", "--as-of", AS_OF)
    assert code == 0
    steps = {s["rule"]: s for s in json.loads(out)["timeline"]}
    assert steps["GJ-25a"]["due"] == "2024-12-02"
    code, out, _ = cli("estimate", str(NATIONAL_EXAMPLE), "-f", "json", "--as-of", AS_OF)
    steps = {s["rule"]: s for s in json.loads(out)["timeline"]}
    assert steps["GJ-25a"]["due"] == "2025-02-28"


def test_a_broken_repository_configuration_is_reported(repo, cli):
    (repo / ".govproj.yaml").write_text("rulepacks: [nowhere]\n", encoding="utf-8")
    code, out, err = cli("rules", "mouxian-2026")
    assert code == 2 and ".govproj.yaml:1:" in err and "nowhere" in err
    for args in (["rules"], ["declare", "new", "--regulation", "national-2019"]):
        code, _, err = cli(*args)
        assert code == 2 and ".govproj.yaml:1:" in err, args


def test_the_ci_command_line_uses_the_repository_configuration(repo):
    """What CI runs: the govproj executable in the repository root, no environment variable."""
    import os
    import subprocess

    from tests.conftest import govproj_executable

    env = {k: v for k, v in os.environ.items() if k != "GOVPROJ_RULEPACKS"}
    p = subprocess.run([govproj_executable(), "check", "projects", "--as-of", AS_OF, "-f", "json"],
                       cwd=repo, env=env, capture_output=True, text=True)
    data = json.loads(p.stdout)
    assert data["dossiers"][0]["regulation"]["id"] == "mouxian-2026", p.stderr


# --------------------------------------------------------------------------- --rulepack everywhere


@pytest.fixture
def national_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "p"
    shutil.copytree(NATIONAL_EXAMPLE, d)
    return d


def _county_file(tmp_path):
    f = tmp_path / "packs" / "mouxian-2026.yaml"
    f.parent.mkdir()
    f.write_text(COUNTY, encoding="utf-8")
    (f.parent / "mouxian-2026.txt").write_text(COUNTY_TEXT, encoding="utf-8")
    return f


@pytest.mark.parametrize("command", [
    ["check", "{d}", "--as-of", AS_OF],
    ["estimate", "{d}", "--as-of", AS_OF],
    ["accept", "{d}", "--as-of", AS_OF, "--no-render"],
    ["render", "{d}", "--list"],
    ["declare", "{d}", "--as-of", AS_OF, "--no-render"],
    ["change-request", "{d}", "--dry-run", "--as-of", AS_OF],
    ["rules"],
])
def test_every_command_accepts_rulepack(national_copy, tmp_path, cli, command):
    pack = ROOT / "govproj" / "regulations" / "national-2019.yaml"
    args = [a.replace("{d}", str(national_copy)) for a in command] + ["--rulepack", str(pack)]
    code, out, err = cli(*args)
    assert "没有选项" not in err
    if command[0] == "change-request":
        assert "git" in err  # the option is taken; the dossier is simply not in a git repository
    else:
        assert code in (0, 1), err
        assert any(s in out for s in ("国家政务信息化项目建设管理办法", "GJ-", "acceptance_application")), (out, err)


def test_rulepack_of_another_regulation_says_so(national_copy, tmp_path, cli):
    other = _county_file(tmp_path)
    code, out, _ = cli("check", str(national_copy), "--rulepack", str(other), "-f", "json", "--as-of", AS_OF)
    [note] = [f for f in _findings(out) if f["rule"] == "GP-RULEPACK"]
    assert "national-2019" in note["message"] and "mouxian-2026" in note["message"]
    assert note["file"] == "project.yaml" and note["line"]
    code, _, err = cli("accept", str(national_copy), "--rulepack", str(other), "--no-render", "--as-of", AS_OF)
    assert "档案适用的管理办法是 national-2019" in err


def test_rules_with_a_rulepack_file_explains_a_rule(tmp_path, cli):
    f = _county_file(tmp_path)
    code, out, _ = cli("rules", "GJ-25a", "--rulepack", str(f))
    assert code == 0
    assert "第二十五条全文" in out and "国家政务信息化项目建成后半年内" in out  # the article from the base's text
