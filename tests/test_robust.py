"""Survives anything (issue 11): each class of hostile input found by the fuzz suite, as a test.

Paths that escape, NUL bytes and long names, zip bombs, FIFOs and devices, unwritable or
symlinked output folders, git missing or a bare repository, folder names with spaces,
repository hooks, template misbehaviour, interrupted commits, rulepack message templates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE_AS_OF

AS_OF = SAMPLE_AS_OF.isoformat()
GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "t@example.com"}

# --------------------------------------------------------------------------- helpers

_OPENED: list[str] | None = None


def _hook(event, args):
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes)):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_hook)


class opened:
    """Record every path opened inside the block (sys.addaudithook)."""

    def __enter__(self):
        global _OPENED
        _OPENED = []
        return _OPENED

    def __exit__(self, *exc):
        global _OPENED
        _OPENED = None


def set_file(dossier: Path, value: str, doc_type: str = "tech_plan", drop_sections: bool = True) -> None:
    p = dossier / "documents.yaml"
    data = yaml.safe_load(p.read_text("utf-8"))
    for d in data["documents"]:
        if d["type"] == doc_type:
            d["file"] = value
            if drop_sections:
                d.pop("sections", None)
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def no_internal(code: int, out: str, err: str) -> None:
    text = out + err
    assert code in (0, 1, 2), text[-2000:]
    assert "GP-INTERNAL" not in text and "内部错误" not in text and "Traceback" not in text, text[-2000:]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=dict(os.environ, **GIT_ENV), check=True,
                          capture_output=True, text=True).stdout


def committed(dossier: Path) -> Path:
    git(dossier, "init", "-q")
    git(dossier, "add", "-A")
    git(dossier, "commit", "-q", "-m", "档案")
    from govproj import gitutil

    gitutil.forget_cache()
    return dossier


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder next to the dossier whose files govproj must never open."""
    d = tmp_path / "outside"
    d.mkdir()
    src = next((Path(__file__).parent.parent / "examples" / "dossier-sample" / "attachments").glob("*可行性研究报告.docx"))
    shutil.copyfile(src, d / "secret.docx")
    (d / "secret.txt").write_text("机密\n", "utf-8")
    return d


# --------------------------------------------------------------------------- attachments


@pytest.mark.parametrize("value,rule", [
    ("attachments/a\x00b.docx", "GP-ATTACH-MISSING"),
    ("attachments/" + "长" * 300 + ".docx", "GP-ATTACH-MISSING"),
    ("attachments/" + "a" * 300 + ".pdf", "GP-ATTACH-MISSING"),
    ("/etc/passwd", "GP-ATTACH-OUTSIDE"),
    ("../outside/secret.docx", "GP-ATTACH-OUTSIDE"),
    ("C:\\secret.docx", "GP-ATTACH-OUTSIDE"),
    ("~/secret.docx", "GP-ATTACH-OUTSIDE"),
])
def test_bad_attachment_paths_are_findings_not_crashes(sample, cli, outside, value, rule):
    set_file(sample, value)
    with opened() as seen:
        code, out, err = cli("check", str(sample), "--as-of", AS_OF, "-f", "json")
    no_internal(code, out, err)
    assert rule in out or "GP-SCHEMA" in out  # the schema's path pattern may refuse it first
    assert not [p for p in seen if p.startswith(str(outside)) or p == "/etc/passwd"]


def test_attachment_symlink_out_is_reported_and_never_opened(sample, cli, outside):
    (sample / "attachments" / "链接.docx").symlink_to(outside / "secret.docx")
    set_file(sample, "attachments/链接.docx")
    with opened() as seen:
        code, out, err = cli("check", str(sample), "--as-of", AS_OF, "-f", "json")
    no_internal(code, out, err)
    assert "GP-ATTACH-OUTSIDE" in out and "符号链接" in out
    assert not [p for p in seen if p.startswith(str(outside))]


def test_accept_does_not_count_a_file_outside_as_present(sample, cli):
    from govproj.attachments import file_problem

    assert file_problem(sample, "../../../../etc/passwd")
    assert file_problem(sample, "/etc/passwd")
    with opened() as seen:
        file_problem(sample, "../../../../etc/passwd")
    assert "/etc/passwd" not in seen


def _bomb(path: Path, mb: int = 300) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b" " * (1 << 20)
            for _ in range(mb):
                fh.write(block)


def test_docx_bomb_is_refused_before_parsing(tmp_path):
    from govproj.attachments import AttachmentProblem, check_zip, docx_headings, file_problem

    (tmp_path / "a").mkdir()
    _bomb(tmp_path / "a" / "bomb.docx")
    assert (tmp_path / "a" / "bomb.docx").stat().st_size < 1024 * 1024
    with pytest.raises(AttachmentProblem, match="压缩炸弹"):
        check_zip(tmp_path / "a" / "bomb.docx")
    assert docx_headings(tmp_path, "a/bomb.docx") is None
    assert "压缩炸弹" in file_problem(tmp_path, "a/bomb.docx")


def test_each_docx_is_parsed_once_per_run(sample):
    from govproj import attachments

    attachments._headings.cache_clear()
    name = next(p.name for p in (sample / "attachments").glob("*技术方案.docx"))
    first = attachments.docx_headings(sample, f"attachments/{name}")
    second = attachments.docx_headings(sample, f"attachments/{name}")
    assert first == second and first
    assert attachments._headings.cache_info().hits == 1


def test_fifo_attachment_does_not_block(sample, cli):
    os.mkfifo(sample / "attachments" / "管道.pdf")
    set_file(sample, "attachments/管道.pdf", "acceptance_opinion" if False else "tech_plan")
    code, out, err = cli("accept", str(sample), "--as-of", AS_OF, "--no-render", "-f", "json")
    no_internal(code, out, err)


# --------------------------------------------------------------------------- files named on the command line


def test_rulepack_dev_zero_and_fifo_are_refused(sample, cli, tmp_path):
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    for target in ("/dev/zero", str(fifo), str(tmp_path)):
        code, out, err = cli("check", str(sample), "--as-of", AS_OF, "--rulepack", target)
        no_internal(code, out, err)
        assert code == 2 and ("不是普通文件" in out + err or "不是文件" in out + err)  # unreadable input: exit 2


def test_fifo_in_rulepack_folder_does_not_block_check(sample, cli, tmp_path, monkeypatch):
    from govproj.rules import rulepack

    packs = tmp_path / "packs"
    packs.mkdir()
    os.mkfifo(packs / "jiujiang-2024.yaml")
    monkeypatch.setenv("GOVPROJ_RULEPACKS", str(packs))
    rulepack._available.cache_clear()
    rulepack.load_file.cache_clear()
    try:
        code, out, err = cli("check", str(sample), "--as-of", AS_OF)
    finally:
        rulepack._available.cache_clear()
    no_internal(code, out, err)
    assert "不是普通文件" in out + err


def test_output_naming_a_directory(sample, cli, tmp_path):
    code, out, err = cli("check", str(sample), "--as-of", AS_OF, "--output", str(tmp_path))
    assert code == 2 and "目录" in err and "文件名" in err


def test_output_to_a_device_keeps_the_device(sample, cli):
    code, out, err = cli("check", str(sample), "--as-of", AS_OF, "-f", "json", "--output", os.devnull)
    assert code == 0 and Path(os.devnull).is_char_device()


def test_answers_from_dev_zero(cli, tmp_path):
    code, out, err = cli("declare", str(tmp_path / "新档案"), "--regulation", "jiujiang-2024", "--answers", "/dev/zero")
    assert code == 2 and "不是" in err and "文件" in err


# --------------------------------------------------------------------------- folders govproj writes into


def test_out_symlink_leading_out_is_refused(sample, cli, outside):
    (sample / "out").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    code, out, err = cli("render", str(sample), "--as-of", AS_OF)
    assert code == 2 and "符号链接" in err
    assert sorted(p.name for p in outside.iterdir()) == before


def test_budget_symlink_out_is_not_rewritten(sample, cli, outside):
    shutil.copyfile(sample / "budget.yaml", outside / "budget.yaml")
    (sample / "budget.yaml").unlink()
    (sample / "budget.yaml").symlink_to(outside / "budget.yaml")
    before = (outside / "budget.yaml").read_bytes()
    code, out, err = cli("estimate", str(sample), "--as-of", AS_OF, "--write", "--force")
    assert code == 2 and ("符号链接" in err or "指向档案之外的链接" in err)
    assert (outside / "budget.yaml").read_bytes() == before


# --------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("char", ["\x0c", "\x01", "\x7f"])
def test_control_character_is_located_and_chinese(sample, cli, char):
    """libyaml reports a control character by its UTF-8 byte offset, with an English message; the
    user reads the line and column (counted in characters) and Chinese."""
    p = sample / "budget.yaml"
    lines = p.read_text("utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if any("\u4e00" <= c <= "\u9fff" for c in ln))  # after Chinese text
    lines[n] += char
    p.write_text("\n".join(lines), "utf-8")
    code, out, err = cli("check", str(sample), "--as-of", AS_OF)
    text = "".join((out + err).split())
    assert code == 2
    assert f"budget.yaml:{n + 1}:{len(lines[n])}：无法读取budget.yaml：YAML语法错误：含有不可见的控制字符（U+{ord(char):04X}）" in text
    assert "unacceptable" not in text and "position" not in text


# unreadable and unwritable files and folders as a user who cannot read or write them:
# tests/test_robust_permissions.py


# --------------------------------------------------------------------------- git


def test_git_missing_from_path(sample, cli, monkeypatch, tmp_path):
    committed(sample)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = cli("estimate", str(sample), "--as-of", AS_OF, "--write")
    assert code == 2 and "未找到 git" in err
    code, out, err = cli("change-request", str(sample), "--as-of", AS_OF, "--dry-run")
    assert code == 2 and "未找到 git" in err


def test_git_file_pointing_at_a_bare_repository(sample, cli, tmp_path):
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    (sample / ".git").write_text(f"gitdir: {bare}\n")
    from govproj import gitutil

    gitutil.forget_cache()
    for args in (("estimate", str(sample), "--as-of", AS_OF, "--write"), ("change-request", str(sample), "--as-of", AS_OF, "--dry-run"),
                 ("baseline", str(sample))):
        code, out, err = cli(*args)
        no_internal(code, out, err)
        assert code in (1, 2) or args[0] != "change-request"


def test_baseline_tag_of_a_folder_with_a_space(tmp_path, cli):
    from govproj import gitutil

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "jiujiang-2024", repo / "二期 档案")
    committed(repo)
    code, out, err = cli("baseline", str(repo / "二期 档案"))
    assert code == 0, err
    tags = git(repo, "tag", "-l")
    assert "govproj-baseline/二期%20档案/" in tags
    found = gitutil.baselines(repo, repo / "二期 档案")
    assert found and all("%" not in b.event for b in found)
    assert gitutil.ref_component("a b~c..d@{e}.lock") == "a%20b%7Ec.%2Ed%40{e}%2Elock"


def test_read_only_commands_run_no_repository_programs(sample, cli, tmp_path):
    committed(sample)
    sentinel = tmp_path / "RAN"
    script = tmp_path / "hook.sh"
    script.write_text(f"#!/bin/sh\ntouch '{sentinel}'\n")
    script.chmod(0o755)
    git(sample, "config", "core.fsmonitor", str(script))
    for name in ("post-index-change", "reference-transaction", "post-checkout"):
        shutil.copyfile(script, sample / ".git" / "hooks" / name)
        (sample / ".git" / "hooks" / name).chmod(0o755)
    (sample / "budget.yaml").write_text((sample / "budget.yaml").read_text("utf-8") + "\n", "utf-8")
    for args in (("check", str(sample), "--as-of", AS_OF, "--changed-since", "HEAD"),
                 ("change-request", str(sample), "--as-of", AS_OF, "--dry-run"), ("baseline", str(sample), "--list"),
                 ("estimate", str(sample), "--as-of", AS_OF, "--write")):
        cwd = os.getcwd()
        os.chdir(sample)
        try:
            cli(*args)
        finally:
            os.chdir(cwd)
        assert not sentinel.exists(), args


# --------------------------------------------------------------------------- dates and templates


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_as_of_with_chart(sample, cli, tmp_path, day):
    code, out, err = cli("estimate", str(sample), "--as-of", day, "--chart", str(tmp_path / "t.png"))
    no_internal(code, out, err)


def _template_with(tmp_path: Path, body: str) -> Path:
    from govproj.render import TEMPLATE_DIR

    d = tmp_path / "tpl"
    d.mkdir()
    src = zipfile.ZipFile(TEMPLATE_DIR / "acceptance_application.docx")
    with zipfile.ZipFile(d / "acceptance_application.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body>".encode(), 1)
            z.writestr(info, data)
    return d


@pytest.mark.parametrize("body,says", [
    ("{% include '/etc/passwd' %}", "不能包含"),
    ("{% import '/etc/passwd' as p %}", "不能包含"),
    ("{{ 1 / 0 }}", "除数为零"),
    ("{{ 'x' * 1000000000 }}", "超过"),
    ("{{ ''.__class__.__mro__ }}", "不允许"),
])
def test_user_template_errors_name_the_template(sample, cli, tmp_path, body, says):
    d = _template_with(tmp_path, body)
    code, out, err = cli("render", str(sample), "acceptance_application", "--as-of", AS_OF, "--templates", str(d))
    no_internal(code, out, err)
    assert code == 2 and "acceptance_application.docx" in err and says in err


def test_values_that_look_like_template_syntax_render_as_text(sample, cli):
    import docx

    p = sample / "project.yaml"
    p.write_text(p.read_text("utf-8").replace("name: ", "name: 数据中台{{二期}}", 1), "utf-8")
    code, out, err = cli("render", str(sample), "acceptance_application", "--as-of", AS_OF)
    assert code == 0, err
    d = docx.Document(str(sample / "out" / "acceptance_application.docx"))
    text = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells) + "\n".join(p.text for p in d.paragraphs)
    assert "数据中台{{二期}}" in text


# --------------------------------------------------------------------------- writing


def test_atomic_write_cleans_up_and_never_writes_through_links(tmp_path):
    from govproj.fsutil import atomic_write, clean_stale

    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, "new")
    assert not link.is_symlink() and link.read_text() == "new" and target.read_text() == "old"
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path, "x")
    stale = tmp_path / ".real.txt.999999999.abc.tmp"
    stale.write_text("left by a killed run")
    assert clean_stale(target) == [stale]
    assert not list(tmp_path.glob("*.tmp"))


def test_estimate_write_refuses_what_it_cannot_keep(sample, cli):
    p = sample / "budget.yaml"
    text = p.read_text("utf-8")
    p.write_text(text.replace("items:", "items:\n  - category: x\n    category: y\n    item: 重复\n    amount: 0", 1), "utf-8")
    code, out, err = cli("estimate", str(sample), "--as-of", AS_OF, "--write", "--force")
    assert code in (1, 2) and ("未写入" in err + out or "重复" in err + out)
    assert "\nestimate:" not in p.read_text("utf-8")


# --------------------------------------------------------------------------- interrupted work


def test_interrupted_change_request_commit_is_finished_not_repeated(tmp_path, cli):
    from govproj import gitutil

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "jiujiang-2024", repo)
    committed(repo)
    assert cli("baseline", str(repo))[0] == 0
    b = repo / "budget.yaml"
    b.write_text(b.read_text("utf-8").replace("amount: ", "amount: 1", 1), "utf-8")
    git(repo, "commit", "-qam", "调整")
    before = sorted(p.name for p in (repo / "changes").glob("CR-*.yaml"))
    # what a kill during `git commit` leaves: the CR written and staged, the note still there
    from govproj.lifecycle.change import next_id

    cid = next_id(repo)
    gitutil.intend_commit(repo, [f"changes/{cid}.yaml"], f"govproj change-request：{cid}")
    (repo / "changes" / f"{cid}.yaml").write_text(f"id: {cid}\ntitle: 调整\ndate: {AS_OF}\nstatus: draft\n", "utf-8")
    git(repo, "add", f"changes/{cid}.yaml")
    code, out, err = cli("change-request", str(repo), "--as-of", AS_OF, "--commit")
    assert code == 0, err
    assert "完成提交" in err and "未重复生成" in err
    assert sorted(p.name for p in (repo / "changes").glob("CR-*.yaml")) == before + [f"{cid}.yaml"]
    assert cid in git(repo, "log", "-1", "--format=%s")
    assert not (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / gitutil.PENDING).exists()


def test_declare_rerun_finishes_or_explains_the_first_commit(tmp_path, cli):
    from govproj import gitutil

    args = ["--regulation", "jiujiang-2024", "--name", "测试项目", "--owner-unit", "某局", "--level", "city",
            "--category", "integration", "--kind", "construction", "--nature", "new", "--not-classified", "--amount", "100",
            "--no-git"]
    d = tmp_path / "档案"
    assert cli("declare", str(d), *args)[0] == 0
    git(d, "init", "-q")
    gitutil.forget_cache()
    code, out, err = cli("declare", str(d), "--as-of", AS_OF, "--no-render")  # killed before the commit: explained
    assert "还没有提交到 git" in err
    gitutil.intend_commit(d, ["."], "govproj declare：新建项目档案「测试项目」")  # killed during the commit: finished
    code, out, err = cli("declare", str(d), "--as-of", AS_OF, "--no-render")
    assert "完成提交" in err
    assert "project.yaml" in git(d, "ls-files")


# --------------------------------------------------------------------------- rulepack message templates


def test_safe_format_takes_names_only():
    from govproj.rules.safe_format import UnsafeTemplate, fields, problems, safe_format

    assert safe_format("缺少{missing}；{{字面}}", {"missing": "密码应用方案"}) == "缺少密码应用方案；{字面}"
    assert safe_format("{unknown}", {}) == "{unknown}"
    for bad in ("{missing.__class__.__init__.__globals__}", "{x[0]}", "{x!r}", "{x:>999999999}", "{x:{y}}", "{"):
        with pytest.raises(UnsafeTemplate):
            fields(bad)
        assert safe_format(bad, {"missing": 1, "x": 2, "y": 3}) == bad  # shown as written, never evaluated
        assert problems(bad)
    assert problems("{a}{b}", {"a"}) == ["消息模板使用了未定义的变量 {b}"]


def test_no_traceback_through_the_console_script(sample, tmp_path):
    from tests.conftest import govproj_executable

    set_file(sample, "attachments/a\x00b.docx")
    proc = subprocess.run([govproj_executable(), "check", str(sample), "--as-of", AS_OF, "--output", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "目录" in proc.stderr

