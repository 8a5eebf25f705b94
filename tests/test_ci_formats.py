"""CI report formats, many dossiers at once, pull-request mode and the pre-commit hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import write_dossier
from tests.conftest import ROOT, SAMPLE

AS_OF = ["--as-of", "2026-11-22"]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def mixed(tmp_path, monkeypatch):
    """A folder of dossiers in Chinese-named folders (the normal case): one clean, one with schema
    and rule errors, one unreadable, one whose budget.yaml breaks the schema."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE, root / "projects" / "智慧市场监管", ignore=shutil.ignore_patterns("out"))
    write_dossier(root / "projects" / "bad", {"nature": "upgrad", "name": "a,b:c%d\n第二行"})
    write_dossier(root / "projects" / "broken", files={"budget.yaml": "items: [\n"})
    shutil.copytree(SAMPLE, root / "projects" / "预算有误", ignore=shutil.ignore_patterns("out"))
    budget = root / "projects" / "预算有误" / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace("total:", "totl:", 1) + "extra_field: 1\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _sarif_schema_validator():
    if not SARIF_SCHEMA.exists():
        pytest.skip("shared/schemas/sarif-schema-2.1.0.json 不在旁边（CI 与开发机上才有）")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers and "uri-reference" in checker.checkers, "需要 rfc3987（pip install -e '.[test]'）"
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def test_sarif_validates_against_the_official_schema_with_formats(mixed, cli):
    code, out, _ = cli("check", "projects", "-f", "sarif", *AS_OF)
    doc = json.loads(out)
    validator = _sarif_schema_validator()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors, errors[:5]
    run = doc["runs"][0]
    results = run["results"]
    assert code == 2 and results
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "projects/%E6%99%BA%E6%85%A7%E5%B8%82%E5%9C%BA%E7%9B%91%E7%AE%A1/project.yaml" in uris  # 智慧市场监管
    for r in results:
        loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uri"].startswith("projects/") and loc["uri"].isascii() and loc["uriBaseId"] == "%SRCROOT%"
        assert r["ruleId"] == rule_ids[r["ruleIndex"]]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == mixed.resolve().as_uri() + "/"
    fps = [r["partialFingerprints"]["govprojFinding/v1"] for r in results]
    again = json.loads(cli("check", "projects", "-f", "sarif", *AS_OF)[1])
    assert fps == [r["partialFingerprints"]["govprojFinding/v1"] for r in again["runs"][0]["results"]]


def test_sarif_rules_describe_the_rule_not_its_first_finding(mixed, cli):
    from govproj.rules import rulepack

    run = json.loads(cli("check", "projects", "-f", "sarif", *AS_OF)[1])["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    jj45 = next(r for r in rulepack.load("jiujiang-2024").data["rules"] if r["id"] == "JJ-45")
    assert rules["JJ-45"]["shortDescription"]["text"] == jj45["title"]
    assert rules["JJ-45"]["fullDescription"]["text"] == f"{jj45['article']} {jj45['quote']}"
    assert rules["JJ-45"]["help"]["text"] == f"依据：{jj45['article']}「{jj45['quote']}」\n建议：{jj45['hint']}"
    assert not any("{" in r["help"]["text"] for r in rules.values())
    schema_rule = rules["GP-SCHEMA"]
    assert schema_rule["shortDescription"]["text"] == "字段不符合档案格式"
    schema_messages = {r["message"]["text"] for r in run["results"] if r["ruleId"] == "GP-SCHEMA"}
    assert len(schema_messages) > 1 and not any(schema_rule["help"]["text"] in m for m in schema_messages)


def test_rule_help_of_every_pack_has_its_values_filled_in():
    from govproj.report.ci import _pack_rules, builtin_checks
    from govproj.rules import rulepack

    for reg in rulepack.available():
        for rid, rule in _pack_rules(reg).items():
            assert "{" not in rule["hint"], (reg, rid, rule["hint"])
    assert all(set(c) == {"title", "description", "hint"} for c in builtin_checks().values())


def test_sarif_from_outside_the_repository_stays_relative_to_the_repository(mixed, cli, monkeypatch, tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=mixed, check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    from govproj import gitutil

    gitutil.forget_cache()
    run = json.loads(cli("check", str(mixed / "projects"), "-f", "sarif", *AS_OF)[1])["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == mixed.resolve().as_uri() + "/"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris and all(u.startswith("projects/") for u in uris)
    _sarif_schema_validator().validate(json.loads(cli("check", str(mixed / "projects"), "-f", "sarif", *AS_OF)[1]))


def test_gitlab_code_quality_shape(mixed, cli):
    code, out, _ = cli("check", "projects", "-f", "gitlab", *AS_OF)
    assert not out.startswith("\ufeff")
    issues = json.loads(out)
    assert issues and code == 2
    fps = [i["fingerprint"] for i in issues]
    assert len(fps) == len(set(fps))
    for i in issues:
        assert set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert i["location"]["path"].startswith("projects/") and i["location"]["lines"]["begin"] >= 1
        # Code Climate spec: Bug Risk, Clarity, Compatibility, Complexity, Duplication, Performance, Security, Style
        assert i["categories"] and set(i["categories"]) <= {"Bug Risk", "Clarity", "Compatibility", "Complexity", "Duplication",
                                                            "Performance", "Security", "Style"}
        assert not i["description"].endswith("（—）") and "（None）" not in i["description"]


def test_junit_parses_one_case_per_rule_per_dossier(mixed, cli, tmp_path):
    from junitparser import Failure, JUnitXml, Skipped

    report = tmp_path / "junit.xml"
    cli("check", "projects", "-f", "junit", "-o", str(report), *AS_OF)
    xml = JUnitXml.fromfile(str(report))
    suites = {s.name.split(" · ")[0]: s for s in xml}
    assert set(suites) == {"projects/bad", "projects/broken", "projects/智慧市场监管", "projects/预算有误"}
    sample = suites["projects/智慧市场监管"]
    from govproj.rules import rulepack

    assert sample.tests >= len(rulepack.load("jiujiang-2024").data["rules"])
    bad_cases = {c.name: c for c in suites["projects/bad"]}
    assert any(isinstance(r, Failure) for r in bad_cases["GP-SCHEMA"].result)
    for suite in xml:
        for case in suite:
            for r in case.result:
                assert not (r.text or "").rstrip().endswith("（—）") and "（—）\n" not in (r.text or "")
    # rules that read a file which failed the schema are skipped with the reason, not passed
    partial = suites["projects/预算有误"]
    skipped = {c.name: c for c in partial if any(isinstance(r, Skipped) for r in c.result)}
    assert skipped and partial.skipped == len(skipped)  # the engine names them in GP-RULES-SKIPPED
    reason = next(r for r in next(iter(skipped.values())).result if isinstance(r, Skipped)).message
    assert reason == "budget.yaml 有格式错误，未检查"
    assert sample.skipped == 0


def test_junit_renders_rules_not_evaluated_as_skipped():
    from datetime import date

    from junitparser import JUnitXml, Skipped

    from govproj.check import CheckResult, DossierResult
    from govproj.findings import Finding
    from govproj.report.ci import junit

    d = DossierResult("d", [
        Finding("GP-SCHEMA", "error", "items[0].amount（金额，万元）：应为数字", "填写数字", file="budget.yaml", line=3, column=5),
        Finding("GP-RULES-SKIPPED", "info", "以下规则因 budget.yaml 有格式错误未检查：JJ-16、JJ-25", "先修正", file="budget.yaml"),
    ], regulation={"id": "jiujiang-2024", "title": "九江", "status": "正式"})
    xml = JUnitXml.fromstring(junit(CheckResult(date(2026, 11, 22), [d])).encode("utf-8"))
    cases = {c.name: c for s in xml for c in s}
    assert "GP-RULES-SKIPPED" not in cases
    for rid in ("JJ-16", "JJ-25"):
        skip = [r for r in cases[rid].result if isinstance(r, Skipped)]
        assert skip and skip[0].message == "budget.yaml 有格式错误，未检查"
    assert not any(isinstance(r, Skipped) for r in cases["JJ-45"].result)
    suite = next(iter(xml))
    assert suite.skipped == 2 and suite.failures == 1
    failure_text = cases["GP-SCHEMA"].result[0].text
    assert failure_text.splitlines()[0] == "d/budget.yaml:3: items[0].amount（金额，万元）：应为数字"


def test_github_annotations_are_escaped_and_summarised(mixed, cli, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = cli("check", "projects", "-f", "github", *AS_OF)
    lines = out.splitlines()
    assert all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines)
    err = next(ln for ln in lines if "file=projects/bad/project.yaml" in ln and "nature" in ln)
    assert ",line=9,col=9," in err and "%0A" in err  # the hint is on a second line
    props = err.split("::")[1]
    assert "\n" not in err and props.count("title=") == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## govproj check") and "| `projects/智慧市场监管` |" in text and "（—）" not in text


def test_github_escaping_of_properties():
    from govproj.report.ci import _esc_data, _esc_prop

    assert _esc_prop("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert _esc_data("50%\r\n") == "50%25%0D%0A"


def test_many_dossiers_in_parallel_match_serial(tmp_path):
    from datetime import date

    from govproj.check import check_paths

    for i in range(10):
        shutil.copytree(ROOT / "examples" / "zunyi-2020", tmp_path / f"z{i:02d}")
    write_dossier(tmp_path / "z99", files={"events.yaml": "events: [\n"})
    serial = check_paths([tmp_path], date(2026, 11, 22), jobs=1)
    parallel = check_paths([tmp_path], date(2026, 11, 22), jobs=2)
    assert [d.to_dict() for d in serial.dossiers] == [d.to_dict() for d in parallel.dossiers]
    assert parallel.summary()["dossiers"] == 11 and parallel.exit_code() == 2
    assert all(not d.unreadable for d in parallel.dossiers[:10])


def test_changed_since_checks_only_changed_dossiers(tmp_path, cli, monkeypatch):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    repo = tmp_path / "repo"
    for name in ("甲", "乙", "丙"):
        shutil.copytree(ROOT / "examples" / "zunyi-2020", repo / name)
    run = lambda *a: subprocess.run(["git", *a], cwd=repo, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("add", "-A")
    run("commit", "-q", "-m", "init")
    run("branch", "base")
    (repo / "乙" / "events.yaml").write_text((repo / "乙" / "events.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run("commit", "-qam", "改乙")
    (repo / "丙" / "attachments").mkdir()
    (repo / "丙" / "attachments" / "新.pdf").write_bytes(b"%PDF")
    monkeypatch.chdir(repo)
    from govproj import gitutil

    gitutil.forget_cache()
    data = json.loads(cli("check", ".", "--changed-since", "base", "-f", "json", *AS_OF)[1])
    assert sorted(d["path"] for d in data["dossiers"]) == sorted(["乙", "丙"])
    code, _, err = cli("check", ".", "--changed-since", "no-such-branch")
    assert code == 2 and "找不到" in err


def test_changed_since_in_a_shallow_clone_explains_how_to_fetch(tmp_path, cli, monkeypatch):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "zunyi-2020", repo / "d")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "1"], ["commit", "-q", "--allow-empty", "-m", "2"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=dict(os.environ, **env))
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True)
    monkeypatch.chdir(shallow)
    from govproj import gitutil

    gitutil.forget_cache()
    code, _, err = cli("check", ".", "--changed-since", "HEAD~1")
    assert code == 2 and "fetch-depth: 0" in err


@pytest.mark.slow  # pre-commit builds a virtualenv and installs govproj into it: make test-slow and CI
@pytest.mark.skipif(shutil.which("git") is None, reason="需要 git")
def test_pre_commit_hook_with_try_repo(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit 未安装（pip install -e '.[test]'）")
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@e",
               PRE_COMMIT_HOME=str(tmp_path / "cache"))
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples" / "zunyi-2020", work / "项目")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)
    ok = subprocess.run([str(pre_commit), "try-repo", str(ROOT), "govproj-check", "--all-files"], cwd=work,
                        capture_output=True, text=True, env=env, timeout=900)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "govproj check" in ok.stdout and "Passed" in ok.stdout
    (work / "项目" / "budget.yaml").write_text("items: 一\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)
    bad = subprocess.run([str(pre_commit), "try-repo", str(ROOT), "govproj-check", "--all-files"], cwd=work,
                         capture_output=True, text=True, env=env, timeout=900)
    assert bad.returncode != 0 and "Failed" in bad.stdout


def _doc_block(heading: str) -> str:
    import re

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return re.search(re.escape(heading) + r".*?```sh\n(.*?)```", text, re.S).group(1)


def _tool_path() -> str:
    """The venv's scripts and a local npm folder (.ci/run installs ajv-cli into .ci/node) first."""
    return os.pathsep.join([str(Path(sys.executable).parent), str(ROOT / ".ci" / "node" / "node_modules" / ".bin"),
                            os.environ.get("PATH", "")])


@pytest.mark.slow  # node and eight validator processes: `make test-slow`, which CI runs
def test_other_validators_accept_the_schemas_as_documented(tmp_path):
    """The check-jsonschema and ajv-cli commands of docs/ci.md, run as written. Locally they are
    skipped when a tool is missing; in CI (CI=true) the tools are required."""
    block = _doc_block("## 用其他校验器检查档案文件")
    path = _tool_path()
    missing = [t for t in ("check-jsonschema", "ajv") if shutil.which(t, path=path) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中缺少 {'、'.join(missing)}（.ci/run 安装）")
        pytest.skip(f"未安装 {'、'.join(missing)}")
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PATH=path), timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.count("ok -- validation done") == 7
    assert proc.stdout.count(" is valid") == len(list((ROOT / "govproj" / "schemas").glob("*.schema.json"))) - 1
    # and they do reject what is wrong: an unknown field in a copy of the project file
    bad = tmp_path / "project.yaml"
    bad.write_text((SAMPLE / "project.yaml").read_text(encoding="utf-8") + "no_such_field: 1\n", encoding="utf-8")
    schemas = ROOT / "govproj" / "schemas"
    rejected = subprocess.run(["check-jsonschema", "--base-uri", (schemas / "project.schema.json").as_uri(),
                               "--schemafile", str(schemas / "project.schema.json"), str(bad)],
                              capture_output=True, text=True, env=dict(os.environ, PATH=path), timeout=120)
    assert rejected.returncode == 1 and "no_such_field" in rejected.stdout


def test_every_schema_has_a_stable_id_and_relative_refs():
    for p in sorted((ROOT / "govproj" / "schemas").glob("*.schema.json")):
        schema = json.loads(p.read_text(encoding="utf-8"))
        assert schema["$id"] == f"https://govproj.github.io/schemas/{p.name}"
        refs = [m for m in p.read_text(encoding="utf-8").split('"$ref": "')[1:]]
        assert all(r.startswith(("common.schema.json#", "#")) for r in refs), p.name


def test_every_own_check_of_govproj_is_described():
    """SARIF rule metadata of the GP-* checks comes from govproj/data/checks.yaml: none is missing."""
    import re

    from govproj.report.ci import builtin_checks

    used = set()
    for p in (ROOT / "govproj").rglob("*.py"):
        used |= set(re.findall(r'"(GP-[A-Z-]+[A-Z])"', p.read_text(encoding="utf-8")))
    assert used and used <= set(builtin_checks()), sorted(used - set(builtin_checks()))
