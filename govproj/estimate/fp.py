"""Function-point cost estimate (GB/T 36964-2018 method, CSBMK-202510 parameters), every step shown.

    UFP  = Σ weight(type) × 修改类型因子 × 复用因子        未调整功能点（表A.1、表A.2 按逐项功能）
    S    = UFP × CF                                      调整后规模（规模变更调整因子，按估算阶段）
    SWF  = 应用类型因子 × 完整性级别因子 × 非功能性因子    软件因素（表A.3、表A.4、表A.5）
           非功能性因子 = 1 + 0.025 × (分布式处理 + 性能 + 可靠性 + 多重站点)
    RDF  = 开发语言因子 × 团队背景因子                    开发因素（表A.6、表A.7）
    AE   = S × PDR × SWF × RDF                           工作量（人时），PDR 取 P25、P50、P75（表4.2）
    PM   = AE ÷ HM                                       人月
    费用 = PM × 人月费率 ÷ 10000 + 直接非人力成本        （万元；费率按规则包所在地取表4.7）

Parameters, their sources and confidence grades live in ``govproj/data/function_points.yaml``;
a dossier overrides any of them by name in ``budget.yaml`` → ``function_points.parameters``,
with its own ``source``. All arithmetic is Decimal (reuse factors 1/3, 2/3 are summed as exact
fractions first); figures are rounded only when shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

TYPES = ("ILF", "EIF", "EI", "EO", "EQ")
TYPE_LABELS = {"ILF": "内部逻辑文件", "EIF": "外部接口文件", "EI": "外部输入", "EO": "外部输出", "EQ": "外部查询"}
STAGE_LABELS = {"proposal": "项目建议书/立项", "fsr": "可行性研究（概算）", "design": "初步设计/招标",
                "requirements": "需求分析", "completion": "完工"}
METHOD_LABELS = {"indicative": "预估功能点", "estimated": "估算功能点", "detailed": "详细功能点"}
RANGE = ("p25", "p50", "p75")
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")


@lru_cache(maxsize=1)
def defaults() -> dict:
    from govproj.dossier.yamlread import read_yaml

    path = Path(__file__).resolve().parent.parent / "data" / "function_points.yaml"
    return read_yaml(path.read_bytes()).data


def fmt(x: Decimal, places: int = 4) -> str:
    """A figure for display and JSON: rounded half-up to ``places`` decimals, trailing zeros cut."""
    q = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _d(x) -> Decimal:
    """A number from YAML as Decimal; "2/3" style fractions are divided in Decimal."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    if isinstance(x, str) and "/" in x:
        return _d(Fraction(x))
    return Decimal(str(x))


def _fr(x) -> Fraction:
    return Fraction(str(x))


# --------------------------------------------------------------------------- parameters


@dataclass
class Param:
    """One parameter as the estimate used it: the value, and where it comes from."""

    name: str
    title: str
    value: object  # the data value (a number or a table) after overrides
    shown: str = ""  # the value as used, for display (e.g. "java 1.0")
    unit: str = ""
    source: dict = field(default_factory=dict)  # document, edition, ref, confidence, confirm
    override: dict | None = None  # {"source": …} when the dossier overrides the parameter

    @property
    def cite(self) -> str:
        """One line: where the value comes from."""
        if self.override is not None:
            return f"档案覆盖：{self.override['source'] or '未写来源'}"
        s = self.source
        text = f"《{s['title']}》{s['edition']} {s['ref']}（可信度 {s['confidence']}）"
        return text + (f"；待核：{s['confirm']}" if s.get("confirm") else "")

    def to_dict(self) -> dict:
        out = {"name": self.name, "title": self.title, "value": self.shown, "unit": self.unit,
               "source": self.source, "overridden": self.override is not None}
        if self.override is not None:
            out["override_source"] = self.override["source"]
        return out


def documents() -> dict:
    return defaults()["documents"]


def parameter_source(name: str) -> dict:
    """The data file's citation of parameter ``name`` with the document's title and edition filled in."""
    entry = defaults()["parameters"][name]
    src = dict(entry["source"])
    doc = documents()[src["document"]]
    src.update(title=doc["title"], edition=doc["edition"], confidence=entry["confidence"])
    if entry.get("confirm"):
        src["confirm"] = entry["confirm"]
    return src


def citation_problems(data: dict) -> list[str]:
    """What is missing from the citations of a function-point data file: every parameter names a
    document of ``documents`` (with title and edition), a table or clause (``ref``) and a confidence
    grade; a value not read in the original (grade S or C) says what would confirm it."""
    problems = []
    docs = data.get("documents") or {}
    for doc_id, doc in docs.items():
        problems += [f"文件 {doc_id} 缺少 {k}" for k in ("title", "edition", "read_from") if not (doc or {}).get(k)]
    for name, entry in (data.get("parameters") or {}).items():
        src = entry.get("source") or {}
        if src.get("document") not in docs:
            problems.append(f"参数 {name} 的 source.document 不是 documents 中的文件：{src.get('document')!r}")
        if not src.get("ref"):
            problems.append(f"参数 {name} 没有写表、条或公式（source.ref）")
        if entry.get("confidence") not in ("P", "S", "C"):
            problems.append(f"参数 {name} 的可信度应为 P、S 或 C：{entry.get('confidence')!r}")
        elif entry["confidence"] != "P" and not entry.get("confirm"):
            problems.append(f"参数 {name} 可信度为 {entry['confidence']}（线索），没有写什么能证实它（confirm）")
        if not {"value", "values", "cities"} & set(entry):
            problems.append(f"参数 {name} 没有取值（value、values 或 cities）")
    return problems


def _overrides(fp: dict) -> tuple[dict, str | None]:
    params = dict(fp.get("parameters") or {})
    return params, params.pop("source", None)


def resolve(name: str, overrides: dict, common_source: str | None) -> tuple[object, dict | None]:
    """The value of parameter ``name`` (the data file's ``value``/``values``, or the dossier's
    override) and the override record. A table override may give only the entries it changes."""
    entry = defaults()["parameters"][name]
    base = entry.get("values", entry.get("value"))
    if name not in overrides:
        return base, None
    given = overrides[name]
    source = common_source
    if isinstance(given, dict) and "value" in given:
        source = given.get("source", common_source)
        given = given["value"]
    return _merge(base, given), {"source": source}


def _merge(base, given):
    """``given`` over ``base``: tables merge entry by entry (nested tables too), anything else replaces."""
    if not (isinstance(base, dict) and isinstance(given, dict)):
        return given
    merged = dict(base)
    for key, value in given.items():
        merged[key] = _merge(base.get(key), value)
    return merged


# --------------------------------------------------------------------------- results


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
    parameters: list[Param] = field(default_factory=list)
    function_points: Decimal = Decimal(0)  # adjusted size S
    person_months: Decimal = Decimal(0)
    total: Decimal = Decimal(0)  # 万元, at PDR P50
    range: dict[str, dict] = field(default_factory=dict)  # p25/p50/p75 → pdr, effort, person_months, total
    budgeted_software: Decimal | None = None
    budget_position: dict | None = None
    labour_rate_region: dict = field(default_factory=dict)
    testing: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def step(self, key: str) -> Decimal:
        return next(s.value for s in self.steps if s.key == key)

    def param(self, name: str) -> Param:
        return next(p for p in self.parameters if p.name == name)

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "stage": self.stage,
            "counts": self.counts,
            "function_points": fmt(self.function_points, 2),
            "person_months": fmt(self.person_months, 2),
            "total": fmt(self.total),
            "range": {k: {kk: fmt(vv) for kk, vv in v.items()} for k, v in self.range.items()},
            "budgeted_software": None if self.budgeted_software is None else fmt(self.budgeted_software),
            "difference": None if self.budgeted_software is None else fmt(self.budgeted_software - self.total),
            "budget_position": self.budget_position,
            "labour_rate_region": self.labour_rate_region,
            "testing": self.testing,
            "parameters": [p.to_dict() for p in self.parameters],
            "steps": [s.to_dict() for s in self.steps],
            "notes": self.notes,
        }


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


def position(value: Decimal, points: dict[str, Decimal]) -> str:
    """Where ``value`` lies among percentile points ({"p25": …, "p75": …}), e.g. "P25–P50"."""
    names = list(points)
    if value < points[names[0]]:
        return f"低于 {names[0].upper()}"
    if value > points[names[-1]]:
        return f"高于 {names[-1].upper()}"
    for lo, hi in zip(names, names[1:], strict=False):
        if value <= points[hi]:
            return f"{lo.upper()}–{hi.upper()}"
    return names[-1].upper()


class _Run:
    """The state of one estimate: the dossier's overrides and the parameters used so far."""

    def __init__(self, fp: dict, result: CostEstimate):
        self.overrides, self.common_source = _overrides(fp)
        self.result = result

    def use(self, name: str, shown_of=None) -> tuple[object, Param]:
        entry = defaults()["parameters"][name]
        value, override = resolve(name, self.overrides, self.common_source)
        p = Param(name, entry["title"], value, unit=entry.get("unit", ""), source=parameter_source(name), override=override)
        p.shown = shown_of(value) if shown_of else _show(value)
        self.result.parameters.append(p)
        if override is not None and not override["source"]:
            self.result.notes.append(f"参数 {name} 的覆盖值没有写来源；请在 parameters 中写 source。")
        return value, p

    def choose(self, name: str, choice: str | None) -> tuple[str, Decimal, Param]:
        """A factor picked from a table by the dossier's category (``choice``); an override may be
        a number (the factor itself) or a partial table."""
        entry = defaults()["parameters"][name]
        key = choice or entry["default"]
        mapped = entry.get("mapping", {}).get(key)
        if mapped:
            self.result.notes.append(f"{entry['title']}：档案的 {key} 在基准表中没有对应类别，按 {mapped['to']} 取值（{mapped['why']}）。")
            key = mapped["to"]
        value, p = self.use(name)
        factor = _d(value) if not isinstance(value, dict) else _d(value[key])
        p.shown = f"{key} {fmt(factor)}"
        return key, factor, p


def _show(value) -> str:
    if isinstance(value, dict):
        return "、".join(f"{k} {_show(v)}" for k, v in value.items())
    return fmt(_d(value)) if not isinstance(value, str) or "/" in value else value


# --------------------------------------------------------------------------- estimate


def estimate(fp: dict, budget_items: list[dict] | None = None, place: dict | None = None,
             mlps_level: int | None = None) -> CostEstimate:
    """The estimate of one ``function_points`` input. ``place`` is the regulation's place
    ({province, city, county}) that picks the default labour rate; ``mlps_level`` the 等保 level
    from security.yaml, used when a testing line does not name its level."""
    method = fp.get("method", "estimated")
    stage = fp.get("stage", "fsr")
    counts, by_complexity = count_functions(fp)
    result = CostEstimate(method, stage, counts)
    run = _Run(fp, result)

    # 1. unadjusted function points (per-function modification type and reuse, 表A.1、表A.2)
    ufp, formula, src = _unadjusted(fp, method, counts, by_complexity, run)
    result.steps.append(Step("ufp", f"未调整功能点（{METHOD_LABELS[method]}）", formula, ufp, "功能点", src))

    # 2. scale change factor by stage
    _, cf_p = run.use("scale_change_factor")
    cf_value = cf_p.value
    cf = _d(cf_value[stage]) if isinstance(cf_value, dict) else _d(cf_value)
    cf_p.shown = f"{stage} {fmt(cf)}"
    result.steps.append(Step("cf", f"规模变更调整因子（{STAGE_LABELS[stage]}）", "按估算阶段取值", cf, "", cf_p.cite))
    size = ufp * cf
    result.steps.append(Step("size", "调整后规模 S", f"{fmt(ufp)} × {fmt(cf)}", size, "功能点"))

    # 3. software factors
    factors = fp.get("factors", {})
    app_type, at, at_p = run.choose("application_type_factor", factors.get("application_type"))
    result.steps.append(Step("application_type", f"应用类型调整因子（{app_type}）", "参数表取值", at, "", at_p.cite))
    integ, it, it_p = run.choose("integrity_factor", factors.get("integrity"))
    result.steps.append(Step("integrity", f"完整性级别调整因子（{integ}）", "参数表取值", it, "", it_p.cite))
    step_value, q_p = run.use("quality_factor")
    quality = factors.get("quality", {})
    items = defaults()["parameters"]["quality_factor"]["items"]
    q_sum = sum(int(quality.get(k, 0)) for k in items)
    q = Decimal(1) + _d(step_value) * q_sum
    result.steps.append(Step("quality", "非功能性特征调整因子", f"1 + {fmt(_d(step_value))} × ({q_sum})", q, "", q_p.cite))
    swf = at * it * q
    result.steps.append(Step("swf", "软件因素调整因子 SWF", f"{fmt(at)} × {fmt(it)} × {fmt(q)}", swf))

    # 4. development factors
    lang, lf, l_p = run.choose("language_factor", factors.get("language"))
    result.steps.append(Step("language", f"开发语言调整因子（{lang}）", "参数表取值", lf, "", l_p.cite))
    team, tf, t_p = run.choose("team_factor", factors.get("team"))
    result.steps.append(Step("team", f"开发团队背景调整因子（{team}）", "参数表取值", tf, "", t_p.cite))
    rdf = lf * tf
    result.steps.append(Step("rdf", "开发因素调整因子 RDF", f"{fmt(lf)} × {fmt(tf)}", rdf))

    # 5. effort, person-months, cost (PDR P50), and the range P25 / P50 / P75
    pdrs, pdr_p = _pdr(run)
    pdr = pdrs["p50"]
    result.steps.append(Step("pdr", "功能点耗时率 PDR（P50）", "基准数据", pdr, "人时/功能点", pdr_p.cite))
    effort = size * pdr * swf * rdf
    result.steps.append(Step("effort", "工作量 AE", f"S × PDR × SWF × RDF = {fmt(size)} × {fmt(pdr)} × {fmt(swf)} × {fmt(rdf)}", effort, "人时"))
    hm_value, hm_p = run.use("hours_per_month")
    hm = _d(hm_value)
    result.steps.append(Step("hours_per_month", "每人月工时 HM", "", hm, "人时/人月", hm_p.cite))
    pm = effort / hm
    result.steps.append(Step("person_months", "人月数", f"AE ÷ HM = {fmt(effort)} ÷ {fmt(hm)}", pm, "人月"))
    rate, rate_p = _labour_rate(run, place)
    result.steps.append(Step("labour_rate", f"人月费率 F（{result.labour_rate_region['city']}）", "", rate, "元/人月", rate_p.cite))
    labour = pm * rate / Decimal(10000)
    result.steps.append(Step("labour_cost", "人力成本", f"人月数 × F ÷ 10000 = {fmt(pm)} × {fmt(rate)} ÷ 10000", labour, "万元"))
    dnc_value, dnc_p = run.use("direct_non_labour")
    dnc = _d(dnc_value)
    result.steps.append(Step("direct_non_labour", "直接非人力成本 DNC", "", dnc, "万元", dnc_p.cite))
    total = labour + dnc
    result.steps.append(Step("total", "软件开发费用（P50）", "人力成本 + DNC", total, "万元"))

    result.function_points, result.person_months, result.total = size, pm, total
    per_pdr = size * swf * rdf  # effort per unit of PDR
    for key in RANGE if pdrs.get("p25") is not None else ("p50",):
        e = per_pdr * pdrs[key]
        result.range[key] = {"pdr": pdrs[key], "effort": e, "person_months": e / hm, "total": e / hm * rate / 10000 + dnc}

    if budget_items is not None:
        software = [_d(i["amount"]) for i in budget_items if i.get("category") == "software_dev"]
        if software:
            result.budgeted_software = sum(software, Decimal(0))
            result.budget_position = _budget_position(result, per_pdr, hm, rate, dnc)
        result.testing = _testing(run, budget_items, mlps_level)
    return result


def _unadjusted(fp, method, counts, by_complexity, run: _Run) -> tuple[Decimal, str, str]:
    functions = fp.get("functions", [])
    adjusted = [f for f in functions if f.get("change", "new") != "new" or f.get("reuse", "low") != "low"]
    if method == "detailed":
        weights, p = run.use("weights_detailed")
    else:
        weights, p = run.use(f"weights_{method}")
    if fp.get("counts"):
        if adjusted:
            run.result.notes.append(f"已给出 counts，functions 中 {len(adjusted)} 项功能的修改类型/复用程度未计入（逐项调整须去掉 counts、列出全部功能）。")
        if method == "detailed":
            run.result.notes.append("详细功能点法需要逐项功能的复杂度；已给出 counts，按“中”复杂度权重计算。")
            weights = {t: weights[t]["average"] for t in TYPES}
        ufp = sum((_d(weights[t]) * counts[t] for t in TYPES), Decimal(0))
        return ufp, " + ".join(f"{fmt(_d(weights[t]))}×{counts[t]}" for t in TYPES if _d(weights[t])), p.cite
    mod, _ = run.use("modification_factor")
    reuse, _ = run.use("reuse_factor")
    exact = Fraction(0)
    for f in functions:
        w = weights[f["type"]]
        if method == "detailed":
            w = w[f.get("complexity", "average")]
        exact += _fr(w) * _fr(mod[f.get("change", "new")]) * _fr(reuse[f.get("reuse", "low")])
    ufp = _d(exact)
    if method == "detailed":
        formula = "Σ 各类功能数 × 复杂度权重（低/中/高）：" + " + ".join(
            f"{t}({'/'.join(str(by_complexity[t][c]) for c in ('low', 'average', 'high'))})" for t in TYPES)
    else:
        formula = " + ".join(f"{fmt(_d(weights[t]))}×{counts[t]}" for t in TYPES if _d(weights[t]))
    if adjusted:
        changes = {k: sum(1 for f in functions if f.get("change", "new") == k) for k in ("modified", "deleted")}
        reused = sum(1 for f in functions if f.get("reuse", "low") != "low")
        formula = (f"Σ 权重 × 修改类型因子 × 复用因子（{len(functions)} 项功能：修改 {changes['modified']}、"
                   f"删除 {changes['deleted']}、复用 {reused}）")
    return ufp, formula, p.cite


def _pdr(run: _Run) -> tuple[dict, Param]:
    value, p = run.use("pdr")
    if isinstance(value, dict):
        pdrs = {k: _d(v) for k, v in value.items()}
        p.shown = "、".join(f"{k.upper()} {fmt(v)}" for k, v in pdrs.items())
        return pdrs, p
    run.result.notes.append("PDR 覆盖值只有一个数，不给出区间；写成 pdr: {value: {p25: …, p50: …, p75: …}, source: …} 可得到区间。")
    p.shown = f"P50 {fmt(_d(value))}"
    return {"p50": _d(value), "p25": None, "p75": None}, p


def regional_rate(place: dict | None) -> dict:
    """The default labour rate for a regulation's place (CSBMK-202510 表4.7): the place's own city,
    else the nearest published city, else a published city of the same province, else the national
    figure; ``label`` says which."""
    entry = defaults()["parameters"]["labour_rate"]
    cities, year = entry["cities"], entry["year"]
    parts = [(place or {}).get(k) for k in ("province", "city", "county")]
    where = "".join(dict.fromkeys(v for v in parts if v))  # 重庆市重庆市江津区 → 重庆市江津区
    city = (place or {}).get("city") or ""
    short = city[:-1] if city.endswith("市") else city
    if short in cities:
        return {"city": short, "rate": cities[short], "year": year, "kind": "local",
                "label": f"规则包所在地{where}，取{short}", "place": place}
    if short in entry["nearest"]:
        pub = entry["nearest"][short]
        return {"city": pub, "rate": cities[pub], "year": year, "kind": "nearest", "place": place,
                "label": f"{where}未列入表4.7，取最近的已公布城市{pub}"}
    province = (place or {}).get("province")
    if province in entry["provinces"]:
        pub = entry["provinces"][province]
        return {"city": pub, "rate": cities[pub], "year": year, "kind": "province", "place": place,
                "label": f"{where}未列入表4.7，取同省（区、市）已公布的城市{pub}"}
    national = entry["national"]
    return {"city": "全国", "rate": national["value"], "year": year, "kind": "national", "place": place,
            "label": f"规则包未载明所在地，取{national['label']}" if not place else f"{where} 无可用城市，取{national['label']}"}


def _labour_rate(run: _Run, place: dict | None) -> tuple[Decimal, Param]:
    region = regional_rate(place)
    value, p = run.use("labour_rate", lambda v: "")
    if p.override is None:
        rate = _d(region["rate"])
    elif isinstance(value, str):  # a city of the table named by the dossier
        rate = _d(defaults()["parameters"]["labour_rate"]["cities"][value])
        region = {**region, "city": value, "rate": int(rate), "kind": "override", "label": f"档案指定城市{value}"}
    else:
        rate = _d(value)
        region = {**region, "city": "档案覆盖", "rate": fmt(rate), "kind": "override", "label": "档案覆盖"}
    p.shown = f"{fmt(rate)}（{region['label']}）"
    run.result.labour_rate_region = {**region, "rate": fmt(rate)}
    return rate, p


def _budget_position(result: CostEstimate, per_pdr, hm, rate, dnc) -> dict:
    """Where the budget's software-development lines fall in the P25–P75 range, and the PDR
    they imply with the same size, factors and rate."""
    budget = result.budgeted_software
    implied = (budget - dnc) * 10000 * hm / rate / per_pdr if per_pdr and rate else None
    out = {"amount": fmt(budget), "implied_pdr": None if implied is None else fmt(implied, 2)}
    if len(result.range) == 3:
        out["position"] = position(budget, {k: v["total"] for k, v in result.range.items()})
    else:
        out["position"] = "高于 P50" if budget > result.total else ("低于 P50" if budget < result.total else "P50")
    return out


def _testing(run: _Run, items: list[dict], mlps_level: int | None) -> list[dict]:
    """等保 and 密评 budget lines against the CSBMK-202510 appendix C prices; a line below P10 or
    above P90 gets an info finding with the source."""
    from govproj.money import wan

    entry = defaults()["parameters"]["testing_prices"]
    out: list[dict] = []
    prices = None
    for item in items:
        if item.get("category") != "assessment":
            continue
        text = f"{item.get('item', '')}{item.get('spec', '')}"
        kind = _testing_kind(entry["lines"], text, mlps_level)
        if kind is None:
            continue
        if prices is None:
            prices, p = run.use("testing_prices", lambda v: "")
            p.shown = "；".join(f"{entry['lines'][k]['label']} P50 {fmt(_d(v['p50']))}" for k, v in prices.items() if k in entry["lines"])
        pts = {k: _d(v) / 10000 for k, v in prices[kind].items()}  # 元 → 万元
        amount = _d(item["amount"])
        where = position(amount, pts)
        row = {"item": item.get("item", ""), "kind": kind, "label": entry["lines"][kind]["label"], "amount": fmt(amount),
               "benchmark": {k: fmt(v) for k, v in pts.items()}, "position": where, "finding": None}
        if where.startswith(("低于", "高于")):
            row["finding"] = {"severity": "info", "source": run.result.param("testing_prices").cite,
                              "message": f"{row['item']} {wan(amount)} 万元，{where}（{row['label']}基准 P10 {wan(pts['p10'])}、"
                                         f"P50 {wan(pts['p50'])}、P90 {wan(pts['p90'])} 万元）"}
        out.append(row)
    return out


def _testing_kind(lines: dict, text: str, mlps_level: int | None) -> str | None:
    for kind, line in lines.items():
        if "level" not in line and any(w in text for w in line["words"]):
            return kind
    if not any(w in text for line in lines.values() if "level" in line for w in line["words"]):
        return None
    named = {2: ("二级", "第二级"), 3: ("三级", "第三级")}
    level = next((lv for lv, words in named.items() if any(w in text for w in words)), mlps_level)
    return next((k for k, line in lines.items() if line.get("level") == level), None)
