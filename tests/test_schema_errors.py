"""Break one field of every schema property type in every file of the sample dossier:
each break is reported with the right file, line, column, JSON path and a Chinese message."""

from __future__ import annotations

import re

import pytest

from govproj.check import check_dossier
from govproj.dossier import schema
from govproj.dossier.layout import SINGLE_FILES, dossier_files
from govproj.dossier.yamlread import read_yaml
from tests.conftest import SAMPLE, SAMPLE_AS_OF

# a wrong value for each kind of field, and a word the message must contain
BREAKS = {
    "amount": ('"二十万"', "应为不小于 0、不大于 10000000 的数字"),
    "number": ('"很多"', "数字"),
    "integer": ("1.5", "整数"),
    "string": ("[1, 2]", "应为文本"),
    "boolean": ("是", "布尔值（true 或 false）"),
    "date": ("2026-02-30", "有效的日期"),
    "enum": ("no_such_value", "应为以下取值之一"),
    "array": ('"一项"', "应为列表"),
    "object": ('"一段文字"', "应为映射"),
}


def _kind(raw: dict) -> str | None:
    if raw.get("$ref", "").endswith("/$defs/amount"):
        return "amount"
    sub = schema._resolve(raw)
    if "enum" in sub:
        return "enum"
    t = sub.get("type")
    if t == "string" and sub.get("format") == "date":
        return "date"
    return t if t in BREAKS else None


def _node_at(root, path):
    from yaml.nodes import MappingNode, SequenceNode

    node = root
    for step in path:
        if isinstance(node, MappingNode):
            node = next(v for k, v in node.value if k.value == step)
        elif isinstance(node, SequenceNode):
            node = node.value[step]
    return node


def _cases():
    cases = []
    seen = set()
    for rel, kind in dossier_files(SAMPLE):
        doc = read_yaml((SAMPLE / rel).read_bytes())
        leaves = schema.walk_values(kind.schema, doc.data, lambda sub: True)
        for path, _value, sub in leaves:
            if not path:
                continue
            k = _kind(sub)
            if k is None or (kind.schema, k) in seen:
                continue
            seen.add((kind.schema, k))
            cases.append(pytest.param(rel, path, k, id=f"{rel}:{schema.json_path(path)}:{k}"))
    return cases


@pytest.mark.parametrize("rel,path,kind", _cases())
def test_breaking_a_field_is_reported_exactly(sample, rel, path, kind):
    text = (sample / rel).read_text(encoding="utf-8")
    doc = read_yaml(text.encode("utf-8"))
    node = _node_at(doc.root, path)
    bad, word = BREAKS[kind]
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln))
    start = offsets[node.start_mark.line] + node.start_mark.column
    if node.end_mark.line == node.start_mark.line:
        new = text[:start] + bad + text[offsets[node.end_mark.line] + node.end_mark.column:]
    else:  # a block collection: replace its lines, keep the line where the next token starts
        new = text[:start] + bad + "\n" + text[offsets[node.end_mark.line]:]
    (sample / rel).write_text(new, encoding="utf-8")

    result = check_dossier(sample, SAMPLE_AS_OF)
    hits = [f for f in result.findings if f.rule == "GP-SCHEMA" and f.file == rel and f.path == schema.json_path(path)]
    assert hits, [(f.rule, f.file, f.path, f.message) for f in result.findings]
    f = hits[0]
    assert (f.line, f.column) == (node.start_mark.line + 1, node.start_mark.column + 1)
    assert word in f.message, f.message
    assert re.search(r"[\u4e00-\u9fff]", f.message) and f.hint
    assert f.message.startswith(schema.json_path(path))
    assert result.summary["error"] >= 1 and not result.unreadable


def test_every_file_and_every_type_is_covered():
    ids = {p.id for p in _cases()}
    files = {i.split(":")[0] for i in ids}
    assert {"project.yaml", "budget.yaml", "events.yaml", "documents.yaml"} <= files
    kinds = {i.rsplit(":", 1)[1] for i in ids}
    assert set(BREAKS) <= kinds


def test_missing_required_field_points_at_its_parent(sample):
    text = (sample / "project.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^owner_unit:.*\n", "", text)
    (sample / "project.yaml").write_text(text, encoding="utf-8")
    result = check_dossier(sample, SAMPLE_AS_OF)
    [f] = [f for f in result.findings if f.rule == "GP-SCHEMA"]
    assert f.message.startswith("缺少必填字段 owner_unit（建设单位")
    assert f.file == "project.yaml" and f.line is not None


def test_unknown_field_points_at_the_key_and_suggests(sample):
    with open(sample / "project.yaml", "a", encoding="utf-8") as fh:
        fh.write("totl_investment: 1\n")
    result = check_dossier(sample, SAMPLE_AS_OF)
    [f] = [f for f in result.findings if f.rule == "GP-SCHEMA"]
    n = len((sample / "project.yaml").read_text(encoding="utf-8").splitlines())
    assert f.message == "未知字段 totl_investment" and (f.line, f.column) == (n, 1)
    assert "total_investment" in f.hint


def test_all_problems_at_once(sample):
    for rel, bad in (("budget.yaml", "items: 一\n"), ("events.yaml", "events: [{type: nope, date: 2026-13-01}]\n")):
        (sample / rel).write_text(bad, encoding="utf-8")
    result = check_dossier(sample, SAMPLE_AS_OF)
    files = {f.file for f in result.findings if f.rule == "GP-SCHEMA"}
    assert {"budget.yaml", "events.yaml"} <= files
    assert len([f for f in result.findings if f.file == "events.yaml"]) >= 2


def test_known_files_have_schemas():
    for kind in SINGLE_FILES.values():
        assert schema.load_schema(kind.schema)["title"]
