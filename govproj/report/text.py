"""Terminal report: findings grouped by severity, with the article behind each one.

Colour only on a terminal (rich decides; ``NO_COLOR`` is honoured). User text is passed as
``rich.text.Text`` so brackets such as ``[budget.total]`` are never eaten as markup.
"""

from __future__ import annotations

import os
import sys

from govproj.findings import SEVERITY_LABELS, Finding

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
UNREADABLE_RULES = {"GP-YAML", "GP-PATH", "GP-NOT-DOSSIER"}  # shown as paragraphs, before the table


def make_console(stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    width = None
    if not stream.isatty():  # logs and pipes: wide enough that Chinese sentences are not chopped
        width = int(os.environ.get("COLUMNS", "160"))
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def location(f: Finding) -> str:
    if not f.file:
        return ""
    if f.line is None:
        return f.file
    return f"{f.file}:{f.line}:{f.column}"


def render(result, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or make_console()
    for dossier in result.dossiers:
        head = Text("档案 ", style="bold")
        head.append(dossier.path, style="bold")
        if dossier.regulation:
            reg = dossier.regulation
            head.append(f" · {reg['title']}")
            if reg["status"] not in reg["title"]:
                head.append(f"（{reg['status']}）")
        console.print(head)
        findings = sorted(dossier.findings, key=Finding.sort_key)
        blocking = [f for f in findings if f.rule in UNREADABLE_RULES and f.severity == "error"]
        for f in blocking:
            para = Text("✗ ", style=STYLES["error"])
            where = location(f)
            para.append(f"{where}：" if where else "")
            para.append(f.message)
            if f.hint:
                para.append(f"\n  建议：{f.hint}", style="dim")
            console.print(para)
        rest = [f for f in findings if f not in blocking]
        if rest:
            table = Table(show_header=True, header_style="bold", expand=False, show_lines=False, pad_edge=False)
            table.add_column("级别", no_wrap=True)
            table.add_column("位置", no_wrap=True)
            table.add_column("规则", no_wrap=True)
            table.add_column("条款", no_wrap=True)
            table.add_column("问题与建议", overflow="fold")
            previous = None
            for f in rest:
                if previous is not None and previous != f.severity:
                    table.add_section()
                previous = f.severity
                label = SEVERITY_LABELS[f.severity] + ("（已豁免）" if f.waived else "")
                body = Text(f.message)
                if f.hint:
                    body.append(f"\n建议：{f.hint}", style="dim")
                if f.waived:
                    body.append(f"\n豁免：{f.waived.get('reason', '')}（{f.waived.get('approval_doc', '')}）", style="dim")
                table.add_row(Text(label, style=STYLES[f.severity]), Text(location(f)), Text(f.rule),
                              Text(f.article or "—"), body)
            console.print(table)
        elif not blocking:
            console.print(Text("✓ 未发现问题", style="green"))
        s = dossier.summary
        console.print(Text(f"错误 {s['error']} · 警告 {s['warning']} · 提示 {s['info']}", style="dim"))
        console.print()
    if len(result.dossiers) > 1:
        t = result.summary()
        console.print(Text(f"共检查 {t['dossiers']} 个档案：错误 {t['error']}，警告 {t['warning']}，提示 {t['info']}",
                           style="bold"))
