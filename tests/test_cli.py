"""The command line as a user meets it: exit codes, JSON contract, Chinese text, no tracebacks.
Runs both in-process and through the installed ``govproj`` entry point."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.builders import write_dossier
from tests.conftest import SAMPLE, govproj_executable

AS_OF = ["--as-of", "2026-11-22"]


def run_exe(*args, env=None, cwd=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([govproj_executable(), *args], capture_output=True, text=True, env=e, cwd=cwd, timeout=60)


def test_version_fast_path_and_via_typer(cli):
    p = run_exe("--version")
    assert p.returncode == 0 and p.stdout.startswith("govproj ")
    assert cli("-V")[0] == 0


def test_help_is_chinese():
    p = run_exe("--help")
    assert p.returncode == 0 and "用法" in p.stdout and "check" in p.stdout and "选项" in p.stdout
    p = run_exe("check", "--help")
    assert "档案目录" in p.stdout and "--as-of" in p.stdout


def test_usage_errors_are_chinese_and_exit_2(cli):
    code, _, err = cli("check", "--format", "xml")
    assert code == 2 and "值无效" in err and "text" in err
    code, _, err = cli("check", "--bogus")
    assert code == 2 and "没有选项 --bogus" in err
    code, _, err = cli("nosuchcommand")
    assert code == 2 and "没有这个命令" in err
    code, _, err = cli("check", ".", "--as-of", "2026-13-01")
    assert code == 2 and "YYYY-MM-DD" in err


def test_sample_json_contract(cli):
    code, out, _ = cli("check", str(SAMPLE), "--format", "json", *AS_OF)
    data = json.loads(out)
    assert set(data) == {"tool", "as_of", "dossiers", "summary"}
    assert data["tool"]["name"] == "govproj" and data["as_of"] == "2026-11-22"
    [d] = data["dossiers"]
    assert set(d) == {"path", "regulation", "findings", "summary"}
    assert d["regulation"]["id"] == "jiujiang-2024" and d["regulation"]["status"] == "试行"
    assert d["summary"]["error"] == 0, [f for f in d["findings"] if f["severity"] == "error"]
    assert data["summary"] == {"dossiers": 1, **d["summary"]}
    for f in d["findings"]:
        assert {"rule", "severity", "regulation", "article", "quote", "message", "hint"} <= set(f)
    assert code == 0


def test_finding_keys_for_a_schema_error(tmp_path, cli):
    d = write_dossier(tmp_path / "d", {"total_investment": "二十万"})
    code, out, _ = cli("check", str(d), "-f", "json", *AS_OF)
    f = json.loads(out)["dossiers"][0]["findings"][0]
    assert code == 1
    assert f["rule"] == "GP-SCHEMA" and f["article"] is None and f["file"] == "project.yaml"
    assert f["line"] == 9 and f["column"] == 19
    assert f["message"] == 'total_investment（总投资，万元）：应为不小于 0、不大于 10000000 的数字，实际为 "二十万"'


UNREADABLE = {
    "malformed": {"budget.yaml": "items:\n  - a: 1\n - b: 2\n"},
    "not_yaml": {"budget.yaml": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe binary"},
    "empty": {"events.yaml": ""},
    "alias_bomb": {"documents.yaml": "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))},
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_input_exits_2_with_a_chinese_paragraph(tmp_path, case):
    d = write_dossier(tmp_path / "d", files=UNREADABLE[case])
    p = run_exe("check", str(d), *AS_OF)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stdout + p.stderr
    assert "✗" in p.stdout and "建议" in p.stdout


def test_big_file_exits_2_without_reading_it_all(tmp_path):
    d = write_dossier(tmp_path / "d")
    with open(d / "budget.yaml", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    p = run_exe("check", str(d), "-f", "json", *AS_OF)
    assert p.returncode == 2
    f = json.loads(p.stdout)["dossiers"][0]["findings"][0]
    assert "文件过大" in f["message"] and f["file"] == "budget.yaml"


def test_directory_that_is_not_a_dossier(tmp_path):
    (tmp_path / "random").mkdir()
    (tmp_path / "random" / "notes.txt").write_text("hi")
    p = run_exe("check", str(tmp_path / "random"), *AS_OF)
    assert p.returncode == 2 and "不是项目档案" in p.stdout and "govproj declare" in p.stdout


def test_missing_path_and_file_argument(tmp_path):
    assert run_exe("check", str(tmp_path / "nope")).returncode == 2
    f = tmp_path / "x.yaml"
    f.write_text("a: 1\n")
    p = run_exe("check", str(f))
    assert p.returncode == 2 and "是文件" in p.stdout


def test_missing_project_yaml_but_other_records(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "budget.yaml").write_text("items: []\n", encoding="utf-8")
    p = run_exe("check", str(d), *AS_OF)
    assert p.returncode == 2 and "project.yaml" in p.stdout


def test_one_broken_dossier_does_not_stop_the_others(tmp_path, cli):
    write_dossier(tmp_path / "all" / "a", files={"budget.yaml": "items: [\n"})
    write_dossier(tmp_path / "all" / "b")
    code, out, _ = cli("check", str(tmp_path / "all"), "-f", "json", *AS_OF)
    data = json.loads(out)
    assert code == 2 and data["summary"]["dossiers"] == 2
    assert [d["path"].rsplit("/", 1)[-1] for d in data["dossiers"]] == ["a", "b"]


def test_output_file_is_written_atomically(tmp_path, cli):
    target = tmp_path / "report.json"
    target.write_text("old")
    code, out, _ = cli("check", str(SAMPLE), "-f", "json", "-o", str(target), *AS_OF)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["dossiers"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.json")]


def test_text_output_has_no_colour_when_piped_and_honours_no_color(tmp_path):
    d = write_dossier(tmp_path / "d", {"nature": "upgrad"})
    p = run_exe("check", str(d), *AS_OF, env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert p.returncode == 1 and "\x1b[" not in p.stdout
    assert "project.yaml:7:9" in p.stdout and "是不是 upgrade" in p.stdout


def test_brackets_in_user_text_are_not_eaten(tmp_path):
    d = write_dossier(tmp_path / "d", {"nature": "[budget.total]"})
    p = run_exe("check", str(d), *AS_OF)
    assert "[budget.total]" in p.stdout


def test_strict_makes_warnings_blocking(tmp_path, cli):
    stated = {"owner_type": "admin_organ", "work_secret": False, "nature": "new",
              "deployment": {"gov_cloud": True, "egov_extranet": True},
              "scope": {k: False for k in ("standalone_datacenter", "new_server_hardware", "internet_line_lease",
                                            "private_network_lease", "civil_works", "high_energy")}}
    d = write_dossier(tmp_path / "d", project=stated, files={
        "events.yaml": {"events": [{"type": "fsr_approved", "date": "2027-01-05"}]},
        "security.yaml": {"safe_reliable": {"compliant": True}, "crypto": {"plan": True}}})
    assert cli("check", str(d), *AS_OF)[0] == 0
    assert cli("check", str(d), "--strict", *AS_OF)[0] == 1


def test_chinese_paths(tmp_path, cli):
    d = write_dossier(tmp_path / "项目档案" / "某局平台")
    code, out, _ = cli("check", str(tmp_path / "项目档案"), "-f", "json", *AS_OF)
    assert code in (0, 1) and "某局平台" in json.loads(out)["dossiers"][0]["path"]
    assert d.exists()


def test_default_path_is_current_directory(tmp_path):
    d = write_dossier(tmp_path / "d")
    p = run_exe("check", "-f", "json", *AS_OF, cwd=d)
    assert json.loads(p.stdout)["dossiers"][0]["path"] == "."
