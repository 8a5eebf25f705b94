"""Terminal report of ``govproj estimate``: route, timeline, cost arithmetic, budget, savings."""

from __future__ import annotations

from decimal import Decimal

from govproj.estimate.fp import fmt
from govproj.money import wan
from govproj.report.text import make_console

STATUS = {"done": ("按期完成", "green"), "late": ("逾期完成", "red"), "pending": ("待办", "cyan")}


def render(est, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    from govproj.money import rmb_capital

    console = console or make_console()
    total = Decimal(est.amount)
    head = Text(f"档案 {est.path} · {est.regulation['title']}\n", style="bold")
    head.append(f"总投资 {wan(total)} 万元（{rmb_capital(total)}）", style="")
    console.print(head)

    r = est.route
    if r is not None:
        title = Text("\n审批路线：", style="bold")
        title.append(r.title)
        if r.above_limit is not None:
            title.append("（限额以上）" if r.above_limit else "（限额以下）")
        title.append(f"  依据 {r.article}")
        console.print(title)
        t = Table(header_style="bold")
        for col in ("#", "环节", "审批/办理单位", "所需材料", "条款", "完成"):
            t.add_column(col, overflow="fold")
        for i, s in enumerate(r.stages, 1):
            docs = "、".join(s.to_dict()["documents_labels"]) or "—"
            t.add_row(str(i), Text(s.title), Text(s.approver or "—"), Text(docs), Text(s.article or "—"),
                      Text(s.done_on or "—", style="green" if s.done_on else "dim"))
        console.print(t)
        extra = []
        if r.trial_operation:
            extra.append(f"试运行：{r.trial_operation.get('text') or r.trial_operation}")
        if r.acceptance:
            extra.append(f"验收：{r.acceptance.get('text') or r.acceptance}")
        for line in extra + r.notes:
            console.print(Text(line, style="dim"))

    if est.timeline:
        console.print(Text("\n时间表（按办法规定的期限推算）", style="bold"))
        t = Table(header_style="bold")
        for col in ("应完成", "截止日期", "实际", "状态", "依据", "规则"):
            t.add_column(col, overflow="fold")
        for s in est.timeline:
            label, style = STATUS[s.status]
            if s.status == "pending" and s.due < est.as_of:
                label, style = "已逾期", "red"
            due = s.due.isoformat() + ("（推算）" if s.projected else "") + ("*" if s.provisional_years else "")
            t.add_row(Text(s.title), Text(due), Text(s.actual.isoformat() if s.actual else "—"),
                      Text(label, style=style), Text(s.basis), Text(s.rule))
        console.print(t)

    c = est.cost
    if c is not None:
        console.print(Text("\n软件开发费用估算（功能点法，GB/T 36964-2018）", style="bold"))
        t = Table(header_style="bold")
        for col in ("步骤", "算式", "结果", "参数来源"):
            t.add_column(col, overflow="fold")
        for s in c.steps:
            t.add_row(Text(s.title), Text(s.formula or "—"), Text(f"{fmt(s.value)} {s.unit}".strip()),
                      Text(s.source or "—", style="dim"))
        console.print(t)
        line = Text(f"估算：{fmt(c.function_points, 2)} 功能点，{fmt(c.person_months, 2)} 人月，{wan(c.total)} 万元")
        if c.budgeted_software is not None:
            diff = c.budgeted_software - c.total
            pct = (diff / c.total * 100) if c.total else Decimal(0)
            line.append(f"；预算中软件开发费 {wan(c.budgeted_software)} 万元，"
                        f"{'高于' if diff > 0 else '低于'}估算 {wan(abs(diff))} 万元（{fmt(pct, 1)}%）")
        console.print(line)
        for n in c.notes:
            console.print(Text(n, style="yellow"))

    b = est.budget
    if b is not None:
        console.print(Text("\n投资结构", style="bold"))
        t = Table(header_style="bold")
        for col in ("类别", "金额（万元）", "占比"):
            t.add_column(col)
        for row in b.by_category:
            t.add_row(Text(row["label"]), Text(wan(Decimal(row["amount"]))), Text(f"{row['percent']}%"))
        console.print(t)
        q = b.quotes
        if q:
            console.print(Text(
                f"厂商报价：{q['vendors']} 家，最低 {q['lowest']}、最高 {q['highest']}、中位数 {q['median']} 万元，"
                f"离散度 {q['spread_percent']}%；总投资{q['position']}（较中位数 {q['total_vs_median_percent']}%）"))
        if b.chain:
            console.print(Text("金额链：" + " → ".join(f"{x['label']} {x['amount']}" for x in b.chain) + " 万元"))
        for issue in b.chain_issues:
            console.print(Text(f"⚠ {issue['message']}。依据：{issue['basis']}", style="yellow"))

    if est.savings:
        console.print(Text("\n省减金额（按原文定义计算：后一环节金额 − 前一环节金额；节省记为正数）", style="bold"))
        t = Table(header_style="bold")
        for col in ("项目", "按原文计算", "节省", "说明"):
            t.add_column(col, overflow="fold")
        for s in est.savings:
            t.add_row(Text(f"{s['title']}（{s['id']}）" if s["id"] != "total" else s["title"]),
                      Text(s["raw"] or "—"), Text(s["saving"] or "—"), Text(s.get("note") or s.get("formula", "")))
        console.print(t)
    for n in est.notes:
        console.print(Text(n, style="yellow"))
