"""Terminal report of ``govproj estimate``.

By default one screen: the route in a line, the timeline's next steps, the cost as a P25/P50/P75
range with where the budget falls, the labour rate's region, testing prices, budget lines that
need a look. ``detail=True`` adds every table: route stages, timeline, each step of the arithmetic,
each parameter with its source, investment structure, savings.
"""

from __future__ import annotations

from decimal import Decimal

from govproj.estimate.fp import fmt
from govproj.money import wan
from govproj.report.text import make_console

STATUS = {"done": ("按期完成", "green"), "late": ("逾期完成", "red"), "pending": ("待办", "cyan"),
          "overdue": ("已逾期", "red"), "reached": ("已到期（提示）", "yellow")}


def render(est, console=None, detail: bool = False) -> None:
    from rich.text import Text

    from govproj.money import rmb_capital

    console = console or make_console()
    total = Decimal(est.amount)
    head = Text(f"档案 {est.path} · {est.regulation['title']}\n", style="bold")
    head.append(f"总投资 {wan(total)} 万元（{rmb_capital(total)}）", style="")
    console.print(head)
    if est.route is not None:
        _route(console, est.route, detail)
    if est.timeline:
        _timeline(console, est, detail)
    if est.cost is not None:
        _cost(console, est.cost, detail)
    if est.budget is not None:
        _budget(console, est.budget, detail)
    if est.savings:
        _savings(console, est.savings, detail)
    for n in est.notes:
        console.print(Text(n, style="yellow"))
    if not detail:
        console.print(Text("逐项算式、参数来源、审批环节、时间表与投资结构：govproj estimate --detail", style="dim"))


def _table(*columns: str, fold: bool = True):
    from rich.table import Table

    t = Table(header_style="bold")
    for col in columns:
        t.add_column(col, overflow="fold" if fold else "ellipsis")
    return t


def _route(console, r, detail: bool) -> None:
    from rich.text import Text

    title = Text("\n审批路线：", style="bold")
    title.append(r.title)
    if r.above_limit is not None:
        title.append("（限额以上）" if r.above_limit else "（限额以下）")
    if detail:
        title.append(f"  依据 {r.article}")
    console.print(title)
    if not detail:
        done = [s for s in r.stages if s.done]
        line = f"  依据 {r.article}；{len(r.stages)} 个环节，已完成 {len(done)} 个"
        last = max((i for i, s in enumerate(r.stages) if s.done), default=-1)
        following = r.stages[last + 1] if last + 1 < len(r.stages) else None
        if following is not None:
            line += f"；下一环节：{following.title}（{following.approver or '—'}，{following.article or '—'}）"
        elif done:
            line += f"；最后完成：{done[-1].title} {done[-1].done_on or '、'.join(done[-1].held)}"
        console.print(Text(line))
        return
    t = _table("#", "环节", "审批/办理单位", "所需材料", "条款", "完成")
    for i, s in enumerate(r.stages, 1):
        docs = "、".join(s.to_dict()["documents_labels"]) or "—"
        t.add_row(str(i), Text(s.title), Text(s.approver or "—"), Text(docs), Text(s.article or "—"),
                  Text(s.done_on or ("已有" + "、".join(s.held) if s.held else "—"), style="green" if s.done else "dim"))
    console.print(t)
    extra = []
    if r.trial_operation:
        extra.append(f"试运行：{r.trial_operation.get('text') or r.trial_operation}")
    if r.acceptance:
        extra.append(f"验收：{r.acceptance.get('text') or r.acceptance}")
    for line in extra + r.notes:
        console.print(Text(line, style="dim"))


def _status(s, as_of) -> tuple[str, str]:
    return STATUS[s.state(as_of)]


def _due(s) -> str:
    return s.due.isoformat() + ("（推算）" if s.projected else "") + ("*" if s.provisional_years else "")


def _timeline(console, est, detail: bool) -> None:
    from rich.text import Text

    if not detail:
        counts: dict[str, int] = {}
        for s in est.timeline:
            label = _status(s, est.as_of)[0]
            counts[label] = counts.get(label, 0) + 1
        line = Text(f"时间表：{len(est.timeline)} 项期限，" + "、".join(f"{k} {v}" for k, v in counts.items()))
        console.print(line)
        pending = [s for s in est.timeline if s.status == "pending"][:3]
        for s in pending:
            label, style = _status(s, est.as_of)
            console.print(Text(f"  {s.title} 截止 {_due(s)}（{s.basis}，{s.rule}）", style=style))
        return
    console.print(Text("\n时间表（按办法规定的期限推算）", style="bold"))
    t = _table("应完成", "截止日期", "实际", "状态", "依据", "规则")
    for s in est.timeline:
        label, style = _status(s, est.as_of)
        t.add_row(Text(s.title), Text(_due(s)), Text(s.actual.isoformat() if s.actual else "—"),
                  Text(label, style=style), Text(s.basis), Text(s.rule))
    console.print(t)


def _cost(console, c, detail: bool) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text("\n软件开发费用估算（功能点法，GB/T 36964-2018；参数见 govproj/data/function_points.yaml）", style="bold"))
    size = f"{fmt(c.step('ufp'))} × {fmt(c.step('cf'))} = {fmt(c.function_points, 2)} 功能点"
    region = c.labour_rate_region
    console.print(Text(f"  规模 {size}；SWF {fmt(c.step('swf'))}，RDF {fmt(c.step('rdf'))}"))
    if region["kind"] == "override":
        console.print(Text(f"  人月费率 {region['rate']} 元/人月：{c.param('labour_rate').cite}"))
    else:
        console.print(Text(f"  人月费率 {region['rate']} 元/人月（CSBMK-202510，{region['year']} 年）：{region['label']}"))
    t = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
    for col in ("", "PDR（人时/功能点）", "人月", "费用（万元）"):
        t.add_column(col, justify="right")
    for key, row in c.range.items():
        t.add_row(key.upper(), fmt(row["pdr"]), _two(row["person_months"]), wan(row["total"]))
    console.print(t)
    if c.budget_position is not None:
        bp = c.budget_position
        console.print(Text(f"  预算中软件开发 {wan(c.budgeted_software)} 万元：位于 {bp['position']}"
                           f"（相当于 PDR {bp['implied_pdr']} 人时/功能点；较 P50 {_pct(c.budgeted_software, c.total)}）"))
    grades: dict[str, int] = {}
    for p in c.parameters:
        key = "档案覆盖" if p.override is not None else f"可信度 {p.source['confidence']}"
        grades[key] = grades.get(key, 0) + 1
    console.print(Text(f"  参数 {len(c.parameters)} 项：" + "、".join(f"{k} {v} 项" for k, v in sorted(grades.items()))
                       + "（出处：《中国软件行业基准数据》CSBMK-202510 等，逐项见 --detail）", style="dim"))
    if c.testing:
        console.print(Text("测评费用对照 CSBMK-202510 附录C："))
        for r in c.testing:
            console.print(Text(f"  {r['label']}：预算 {wan(Decimal(r['amount']))} 万元，基准 P50 "
                               f"{wan(Decimal(r['benchmark']['p50']))} 万元，位于 {r['position']}"))
        for r in c.testing:
            if r["finding"]:
                console.print(Text(f"ℹ {r['finding']['message']}。依据：{r['finding']['source']}", style="cyan"))
    for n in c.notes:
        console.print(Text(n, style="yellow"))
    if detail:
        t = _table("步骤", "算式", "结果")
        for s in c.steps:
            t.add_row(Text(s.title), Text(s.formula or "—"), Text(f"{fmt(s.value)} {s.unit}".strip()))
        console.print(t)
        t = _table("参数", "取值", "出处（文件、版本、表/条，可信度）")
        t.expand = True
        for col, ratio in zip(t.columns, (2, 2, 5), strict=True):
            col.ratio = ratio
        for p in c.parameters:
            t.add_row(Text(f"{p.title}\n{p.name}"), Text(f"{p.shown} {p.unit}".strip()),
                      Text(p.cite, style="yellow" if p.override is not None else "dim"))
        console.print(t)


def _two(x: Decimal) -> str:
    from decimal import ROUND_HALF_UP

    return str(x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _pct(value: Decimal, base: Decimal) -> str:
    if not base:
        return "—"
    pct = (value - base) / base * 100
    return f"{'+' if pct > 0 else ''}{fmt(pct, 1)}%"


def _budget(console, b, detail: bool) -> None:
    from rich.text import Text

    if detail:
        console.print(Text("\n投资结构", style="bold"))
        t = _table("类别", "金额（万元）", "占比", fold=False)
        for row in b.by_category:
            t.add_row(Text(row["label"]), Text(wan(Decimal(row["amount"]))), Text(f"{row['percent']}%"))
        console.print(t)
    else:
        top = "、".join(f"{row['label']} {row['percent']}%" for row in b.by_category[:3])
        more = f" 等 {len(b.by_category)} 类" if len(b.by_category) > 3 else ""
        console.print(Text(f"\n投资结构：{top}{more}"))
    q = b.quotes
    if q:
        console.print(Text(
            f"厂商报价：{q['vendors']} 家，最低 {q['lowest']}、最高 {q['highest']}、中位数 {q['median']} 万元，"
            f"离散度 {q['spread_percent']}%；总投资{q['position']}（较中位数 {q['total_vs_median_percent']}%）"))
    if b.chain:
        console.print(Text("金额链：" + " → ".join(f"{x['label']} {x['amount']}" for x in b.chain) + " 万元"))
    for issue in b.chain_issues:
        console.print(Text(f"⚠ {issue['message']}。依据：{issue['basis']}", style="yellow"))


def _savings(console, savings: list[dict], detail: bool) -> None:
    from rich.text import Text

    if not detail:
        total = next((s for s in savings if s["id"] == "total"), None)
        items = [s for s in savings if s["id"] != "total"]
        text = f"省减金额：{len(items)} 项" + (f"，合计节省 {total['saving']} 万元" if total else "，部分缺少金额无法计算")
        console.print(Text(text))
        return
    console.print(Text("\n省减金额（按原文定义计算：后一环节金额 − 前一环节金额；节省记为正数）", style="bold"))
    t = _table("项目", "按原文计算", "节省", "说明")
    for s in savings:
        t.add_row(Text(f"{s['title']}（{s['id']}）" if s["id"] != "total" else s["title"]),
                  Text(s["raw"] or "—"), Text(s["saving"] or "—"), Text(s.get("note") or s.get("formula", "")))
    console.print(t)
