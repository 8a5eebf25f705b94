"""Files and folders the user cannot read (mode 000), as a user who really cannot read them.

Root reads everything, and CI runs as root: there the commands run in a forked child that first
imports what they need and then becomes ``nobody`` (tests/fuzz/unprivileged.py). Each command
answers in Chinese — exit 2 for an unreadable record or folder, a finding for an unreadable
attachment — and never with an internal error (exit 3)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.fuzz import unprivileged

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AS_OF = ["--as-of", "2026-11-22"]
COMMANDS = ("check", "accept", "render")


def _can_become_nobody() -> bool:
    if not unprivileged.must_drop():
        return True
    try:
        return unprivileged.call(os.geteuid) != 0
    except Exception:  # noqa: BLE001 - a container without CAP_SETUID
        return False


def _dossiers(scratch: Path) -> dict[str, Path]:
    record = scratch / "record"
    shutil.copytree(EXAMPLES / "dossier-sample", record, ignore=shutil.ignore_patterns("out"))
    folder = scratch / "folder"
    shutil.copytree(EXAMPLES / "dossier-sample", folder, ignore=shutil.ignore_patterns("out"))
    # a dossier at the declaration stage whose technical plan is known only from its attached .docx:
    # the chapters rules have to open it
    attachment = scratch / "attachment"
    shutil.copytree(EXAMPLES / "jiujiang-2024", attachment)
    (attachment / "attachments").mkdir()
    shutil.copy(EXAMPLES / "dossier-sample" / "attachments" / "20250822-项目技术方案.docx", attachment / "attachments" / "技术方案.docx")
    docs = yaml.safe_load((attachment / "documents.yaml").read_text("utf-8"))
    for doc in docs["documents"]:
        if doc["type"] == "tech_plan":
            doc.pop("sections")
            doc["file"] = "attachments/技术方案.docx"
    (attachment / "documents.yaml").write_text(yaml.safe_dump(docs, allow_unicode=True, sort_keys=False), "utf-8")
    readonly = scratch / "readonly"  # a dossier (and an output folder) the user may read but not write
    shutil.copytree(EXAMPLES / "dossier-sample", readonly, ignore=shutil.ignore_patterns("out"))
    (scratch / "ro").mkdir()
    return {"record": record, "attachment": attachment, "folder": folder, "readonly": readonly}


def _lock(dossiers: dict[str, Path]) -> None:
    locked = [dossiers["record"] / "budget.yaml", dossiers["attachment"] / "attachments" / "技术方案.docx",
              dossiers["folder"] / "progress"]
    for p in locked:
        p.chmod(0)
    for p in (dossiers["readonly"], dossiers["readonly"].parent / "ro"):
        p.chmod(0o555)


def _run_all(dossiers: dict[str, Path], home: Path) -> tuple[int, dict]:
    os.environ["HOME"] = str(home)
    from govproj.cli import run

    readonly = dossiers["readonly"]
    runs = {(name, command): [command, str(d), *AS_OF] for name, d in dossiers.items() if name != "readonly" for command in COMMANDS}
    runs.update({
        ("readonly", "render"): ["render", str(readonly), *AS_OF],
        ("readonly", "estimate --write"): ["estimate", str(readonly), *AS_OF, "--write", "--force"],
        ("readonly", "check --output"): ["check", str(readonly), *AS_OF, "--output", str(readonly.parent / "ro" / "report.txt")],
        ("attachment", "check -f json"): ["check", str(dossiers["attachment"]), *AS_OF, "-f", "json"],  # whole messages
    })
    answers = {}
    for key, argv in runs.items():
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run(argv)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            code = f"{type(exc).__name__}: {exc}"
        answers[key] = (code, out.getvalue() + err.getvalue())
    return os.geteuid(), answers


@pytest.fixture(scope="module")
def answers():
    if not _can_become_nobody():
        pytest.skip("running as root without the right to become nobody")
    scratch = Path(tempfile.mkdtemp(prefix="govproj-unreadable-"))
    scratch.chmod(0o755)  # nobody must reach the dossiers (pytest's own tmp_path is private to root)
    try:
        dossiers = _dossiers(scratch)
        (scratch / "home").mkdir()
        if unprivileged.must_drop():
            unprivileged.give_away(scratch)
        _lock(dossiers)
        warm = Path(tempfile.mkdtemp(prefix="govproj-warm-")) if unprivileged.must_drop() else None
        try:
            uid, result = unprivileged.call(_run_all, dossiers, scratch / "home", warm=warm)
        finally:
            if warm is not None:
                shutil.rmtree(warm, ignore_errors=True)
        assert uid != 0
        yield result
    finally:
        for dirpath, dirs, _files in os.walk(scratch):
            for d in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(dirpath, d), 0o755)
        shutil.rmtree(scratch, ignore_errors=True)


def test_never_an_internal_error(answers):
    for (name, command), (code, text) in answers.items():
        assert code in (0, 1, 2), f"{name} {command}: {text[-2000:]}"
        for bad in ("内部错误", "GP-INTERNAL", "Traceback", "Permission denied", "Errno"):
            assert bad not in text, f"{name} {command}: {text[-2000:]}"


@pytest.mark.parametrize("command", ["render", "estimate --write", "check --output"])
def test_unwritable_places_are_named_with_exit_2(answers, command):
    code, text = answers["readonly", command]
    assert code == 2 and "没有权限" in text, text[-2000:]


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_record_is_named_with_exit_2(answers, command):
    code, text = answers["record", command]
    assert code == 2
    assert "无法打开budget.yaml：没有权限" in "".join(text.split())  # however the terminal wraps it


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_folder_is_named_with_exit_2(answers, command):
    code, text = answers["folder", command]
    assert code == 2
    assert "progress" in text and "没有权限" in text


def test_unreadable_attachment_is_a_finding_of_check(answers):
    code, text = answers["attachment", "check -f json"]
    assert code in (0, 1)  # a warning about the plan, not a refusal of the dossier
    findings = json.loads(text)["dossiers"][0]["findings"]
    assert any(f["message"].startswith("无法确定项目技术方案的章节") and f["severity"] == "warning" for f in findings)


@pytest.mark.parametrize("command", ["accept", "render"])
def test_unreadable_attachment_does_not_stop_accept_or_render(answers, command):
    code, text = answers["attachment", command]
    assert code in (0, 1)
