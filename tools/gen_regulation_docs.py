"""Write docs/regulations.md from the rulepacks: per regulation, its metadata, a coverage table
(catalog id → implemented / not mechanically checkable / why) and the ambiguities resolved.

Run: python tools/gen_regulation_docs.py   (tests/test_docs.py checks the file is up to date)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govproj.findings import SEVERITY_LABELS  # noqa: E402
from govproj.rules import rulepack as rulepacks  # noqa: E402

CATALOG_IDS = ROOT / "tests" / "data" / "catalog-ids.txt"
ORDER = ["national-2019", "county-2023", "jiujiang-2024", "jiangjin-2022", "zunyi-2020", "dalate-draft"]


def catalog_ids() -> list[str]:
    return [ln.strip() for ln in CATALOG_IDS.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def ids_of(pack, ids: list[str]) -> list[str]:
    """The catalog ids of one pack: those of the shared rules catalog with the pack's prefix, or —
    for a pack catalogued in itself (national-2019: every requirement is a rule or a
    not_checkable entry with its reason) — the pack's own ids in article order."""
    prefix = pack.data["prefix"] + "-"
    mine = [i for i in ids if i.startswith(prefix) and not (prefix == "JJ-" and i.startswith("JJQ-"))]
    if mine:
        return mine
    own = [r["id"] for r in pack.data.get("rules", []) + pack.data.get("not_checkable", [])]
    return sorted(own, key=_article_order)


def _article_order(rule_id: str):
    import re

    m = re.match(r"[A-Z]+-(\d+)(.*)", rule_id)
    return (int(m.group(1)), m.group(2)) if m else (9999, rule_id)


def coverage(pack) -> dict[str, tuple[str, str]]:
    """catalog id → (status, detail)."""
    out: dict[str, tuple[str, str]] = {}
    for r in pack.data.get("rules", []):
        detail = f"{r['kind']}，{SEVERITY_LABELS[r['severity']]}" + ("，原则上可豁免" if r.get("waivable") else "")
        out[r["id"]] = ("已实现", f"{r['title']}（{detail}）")
        for other in r.get("covers", []):
            out.setdefault(other, ("已实现", f"由 {r['id']} 一并检查"))
    for r in pack.data.get("not_checkable", []):
        out.setdefault(r["id"], ("不可机械检查", r["reason"]))
    return out


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    ids = catalog_ids()
    lines = [
        "# 支持的管理办法与规则覆盖",
        "",
        "本页由 `tools/gen_regulation_docs.py` 根据规则包（`govproj/regulations/*.yaml`）生成，请勿手工编辑。",
        "规则编号沿用规则目录（rules-catalog）的编号：`JJ-25-2` = 九江 第二十五条(二)；国家办法（`national-2019`）的目录",
        "就是规则包本身：每项可机械检查的要求或已实现（`GJ-…` 规则），或列为不可机械检查并说明原因。",
        "地方项目同时适用国家办法和地方办法时的处理见 docs/rulepacks.md「国家办法与地方办法同时适用」。",
        "每条规则的条款、原文摘录、参数和示例可用 `govproj rules 办法编号 规则编号` 查看。",
        "",
        "| 编号 | 办法 | 状态 | 文号 | 已实现 | 不可机械检查 |",
        "|---|---|---|---|---:|---:|",
    ]
    packs = []
    for reg in ORDER:
        pack = rulepacks.load(reg)
        cov = coverage(pack)
        mine = ids_of(pack, ids)
        done = sum(1 for i in mine if cov.get(i, ("",))[0] == "已实现")
        packs.append((pack, cov, mine))
        lines.append(f"| `{pack.id}` | {pack.title} | {pack.status_label} | {pack.data.get('doc_no') or '—'} | {done} | {len(mine) - done} |")
    for pack, cov, mine in packs:
        d = pack.data
        lines += ["", f"## {pack.title}（`{pack.id}`）", ""]
        lines.append(f"- 状态：{pack.status_label}；文号：{d.get('doc_no') or '未载明'}；发布：{d.get('published') or '未载明'}；"
                     f"施行：{d.get('effective') or '未载明'}" + (f"；有效期 {d['validity']['years']} 年" if d.get("validity") else ""))
        if d.get("scope"):
            lines.append(f"- 适用范围：{d['scope'].get('summary', '')}（{d['scope'].get('article', '')}）")
        if d.get("jurisdiction"):
            lines.append(f"- 地区：{d['jurisdiction']}；发布机关：{d.get('issuer') or '未载明'}")
        extra = [r["id"] for r in d.get("rules", []) if r["id"] not in mine]
        lines += ["", "| 目录编号 | 覆盖 | 说明 |", "|---|---|---|"]
        for i in mine:
            status, detail = cov.get(i, ("缺失", "规则包中没有这条"))
            lines.append(f"| `{i}` | {status} | {_cell(detail)} |")
        for i in extra:
            status, detail = cov[i]
            lines.append(f"| `{i}` | {status}（目录外补充） | {_cell(detail)} |")
        if d.get("ambiguities"):
            lines += ["", "### 歧义与处理", ""]
            for a in d["ambiguities"]:
                arts = a.get("articles")
                arts = "、".join(arts) if isinstance(arts, list) else (arts or "")
                lines.append(f"- **{a['topic']}**" + (f"（{arts}）" if arts else "") + f"：{a['resolution']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    (ROOT / "docs" / "regulations.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
