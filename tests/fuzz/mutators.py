"""Hostile changes to a copy of an example dossier, one case at a time.

Every mutator takes ``(rng, case)`` and returns a short description (kept with a finding, so
that a case can be replayed and reduced). ``case`` carries the dossier folder, the folder
outside it (``outside/``, whose files must never be read or written), the command-line
arguments added so far and the environment. All randomness comes from ``rng``: the same
seed gives the same cases.
"""

from __future__ import annotations

import io
import os
import shutil
import re
import stat
import subprocess
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# libyaml: the pure-Python parser took 1.6 s for one 5 MB record
from tests.yamlio import safe_dump as dump
from tests.yamlio import safe_load as load


RECORDS = ["project.yaml", "budget.yaml", "events.yaml", "documents.yaml", "data-catalog.yaml", "security.yaml",
           "cloud.yaml", "calendar.yaml"]
GIT_ENV = {"GIT_AUTHOR_NAME": "模糊测试", "GIT_AUTHOR_EMAIL": "fuzz@example.com", "GIT_COMMITTER_NAME": "模糊测试",
           "GIT_COMMITTER_EMAIL": "fuzz@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass
class Case:
    index: int
    work: Path  # the case's private folder
    dossier: Path  # work/<name>: the dossier
    outside: Path  # work/outside: must never be read or written
    args: list[str] = field(default_factory=list)  # extra options for the command
    env: dict = field(default_factory=dict)  # environment changes for the command
    command: str = "check"
    git: bool = False
    sentinel: Path | None = None  # a file a repository hook would create
    notes: list[str] = field(default_factory=list)
    chmodded: list[Path] = field(default_factory=list)

    def record_files(self) -> list[Path]:
        found = [self.dossier / r for r in RECORDS if (self.dossier / r).is_file()]
        for folder in ("changes", "progress"):
            d = self.dossier / folder
            if d.is_dir() and not d.is_symlink():
                found += sorted(d.glob("*.yaml"))
        return [p for p in found if not p.is_symlink()]


# --------------------------------------------------------------------------- values

HUGE_INT = "9" * 5000
RAW = {  # YAML text spliced into a file where a value was
    "huge_int": HUGE_INT,
    "huge_negative": "-" + HUGE_INT,
    "1e400": "1.0e+400",
    "minus_1e400": "-1.0e+400",
    "inf": ".inf",
    "nan": ".nan",
    "tiny": "0.000000000000000000000000000001",
    "neg": "-1",
    "zero": "0",
    "many_places": "123456789012345678901234567890.123456789012345",
    "date_min": "0001-01-01",
    "date_max": "9999-12-31",
    "date_bad": "2026-02-30",
    "timestamp": "2026-01-01T08:00:00+08:00",
    "year_only": "2026",
    "octal": "0o777",
    "hex": "0x1F",
    "sexagesimal": "1:20:30",
    "bool_yes": "yes",
    "null": "~",
    "empty": "",
    "empty_list": "[]",
    "empty_map": "{}",
    "list_of_maps": "[{a: 1}, {b: [2, 3]}]",
    "binary": "!!binary aGVsbG8=",
    "python_tag": "!!python/object/apply:os.system ['echo pwned']",
    "set": "!!set {a, b}",
    "omap": "!!omap [a: 1, b: 2]",
    "custom_tag": "!custom 1",
    "nul_escape": '"a\\0b"',
    "control": '"a\\x01\\x7f\\x85b"',
    "bidi": '"\\u202e项目\\u200b名称"',
    "surrogate": '"\\ud800"',
    "template_syntax": '"数据中台{{二期}}"',
    "jinja_include": "\"{% include '/etc/passwd' %}\"",
    "jinja_loop": '"{% for i in range(999999999) %}x{% endfor %}"',
    "format_attr": '"{item.__class__.__mro__}"',
    "format_spec": '"{x:>999999999}"',
    "long_text": "\"" + "长" * 20000 + "\"",
    "emoji": '"🏛️👨‍👩‍👧‍👦"',
    "fullwidth_num": '"１２３"',
    "path_escape": "../../outside/secret.docx",
    "path_abs": "/etc/passwd",
}

ATTACHMENT_PATHS = {
    "absolute": "/etc/passwd",
    "dotdot": "../outside/secret.docx",
    "deep_dotdot": "../../../../../../etc/passwd",
    "nul": '"attachments/a\\0b.docx"',
    "long_name": "attachments/" + "长" * 300 + ".docx",
    "long_ascii": "attachments/" + "a" * 300 + ".pdf",
    "home": "~/secret.docx",
    "windows": '"C:\\\\secret.docx"',
    "folder": "attachments",
    "dot": ".",
    "empty": '""',
    "backslash": '"attachments\\\\..\\\\..\\\\outside\\\\secret.docx"',
    "url": "https://example.com/a.docx",
    "newline": '"attachments/a\\nb.docx"',
}


@lru_cache(maxsize=1)
def docx_bomb() -> bytes:
    """A small .docx whose document.xml inflates to 120 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(120):
                fh.write(chunk)
    return buf.getvalue()


def broken_docx(rng) -> bytes:
    choice = rng.choice(["empty_zip", "garbage", "truncated", "no_content_types", "xml_bomb"])
    if choice == "garbage":
        return bytes(rng.randrange(256) for _ in range(200))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if choice == "no_content_types":
            z.writestr("word/document.xml", "<w:document/>")
        elif choice == "xml_bomb":
            z.writestr("[Content_Types].xml", "<Types/>")
            lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join(
                f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]><l>&i;</l>"
            z.writestr("word/document.xml", lol)
        elif choice == "truncated":
            z.writestr("[Content_Types].xml", "<Types/>" * 100)
    data = buf.getvalue()
    return data[: len(data) // 2] if choice == "truncated" else data


# --------------------------------------------------------------------------- text mutations


def _read(p: Path) -> bytes:
    return p.read_bytes()


def _pick_record(rng, case: Case) -> Path | None:
    files = case.record_files()
    return rng.choice(files) if files else None


def m_bytes(rng, case):
    p = _pick_record(rng, case)
    if p is None:
        return "bytes: no record"
    data = bytearray(_read(p))
    how = rng.choice(["flip", "insert", "truncate", "control", "invalid_utf8", "nul"])
    pos = rng.randrange(len(data) + 1)
    if how == "flip" and data:
        pos = min(pos, len(data) - 1)
        data[pos] ^= 1 << rng.randrange(8)
    elif how == "insert":
        data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    elif how == "truncate":
        del data[pos:]
    elif how == "control":
        data[pos:pos] = rng.choice(["\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ufeff", "\x0c"]).encode()
    elif how == "invalid_utf8":
        data[pos:pos] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe4\xb8"])
    else:
        data[pos:pos] = b"\x00"
    p.write_bytes(bytes(data))
    return f"bytes:{how}@{pos} {p.name}"


def m_line_endings(rng, case):
    p = _pick_record(rng, case)
    if p is None:
        return "eol: no record"
    text = _read(p)
    how = rng.choice(["crlf", "cr", "bom", "bom_crlf", "tabs", "mixed"])
    if how == "crlf":
        text = text.replace(b"\n", b"\r\n")
    elif how == "cr":
        text = text.replace(b"\n", b"\r")
    elif how == "bom":
        text = b"\xef\xbb\xbf" + text
    elif how == "bom_crlf":
        text = b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n")
    elif how == "tabs":
        text = text.replace(b"\n  ", b"\n\t", rng.randint(1, 5))
    else:
        lines = text.split(b"\n")
        text = b"".join(ln + (b"\r\n" if rng.random() < 0.5 else b"\n") for ln in lines)
    p.write_bytes(text)
    return f"eol:{how} {p.name}"


def m_yaml_feature(rng, case):
    p = _pick_record(rng, case)
    if p is None:
        return "feature: no record"
    text = _read(p).decode("utf-8", "replace")
    how = rng.choice(["doc_start", "directive", "multi_doc", "anchor_bomb", "merge", "complex_key", "deep",
                      "duplicate_key", "tab_comment", "flow", "python_tag", "alias_undefined", "only_comment",
                      "empty", "scalar_doc", "list_doc", "long_line", "unicode_escape", "dup_top"])
    first_key = re.search(r"^([A-Za-z_][\w-]*):", text, re.M)
    key = first_key.group(1) if first_key else "name"
    if how == "doc_start":
        text = "---\n" + text
    elif how == "directive":
        text = "%YAML 1.2\n---\n" + text
    elif how == "multi_doc":
        text = text + "\n---\nextra: 1\n"
    elif how == "anchor_bomb":
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
        for i in range(1, 9):
            lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
        text = text + "\n" + "\n".join(lines) + "\n"
    elif how == "merge":
        text = text + "\nbase: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n"
    elif how == "complex_key":
        text = text + "\n? [a, b]\n: 1\n"
    elif how == "deep":
        n = rng.choice([150, 250, 1200, 5000])
        text = text + "\ndeep: " + "[" * n + "]" * n + "\n"
    elif how == "duplicate_key":
        m = re.search(r"^(\s+)(\w+):.*$", text, re.M)
        if m:
            text = text[: m.end()] + "\n" + m.group(0) + text[m.end():]
        else:
            text = text + f"\n{key}: 1\n"
    elif how == "dup_top":
        text = text + f"\n{key}: 重复\n"
    elif how == "tab_comment":
        text = re.sub(r"^(\w+):\s*$", lambda mm: mm.group(1) + ":\t# 注释", text, count=1, flags=re.M)
    elif how == "flow":
        try:
            data = load(text)
            text = dump(data, default_flow_style=True, allow_unicode=True, width=rng.choice([20, 80, 100000]))
        except Exception:  # noqa: BLE001 - an earlier mutation broke it: keep the text
            pass
    elif how == "python_tag":
        text = text + "\nexploit: !!python/object/apply:os.system ['touch /tmp/govproj-fuzz-pwned']\n"
    elif how == "alias_undefined":
        text = text + "\nref: *nowhere\n"
    elif how == "only_comment":
        text = "# 只有注释\n"
    elif how == "empty":
        text = ""
    elif how == "scalar_doc":
        text = "只是一段文字\n"
    elif how == "list_doc":
        text = "- a\n- b\n"
    elif how == "long_line":
        text = text + "\nnote: " + "很长" * rng.choice([3000, 50000]) + "\n"
    elif how == "unicode_escape":
        text = text + '\nescaped: "\\u4e2d\\u6587\\U0001F600\\x41"\n'
    p.write_text(text, encoding="utf-8")
    return f"feature:{how} {p.name}"


def _leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
        if not data and path:
            yield path
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
        if not data and path:
            yield path
    elif path:
        yield path


def _set_path(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def m_value(rng, case):
    """Replace one value (or key) of a record with a hostile one."""
    p = _pick_record(rng, case)
    if p is None:
        return "value: no record"
    try:
        data = load(p.read_bytes())
    except Exception:  # noqa: BLE001
        return f"value: {p.name} not YAML any more"
    if not isinstance(data, (dict, list)):
        return f"value: {p.name} not a mapping"
    leaves = list(_leaves(data))
    if not leaves:
        return "value: no leaves"
    path = rng.choice(leaves)
    name, raw = rng.choice(sorted(RAW.items()))
    how = rng.choice(["replace", "replace", "replace", "rename_key", "delete", "wrap_list"])
    marker = "FUZZ_RAW_VALUE_7f3a"
    if how == "rename_key" and isinstance(path[-1], str):
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1] + rng.choice(["_x", "Ｘ", " "])] = parent.pop(path[-1])
    elif how == "delete":
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and parent:
            parent.pop(path[-1])
    elif how == "wrap_list":
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = [parent[path[-1]]]
    else:
        _set_path(data, path, marker)
    text = dump(data, allow_unicode=True, sort_keys=False, width=100000)
    text = text.replace(marker, raw)
    p.write_text(text, encoding="utf-8")
    return f"value:{how} {p.name} {'.'.join(map(str, path))} = {name}"


def m_many_events(rng, case):
    p = case.dossier / "events.yaml"
    n = rng.choice([2000, 20000])
    lines = ["events:"]
    for i in range(n):  # valid events but for one in a thousand: the cost of many events, not of many errors
        lines.append(f"  - type: {'meeting' if i % 1000 == 999 else rng.choice(['payment', 'supervisor_engaged', 'tech_review_issued'])}")
        lines.append(f"    date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}")
        lines.append(f"    note: 第{i}条")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"size:events×{n}"


def m_big_file(rng, case):
    p = _pick_record(rng, case)
    if p is None:
        return "size: no record"
    size = rng.choice([5 * 1024 * 1024 + 1, 4 * 1024 * 1024])
    with p.open("ab") as fh:
        fh.write(b"\n# " + b"x" * (size - p.stat().st_size) + b"\n")
    return f"size:{size} {p.name}"


# --------------------------------------------------------------------------- attachments and the file system


def _documents(case):
    p = case.dossier / "documents.yaml"
    try:
        data = load(p.read_bytes()) if p.is_file() and not p.is_symlink() else None
    except Exception:  # noqa: BLE001
        data = None
    return p, data


def _set_attachment(rng, case, value_text: str) -> str | None:
    p, data = _documents(case)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list) or not data["documents"]:
        return None
    docs = [d for d in data["documents"] if isinstance(d, dict)]
    if not docs:
        return None
    doc = rng.choice(docs)
    marker = "FUZZ_ATTACHMENT_7f3a"
    doc["file"] = marker
    if rng.random() < 0.7:
        doc.pop("sections", None)  # so that the chapters rule reads the file
    text = dump(data, allow_unicode=True, sort_keys=False, width=100000).replace(marker, value_text)
    p.write_text(text, encoding="utf-8")
    return doc.get("type")


def m_attachment_path(rng, case):
    name, value = rng.choice(sorted(ATTACHMENT_PATHS.items()))
    t = _set_attachment(rng, case, value)
    return f"attachment:{name} ({t})"


def _clear(path: Path) -> None:
    """Remove whatever is at ``path`` (file, FIFO, link, folder), never following a link."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def m_attachment_file(rng, case):
    """A hostile file inside attachments/: symlink out, docx bomb, broken docx, FIFO, unreadable."""
    att = case.dossier / "attachments"
    att.mkdir(exist_ok=True)
    how = rng.choice(["symlink_out", "symlink_dir_out", "bomb", "broken", "fifo", "empty", "dir_named_docx",
                      "dangling", "self_loop", "unreadable"])
    name = rng.choice(["fuzz.docx", "fuzz.pdf", "测试 附件.docx"])
    target = att / name
    _clear(target)  # an earlier mutation of this case may have made it a FIFO (writing would block) or a folder
    if how == "symlink_dir_out":
        _clear(att / "sub")
    if how == "symlink_out":
        target.symlink_to(case.outside / "secret.docx")
    elif how == "symlink_dir_out":
        (att / "sub").symlink_to(case.outside, target_is_directory=True)
        target = att / "sub" / "secret.docx"
        name = "sub/secret.docx"
    elif how == "bomb":
        target.write_bytes(docx_bomb())
    elif how == "broken":
        target.write_bytes(broken_docx(rng))
    elif how == "fifo":
        os.mkfifo(target)
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "dir_named_docx":
        target.mkdir()
    elif how == "dangling":
        target.symlink_to(case.work / "nowhere.docx")
    elif how == "self_loop":
        target.symlink_to(target)
    elif how == "unreadable":
        target.write_bytes((case.outside / "secret.docx").read_bytes())
        target.chmod(0)
        case.chmodded.append(target)
    t = _set_attachment(rng, case, f'"attachments/{name}"')
    return f"attachment_file:{how} {name} ({t})"


def m_symlink_record(rng, case):
    how = rng.choice(["record_out", "out_dir", "changes_dir", "progress_dir", "out_file"])
    if how == "record_out":
        name = rng.choice(["budget.yaml", "events.yaml", "documents.yaml", "security.yaml"])
        p = case.dossier / name
        if p.exists():
            p.unlink()
        p.symlink_to(case.outside / "secret.yaml")
    elif how == "out_dir":
        out = case.dossier / "out"
        if not out.exists():
            out.symlink_to(case.outside / "outdir", target_is_directory=True)
    elif how in ("changes_dir", "progress_dir"):
        d = case.dossier / how.split("_")[0]
        if d.exists() and not d.is_symlink():
            for f in d.iterdir():
                (case.outside / "outdir" / f.name).write_bytes(f.read_bytes())
                f.unlink()
            d.rmdir()
        if not d.exists():
            d.symlink_to(case.outside / "outdir", target_is_directory=True)
    elif how == "out_file":
        out = case.dossier / "out"
        out.mkdir(exist_ok=True)
        for form in ("acceptance_application", "change_request", "jj_declaration_form", "project_declaration"):
            (out / f"{form}.docx").symlink_to(case.outside / "secret.docx")
    return f"symlink:{how}"


def m_permissions(rng, case):
    how = rng.choice(["record", "attachments", "dossier_readonly", "out_readonly", "changes_unreadable",
                      "budget_readonly_dir"])
    if how == "record":
        p = _pick_record(rng, case)
        if p is None:
            return "perm: no record"
        p.chmod(0)
        case.chmodded.append(p)
        return f"perm:000 {p.name}"
    if how == "attachments":
        d = case.dossier / "attachments"
        if d.is_dir():
            d.chmod(0)
            case.chmodded.append(d)
    elif how == "dossier_readonly" or how == "budget_readonly_dir":
        case.dossier.chmod(0o555)
        case.chmodded.append(case.dossier)
    elif how == "out_readonly":
        out = case.dossier / "out"
        out.mkdir(exist_ok=True)
        out.chmod(0o555)
        case.chmodded.append(out)
    elif how == "changes_unreadable":
        d = case.dossier / "changes"
        if d.is_dir():
            d.chmod(0)
            case.chmodded.append(d)
    return f"perm:{how}"


# --------------------------------------------------------------------------- git


def git(case: Case, *args: str, cwd: Path | None = None) -> None:
    env = dict(os.environ, **GIT_ENV)
    subprocess.run(["git", *args], cwd=cwd or case.dossier, env=env, check=False, capture_output=True, timeout=60)


def m_git(rng, case):
    """Put the dossier in a git repository: committed, with a baseline, with hostile config."""
    how = rng.choice(["committed", "baseline", "hooks", "fsmonitor", "gitfile_bare", "no_git_on_path",
                      "staged_cr", "detached", "baseline_changed"])
    git(case, "init", "-q")
    git(case, "add", "-A")
    git(case, "commit", "-q", "-m", "档案", "--no-verify")
    case.git = True
    if how in ("baseline", "staged_cr", "baseline_changed"):
        from govproj import gitutil
        from govproj.lifecycle.baseline import record

        gitutil.forget_cache()
        try:
            record(case.dossier)
        except Exception as exc:  # noqa: BLE001 - reported by the runner as a setup note
            case.notes.append(f"baseline setup: {exc}")
        gitutil.forget_cache()
        if how == "baseline_changed":
            b = case.dossier / "budget.yaml"
            if b.is_file():
                b.write_text(re.sub(r"amount: (\d+)", lambda m: f"amount: {int(m.group(1)) + 7}", b.read_text("utf-8"), count=1), "utf-8")
        if how == "staged_cr":
            d = case.dossier / "changes"
            d.mkdir(exist_ok=True)
            (d / "CR-900.yaml").write_text("id: CR-900\ntitle: 暂存\ndate: 2026-01-01\nstatus: draft\n", "utf-8")
            git(case, "add", "changes/CR-900.yaml")
    elif how in ("hooks", "fsmonitor"):
        # next to the dossier, not in outside/: a commit runs the hooks by design (gitutil.commit)
        case.sentinel = case.work / "HOOK_RAN"
        script = case.work / "hook.sh"
        script.write_text(f"#!/bin/sh\ntouch '{case.sentinel}'\n")
        script.chmod(0o755)
        if how == "hooks":
            hooks = case.dossier / ".git" / "hooks"
            for name in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc"):
                (hooks / name).write_text(script.read_text())
                (hooks / name).chmod(0o755)
        else:
            git(case, "config", "core.fsmonitor", str(script))
    elif how == "gitfile_bare":
        bare = case.work / "bare.git"  # the repository (git's own folder), not a file of outside/
        git(case, "init", "-q", "--bare", str(bare), cwd=case.work)
        import shutil

        shutil.rmtree(case.dossier / ".git")
        (case.dossier / ".git").write_text(f"gitdir: {bare}\n")
    elif how == "no_git_on_path":
        case.env["PATH"] = str(case.work / "empty-bin")
    elif how == "detached":
        git(case, "checkout", "-q", "--detach")
    return f"git:{how}"


# --------------------------------------------------------------------------- options and environment


def m_as_of(rng, case):
    day = rng.choice(["0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31", "1970-01-01", "2026-02-29", "2024-02-29",
                      "99999-01-01", "2026-13-01", "昨天"])
    case.args += ["--as-of", day]
    if rng.random() < 0.5:
        case.args += ["--chart-if-estimate"]
    return f"as_of:{day}"


def m_output(rng, case):
    how = rng.choice(["directory", "missing_dir", "readonly_dir", "dev_full", "outside_symlink", "fifo"])
    if how == "directory":
        target = case.work / "a-directory"
        target.mkdir()
    elif how == "missing_dir":
        target = case.work / "no" / "such" / "dir" / "report.txt"
    elif how == "readonly_dir":
        d = case.work / "ro"
        d.mkdir()
        d.chmod(0o555)
        case.chmodded.append(d)
        target = d / "report.txt"
    elif how == "dev_full":
        target = Path("/dev/full")
    elif how == "fifo":
        target = case.work / "report.fifo"
        os.mkfifo(target)
    else:
        target = case.dossier / "report-link.txt"
        target.symlink_to(case.outside / "secret.txt")
    case.args += ["--output-target", str(target)]
    return f"output:{how}"


def m_rulepack(rng, case):
    how = rng.choice(["dev_zero", "fifo", "directory", "huge", "missing", "env_fifo", "env_dev", "bad_template",
                      "format_attr", "format_spec", "not_yaml"])
    if how == "dev_zero":
        case.args += ["--rulepack-file", "/dev/zero"]
    elif how == "fifo":
        f = case.work / "pack.yaml"
        os.mkfifo(f)
        case.args += ["--rulepack-file", str(f)]
    elif how == "directory":
        case.args += ["--rulepack-file", str(case.work)]
    elif how == "huge":
        f = case.work / "huge.yaml"
        f.write_bytes(b"# " + b"x" * (6 * 1024 * 1024))
        case.args += ["--rulepack-file", str(f)]
    elif how == "missing":
        case.args += ["--rulepack-file", str(case.work / "missing.yaml")]
    elif how in ("env_fifo", "env_dev"):
        d = case.work / "packs"
        d.mkdir()
        if how == "env_fifo":
            os.mkfifo(d / "jiujiang-2024.yaml")
        else:
            (d / "county-2023.yaml").symlink_to("/dev/zero")
        case.env["GOVPROJ_RULEPACKS"] = str(d)
    elif how == "not_yaml":
        f = case.work / "pack.yaml"
        f.write_bytes(b"\xff\xfe\x00garbage: [")
        case.args += ["--rulepack-file", str(f)]
    else:
        from govproj.rules.rulepack import BUILTIN_DIR

        text = (BUILTIN_DIR / "county-2023.yaml").read_text("utf-8")
        bad = {"bad_template": "{missing} {", "format_attr": "{missing.__class__.__init__.__globals__}",
               "format_spec": "{missing:>999999999999}"}[how]
        text = re.sub(r"^(\s+message: ).*$", lambda m: m.group(1) + repr(bad).replace("'", '"'), text, count=3, flags=re.M)
        f = case.work / "county-2023.yaml"
        f.write_text(text, "utf-8")
        case.args += ["--rulepack-file", str(f)]
    return f"rulepack:{how}"


def m_dossier_name(rng, case):
    """Rename the dossier folder: spaces, unicode, a leading dash-free odd name."""
    name = rng.choice(["带 空格 的档案", "tab\there", "引号'\"档案", "semi;colon", "星号*档案", "a" * 200, "项目~1", "[方括号]"])
    new = case.work / name
    case.dossier.rename(new)
    case.dossier = new
    return f"name:{name!r}"


@lru_cache(maxsize=None)
def _user_templates(how: str, body: str) -> dict[str, bytes]:
    """The built-in templates with ``body`` added to each (built once per worker, not per case)."""
    from govproj.render import TEMPLATE_DIR

    out = {}
    for tpl in sorted(TEMPLATE_DIR.glob("*.docx")):
        if how in ("not_zip", "fifo"):
            out[tpl.name] = b"not a zip"
            continue
        buf = io.BytesIO()
        with zipfile.ZipFile(tpl) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "word/document.xml":
                    data = data.replace(b"</w:body>", f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body>".encode(), 1)
                z.writestr(info, data)
        out[tpl.name] = buf.getvalue()
    return out


def m_templates(rng, case):
    """A user template folder whose templates misbehave."""
    how = rng.choice(["include", "import", "zero_div", "loop", "big_output", "syntax", "attr", "not_zip", "fifo"])
    d = case.work / "templates"
    d.mkdir()
    body = {"include": "{% include '/etc/passwd' %}", "import": "{% import '/etc/passwd' as p %}{{ p }}",
            "zero_div": "{{ 1 / 0 }}", "loop": "{% for i in range(100000000) %}{% endfor %}",
            "big_output": "{{ 'x' * 1000000000 }}", "syntax": "{% if %}", "attr": "{{ ''.__class__.__mro__ }}",
            "not_zip": "", "fifo": ""}[how]
    for name, data in _user_templates(how, body).items():
        target = d / name
        if how == "fifo":
            os.mkfifo(target)
        else:
            target.write_bytes(data)
    case.args += ["--templates-dir", str(d)]
    return f"templates:{how}"


MUTATORS = [  # (weight, mutator)
    (14, m_value), (8, m_bytes), (5, m_line_endings), (9, m_yaml_feature), (1, m_many_events), (1, m_big_file),
    (8, m_attachment_path), (6, m_attachment_file), (3, m_symlink_record), (3, m_permissions), (6, m_git),
    (4, m_as_of), (2, m_output), (2, m_rulepack), (2, m_dossier_name), (1, m_templates),
]


def restore_permissions(case: Case) -> None:
    for p in reversed(case.chmodded):
        try:
            if p.is_dir() and not p.is_symlink():
                p.chmod(stat.S_IRWXU)
            elif not p.is_symlink():
                p.chmod(0o600)
        except OSError:
            pass
