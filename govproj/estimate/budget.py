"""Budget checks: budget structure, vendor quotes, the amount chain, and savings.

* Quotes (九江 第十八条(三) “提供三家以上厂商的项目报价”): count of vendors, lowest, highest,
  median, spread, and where the total investment stands against them.
* The chain 可研估算 → 批复概算 → 财政批复 → 合同 → 结算 → 决算: each later amount should not
  exceed the earlier one, cited from the regulation in force (its ``amount_chain``; without one,
  《政府投资条例》第二十三条); and
  《政府投资条例》第十二条: a 概算 more than 10% above the approved 可研估算 must be reported and
  may require a new 可研.
* Savings defined by the rulepack (``savings:``; 遵义 解读十一's five 省减金额), computed exactly
  as the text defines them (later − earlier) and reported with the sign turned so that money
  saved is positive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from govproj.estimate.fp import fmt
from govproj.money import amount

CHAIN = [
    ("fsr_estimate", "可研估算"),
    ("approved_estimate", "批复概算"),
    ("finance_approved", "财政批复金额"),
    ("contract", "合同金额"),
    ("settlement", "结算金额"),
    ("final_accounts", "决算金额"),
]
GIR_ARTICLE = "《政府投资条例》第十二条"
GIR_QUOTE = "初步设计提出的投资概算超过经批准的可行性研究报告提出的投资估算10%的"
GIR_LIMIT = Decimal("1.10")

CATEGORY_LABELS = {}


@dataclass
class BudgetReport:
    total: Decimal
    by_category: list[dict] = field(default_factory=list)
    quotes: dict | None = None
    chain: list[dict] = field(default_factory=list)
    chain_issues: list[dict] = field(default_factory=list)
    savings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": amount(self.total), "by_category": self.by_category, "quotes": self.quotes,
                "chain": self.chain, "chain_issues": self.chain_issues}


def _amount(value) -> str:
    return amount(value)


def _category_labels() -> dict[str, str]:
    from govproj.dossier.schema import load_schema

    sub = load_schema("budget")["properties"]["items"]["items"]["properties"]["category"]
    return dict(zip(sub["enum"], sub["enumDescriptions"], strict=False))


# 《政府投资条例》（国务院令第712号）第二十三条: the basis where a regulation says nothing of its own
CHAIN_BASIS = {"article": "《政府投资条例》第二十三条", "quote": "政府投资项目建设投资原则上不得超过经核定的投资概算"}


def chain_basis(pack_data: dict | None) -> str:
    """“估算控制概算” as the regulation in force words it (rulepack ``amount_chain``)."""
    spec = (pack_data or {}).get("amount_chain") or CHAIN_BASIS
    title = (pack_data or {}).get("title")
    own = "amount_chain" in (pack_data or {})
    return f"{title + ' ' if own and title else ''}{spec['article']}：“{spec['quote']}”"


def analyse(project: dict, budget: dict, pack_data: dict | None = None) -> BudgetReport:
    total = project["total_investment"]
    report = BudgetReport(total)
    labels = _category_labels()
    sums: dict[str, Decimal] = {}
    for item in budget.get("items", []):
        sums[item["category"]] = sums.get(item["category"], Decimal(0)) + item["amount"]
    for cat, value in sorted(sums.items(), key=lambda kv: -kv[1]):
        share = (value / total * 100) if total else Decimal(0)
        report.by_category.append({"category": cat, "label": labels.get(cat, cat), "amount": _amount(value),
                                   "percent": fmt(share, 2)})
    report.quotes = _quotes(total, budget.get("quotes", []))
    report.chain, report.chain_issues = _chain(budget.get("amounts", {}), chain_basis(pack_data))
    return report


def _quotes(total: Decimal, quotes: list[dict]) -> dict | None:
    if not quotes:
        return None
    amounts = sorted(q["amount"] for q in quotes)
    vendors = sorted({q["vendor"] for q in quotes})
    low, high = amounts[0], amounts[-1]
    mid = Decimal(median(amounts))
    spread = (high - low) / low * 100 if low else None
    if total < low:
        position = "低于最低报价"
    elif total > high:
        position = "高于最高报价"
    else:
        position = "介于最低与最高报价之间"
    return {
        "count": len(quotes), "vendors": len(vendors), "lowest": amount(low), "highest": amount(high),
        "median": amount(mid), "spread_percent": None if spread is None else fmt(spread, 2),
        "total_vs_median_percent": fmt((total - mid) / mid * 100, 2) if mid else None,
        "position": position,
    }


def _chain(amounts: dict, basis: str) -> tuple[list[dict], list[dict]]:
    present = [(k, label, amounts[k]) for k, label in CHAIN if amounts.get(k) is not None]
    chain = [{"key": k, "label": label, "amount": amount(v)} for k, label, v in present]
    issues = []
    # 概算控制结算: every later amount stays within the approved 概算. The later amounts are not
    # compared with each other: a contract or its settlement is a part of the investment, the
    # 决算 the whole of it, so a 决算 above one contract's settlement is normal.
    est = amounts.get("approved_estimate")
    if est is not None:
        for k, label, v in present:
            if k in ("fsr_estimate", "approved_estimate") or v <= est:
                continue
            issues.append({"earlier": "approved_estimate", "later": k,
                           "message": f"{label} {amount(v)} 万元超过批复概算 {amount(est)} 万元（超出 {amount(v - est)} 万元）",
                           "basis": basis})
    fsr = amounts.get("fsr_estimate")
    if fsr and est and est > fsr * GIR_LIMIT:
        issues.append({"earlier": "fsr_estimate", "later": "approved_estimate",
                       "message": f"批复概算 {amount(est)} 万元超过可研估算 {amount(fsr)} 万元的 10%（超出 {fmt((est / fsr - 1) * 100, 2)}%）",
                       "basis": f"{GIR_ARTICLE}：“{GIR_QUOTE}，项目单位应当向投资主管部门或者其他有关部门报告”"})
    return chain, issues


def savings(pack_data: dict, facts) -> list[dict]:
    out = []
    for s in pack_data.get("savings", []):
        later, earlier = facts.get(s["later"]), facts.get(s["earlier"])
        entry = {"id": s["id"], "title": s["title"], "article": s.get("article", ""), "quote": s.get("quote", ""),
                 "formula": s.get("formula", ""), "raw": None, "saving": None}
        if later is None or earlier is None:
            entry["note"] = "缺少计算所需的金额，无法计算"
        else:
            raw = later - earlier
            entry["raw"] = amount(raw)
            entry["saving"] = amount(-raw)
            if raw > 0:
                entry["note"] = "该环节金额增加，不是节省"
        out.append(entry)
    if out and all(e["raw"] is not None for e in out):
        total = sum(Decimal(e["saving"]) for e in out)
        out.append({"id": "total", "title": "合计省减金额", "raw": amount(-total), "saving": amount(total), "article": "",
                    "quote": "", "formula": "各环节省减金额之和"})
    return out
