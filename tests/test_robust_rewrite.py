"""Nothing lost on rewrite: after ``estimate --write`` (yamlwrite.set_block) the diff shows only
the lines of the ``estimate:`` block — over a corpus of hand-written YAML styles."""

from __future__ import annotations

import difflib
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from govproj.yamlwrite import YamlWriteError, set_block

BASE = "items:\n  - category: software_dev\n    item: 子系统\n    amount: 64.8\n    basis: 功能点法\n"
VALUES = {"date": date(2026, 11, 22), "regulation": "jiujiang-2024", "route": "standard",
          "function_points": Decimal("812.50"), "software_cost": Decimal("64.8000")}
OWNED = ("date", "regulation", "route", "above_limit", "function_points", "person_months", "software_cost")

CORPUS = {
    "crlf": BASE.replace("\n", "\r\n"),
    "bom": "\ufeff# 投资与资金\n" + BASE,
    "doc_start": "---\n" + BASE,
    "directive": "%YAML 1.1\n---\n" + BASE,
    "comments_everywhere": "# 头注释\nitems: # 明细\n  # 行前\n  - category: software_dev  # 类别\n    item: 子系统 # 名称\n"
                           "    amount: 64.8    # 金额\n# 结尾注释\n",
    "anchors": "defaults: &d other\nitems:\n  - category: *d\n    item: 其他\n    amount: &amt 1.5\nnote: *amt\n",
    "flow_spacing": "items: [ {category: software_dev,  item: 子系统 , amount: 64.8} ]\nfunding:   {  source: city_fiscal }\n",
    "long_line": BASE + "note: " + "很长的说明" * 2000 + "\n",
    "escapes": BASE + 'escaped: "\\u4e2d\\u6587\\t\\x41"\nsingle: \'it\'\'s\'\n',
    "tilde_and_empty": BASE + "a: ~\nb:\nc: null\nd: ''\n",
    "tab_comment": "items:\t# 明细\n  - category: software_dev\n    item: 子系统\n    amount: 64.8\n",
    "no_final_newline": BASE.rstrip("\n"),
    "four_space_indent": "items:\n    - category: software_dev\n      item: 子系统\n      amount: 64.8\nmeta:\n    owner: 某局\n",
    "block_scalars": BASE + "description: |\n  第一行\n  第二行\nfolded: >-\n  折叠\n  文字\n",
    "existing_block": BASE + "estimate:   # 由 govproj 写入\n  # 请勿删除\n  date: 2026-01-01\n  regulation: jiujiang-2024 # 办法\n"
                              "  above_limit: true\n  custom: 保留\n# 请勿删除：以下为人工备注\nafter: 1\n",
    "existing_flow_block": BASE + "estimate: {date: 2026-01-01, regulation: jiujiang-2024}\nafter: 1\n",
    "existing_empty": BASE + "estimate: ~   # 待估算\nafter: 1\n",
    "existing_crlf_bom": "\ufeff" + (BASE + "estimate:\n  date: 2026-01-01\n  software_cost: 1\n").replace("\n", "\r\n"),
    "quotes": "items:\n  - category: \"software_dev\"\n    item: '子系统'\n    amount: 64.8\nkey with spaces: 1\n",
}


def _block_lines(text: str) -> set[int]:
    """Line numbers (0-based) of the top-level estimate: block (its head and indented body)."""
    lines = text.splitlines()
    out: set[int] = set()
    inside = False
    for i, ln in enumerate(lines):
        if re.match(r"^estimate\s*:", ln.lstrip("\ufeff")):
            inside = True
            out.add(i)
            continue
        if inside and ln and not ln[0].isspace() and not ln.startswith("#"):
            inside = False
        if inside and (not ln.strip() or ln[0].isspace()):
            out.add(i)
    return out


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_only_the_estimate_lines_change(tmp_path, name):
    p = tmp_path / "budget.yaml"
    original = CORPUS[name].encode("utf-8")
    p.write_bytes(original)
    assert set_block(p, "estimate", VALUES, OWNED)
    new = p.read_bytes()
    old_text, new_text = original.decode("utf-8"), new.decode("utf-8")
    assert new.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    if "\r\n" in old_text:
        assert new_text.count("\r\n") == new_text.count("\n"), "line endings kept"
    allowed = _block_lines(old_text)
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(i1, i2)) <= allowed, (name, old_lines[i1:i2])
    for keep in ("# 请勿删除", "custom: 保留", "after: 1", "很长的说明" * 50, "\\u4e2d", "~", "&d", "*amt", "  # 行前"):
        if keep in old_text and not (keep == "~" and name == "existing_empty"):
            assert keep in new_text, (name, keep)
    # a second write with the same values changes nothing
    assert not set_block(p, "estimate", VALUES, OWNED)
    assert p.read_bytes() == new


def test_reads_back_the_values(tmp_path):
    from govproj.dossier.yamlread import read_yaml

    p = tmp_path / "budget.yaml"
    p.write_text(CORPUS["existing_block"], "utf-8")
    set_block(p, "estimate", VALUES, OWNED)
    data = read_yaml(p.read_bytes()).data
    assert data["estimate"]["date"] == date(2026, 11, 22)
    assert data["estimate"]["function_points"] == Decimal("812.50")
    assert data["estimate"]["custom"] == "保留" and "above_limit" not in data["estimate"]


@pytest.mark.parametrize("text,says", [
    ("items:\n  - item: a\n    item: b\n    amount: 1\n", "重复"),
    ("items: [\n", "未写入"),
    (BASE + "estimate:\n  date: 2026-01-01\n---\nsecond: 1\n", "另一个 YAML 文档"),
])
def test_refuses_before_writing(tmp_path, text, says):
    p = tmp_path / "budget.yaml"
    p.write_text(text, "utf-8")
    with pytest.raises(YamlWriteError) as exc:
        set_block(p, "estimate", VALUES, OWNED)
    assert says in str(exc.value) or "第" in str(exc.value)
    assert p.read_text("utf-8") == text
    assert not list(tmp_path.glob(".*.tmp"))


def test_git_diff_after_estimate_write_shows_added_lines_only(sample, cli):
    env = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    import os

    e = dict(os.environ, **env)
    b = sample / "budget.yaml"
    b.write_bytes(b.read_bytes().replace(b"\n", b"\r\n"))  # CRLF, as written on Windows
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "档案"]):
        subprocess.run(["git", *args], cwd=sample, env=e, check=True)
    code, out, err = cli("estimate", str(sample), "--as-of", "2026-11-22", "--write")
    assert code == 0, err
    diff = subprocess.run(["git", "diff", "--no-color", "-U0", "--", "budget.yaml"], cwd=sample, capture_output=True,
                          check=True).stdout.decode("utf-8")
    changed = [ln for ln in diff.split("\n") if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))]
    assert changed and all(ln.startswith("+") for ln in changed), changed
    assert all(ln.endswith("\r") for ln in changed)




def test_rewrite_compatibility_goes_through_set_block(tmp_path):
    from govproj.yamlwrite import rewrite

    p = tmp_path / "budget.yaml"
    p.write_text(CORPUS["existing_block"].replace("\n", "\r\n"), "utf-8")

    def change(data):
        data["estimate"] = {"date": date(2026, 11, 22), "regulation": "jiujiang-2024", "custom": "保留"}

    assert rewrite(p, change)
    text = p.read_bytes().decode("utf-8")
    assert "# 请勿删除" in text and "above_limit" not in text and "\r\n" in text and "date: 2026-11-22" in text
