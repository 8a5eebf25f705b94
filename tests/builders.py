"""Small dossiers written from Python data, for tests that need a precise situation."""

from __future__ import annotations

from pathlib import Path


from tests import yamlio

BASE_PROJECT = {
    "regulation": "jiujiang-2024",
    "name": "测试项目",
    "owner_unit": "九江市测试局",
    "level": "city",
    "category": "other",
    "kind": "construction",
    "nature": "upgrade",
    "classified": False,
    "total_investment": 100,
}


def write_dossier(root: Path, project: dict | None = None, files: dict | None = None) -> Path:
    """Write project.yaml (BASE_PROJECT updated with ``project``) and ``files`` — a mapping of
    relative file name to data (dumped as YAML) or to text (written as is, e.g. broken YAML)."""
    root.mkdir(parents=True, exist_ok=True)
    data = dict(BASE_PROJECT)
    data.update(project or {})
    (root / "project.yaml").write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            text = content if isinstance(content, str) else yamlio.safe_dump(content, allow_unicode=True, sort_keys=False)
            path.write_text(text, encoding="utf-8")
    return root
