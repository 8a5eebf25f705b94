"""The command line (design §5). Commands are thin: parse, call a library function, report.

Help and errors are in Chinese: typer's panel titles are set here, and usage errors from
the argument parser are rewritten in Chinese by ``_usage_error``.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer import rich_utils
from typer._click import exceptions as click_exc
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

EXIT_USAGE = 2

# --------------------------------------------------------------------------- Chinese help

rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.ABORTED_TEXT = "已中止。"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.ENVVAR_STRING = "[环境变量：{}]"
rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"

_write_usage = HelpFormatter.write_usage


def _write_usage_zh(self, prog, args="", prefix=None):
    return _write_usage(self, prog, args, "用法：" if prefix is None else prefix)


HelpFormatter.write_usage = _write_usage_zh


class _ZhHelp:
    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助并退出。"
        return option


class ZhGroup(_ZhHelp, TyperGroup):
    pass


class ZhCommand(_ZhHelp, TyperCommand):
    pass


app = typer.Typer(
    name="govproj",
    cls=ZhGroup,
    help="govproj：政务信息化项目档案的检查、估算与表单工具。\n\n按项目适用的管理办法逐条检查档案，每条结论都注明条款。",
    no_args_is_help=True,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        from govproj import __version__

        typer.echo(f"govproj {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="显示版本号并退出。", callback=_version, is_eager=True)
    ] = False,
):
    """govproj：政务信息化项目档案的检查、估算与表单工具。"""


# --------------------------------------------------------------------------- shared options


class Format(str, Enum):
    text = "text"
    json = "json"


def parse_date(value: str | None, option: str) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} 应为 YYYY-MM-DD 格式的日期，实际为 {value!r}") from None


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from govproj.fsutil import atomic_write

    atomic_write(output, text)


# --------------------------------------------------------------------------- check


def command(**kwargs):
    """``app.command`` with Chinese help: our command class and a Chinese options placeholder."""
    return app.command(cls=ZhCommand, options_metavar="[选项]", **kwargs)


@command()
def check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="档案目录，可给多个；上级目录则检查其下所有档案。默认当前目录。", metavar="[档案目录]...", show_default=False),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把报告写入文件（原子写入）。", metavar="文件")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按此日期判断期限；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="有警告时也以退出码 1 结束。")] = False,
    rulepack: Annotated[
        Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）检查。", metavar="文件")
    ] = None,
):
    """检查档案：JSON Schema、跨文件一致性，以及所适用管理办法的各条规则。

    退出码：0 无阻断性问题；1 发现错误（--strict 时含警告）；2 输入无法读取或用法错误。
    """
    from govproj.check import check_paths

    day = parse_date(as_of, "--as-of")
    result = check_paths(paths or ["."], day, rulepack)
    if fmt is Format.json:
        from govproj.report import json as json_report

        write_output(json_report.render(result), output)
    else:
        from govproj.report import text as text_report

        if output is None:
            text_report.render(result)
        else:
            import io

            buffer = io.StringIO()
            text_report.render(result, text_report.make_console(_NonTty(buffer)))
            write_output(buffer.getvalue(), output)
    raise typer.Exit(result.exit_code(strict))


# --------------------------------------------------------------------------- estimate


@command()
def estimate(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="[档案目录]", show_default=False)] = ".",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把结果写入文件（原子写入）。", metavar="文件")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按此日期判断期限；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="假定下一步的起算日期，推算之后各环节（可写 事项类型=日期）。", metavar="[事项=]YYYY-MM-DD", show_default=False)] = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", help="把时间表画成甘特图（.png 或 .svg）。", metavar="文件")] = None,
    write: Annotated[bool, typer.Option("--write", help="把估算结果写入 budget.yaml 的 estimate 段（保留注释与格式）。")] = False,
    rulepack: Annotated[Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）。", metavar="文件")] = None,
):
    """估算：审批路线与时间表、功能点法软件开发费用、报价与金额链检查、省减金额。

    每个环节注明条款，每个数字给出算式与参数来源；除非 --write，不改动档案。
    """
    from govproj.estimate import EstimateError, run_estimate

    day = parse_date(as_of, "--as-of")
    start_event, start_day = None, None
    if start:
        if "=" in start:
            start_event, _, value = start.partition("=")
            start_day = parse_date(value, "--start")
        else:
            start_day = parse_date(start, "--start")
    root = Path(path)
    if not (root / "project.yaml").is_file():
        _fail(f"{path} 不是项目档案目录（缺少 project.yaml）。")
    try:
        result = run_estimate(root, day, start_day, start_event, rulepack)
    except EstimateError as exc:
        from govproj.check import DossierResult, CheckResult
        from govproj.report import text as text_report

        res = CheckResult(day, [DossierResult(str(path), exc.findings, unreadable=exc.unreadable)])
        print("无法估算：档案有下列问题，请先修正（govproj check 可查看全部问题）。", file=sys.stderr)
        text_report.render(res, text_report.make_console(sys.stderr))
        raise typer.Exit(2 if exc.unreadable else 1)
    if chart is not None:
        from govproj.estimate.chart import timeline_chart

        if not result.timeline:
            print("提示：没有可推算的期限，未生成图表。", file=sys.stderr)
        else:
            font = timeline_chart(result.timeline, chart, f"{result.regulation['title']}：项目时间表", day)
            if font is None:
                print("提示：系统没有中文字体，图中汉字可能显示为方框；Debian/Ubuntu 可安装 fonts-noto-cjk。", file=sys.stderr)
    if write:
        _write_estimate(root, result)
    if fmt is Format.json:
        import json

        write_output(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    else:
        from govproj.report import estimate_text

        if output is None:
            estimate_text.render(result)
        else:
            import io

            buffer = io.StringIO()
            estimate_text.render(result, _console_for(buffer))
            write_output(buffer.getvalue(), output)


def _console_for(buffer):
    from govproj.report.text import make_console

    return make_console(_NonTty(buffer))


def _write_estimate(root: Path, result) -> None:
    from govproj.estimate.fp import fmt
    from govproj.yamlwrite import rewrite, to_plain

    summary = {"date": result.as_of, "regulation": result.regulation["id"]}
    if result.route:
        summary["route"] = result.route.id
        if result.route.above_limit is not None:
            summary["above_limit"] = result.route.above_limit
    if result.cost:
        from decimal import Decimal

        summary["function_points"] = Decimal(fmt(result.cost.function_points, 2))
        summary["person_months"] = Decimal(fmt(result.cost.person_months, 2))
        summary["software_cost"] = Decimal(fmt(result.cost.total))

    def change(data):
        data["estimate"] = to_plain(summary)

    changed = rewrite(root / "budget.yaml", change)
    print(f"{'已写入' if changed else '无变化'}：{root / 'budget.yaml'} 的 estimate 段", file=sys.stderr)


# --------------------------------------------------------------------------- render


@command()
def render(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="档案目录", show_default=False)],
    forms: Annotated[Optional[list[str]], typer.Argument(help="只生成这些表单（编号见 --list）；默认全部。", metavar="[表单]...", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="输出目录；默认为 档案目录/out。", metavar="目录")] = None,
    templates: Annotated[Optional[Path], typer.Option("--templates", help="自定义模板目录：同名模板优先。", metavar="目录")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转换为 PDF。")] = False,
    list_forms: Annotated[bool, typer.Option("--list", help="列出可用表单后退出。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="表单日期与期限的基准日；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
):
    """生成表单：用档案数据填写办法规定的申报表、方案提纲、验收申请等，输出 .docx（可选 PDF）。"""
    from govproj.render import RenderInputError, RenderUsageError, forms_for, render_dossier

    root = Path(path)
    if not (root / "project.yaml").is_file():
        _fail(f"{path} 不是项目档案目录（缺少 project.yaml）。")
    if templates is not None and not templates.is_dir():
        _fail(f"模板目录 {templates} 不存在。")
    day = parse_date(as_of, "--as-of")
    if list_forms:
        from govproj.check import _rulepack_for
        from govproj.dossier.load import load_dossier

        pack, problem = _rulepack_for(load_dossier(root).dossier, None)
        if pack is None:
            _fail(problem.message if problem else "无法确定适用的管理办法。")
        for f in forms_for(pack):
            print(f"{f.id}\t{f.title}" + (f"\t{f.article}" if f.article else ""))
        return
    try:
        result = render_dossier(root, day, forms or None, out, templates, pdf)
    except RenderUsageError as exc:
        _fail(str(exc))
    except RenderInputError as exc:
        from govproj.check import CheckResult, DossierResult
        from govproj.report import text as text_report

        print("无法生成表单：档案有下列问题，请先修正。", file=sys.stderr)
        text_report.render(CheckResult(day, [DossierResult(str(path), exc.findings, unreadable=exc.unreadable)]),
                           text_report.make_console(sys.stderr))
        raise typer.Exit(2 if exc.unreadable else 1)
    except Exception as exc:
        from govproj.render.pdf import PdfError

        if isinstance(exc, PdfError):
            print(f"错误：{exc}", file=sys.stderr)
            raise typer.Exit(1)
        raise
    for r in result.rendered:
        print(f"已生成 {r.path}")
        if r.missing:
            shown = "、".join(r.missing[:12]) + (f" 等 {len(r.missing)} 项" if len(r.missing) > 12 else "")
            print(f"  警告：{len(r.missing)} 处待填（显示为「（待填）」）：{shown}", file=sys.stderr)
        for field_path, chars in r.control:
            print(f"  警告：{field_path} 含有控制字符 {chars}，已删除；请检查档案中的原文。", file=sys.stderr)
    for p in result.pdfs:
        print(f"已生成 {p}")
    for problem in result.problems:
        print(f"错误：{problem}", file=sys.stderr)
    raise typer.Exit(1 if result.problems else 0)


# --------------------------------------------------------------------------- rules


@command()
def rules(
    regulation: Annotated[Optional[str], typer.Argument(help="规则包编号，如 jiujiang-2024；省略则列出全部办法。", metavar="[办法]", show_default=False)] = None,
    rule: Annotated[Optional[str], typer.Argument(help="规则编号，如 JJ-25-2a：解释这条规则。", metavar="[规则]", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
):
    """列出支持的管理办法、某办法的全部规则，或解释一条规则（条款、原文、参数、示例）。"""
    from govproj.rules import explain
    from govproj.rules import rulepack as rulepacks

    if regulation is None:
        rows = explain.regulation_rows()
        if fmt is Format.json:
            _print_json({"regulations": rows})
            return
        from rich.table import Table
        from rich.text import Text

        from govproj.report.text import make_console

        table = Table(header_style="bold")
        for col in ("编号", "办法", "状态", "文号", "规则", "不可机械检查"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(Text(r["id"]), Text(r["title"]), Text(r["status"]), Text(r["doc_no"] or "—"),
                          Text(str(r["rules"])), Text(str(r["not_checkable"])))
        make_console().print(table)
        return
    path = explain.path_for(regulation)
    if path is None:
        known = "、".join(sorted(rulepacks.available()))
        _fail(f"没有编号为 {regulation} 的管理办法。已支持：{known}")
    try:
        pack = rulepacks.load_file(path.resolve())
    except rulepacks.RulepackError as exc:
        _fail(str(exc))
    if rule is None:
        _list_rules(pack, fmt)
    else:
        _explain_rule(pack, rule, fmt)


def _fail(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


def _print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _list_rules(pack, fmt: Format) -> None:
    items = [{"id": r["id"], "severity": r["severity"], "article": r["article"] + r.get("item", ""),
              "title": r["title"], "waivable": bool(r.get("waivable")), "kind": r["kind"]}
             for r in pack.data.get("rules", [])]
    unchecked = [{"id": r["id"], "article": r.get("article", ""), "reason": r["reason"]}
                 for r in pack.data.get("not_checkable", [])]
    if fmt is Format.json:
        _print_json({"regulation": pack.summary(), "rules": items, "not_checkable": unchecked})
        return
    from rich.table import Table
    from rich.text import Text

    from govproj.findings import SEVERITY_LABELS
    from govproj.report.text import STYLES, make_console

    console = make_console()
    console.print(Text(pack.title + ("" if pack.status_label in pack.title else f"（{pack.status_label}）"), style="bold"))
    table = Table(header_style="bold")
    for col in ("规则", "级别", "条款", "摘要"):
        table.add_column(col, overflow="fold")
    for r in items:
        label = SEVERITY_LABELS[r["severity"]] + ("·原则上" if r["waivable"] else "")
        table.add_row(Text(r["id"]), Text(label, style=STYLES[r["severity"]]), Text(r["article"]), Text(r["title"]))
    console.print(table)
    if unchecked:
        console.print(Text(f"另有 {len(unchecked)} 条无法机械检查（govproj rules {pack.id} 规则编号 查看原因）。", style="dim"))


def _explain_rule(pack, rule_id: str, fmt: Format) -> None:
    from govproj.rules import explain

    rule, where = explain.find_rule(pack, rule_id)
    if rule is None:
        _fail(f"{pack.title} 中没有规则 {rule_id}；运行 govproj rules {pack.id} 查看全部规则。")
    article = rule.get("article", "")
    full = explain.article_text(pack, article)
    params = explain.parameters_of(pack, rule)
    if fmt is Format.json:
        _print_json({"regulation": pack.summary(), "rule": rule, "checkable": where == "rule",
                     "article_text": full, "parameters": dict(params)})
        return
    from rich.text import Text

    from govproj.findings import SEVERITY_LABELS
    from govproj.report.text import make_console

    console = make_console()
    out = Text()
    out.append(f"{rule['id']}", style="bold")
    if where == "rule":
        out.append(f"  {rule['title']}\n", style="bold")
        out.append(f"级别：{SEVERITY_LABELS[rule['severity']]}" + ("（原则上，可经批准豁免）" if rule.get("waivable") else "") + "\n")
    else:
        out.append("  无法机械检查\n", style="bold")
        out.append(f"原因：{rule['reason']}\n")
    out.append(f"出处：{pack.title} {article}{rule.get('item', '')}\n")
    if rule.get("quote"):
        out.append(f"原文摘录：「{rule['quote']}」\n")
    if where == "rule":
        out.append(f"检查方式：{rule['kind']}（见 docs/rulepacks.md）\n")
        if rule.get("stage"):
            from govproj.rules.engine import stages

            title = next((s["title"] for s in stages() if s["id"] == rule["stage"]), rule["stage"])
            out.append(f"适用阶段：{title}及以后\n")
        out.append(f"不符合时：{rule['message']}\n")
        out.append(f"建议：{rule['hint']}\n")
    for name, p in params:
        value = p.get("value")
        if isinstance(value, dict) and "values" in value:
            value = "；".join(f"{k}: {v}" for k, v in value["values"].items())
        out.append(f"参数 {name}（{p.get('title', '')}）：{value} {p.get('unit', '')}（{p.get('article', '')}）\n")
        if p.get("note"):
            out.append(f"  说明：{p['note']}\n", style="dim")
    if rule.get("explanation"):
        out.append(f"说明：{rule['explanation']}\n")
    for side, label in (("pass", "符合的例子"), ("fail", "不符合的例子")):
        if rule.get("example", {}).get(side):
            out.append(f"{label}：{rule['example'][side]}\n")
    if full:
        out.append(f"\n{article}全文：\n", style="bold")
        out.append(full + "\n")
    console.print(out)


class _NonTty:
    """A text buffer that says it is not a terminal, so the report has no colour codes."""

    def __init__(self, buffer):
        self._buffer = buffer

    def write(self, s):
        return self._buffer.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False


# --------------------------------------------------------------------------- running


def run(args: list[str]) -> int:
    """Run the CLI on ``args``; return the exit code. Usage errors are printed in Chinese."""
    if not args:
        args = ["--help"]
    try:
        code = app(args=args, prog_name="govproj", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("已中止。", file=sys.stderr)
        return 1
    except click_exc.UsageError as exc:
        print(_usage_error(exc), file=sys.stderr)
        return EXIT_USAGE
    except click_exc.ClickException as exc:
        print(f"错误：{exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    return code if isinstance(code, int) else 0


def _usage_error(exc) -> str:
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx else "govproj"
    if isinstance(exc, click_exc.NoSuchOption):
        msg = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            msg += "，是不是 " + "、".join(sorted(exc.possibilities)) + "？"
    elif isinstance(exc, click_exc.MissingParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else "参数"
        msg = f"缺少{'选项' if name.startswith('-') else '参数'} {name}"
    elif isinstance(exc, click_exc.BadParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else ""
        text = exc.message
        if " is not one of " in text or "is not a valid" in text:
            choices = getattr(getattr(exc.param, "type", None), "choices", None)
            text = "取值无效" + (f"，应为 {'、'.join(str(c.value if isinstance(c, Enum) else c) for c in choices)} 之一" if choices else "")
        msg = f"{name} 的值无效：{text}" if name else f"值无效：{text}"
    elif isinstance(exc, click_exc.BadOptionUsage):
        msg = f"选项用法有误：{exc.message}"
    else:
        text = exc.message
        if text.startswith("No such command"):
            text = "没有这个命令：" + text.split("'")[1] if "'" in text else "没有这个命令"
        elif text.startswith("Got unexpected extra argument"):
            text = "多余的参数：" + text.split("(", 1)[-1].rstrip(")")
        elif text.startswith("Option") and "requires an argument" in text:
            text = text.split("'")[1] + " 需要一个值" if "'" in text else "选项需要一个值"
        msg = text
    return f"错误：{msg}\n运行 '{command} --help' 查看用法。"

