"""The life cycle on real git repositories: declare → approvals → baselines → changes under
each regulation → check until the change is approved; acceptance readiness; faithful writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests import yamlio

from govproj import gitutil
from tests.conftest import ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "测试员", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "测试员", "GIT_COMMITTER_EMAIL": "t@example.com"}


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)
    gitutil.forget_cache()
    yield
    gitutil.forget_cache()


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd, check=True, capture_output=True,
                          text=True, env=dict(os.environ, **GIT_ENV)).stdout


def repo_with(tmp_path: Path, example: str, sub: str = "项目/平台") -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    dossier = repo / sub
    shutil.copytree(ROOT / "examples" / example, dossier, ignore=shutil.ignore_patterns("out"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "档案")
    return repo, dossier


def commit_all(repo: Path, message: str = "更新") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    gitutil.forget_cache()


# --------------------------------------------------------------------------- declare


DECLARE = ["--name", "某局数据共享平台", "--owner-unit", "九江市某局", "--level", "city", "--category", "other",
           "--kind", "construction", "--nature", "new", "--not-classified", "--amount", "480.5", "--plan-year", "2027"]


def test_declare_scaffolds_inits_git_and_commits(tmp_path, cli):
    target = tmp_path / "新项目"
    code, out, err = cli("declare", str(target), "-r", "jiujiang-2024", *DECLARE)
    assert code == 0, err
    for name in ("project.yaml", "budget.yaml", "events.yaml", "documents.yaml", ".gitignore", ".govproj/schemas/project.schema.json"):
        assert (target / name).exists(), name
    project = (target / "project.yaml").read_text(encoding="utf-8")
    assert project.startswith("# yaml-language-server: $schema=.govproj/schemas/project.schema.json")
    assert "total_investment: 480.5" in project and "申报至批复阶段还要读取的信息" in project
    assert "out/" in (target / ".gitignore").read_text()
    assert "govproj declare" in git(target, "log", "--format=%s")
    assert git(target, "status", "--porcelain") == ""
    code, out, _ = cli("check", str(target), "-f", "json", "--as-of", "2026-11-22")
    data = json.loads(out)
    # a new dossier has no format error; what the regulation's rules still need is asked for (GP-FACT-MISSING)
    assert all(not f["rule"].startswith("GP-") or f["rule"] == "GP-FACT-MISSING"
               for f in data["dossiers"][0]["findings"] if f["severity"] == "error")


def test_declare_refuses_to_overwrite_and_runs_declaration_checks_instead(tmp_path, cli):
    target = tmp_path / "d"
    assert cli("declare", str(target), "-r", "jiujiang-2024", *DECLARE)[0] == 0
    before = (target / "project.yaml").read_bytes()
    code, out, err = cli("declare", str(target), "--as-of", "2026-06-01", "--no-render")
    assert (target / "project.yaml").read_bytes() == before
    assert "申报下一年度项目：截止 2026-08-31" in out and "还有 91 天" in out
    assert "报送建设需求（纳入储备库）：截止 2026-06-01" in out  # 5月31日 is a Sunday → next working day


def test_declare_will_not_clobber_existing_files(tmp_path, cli):
    target = tmp_path / "d"
    target.mkdir()
    (target / "budget.yaml").write_text("# 我的草稿\n", encoding="utf-8")
    code, _, err = cli("declare", str(target), "-r", "county-2023", *DECLARE)
    assert code == 2 and "budget.yaml" in err and "不会覆盖" in err or "避免覆盖" in err
    assert (target / "budget.yaml").read_text(encoding="utf-8") == "# 我的草稿\n"


def test_declare_inside_an_existing_repository_commits_there(tmp_path, cli):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("x")
    commit_all(repo, "init")
    assert cli("declare", str(repo / "projects" / "甲"), "-r", "zunyi-2020", *DECLARE)[0] == 0
    assert not (repo / "projects" / "甲" / ".git").exists()
    assert "projects/甲/project.yaml" in git(repo, "show", "--name-only", "--format=")


def test_declare_from_answers_file_and_missing_answers(tmp_path, cli):
    answers = tmp_path / "a.yaml"
    answers.write_text("regulation: dalate-draft\nname: 数字达拉特平台\nowner_unit: 旗某局\nlevel: banner\n"
                       "category: other\nkind: construction\nnature: new\nclassified: false\ntotal_investment: 300\n",
                       encoding="utf-8")
    assert cli("declare", str(tmp_path / "d"), "--answers", str(answers), "--no-git")[0] == 0
    assert not (tmp_path / "d" / ".git").exists()
    code, _, err = cli("declare", str(tmp_path / "e"), "-r", "dalate-draft", "--name", "x")
    assert code == 2 and "--owner-unit" in err and "--amount" in err


# --------------------------------------------------------------------------- baselines and changes

EXPECTED = {  # regulation → (class at 8 %, class at 12 %, class when the location changes)
    "county-2023": ("committee_approval", "reapproval", "reapproval"),
    "jiujiang-2024": ("external", "external", "external"),
    "jiangjin-2022": ("external", "external", "external"),
    "zunyi-2020": ("filing", "filing", "external"),
    "dalate-draft": ("filing", "external", "external"),
}


def _shift(dossier: Path, percent: int) -> None:
    budget = yamlio.safe_load((dossier / "budget.yaml").read_text(encoding="utf-8"))
    estimate = Decimal(str(budget.get("amounts", {}).get("approved_estimate") or
                           yamlio.safe_load((dossier / "project.yaml").read_text(encoding="utf-8"))["total_investment"]))
    amount = (estimate * percent / 100).quantize(Decimal("0.0001"))
    items = sorted(range(len(budget["items"])), key=lambda i: -Decimal(str(budget["items"][i]["amount"])))
    src, dst = budget["items"][items[0]], budget["items"][items[1]]
    for item, sign in ((src, -1), (dst, 1)):
        item["amount"] = float(Decimal(str(item["amount"])) + sign * amount)
        item.pop("quantity", None)
        item.pop("unit_price", None)
    (dossier / "budget.yaml").write_text(yamlio.safe_dump(budget, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("regulation", sorted(EXPECTED))
def test_change_classes_under_each_regulation(tmp_path, cli, regulation):
    example = "dossier-sample" if regulation == "jiujiang-2024" else regulation
    repo, dossier = repo_with(tmp_path, example)
    code, out, err = cli("baseline", str(dossier))
    assert code == 0 and "已建立批复基线 govproj-baseline/项目/平台/" in out, out + err
    tags = git(repo, "tag", "--list", "govproj-baseline/*")
    assert tags.strip()
    expected = EXPECTED[regulation]

    for percent, cls in ((8, expected[0]), (12, expected[1])):
        git(repo, "checkout", "-q", "--", ".")
        _shift(dossier, percent)
        code, out, err = cli("change-request", str(dossier), "--dry-run", "-f", "json", "--as-of", "2026-11-22",
                             "--reason", REASON[regulation])
        data = json.loads(out)
        assert data["classification"]["class"] == cls, (percent, data)
        assert Decimal(data["percent_of_estimate"]) == Decimal(percent)
        assert data["net_change"] == "0" and data["classification"]["article"]

    git(repo, "checkout", "-q", "--", ".")
    text = (dossier / "project.yaml").read_text(encoding="utf-8")
    if "location:" in text:
        text = "\n".join("location: 另一地点" if ln.startswith("location:") else ln for ln in text.splitlines()) + "\n"
    else:
        text += "location: 另一地点\n"
    (dossier / "project.yaml").write_text(text, encoding="utf-8")
    data = json.loads(cli("change-request", str(dossier), "--dry-run", "-f", "json", "--as-of", "2026-11-22",
                          "--reason", REASON[regulation])[1])
    assert data["major"]["location"] is True and data["classification"]["class"] == expected[2]


REASON = {"county-2023": "tech_optimization", "jiujiang-2024": "tech_optimization", "jiangjin-2022": "tech_optimization",
          "zunyi-2020": "tech_optimization", "dalate-draft": "tech_optimization"}


def test_a_change_without_a_reason_does_not_take_the_committee_route(tmp_path, cli):
    """某县 第二十三条: the committee approves only the listed situations; without a reason govproj asks,
    and a reason outside the list (other) is classified, not refused."""
    repo, dossier = repo_with(tmp_path, "county-2023")
    cli("baseline", str(dossier))
    _shift(dossier, 8)
    run = lambda *extra: json.loads(cli("change-request", str(dossier), "--dry-run", "-f", "json",  # noqa: E731
                                        "--as-of", "2026-11-22", *extra)[1])
    data = run()
    assert data["classification"] is None and any("--reason" in n for n in data["notes"])
    assert run("--reason", "other")["classification"]["class"] == "external"
    assert run("--reason", "business_development")["classification"]["class"] == "committee_approval"
    code, _, err = cli("change-request", str(dossier), "--dry-run", "--reason", "no_such_reason", "--as-of", "2026-11-22")
    assert code == 2 and "变更原因应为以下之一" in err


def test_editing_main_tasks_asks_whether_the_scale_changes(tmp_path, cli):
    """某县 第二十三条: “主要建设内容需要调整且…不超过10%” goes to the committee; only a 建设规模 重大变更
    needs reapproval — the owner says which (--major scale / --not-major), and the answer is recorded."""
    repo, dossier = repo_with(tmp_path, "county-2023")
    cli("baseline", str(dossier))
    project = yamlio.safe_load((dossier / "project.yaml").read_text(encoding="utf-8"))
    project["main_tasks"] = list(project.get("main_tasks") or []) + ["新增一项建设内容"]
    (dossier / "project.yaml").write_text(yamlio.safe_dump(project, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = lambda *extra: json.loads(cli("change-request", str(dossier), "-f", "json", "--as-of", "2026-11-22",  # noqa: E731
                                        "--reason", "business_development", *extra)[1])
    data = run("--dry-run")
    assert data["classification"] is None and any("--not-major" in n for n in data["notes"])
    assert data["major"]["scale"] is None  # unknown until the owner says
    assert run("--dry-run", "--not-major")["classification"]["class"] == "committee_approval"
    assert run("--dry-run", "--major", "scale")["classification"]["class"] == "reapproval"
    written = run("--not-major")["written"]
    assert yamlio.safe_load(Path(written).read_text(encoding="utf-8"))["major"]["scale"] is False


def test_check_flags_an_unapproved_change_until_it_is_approved(tmp_path, cli):
    repo, dossier = repo_with(tmp_path, "county-2023")
    cli("baseline", str(dossier))
    _shift(dossier, 8)

    def bl_findings():
        data = json.loads(cli("check", str(dossier), "-f", "json", "--as-of", "2026-11-22")[1])
        return [f for f in data["dossiers"][0]["findings"] if f["rule"] == "CTY-24-BL"]

    [f] = bl_findings()
    assert f["severity"] == "error" and f["article"] == "第二十四条" and "先批准,后变更" in f["quote"]
    assert "（待分解）" not in f["message"] and "→" in f["message"]

    code, out, err = cli("change-request", str(dossier), "--reason", "tech_optimization", "--title", "调整平台开发费用",
                         "--as-of", "2026-11-22")
    assert code == 0, err
    cr = sorted((dossier / "changes").glob("CR-*.yaml"))[-1]
    assert cr.name == "CR-002.yaml" and (dossier / "out" / "change_request.docx").exists()
    data = yamlio.safe_load(cr.read_text(encoding="utf-8"))
    assert data["classification"] == "committee_approval" and data["status"] == "draft"
    assert bl_findings()  # a draft request does not cover the change

    cr.write_text(cr.read_text(encoding="utf-8").replace("status: draft", "status: approved\napproved_by: 审定委员会"),
                  encoding="utf-8")
    assert not bl_findings()
    commit_all(repo, "变更获批")
    code, out, _ = cli("baseline", str(dossier))
    assert "change-CR-002" in out
    assert not bl_findings()  # the approved change is now the baseline


def test_change_request_outside_git_and_in_a_shallow_clone(tmp_path, cli):
    plain = tmp_path / "plain"
    shutil.copytree(ROOT / "examples" / "zunyi-2020", plain)
    code, _, err = cli("change-request", str(plain), "--dry-run")
    assert code == 2 and "不在 git 仓库中" in err
    code, out, _ = cli("check", str(plain), "-f", "json", "--as-of", "2026-11-22")
    assert code == 0  # history is not needed for check

    repo, dossier = repo_with(tmp_path, "zunyi-2020")
    cli("baseline", str(dossier))
    (dossier / "README.txt").write_text("x")
    commit_all(repo, "第二次提交")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True)
    gitutil.forget_cache()
    code, _, err = cli("change-request", str(shallow / "项目" / "平台"), "--dry-run")
    assert code == 2 and "fetch-depth: 0" in err and "GIT_DEPTH: 0" in err
    data = json.loads(cli("check", str(shallow / "项目" / "平台"), "-f", "json", "--as-of", "2026-11-22")[1])
    [info] = [f for f in data["dossiers"][0]["findings"] if f["rule"] == "ZY-16-BL"]
    assert info["severity"] == "info" and "浅克隆" in info["message"]


# --------------------------------------------------------------------------- faithful writes


def test_writing_commands_change_only_the_intended_lines(tmp_path, cli):
    repo, dossier = repo_with(tmp_path, "dossier-sample")
    budget = dossier / "budget.yaml"
    original = budget.read_text(encoding="utf-8")
    odd = original.replace("items:", "items:   # 明细（注释要保留）\n  # 一行独立注释\n", 1)
    odd += "# 文件末尾的注释：'单引号' \"双引号\" ——中文标点\nodd_quoting_check: null\n"
    odd = odd.replace("odd_quoting_check: null\n", "")
    budget.write_text(odd, encoding="utf-8")
    commit_all(repo, "加注释")

    code, _, err = cli("estimate", str(dossier), "--write", "--as-of", "2026-11-22", "-f", "json", "-o", str(tmp_path / "e.json"))
    assert code == 0, err
    diff = git(repo, "diff", "-U0", "--", "项目/平台/budget.yaml")
    changed = [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert changed and all(ln.startswith("+") for ln in changed), diff
    assert any(ln.startswith("+estimate:") for ln in changed)
    assert budget.read_text(encoding="utf-8").startswith(odd)  # everything before is byte-identical

    commit_all(repo, "估算")
    code, _, err = cli("estimate", str(dossier), "--write", "--as-of", "2026-11-22", "-f", "json", "-o", str(tmp_path / "e.json"))
    assert git(repo, "status", "--porcelain") == ""  # same result → file untouched


def test_estimate_write_refuses_uncommitted_edits_without_force(tmp_path, cli):
    repo, dossier = repo_with(tmp_path, "dossier-sample")
    with open(dossier / "budget.yaml", "a", encoding="utf-8") as fh:
        fh.write("# 用户未提交的修改\n")
    code, _, err = cli("estimate", str(dossier), "--write", "--as-of", "2026-11-22", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and "未提交的修改" in err and "--force" in err
    assert "\nestimate:" not in (dossier / "budget.yaml").read_text(encoding="utf-8")
    code, _, _ = cli("estimate", str(dossier), "--write", "--force", "--commit", "--as-of", "2026-11-22",
                     "-o", str(tmp_path / "x.txt"))
    assert code == 0
    text = (dossier / "budget.yaml").read_text(encoding="utf-8")
    assert "# 用户未提交的修改" in text and "\nestimate:" in text
    assert "govproj estimate" in git(repo, "log", "-1", "--format=%s")


# --------------------------------------------------------------------------- acceptance


ACCEPT = {  # example → (as of, ready?) at two dates
    "county-2023": [("2025-06-10", False), ("2026-11-22", True)],
    "jiangjin-2022": [("2024-09-10", False), ("2026-11-22", True)],
    "zunyi-2020": [("2024-01-10", False), ("2026-11-22", True)],
    "dalate-draft": [("2025-05-10", False), ("2026-11-22", True)],
    "jiujiang-2024": [("2026-03-01", False), ("2026-11-22", True)],
}


@pytest.mark.parametrize("example", sorted(ACCEPT))
def test_accept_readiness_at_two_dates(tmp_path, cli, example):
    d = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, d)
    for day, ready in ACCEPT[example]:
        code, out, err = cli("accept", str(d), "-f", "json", "--as-of", day, "--no-render")
        data = json.loads(out)
        assert data["ready"] is ready, (day, data["missing"], [f for f in data["findings"] if f["severity"] == "error"])
        assert code == (0 if ready else 1)


def test_accept_reports_a_broken_material_file_and_renders_the_application(tmp_path, cli):
    d = tmp_path / "d"
    shutil.copytree(ROOT / "examples" / "county-2023", d)
    docs = yamlio.safe_load((d / "documents.yaml").read_text(encoding="utf-8"))
    target = next(x for x in docs["documents"] if x["type"] == "function_test_report")
    target["file"] = "attachments/功能测试报告.pdf"
    (d / "attachments").mkdir(exist_ok=True)
    (d / "attachments" / "功能测试报告.pdf").write_bytes(b"not a pdf")
    (d / "documents.yaml").write_text(yamlio.safe_dump(docs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = cli("accept", str(d), "-f", "json", "--as-of", "2026-11-22")
    data = json.loads(out)
    assert code == 1 and not data["ready"]
    assert any("不是有效的 PDF" in (m["problem"] or "") for m in data["missing"])
    assert (d / "out" / "acceptance_application.docx").exists()
