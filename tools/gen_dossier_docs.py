#!/usr/bin/env python3
"""Generate ``docs/dossier.md`` — the dossier format documentation — from the JSON Schemas.

Usage (from the repository root)::

    python tools/gen_dossier_docs.py           # rewrite docs/dossier.md
    python tools/gen_dossier_docs.py --check   # exit 1 if docs/dossier.md is out of date

The field tables come from ``govproj/schemas/*.schema.json`` (titles, descriptions, types, enums
with their ``enumDescriptions``); the file list from ``govproj/dossier/layout.py``; the annotated
example from ``examples/dossier-sample/``. The introduction is the template below. The output
depends on nothing else (no dates, no environment), so running the script twice gives the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "govproj" / "schemas"
SAMPLE = ROOT / "examples" / "dossier-sample"
OUTPUT = ROOT / "docs" / "dossier.md"
COMMON = "common.schema.json"

sys.path.insert(0, str(ROOT))
from govproj.dossier.layout import FOLDERS, SINGLE_FILES  # noqa: E402

# Folder records: the file name pattern shown in the documentation.
FOLDER_FILES = {"changes": "changes/CR-NNN.yaml", "progress": "progress/YYYY-MM.yaml"}
INLINE_ENUM_LIMIT = 12  # longer enumerations get their own table

INTRO = """\
# 项目档案格式（dossier）

> 本文由 `tools/gen_dossier_docs.py` 根据 `govproj/schemas/*.schema.json` 生成，请勿手工修改；
> 修改 Schema 或生成脚本中的说明文字后重新运行该脚本。

## 什么是项目档案

项目档案（dossier）是一个政务信息化（数字化）项目的全部“事实”：项目基本信息、投资明细、
申报审批采购建设验收等各环节的事项、已具备的材料、数据资源目录、等保与密码、政务云资源、
进度报告和变更申请。每个项目一个文件夹，通常单独作为一个 git 仓库（也可以是多项目仓库中的一个
文件夹）。记录用 YAML 书写，原件（扫描件、Word 报告、PDF）放在 `attachments/` 下。

`govproj check` 按 JSON Schema 校验每个文件，检查跨文件的一致性（例如投资明细合计等于总投资、
附件存在），再按 `project.yaml` 中 `regulation` 指定的管理办法逐条检查，指出违反的条款和下一步
该做什么。用 git 管理档案，批复基线、每次变更和谁在何时改了什么都有据可查。

## 目录结构

```text
项目档案/
├── project.yaml          项目基本信息（必需：有它的文件夹才是档案）
├── budget.yaml           投资明细、资金来源、厂商报价、类似合同、各阶段金额、功能点
├── events.yaml           按日期记录的事项（申报、批复、采购、合同、开工、验收……）
├── documents.yaml        已具备的材料清单
├── data-catalog.yaml     政务信息资源目录、数据共享责任清单、数据开放清单
├── security.yaml         等级保护、密码应用、风险评估、安全可靠产品
├── cloud.yaml            政务云资源需求清单
├── calendar.yaml         （可选）节假日库尚未收录年份的放假安排
├── changes/
│   └── CR-001.yaml       变更申请，文件名即编号
├── progress/
│   ├── 2026-09.yaml      月度进度报告（或 2026-Q3.yaml 季度报告）
│   └── 2026-10.yaml
└── attachments/          原件：.docx、.pdf、扫描件；记录中用 attachments/文件名 引用
```

除 `project.yaml` 外，其余文件按项目所处阶段逐步补充。`out/` 是 `govproj render` 生成表单的
默认输出目录，不属于档案记录。

## 书写约定

- **编码与格式**：UTF-8，YAML 1.2。键（字段名）一律为英文 snake_case，与下文表格一致；
  写错或多写的键会被报告为“未知字段”，并提示最接近的正确写法。
- **金额**：一律以**万元**为单位，写成不加引号的十进制数，最多 4 位小数（精确到元），
  例如 `478.6`、`113.598`。govproj 按精确小数计算，合计须分毫不差；不要写“万元”、千分位逗号或汉字。
- **日期**：`YYYY-MM-DD`，例如 `2026-03-05`，不加引号；月份和日期补足两位。
- **布尔值**：只用 `true` / `false`。YAML 1.2 中 `yes`、`no`、`on`、`off`、`是`、`否` 都是文本，
  不是布尔值，会被报告为类型错误。
- **看起来像数字的文本要加引号**：电话号码、项目代码、备案编号、信息资源代码、报告期等，
  例如 `phone: "0792-8571234"`、`project_code: "2602-360400-04-01-528317"`、`period: "2026-10"`。
  不加引号时 YAML 可能把它读成数字（丢掉开头的 0）或日期。
- **附件路径**：相对于档案目录、用 `/` 分隔，例如 `attachments/20260305-可行性研究报告批复.pdf`；
  不能是绝对路径，不能用 `..` 指向档案之外。
- **列表**：每项另起一行、以 `- ` 开头；简短的列表也可写成 `[甲, 乙]`，
  简短的对象可写成 `{name: 张三, phone: "13900000000"}`。
- **必填**：表中“必填”指其所在对象出现时必须填写的字段；嵌套对象本身可选时，不写该对象即可。
- **注释**：`#` 之后是注释，govproj 不读取，可自由写中文说明；改写文件的命令会保留注释。
- **取值范围**：数值的绝对值小于 10^15、最多 12 位小数，整数最多 15 位；金额不大于 10000000 万元（1000 亿元）；
  日期在 1990-01-01 至 2099-12-31 之间。超出范围的值（如误写的 `1e30`、`0001-01-01`）在其所在的行、列报告，
  该文件不参与规则检查。不加引号的 `2026-01-01` 是日期：写在文本字段中会被报告为“应为文本，实际为日期”。
- **未填写不等于“否”**：规则需要而档案未写明的事实，govproj 会请你填写（`GP-FACT-MISSING`），不会推定为
  “否”或“没有”。确实没有时写出 `false`、`0` 或空列表 `[]`。

{vocabulary}

## 编辑器支持

每个文件第一行写上 Schema 声明（modeline），VS Code（安装 Red Hat 的 YAML 扩展）和
JetBrains 系列 IDE 就能按 Schema 补全字段、悬停显示中文说明、即时标出错误：

```yaml
# yaml-language-server: $schema=../../govproj/schemas/project.schema.json
```

路径相对于该 YAML 文件本身：上例适用于本仓库 `examples/` 下的档案；`progress/`、`changes/`
中的文件要多一级 `../`。档案不在本仓库中时，改成 govproj 安装位置下 `govproj/schemas/` 的路径。
`govproj declare` 新建的档案已带好这一行。

## 文件与 Schema 对照

| 文件 | Schema | 内容 |
|---|---|---|
{file_table}
"""

EXAMPLE_INTRO = """\
## 示例（摘自 examples/dossier-sample）

`examples/dossier-sample/` 是一个完整的示例档案：九江市智慧市场监管平台升级改造项目，
适用《九江市数字化项目建设管理办法(试行)》（`jiujiang-2024`），总投资 478.6 万元，
属于“其他类”、限额（500 万元）以下、200 万元至 5000 万元之间的建设类升级改造项目，
部署在九江市政务云。截至 2026 年 10 月处于建设实施阶段。示例中的单位、人员、电话、文号、
金额和厂商均为虚构。`python tools/make_sample_attachments.py` 重新生成其附件。
"""

# (file, start marker, end marker or None, commentary) — the excerpt runs from the first line that
# starts with the start marker up to (not including) the first later line that starts with the end marker.
EXAMPLES = [
    ("project.yaml", "# yaml-language-server", "owner_unit:", [
        "第一行是 Schema 声明，编辑器据此补全和校验。",
        "`regulation` 决定按哪部管理办法检查；`jiujiang-2024` 即《九江市数字化项目建设管理办法(试行)》。",
        "项目代码看起来像数字，所以加了引号。",
    ]),
    ("project.yaml", "level:", "funding_sources:", [
        "枚举字段填英文代码（`city`、`other`、`construction`、`upgrade`），中文名称见上文各表。",
        "`classified: false` 是 YAML 布尔值；写成 `否` 或 `no` 会被报告为类型错误。",
    ]),
    ("project.yaml", "# 总投资", "implementation:", [
        "总投资以万元为单位、不加引号；须与 budget.yaml 中投资明细的合计完全相等。",
        "478.6 万元低于“其他类”项目 500 万元的限额（第四十二条），又在 200 万元与 5000 万元之间，"
        "所以审批路线是合并编制项目建议书和可研、直接批复可研、不再审批初步设计，然后编制预算。",
    ]),
    ("budget.yaml", "  - category: software_purchase", "  - category: hardware", [
        "给出数量和单价的行，数量 × 单价须等于金额（2 × 12.8 = 25.6）。",
    ]),
    ("events.yaml", "  - type: fsr_submitted", "  - type: fsr_approved", [
        "事项按日期记录已经发生的事实；`recipients` 记录报送单位（第二十五条(二)要求可研同时报市发改委和市数据管理部门）。",
        "govproj 用国务院办公厅公布的放假安排（含调休）计算工作日：启动通知 2026-01-20 到报送可研 2026-02-02 是 9 个工作日，"
        "技术评审意见 2026-02-27 距报送 14 个工作日（期间有 2 月 15 日至 23 日的春节假期，2 月 14 日星期六调休上班）。",
        "`attachment` 指向 attachments/ 中的原件，检查时会确认文件存在。",
    ]),
    ("documents.yaml", "  - type: tech_plan", "      - (二)“五统一”原则落实情况。", [
        "`sections` 逐字列出技术方案的章节标题：九江附件2 的 8 章 21 节，另加第十八条(二)要求内容"
        "（等级保护、政务云资源需求清单、软硬件产品的安全可靠情况等）的三级标题；此处只摘前几行。"
        "不填时 govproj 从 .docx 的“标题 1/2/3”样式读取。",
    ]),
    ("progress/2026-10.yaml", "# yaml-language-server", "completed:", [
        "`progress/` 下的文件比档案根目录深一级，Schema 路径多一个 `../`。",
        "报告期加引号写成 `\"2026-10\"`，并与文件名一致。",
    ]),
]


# --------------------------------------------------------------------------- schema access


def load(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


COMMON_SCHEMA = load(COMMON)

REF_TYPES = {
    "amount": "金额（万元）",
    "signedAmount": "增减金额（万元）",
    "date": "日期",
    "text": "文本",
    "org": "单位名称",
    "path": "附件路径",
    "docNo": "文号",
    "person": "对象（人员）",
}


def ref_name(node: dict) -> str | None:
    ref = node.get("$ref", "")
    if ref.startswith(COMMON + "#/$defs/"):
        return ref.rsplit("/", 1)[-1]
    if ref:
        raise SystemExit(f"unsupported $ref {ref!r}")
    return None


def resolve(node: dict) -> dict:
    """A ``$ref`` to the common definitions merged with its sibling keywords (siblings win)."""
    name = ref_name(node)
    if not name:
        return node
    merged = dict(resolve(COMMON_SCHEMA["$defs"][name]))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def is_object(node: dict) -> bool:
    return node.get("type") == "object" or "properties" in node


# --------------------------------------------------------------------------- rows


def cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def type_text(raw: dict, node: dict) -> str:
    name = ref_name(raw)
    if name in REF_TYPES:
        return REF_TYPES[name]
    if "enum" in node:
        return "枚举"
    kind = node.get("type")
    if isinstance(kind, list):
        return "或".join(type_text({}, {"type": k}) for k in kind)
    if kind == "array":
        items_raw = node.get("items", {})
        items = resolve(items_raw)
        if is_object(items):
            return "对象列表"
        return type_text(items_raw, items) + "列表"
    if is_object(node):
        return "映射（键: 值）" if not node.get("properties") and isinstance(node.get("additionalProperties"), dict) else "对象"
    if node.get("format") == "date":
        return "日期"
    return {"string": "文本", "number": "数字", "integer": "整数", "boolean": "布尔（true/false）"}.get(kind, "任意")


def enum_text(node: dict) -> str:
    labels = node.get("enumDescriptions") or [""] * len(node["enum"])
    return "、".join(f"`{v}`（{label}）" if label else f"`{v}`" for v, label in zip(node["enum"], labels, strict=False))


def constraints(raw: dict, node: dict, enum_tables: dict) -> list[str]:
    out = []
    if ref_name(raw) in ("amount", "signedAmount"):
        out.append("最多 4 位小数")
    if "minimum" in node and ref_name(raw) != "amount":
        out.append(f"不小于 {node['minimum']}")
    if ref_name(raw) == "amount":
        out.append("不小于 0")
    if "exclusiveMinimum" in node:
        out.append(f"大于 {node['exclusiveMinimum']}")
    if "maximum" in node:
        out.append(f"不大于 {node['maximum']}")
    if node.get("type") == "string" and node.get("pattern") and ref_name(raw) != "path":
        out.append(f"格式 `{node['pattern']}`")
    if "minItems" in node:
        out.append(f"至少 {node['minItems']} 项")
    if node.get("uniqueItems"):
        out.append("不得重复")
    target = node if "enum" in node else resolve(node.get("items", {})) if node.get("type") == "array" else {}
    if "enum" in target:
        if len(target["enum"]) > INLINE_ENUM_LIMIT:
            key = ref_name(raw) or ref_name(node.get("items", {})) or target.get("title", "取值")
            enum_tables.setdefault(key, target)
            out.append(f"取值见下方“{target.get('title', '取值')}取值表”")
        else:
            out.append("取值：" + enum_text(target))  # full stop added by walk()
    return out


def walk(node_raw: dict, path: str, required: bool, rows: list, enum_tables: dict) -> None:
    node = resolve(node_raw)
    if path:
        desc = node.get("description", "")
        if desc and not desc.endswith(("。", "）", ")")):
            desc += "。"
        extra = [c for c in constraints(node_raw, node, enum_tables) if c.replace("`", "") not in desc]
        text = desc + "".join(c + "。" for c in extra)
        rows.append((path, node.get("title", ""), type_text(node_raw, node), "是" if required else "否", text))
    if is_object(node):
        req = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            walk(child, f"{path}.{key}" if path else key, key in req, rows, enum_tables)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            pattern = node.get("propertyNames", {}).get("pattern", "")
            placeholder = "<YYYY>" if pattern == "^[0-9]{4}$" else "<名称>"
            walk(extra, f"{path}.{placeholder}" if path else placeholder, False, rows, enum_tables)
    elif node.get("type") == "array":
        items = resolve(node.get("items", {}))
        if is_object(items):
            req = set(items.get("required", []))
            for key, child in items.get("properties", {}).items():
                walk(child, f"{path}[].{key}", key in req, rows, enum_tables)


def file_section(file_label: str, schema_file: str, title: str, modeline_depth: int) -> str:
    schema = load(schema_file)
    rows: list = []
    enum_tables: dict = {}
    walk(schema, "", True, rows, enum_tables)
    out = [f"## {file_label} — {title}", ""]
    if schema.get("description"):
        out += [schema["description"], ""]
    out += [f"Schema：`govproj/schemas/{schema_file}`；文件第一行：", "",
            "```yaml", f"# yaml-language-server: $schema={'../' * modeline_depth}govproj/schemas/{schema_file}", "```", ""]
    required = schema.get("required", [])
    if required:
        out += ["顶层必填字段：" + "、".join(f"`{k}`" for k in required) + "。", ""]
    out += ["| 字段 | 中文名称 | 类型 | 必填 | 说明 |", "|---|---|---|---|---|"]
    for path, title, kind, req, text in rows:
        out.append(f"| `{cell(path)}` | {cell(title)} | {cell(kind)} | {req} | {cell(text)} |")
    out.append("")
    for _key, node in enum_tables.items():
        out += [f"**{node.get('title', '取值')}取值表**", "", "| 取值 | 中文名称 |", "|---|---|"]
        labels = node.get("enumDescriptions") or [""] * len(node["enum"])
        out += [f"| `{v}` | {cell(label)} |" for v, label in zip(node["enum"], labels, strict=False)]
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- example


def excerpt(file: str, start: str, end: str | None) -> str:
    lines = (SAMPLE / file).read_text(encoding="utf-8").splitlines()
    try:
        first = next(i for i, line in enumerate(lines) if line.startswith(start))
    except StopIteration:
        raise SystemExit(f"{file}: no line starts with {start!r}; update EXAMPLES in {Path(__file__).name}") from None
    last = len(lines)
    if end is not None:
        try:
            last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith(end))
        except StopIteration:
            raise SystemExit(f"{file}: no line after {start!r} starts with {end!r}; update EXAMPLES") from None
    block = lines[first:last]
    while block and not block[-1].strip():
        block.pop()
    return "\n".join(block)


def example_section() -> str:
    out = [EXAMPLE_INTRO]
    for file, start, end, notes in EXAMPLES:
        out += [f"`{file}`：", "", "```yaml", excerpt(file, start, end), "```", ""]
        out += [f"- {note}" for note in notes]
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- document


def records() -> list[tuple[str, str, str, int]]:
    """(file label, schema file, Chinese title, modeline depth) in layout order."""
    out = [(name, f"{kind.schema}.schema.json", kind.title, 2) for name, kind in SINGLE_FILES.items()]
    out += [(FOLDER_FILES.get(folder, f"{folder}/*.yaml"), f"{kind.schema}.schema.json", kind.title, 3)
            for folder, kind in FOLDERS.items()]
    return out


def vocabulary_section() -> str:
    """Equivalent names and event-backed fields, from govproj/data/vocabulary.yaml."""
    from govproj.dossier.vocabulary import document_label, equivalents_table, event_label, facts_from_events

    lines = ["### 同义名称与以事项为准的字段", "",
             "以下数据来自 `govproj/data/vocabulary.yaml`。规则要求左列的事项或材料时，右列的名称同样满足：", "",
             "| 要求 | 同样满足 |", "|---|---|"]
    table = equivalents_table()
    for name, same in table["events"].items():
        lines.append(f"| 事项 `{name}`（{event_label(name)}） | " + "、".join(f"`{s}`（{event_label(s)}）" for s in same) + " |")
    for name, same in table["documents"].items():
        lines.append(f"| 材料 `{name}`（{document_label(name)}） | " + "、".join(f"`{s}`（{document_label(s)}）" for s in same) + " |")
    lines += ["", "下列字段以 events.yaml 中有日期的事项为准（取检查日及以前最近的一次）；两处都填写而不一致时报告 `GP-CONFLICT`：", "",
              "| 文件 | 字段 | 事项 | 事项字段 |", "|---|---|---|---|"]
    for file, fields in facts_from_events().items():
        for fld, spec in fields.items():
            lines.append(f"| {file} | `{fld}` | `{spec['event']}`（{event_label(spec['event'])}） | `{spec['field']}` |")
    return "\n".join(lines)


def render() -> str:
    recs = records()
    table = "\n".join(f"| [`{label}`](#{anchor(label, title)}) | `{schema}` | {title} |" for label, schema, title, _ in recs)
    parts = [INTRO.replace("{file_table}", table).replace("{vocabulary}", vocabulary_section())]
    for label, schema, title, depth in recs:
        parts.append(file_section(label, schema, title, depth))
    parts.append(example_section())
    return "\n".join(parts).rstrip("\n") + "\n"


def anchor(label: str, title: str) -> str:
    """GitHub-style anchor of the heading ``## label — title``: lower case, punctuation dropped,
    spaces to hyphens (CJK characters are kept)."""
    text = f"{label} — {title}".lower()
    return "".join("-" if ch == " " else ch for ch in text if ch.isalnum() or ch in "-_ ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/dossier.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} 已过期：请运行 python tools/gen_dossier_docs.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"已写入 {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
