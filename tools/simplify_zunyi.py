"""Produce the Simplified-Chinese text of the 遵义 regulation that the rulepack quotes.

``govproj/regulations/texts/zunyi-2020.txt`` is a Traditional-character machine conversion
(with Taiwan-style vocabulary) of 《遵义市级政务信息系统建设管理暂行办法》 and its 政策解读.
This dev-time tool converts it with OpenCC ``t2s`` and then undoes the conversion artefacts
listed in rules-catalog §1.4. ``执行`` is kept as it is (tw2sp would wrongly turn it into 运行).

Usage (from the repository root)::

    pip install opencc-python-reimplemented      # dev-time only, not a runtime dependency
    python tools/simplify_zunyi.py                # writes texts/zunyi-2020.simplified.txt
    python tools/simplify_zunyi.py --check        # exit 1 if the committed file is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

TEXTS = Path(__file__).resolve().parent.parent / "govproj" / "regulations" / "texts"
SOURCE = TEXTS / "zunyi-2020.txt"
TARGET = TEXTS / "zunyi-2020.simplified.txt"

# rules-catalog §1.4: Taiwan-style vocabulary left by the machine conversion → mainland usage.
# Longer terms first, so that e.g. 资料库 is fixed before any shorter overlapping term.
FIXES: list[tuple[str, str]] = [
    ("资料库", "数据库"),
    ("作业系统", "操作系统"),
    ("伺服器", "服务器"),
    ("许可权", "权限"),
    ("最佳化", "优化"),
    ("套用", "应用"),
    ("契约", "合同"),
    ("程式", "程序"),
    ("批覆", "批复"),
    ("软体", "软件"),
    ("硬体", "硬件"),
    ("网路", "网络"),
    ("晶片", "芯片"),
]


def simplify(text: str) -> str:
    try:
        from opencc import OpenCC
    except ImportError:  # pragma: no cover - dev-time tool
        sys.exit("需要 opencc-python-reimplemented：pip install opencc-python-reimplemented")
    out = OpenCC("t2s").convert(text)
    for old, new in FIXES:
        out = out.replace(old, new)
    return out


def main(argv: list[str]) -> int:
    result = simplify(SOURCE.read_text(encoding="utf-8"))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
        if current != result:
            print(f"{TARGET} 与 {SOURCE.name} 的转换结果不一致，请重新运行 tools/simplify_zunyi.py")
            return 1
        return 0
    TARGET.write_text(result, encoding="utf-8")
    print(f"已写入 {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
