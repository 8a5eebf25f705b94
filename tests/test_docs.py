"""Generated documentation is current, and the catalog id list matches the catalog."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT


def test_regulations_doc_is_current():
    from tools.gen_regulation_docs import render

    current = (ROOT / "docs" / "regulations.md").read_text(encoding="utf-8")
    assert current == render(), "docs/regulations.md 已过期：运行 python tools/gen_regulation_docs.py"


def test_regulations_doc_accounts_for_every_catalog_id():
    text = (ROOT / "docs" / "regulations.md").read_text(encoding="utf-8")
    from tools.gen_regulation_docs import catalog_ids

    for i in catalog_ids():
        assert f"`{i}`" in text, i
    assert "| 缺失 |" not in text


def test_dossier_doc_is_current():
    import subprocess
    import sys

    p = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_dossier_docs.py"), "--check"], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_catalog_id_list_matches_the_catalog():
    catalog = ROOT.parent / "shared" / "notes" / "rules-catalog.md"
    if not catalog.exists():
        pytest.skip("shared/notes/rules-catalog.md 不在旁边（只在开发机与 CI 上有）")
    text = catalog.read_text(encoding="utf-8")
    ids = []
    for m in re.finditer(r"(?m)^\| ((?:CTY|JJQ|JJ|ZY|DLT)-[A-Za-z0-9.\-]+) \|", text):
        if "META" not in m.group(1) and m.group(1) not in ids:
            ids.append(m.group(1))
    from tools.gen_regulation_docs import catalog_ids

    assert catalog_ids() == ids
