"""The safe YAML reader: exact values, positions, and a clear answer for hostile input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from govproj.dossier.yamlread import MAX_FILE_BYTES, YamlReadError, read_yaml


def read(text: str):
    return read_yaml(text.encode("utf-8"))


def test_values_follow_yaml_1_2_with_exact_decimals_and_dates():
    doc = read("a: 480.1\nb: 480\nc: 2026-11-22\nd: '2026-11-22'\ne: yes\nf: true\ng: ~\nh: 0.1\ni: '13800138000'\nj: 1e3\n")
    d = doc.data
    assert d["a"] == Decimal("480.1") and isinstance(d["a"], Decimal)
    assert d["b"] == 480 and isinstance(d["b"], int)
    assert d["c"] == date(2026, 11, 22)
    assert d["d"] == "2026-11-22"
    assert d["e"] == "yes"  # YAML 1.2: not a boolean
    assert d["f"] is True and d["g"] is None
    assert d["h"] + d["h"] + d["h"] == Decimal("0.3")  # no float drift
    assert d["i"] == "13800138000" and d["j"] == Decimal("1E+3")


def test_impossible_date_stays_text_for_the_schema_to_report():
    assert read("d: 2026-02-30\n").data["d"] == "2026-02-30"


def test_locate_value_and_list_items():
    doc = read("items:\n  - name: a\n    amount: 1\n  - name: b\n    amount: 二十\n")
    assert doc.locate(("items", 1, "amount")) == (5, 13)
    assert doc.locate(("items", 1)) == (4, 5)
    assert doc.locate(("items", 7, "amount")) == (2, 3)  # nearest existing parent


@pytest.mark.parametrize(
    "text,fragment,line",
    [
        ("a: 1\nb c\nd: 2\n", "缺少冒号", 3),
        ("a:\n  - x\n - y\n", "YAML 语法错误", 3),
        ("a: [1, 2\n", "YAML 语法错误", None),
        ("a: \"x\n", "YAML 语法错误", None),
        ("a: 1\n---\nb: 2\n", "多个 YAML 文档", 2),
        ("a: b: c\n", "不能出现“键: 值”", 1),
        ("a: *nope\n", "未定义的锚点", 1),
    ],
)
def test_syntax_errors_are_chinese_with_position(text, fragment, line):
    with pytest.raises(YamlReadError) as exc:
        read(text)
    assert fragment in exc.value.message
    assert exc.value.hint
    if line is not None:
        assert exc.value.line == line


def test_tab_indentation():
    with pytest.raises(YamlReadError) as exc:
        read("a:\n\tb: 1\n")
    assert "制表符" in exc.value.message and exc.value.line == 2 and exc.value.column == 1


def test_empty_and_comment_only_files():
    for text in ("", "   \n", "# 只有注释\n\n"):
        with pytest.raises(YamlReadError) as exc:
            read(text)
        assert "文件为空" in exc.value.message


def test_not_a_mapping():
    for text, word in (("- a\n- b\n", "列表"), ("就是一句话\n", "单个值")):
        with pytest.raises(YamlReadError) as exc:
            read(text)
        assert word in exc.value.message


def test_non_utf8_bytes_name_the_position():
    raw = "a: 1\nb: 项目\n".encode("gbk")
    with pytest.raises(YamlReadError) as exc:
        read_yaml(raw)
    assert "不是 UTF-8" in exc.value.message and exc.value.line == 2 and "GBK" in exc.value.hint


def test_binary_file():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 50)
    with pytest.raises(YamlReadError) as exc:
        read_yaml(buf.getvalue())
    assert "UTF-8" in exc.value.message or "空字符" in exc.value.message


def test_bom_is_accepted():
    assert read_yaml("\ufeffa: 1\n".encode("utf-8")).data == {"a": 1}


def test_size_limit():
    with pytest.raises(YamlReadError) as exc:
        read_yaml(b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    assert "文件过大" in exc.value.message


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlReadError) as exc:
        read("\n".join(lines) + "\n")
    assert "别名炸弹" in exc.value.message


def test_small_aliases_still_work():
    assert read("a: &x {k: 1}\nb: *x\n").data == {"a": {"k": 1}, "b": {"k": 1}}


def test_deep_flow_nesting_is_refused_without_crashing():
    n = 100_000  # libyaml's composer would overflow the C stack
    with pytest.raises(YamlReadError) as exc:
        read("a: " + "[" * n + "]" * n + "\n")
    assert "嵌套层级过深" in exc.value.message


def test_moderate_nesting_is_refused_too():
    n = 500
    with pytest.raises(YamlReadError) as exc:
        read("a: " + "[" * n + "]" * n + "\n")
    assert "嵌套层级过深" in exc.value.message


def test_duplicate_keys_are_all_reported():
    doc = read("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [(p.line, p.path) for p in doc.problems] == [(3, ("a",)), (4, ("b",))]
    assert doc.data == {"a": 1, "b": 2}


def test_unsupported_tags_and_merge_keys():
    with pytest.raises(YamlReadError) as exc:
        read("a: !!python/object:os.system ls\n")
    assert "不支持的 YAML 标签" in exc.value.message
    with pytest.raises(YamlReadError) as exc:
        read("base: &b {x: 1}\nc:\n  <<: *b\n")
    assert "合并键" in exc.value.message
    assert read("a: !!str 123\n").data == {"a": "123"}


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 1200 + "]" * 1200 + "\n",  # libyaml >= 0.2.6 refuses this itself
        "a:\n" + "".join("  " * i + "-\n" for i in range(1, 1200)),  # block nesting, refused by libyaml too
    ],
)
def test_deep_nesting_gets_one_message_whichever_layer_refuses(text):
    with pytest.raises(YamlReadError) as exc:
        read(text)
    assert exc.value.message.startswith("嵌套层级过深")
    assert "YAML 语法错误" not in exc.value.message
    assert exc.value.line is not None
