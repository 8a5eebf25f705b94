"""Function-point cost estimate (GB/T 36964-2018 method), every step shown.

    UFP  = Σ weight(type) × count(type)              未调整功能点
    S    = UFP × CF                                   调整后规模（规模变更调整因子，按估算阶段）
    SWF  = 应用类型因子 × 质量特性因子                 软件因素调整因子
           质量特性因子 = 1 + 0.025 × (分布式处理 + 性能 + 可靠性 + 多重站点)   (DB11/T 1010-2013 附录B)
    RDF  = 开发语言因子 × 团队背景因子                 开发因素调整因子
    AE   = S × PDR × SWF × RDF                        工作量（人时）
    PM   = AE ÷ HM                                    人月
    费用 = PM × 人月费率 ÷ 10000 + 直接非人力成本     （万元）

Parameters and their sources live in ``govproj/data/function_points.yaml``; a dossier
overrides them in ``budget.yaml`` → ``function_points.parameters`` / ``factors``.
All arithmetic is Decimal; figures are rounded only when shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

TYPES = ("ILF", "EIF", "EI", "EO", "EQ")
TYPE_LABELS = {"ILF": "内部逻辑文件", "EIF": "外部接口文件", "EI": "外部输入", "EO": "外部输出", "EQ": "外部查询"}
STAGE_LABELS = {"proposal": "项目建议书/立项", "fsr": "可行性研究（概算）", "design": "初步设计/招标",
                "requirements": "需求分析", "completion": "完工"}
METHOD_LABELS = {"indicative": "预估功能点", "estimated": "估算功能点", "detailed": "详细功能点"}


@lru_cache(maxsize=1)
def defaults() -> dict:
    from govproj.dossier.yamlread import read_yaml

    path = Path(__file__).resolve().parent.parent / "data" / "function_points.yaml"
    return read_yaml(path.read_bytes()).data


@dataclass
class Step:
    key: str
    title: str
    formula: str
    value: Decimal
    unit: str = ""
    source: str = ""

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "formula": self.formula, "value": fmt(self.value),
                "unit": self.unit, "source": self.source}


@dataclass
class CostEstimate:
    method: str
    stage: str
    counts: dict[str, int]
    steps: list[Step] = field(default_factory=list)
    function_points: Decimal = Decimal(0)  # adjusted size S
    person_months: Decimal = Decimal(0)
    total: Decimal = Decimal(0)  # 万元
    budgeted_software: Decimal | None = None
    notes: list[str] = field(default_factory=list)

    def step(self, key: str) -> Decimal:
        return next(s.value for s in self.steps if s.key == key)

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "stage": self.stage,
            "counts": self.counts,
            "function_points": fmt(self.function_points, 2),
            "person_months": fmt(self.person_months, 2),
            "total": fmt(self.total),
            "budgeted_software": None if self.budgeted_software is None else fmt(self.budgeted_software),
            "difference": None if self.budgeted_software is None else fmt(self.budgeted_software - self.total),
            "steps": [s.to_dict() for s in self.steps],
            "notes": self.notes,
        }


def fmt(x: Decimal, places: int = 4) -> str:
    """A figure for display and JSON: rounded half-up to ``places`` decimals, trailing zeros cut."""
    from decimal import ROUND_HALF_UP

    q = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def _src(entry: dict) -> str:
    return f"{entry['source']}（可信度 {entry['confidence']}）"


def count_functions(fp: dict) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Counts per type (from ``counts`` when given, else from the ``functions`` list) and, for
    the detailed method, counts per type and complexity."""
    by_complexity: dict[str, dict[str, int]] = {t: {"low": 0, "average": 0, "high": 0} for t in TYPES}
    for f in fp.get("functions", []):
        by_complexity[f["type"]][f.get("complexity", "average")] += 1
    if fp.get("counts"):
        counts = {t: int(fp["counts"].get(t, 0)) for t in TYPES}
    else:
        counts = {t: sum(by_complexity[t].values()) for t in TYPES}
    return counts, by_complexity


def estimate(fp: dict, budget_items: list[dict] | None = None) -> CostEstimate:
    d = defaults()
    params = fp.get("parameters", {})
    factors = fp.get("factors", {})
    method = fp.get("method", "estimated")
    stage = fp.get("stage", "fsr")
    counts, by_complexity = count_functions(fp)
    result = CostEstimate(method, stage, counts)
    w = d["method_weights"]

    # 1. unadjusted function points
    if method == "detailed" and not fp.get("counts"):
        ufp = sum((_d(w["detailed"][t][c]) * n for t in TYPES for c, n in by_complexity[t].items()), Decimal(0))
        formula = " + ".join(f"{t}({'/'.join(str(by_complexity[t][c]) for c in ('low', 'average', 'high'))})" for t in TYPES)
        formula = "Σ 各类功能数 × 复杂度权重（低/中/高）：" + formula
    else:
        if method == "detailed":
            result.notes.append("详细功能点法需要逐项功能的复杂度；已给出 counts，按“中”复杂度权重计算。")
            weights = {t: w["detailed"][t]["average"] for t in TYPES}
        else:
            weights = w[method]
        ufp = sum((_d(weights[t]) * counts[t] for t in TYPES), Decimal(0))
        formula = " + ".join(f"{weights[t]}×{counts[t]}" for t in TYPES if weights[t])
    result.steps.append(Step("ufp", f"未调整功能点（{METHOD_LABELS[method]}）", formula, ufp, "功能点", _src(w)))

    # 2. scale change factor by stage
    cf_entry = d["scale_change_factor"]
    cf = _d(params["scale_change_factor"]) if "scale_change_factor" in params else _d(cf_entry["values"][stage])
    result.steps.append(Step("cf", f"规模变更调整因子（{STAGE_LABELS[stage]}）", "按估算阶段取值", cf, "",
                             "档案覆盖" if "scale_change_factor" in params else _src(cf_entry)))
    size = ufp * cf
    result.steps.append(Step("size", "调整后规模 S", f"{fmt(ufp)} × {fmt(cf)}", size, "功能点"))

    # 3. software factors
    at_entry = d["application_type_factor"]
    app_type = factors.get("application_type", at_entry["default"])
    at = _d(at_entry["values"][app_type])
    q_entry = d["quality_factor"]
    quality = factors.get("quality", {})
    q_sum = sum(int(quality.get(k, 0)) for k in q_entry["items"])
    q = Decimal(1) + _d(q_entry["step"]) * q_sum
    swf = at * q
    result.steps.append(Step("application_type", f"应用类型调整因子（{app_type}）", "参数表取值", at, "", _src(at_entry)))
    result.steps.append(Step("quality", "质量特性调整因子", f"1 + 0.025 × ({q_sum})", q, "", _src(q_entry)))
    result.steps.append(Step("swf", "软件因素调整因子 SWF", f"{fmt(at)} × {fmt(q)}", swf))

    # 4. development factors
    l_entry, t_entry = d["language_factor"], d["team_factor"]
    lang = factors.get("language", l_entry["default"])
    team = factors.get("team", t_entry["default"])
    lf, tf = _d(l_entry["values"][lang]), _d(t_entry["values"][team])
    rdf = lf * tf
    result.steps.append(Step("language", f"开发语言调整因子（{lang}）", "参数表取值", lf, "", _src(l_entry)))
    result.steps.append(Step("team", f"开发团队背景调整因子（{team}）", "参数表取值", tf, "", _src(t_entry)))
    result.steps.append(Step("rdf", "开发因素调整因子 RDF", f"{fmt(lf)} × {fmt(tf)}", rdf))

    # 5. effort, person-months, cost
    pdr = _d(params.get("pdr", d["pdr"]["value"]))
    result.steps.append(Step("pdr", "功能点耗时率 PDR", "基准数据", pdr, "人时/功能点",
                             "档案覆盖" if "pdr" in params else _src(d["pdr"])))
    effort = size * pdr * swf * rdf
    result.steps.append(Step("effort", "工作量 AE", f"S × PDR × SWF × RDF = {fmt(size)} × {fmt(pdr)} × {fmt(swf)} × {fmt(rdf)}", effort, "人时"))
    hm = _d(params.get("hours_per_month", d["hours_per_month"]["value"]))
    result.steps.append(Step("hours_per_month", "每人月工时 HM", "", hm, "人时/人月",
                             "档案覆盖" if "hours_per_month" in params else _src(d["hours_per_month"])))
    pm = effort / hm
    result.steps.append(Step("person_months", "人月数", f"AE ÷ HM = {fmt(effort)} ÷ {fmt(hm)}", pm, "人月"))
    rate = _d(params.get("labour_rate", d["labour_rate"]["value"]))
    result.steps.append(Step("labour_rate", "人月费率 F", "", rate, "元/人月",
                             "档案覆盖" if "labour_rate" in params else _src(d["labour_rate"])))
    labour = pm * rate / Decimal(10000)
    result.steps.append(Step("labour_cost", "人力成本", f"人月数 × F ÷ 10000 = {fmt(pm)} × {fmt(rate)} ÷ 10000", labour, "万元"))
    dnc = _d(params.get("direct_non_labour", d["direct_non_labour"]["value"]))
    result.steps.append(Step("direct_non_labour", "直接非人力成本 DNC", "", dnc, "万元",
                             "档案覆盖" if "direct_non_labour" in params else _src(d["direct_non_labour"])))
    total = labour + dnc
    result.steps.append(Step("total", "软件开发费用", "人力成本 + DNC", total, "万元"))
    if "labour_rate" not in params:
        result.notes.append("人月费率使用了默认值 23000 元/人月（仅为线索）；请在 budget.yaml 的 function_points.parameters.labour_rate 中填写当地标准。")

    result.function_points = size
    result.person_months = pm
    result.total = total
    if budget_items is not None:
        software = [i["amount"] for i in budget_items if i.get("category") == "software_dev"]
        result.budgeted_software = sum(software, Decimal(0)) if software else None
    return result
