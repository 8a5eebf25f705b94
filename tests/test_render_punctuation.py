"""Full-width punctuation in the Chinese text of the dossier (govproj/render/punctuation.py), and the
labels quoted verbatim from a regulation's 附件 left as printed."""

from __future__ import annotations

import docx
import pytest

from govproj.render.punctuation import fullwidth


@pytest.mark.parametrize("text,expected", [
    ("工程(实施)费用", "工程（实施）费用"),
    ("项目 (一期) 建设", "项目（一期）建设"),
    ("(1)项目概况", "（1）项目概况"),
    ("时间:2024年", "时间：2024年"),
    ("数据,共享;交换", "数据，共享；交换"),
    ("数据, 共享", "数据，共享"),
    ("使用MySQL,数据库", "使用MySQL，数据库"),
    ("地址:fe80::1", "地址：fe80::1"),
    ("GB/T 9704-2012(党政机关公文格式)", "GB/T 9704-2012（党政机关公文格式）"),
    ("见 https://a.gov.cn/x?a=1,b=2,共享", "见 https://a.gov.cn/x?a=1,b=2，共享"),
    ("邮箱 a.b@x.cn;电话", "邮箱 a.b@x.cn；电话"),
])
def test_half_width_marks_next_to_chinese_become_full_width(text, expected):
    assert fullwidth(text) == expected


@pytest.mark.parametrize("text", [
    "上午10:30开会",  # a time
    "金额1,368.50万元",  # a number
    "地址 fe80::1 和 2001:db8::/32",  # IPv6
    "执行 GB/T 9704-2012 标准",  # a standard number
    "2024-11-22 上报",  # a date
    "f(x) 函数",  # a Latin run
    "V1.0 (beta) 版本",
    "访问 http://x.cn:8080/a_(b),c 即可",  # a URL
    "路径 docs/a,b.md 中",  # a path
    "Hello, world (test)",  # no Chinese at all
])
def test_numbers_latin_urls_paths_and_ipv6_are_left_alone(text):
    assert fullwidth(text) == text


def test_dossier_text_is_converted_and_official_labels_stay(tmp_path):
    """The clerk's text in a form gets full-width marks; the 九江 申报表's labels, quoted from 附件2 with
    half-width marks (「其中,工程(实施)费用」, 「申报单位(盖章):」), are printed as the regulation prints them."""
    import govproj.render as R
    from tests.builders import write_dossier
    from tests.test_render import AS_OF

    root = write_dossier(tmp_path / "d", {"name": "数据共享(一期)项目", "necessity": "现有系统老化,需升级:不支持IPv6",
                                          "regulation": "jiujiang-2024"})
    result = R.render_dossier(root, AS_OF, ["jj_declaration_form"], out_dir=tmp_path / "out")
    d = docx.Document(str(result.rendered[0].path))
    rows = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert rows["项目名称"] == "数据共享（一期）项目"
    assert "现有系统老化，需升级：不支持IPv6" in rows["必要性及建设(实施)依据"]
    assert "其中,工程(实施)费用" in rows
    assert "申报单位(盖章):" in d.paragraphs[1].text
