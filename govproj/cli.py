"""The command line (design §5). Commands are thin: parse, call a library function, report.

Help and errors are in Chinese: typer's panel titles are set here, and usage errors from
the argument parser are rewritten in Chinese by ``_usage_error``.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer._click import exceptions as click_exc
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from govproj.cli_check import EXIT_USAGE, NonTty as _NonTty, fail as _fail, known_error, os_reason, rulepack_file, run_check, write_output  # noqa: F401

# --------------------------------------------------------------------------- Chinese help


def _chinese_help_panels() -> None:
    """typer's rich help in Chinese. Imported only when help is shown: rich_utils pulls in
    rich.markdown and costs ~65 ms, which every other command would pay for nothing."""
    from typer import rich_utils

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


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    gitlab = "gitlab"
    junit = "junit"
    github = "github"
    html = "html"


AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="按此日期判断期限；默认今天。", metavar="YYYY-MM-DD", show_default=False)]
StrictOption = Annotated[bool, typer.Option("--strict", help="有警告时也以退出码 1 结束。")]
JobsOption = Annotated[Optional[int], typer.Option("--jobs", "-j", help="并行进程数；默认按空闲的 CPU 核数（CPU 核数减去当前负载）。", metavar="N", min=1)]
RulepackOption = Annotated[Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）；须与档案的 regulation 相同。", metavar="文件")]


def parse_date(value: str | None, option: str) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option} 应为 YYYY-MM-DD 格式的日期，实际为 {value!r}") from None


# --------------------------------------------------------------------------- check


def command(**kwargs):
    """``app.command`` with Chinese help: our command class and a Chinese options placeholder."""
    return app.command(cls=ZhCommand, options_metavar="[选项]", **kwargs)


def _examples(*lines: str) -> str:
    """The examples shown at the end of a command's --help (kept line by line: ``\\b``)."""
    return "\b\n示例：\n" + "\n".join("  " + line for line in lines)


def dossier_dir(path: str) -> Path:
    """The dossier folder named on the command line, or exit 2 saying what is wrong with it."""
    root = Path(path)
    if not root.exists():
        _fail(f"路径 {path} 不存在。")
    if not root.is_dir():
        _fail(f"{path} 是文件，不是档案目录：请给出含有 project.yaml 的目录" + ("（即它所在的目录）。" if root.name == "project.yaml" else "。"))
    if not (root / "project.yaml").is_file():
        _fail(f"{path} 不是项目档案目录（其中没有 project.yaml）；用 govproj declare {path} --regulation 办法编号 新建档案。")
    return root


@command(epilog=_examples(
    "govproj check 某局数据平台 --as-of 2026-11-22              # 按某日检查一个档案",
    "govproj check 项目目录/ --format sarif --output govproj.sarif  # 目录下全部档案，并行",
    "govproj check . --changed-since origin/main --format github  # 合并请求只查改动过的档案"))
def check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="档案目录，可给多个；上级目录则检查其下所有档案。默认当前目录。", metavar="[档案目录]...", show_default=False),
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="输出格式：text json sarif gitlab junit github html。", metavar="格式")] = CheckFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把报告写入文件（原子写入）。", metavar="文件")] = None,
    as_of: AsOfOption = None,
    strict: StrictOption = False,
    rulepack: Annotated[Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）检查。", metavar="文件")] = None,
    changed_since: Annotated[Optional[str], typer.Option("--changed-since", help="只检查自该 git 引用以来有文件变化的档案（合并请求）。", metavar="引用")] = None,
    jobs: JobsOption = None,
):
    """检查档案：JSON Schema、跨文件一致性，以及所适用管理办法的各条规则。

    退出码：0 无阻断性问题；1 发现错误（--strict 时含警告）；2 输入无法读取或用法错误。
    """
    day = parse_date(as_of, "--as-of")
    raise typer.Exit(run_check(paths, fmt.value, output, day, strict, rulepack, changed_since, jobs))


@command(epilog=_examples(
    "govproj report 某局数据平台 -o 报告.html                # 一个档案的网页报告",
    "govproj report 项目目录/ --as-of 2026-11-22 -o 一览.html  # 目录下全部档案，带一览表"))
def report(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="档案目录，可给多个；上级目录则包含其下所有档案。默认当前目录。", metavar="[档案目录]...", show_default=False),
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="HTML 文件（原子写入）；省略时写到标准输出。", metavar="文件")] = None,
    as_of: AsOfOption = None,
    strict: StrictOption = False,
    rulepack: Annotated[Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）。", metavar="文件")] = None,
    jobs: JobsOption = None,
):
    """生成网页报告（HTML）：项目概况、检查结论、审批路线、时间表、投资与估算、验收准备，一个文件，不访问网络。

    与 check --format html 相同；退出码同 check。见 docs/report.md。
    """
    from govproj.check import check_paths
    from govproj.report import html

    day = parse_date(as_of, "--as-of")
    rulepack = rulepack_file(rulepack)
    for p in paths or []:  # a report about a path that is not there helps nobody: say it here
        if not Path(p).exists():
            _fail(f"路径 {p} 不存在。")
    if output is None and sys.stdout.isatty():
        _fail("请用 --output 文件 指定报告文件（例如 --output report.html），或把输出重定向到文件。")
    result = check_paths(paths or ["."], day, rulepack, jobs=jobs)
    write_output(html.render(result, rulepack, jobs), output)
    if output is not None:
        print(f"已生成报告 {output}（{len(result.dossiers)} 个档案）", file=sys.stderr)
    raise typer.Exit(result.exit_code(strict))


# --------------------------------------------------------------------------- life cycle


def _load_for_command(path: str, day, rulepack: Path | None = None):
    """Load a dossier and its rulepack for a command, or exit with the problems (code 2/1)."""
    from govproj.check import _rulepack_for
    from govproj.dossier.load import load_dossier

    root = dossier_dir(path)
    loaded = load_dossier(root)
    pack, problem = _rulepack_for(loaded.dossier, rulepack) if loaded.dossier.record("project.yaml") else (None, None)
    if loaded.unreadable or pack is None:
        from govproj.check import CheckResult, DossierResult
        from govproj.report import text as text_report

        findings = loaded.findings + ([problem] if problem else [])
        print("档案有下列问题，请先修正（govproj check 可查看全部问题）。", file=sys.stderr)
        text_report.render(CheckResult(day, [DossierResult(path, findings, unreadable=loaded.unreadable)]),
                           text_report.make_console(sys.stderr))
        raise typer.Exit(2 if loaded.unreadable else 1)
    if problem is not None:  # --rulepack of another regulation: said, then used
        print(f"警告：{problem.message}。{problem.hint}", file=sys.stderr)
    return root, loaded.dossier, pack


def _guard(root: Path, files: list[str], force: bool) -> None:
    from govproj.lifecycle import uncommitted

    dirty = uncommitted(root, files)
    if dirty and not force:
        _fail(f"这些文件有未提交的修改：{'、'.join(dirty)}。govproj 要改写它们；请先提交（git commit），或加 --force 继续。")


def _intend(root: Path, files: list[str], message: str) -> None:
    """Note the commit about to happen, so that a run killed before it ends is finished next time."""
    from govproj import gitutil

    repo = gitutil.repo_root(root)
    if repo is not None:
        rel = gitutil.relpath(repo, root)
        gitutil.intend_commit(repo, [f"{rel}/{f}" if rel else f for f in files], message)


def _commit(root: Path, files: list[str], message: str) -> None:
    from govproj import gitutil

    repo = gitutil.repo_root(root)
    if repo is None:
        _fail("--commit 需要 git 仓库：档案不在 git 仓库中。")
    rel = gitutil.relpath(repo, root)
    paths = [f"{rel}/{f}" if rel else f for f in files]
    sha = gitutil.commit(repo, paths, message)
    print(f"已提交 {sha[:10]}：{message.splitlines()[0]}")


@command(epilog=_examples(
    "govproj declare 某局数据平台 -r jiangjin-2022             # 逐项询问，新建档案并 git init",
    "govproj declare 某局数据平台 -r jiangjin-2022 --answers 答案.yaml  # 脚本、CI：从文件读取",
    "govproj declare 某局数据平台 --as-of 2026-06-01           # 已有档案：申报窗口与检查"))
def declare(
    path: Annotated[str, typer.Argument(help="档案目录（新建或已有）。", metavar="档案目录", show_default=False)],
    regulation: Annotated[Optional[str], typer.Option("--regulation", "-r", help="适用的管理办法编号（新建时必填），如 jiangjin-2022。", metavar="办法")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="项目名称。", metavar="文本")] = None,
    owner_unit: Annotated[Optional[str], typer.Option("--owner-unit", help="建设单位。", metavar="文本")] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="项目层级：代码或名称，如 district 或 区级。", metavar="层级")] = None,
    category: Annotated[Optional[str], typer.Option("--category", help="项目类别：infrastructure integration other（或中文名称）。", metavar="类别")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="项目类型：construction service equipment om（或中文名称）。", metavar="类型")] = None,
    nature: Annotated[Optional[str], typer.Option("--nature", help="建设性质：new upgrade expansion migration continuation rebuild（或中文名称）。", metavar="性质")] = None,
    classified: Annotated[Optional[bool], typer.Option("--classified/--not-classified", help="是否涉密。", show_default=False)] = None,
    amount: Annotated[Optional[str], typer.Option("--amount", help="总投资：3200、3,200、3200万元、0.32亿 均可（默认单位万元）。", metavar="金额")] = None,
    plan_year: Annotated[Optional[str], typer.Option("--plan-year", help="计划年度，如 2027。", metavar="年份")] = None,
    answers: Annotated[Optional[Path], typer.Option("--answers", help="从 YAML 文件读取以上各项（键同 project.yaml）。", metavar="文件")] = None,
    no_git: Annotated[bool, typer.Option("--no-git", help="新建时不执行 git init 与首次提交。")] = False,
    no_render: Annotated[bool, typer.Option("--no-render", help="已有档案：不生成申报材料。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="按此日期判断申报窗口；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式（已有档案）：text 或 json。", metavar="格式")] = Format.text,
    rulepack: RulepackOption = None,
):
    """新建项目档案（在终端逐项询问，答错会说明原因并重问；或从参数、--answers 读取），或对已有档案做申报阶段检查：申报窗口、与 check 相同的全部检查（按申报阶段）、申报材料。"""
    day = parse_date(as_of, "--as-of")
    root = Path(path)
    if root.exists() and not root.is_dir():
        _fail(f"{path} 是文件，不是目录：请给出档案目录（新建时给一个新目录名）。")
    if (root / "project.yaml").is_file():
        from govproj.lifecycle import recover

        for note in recover(root):  # a first commit an interrupted declare did not finish
            print(note, file=sys.stderr)
        _declare_existing(root, path, day, regulation, no_render, fmt, rulepack_file(rulepack))
        return
    _declare_new(root, regulation, dict(name=name, owner_unit=owner_unit, level=level, category=category, kind=kind,
                                         nature=nature, classified=classified, total_investment=amount,
                                         plan_year=plan_year), answers, no_git, rulepack_file(rulepack))


def _declare_new(root: Path, regulation, given: dict, answers_file: Path | None, no_git: bool, pack_file: Path | None = None) -> None:
    from govproj import gitutil
    from govproj.lifecycle.declare import ESSENTIALS, DeclareError, read_answers, scaffold
    from govproj.rules import rulepack as rulepacks

    data: dict = _read_answers_file(answers_file) if answers_file is not None else {}
    data.update({k: v for k, v in given.items() if v is not None})
    regulation = regulation or data.pop("regulation", None)
    data.pop("regulation", None)
    if pack_file is not None:  # --rulepack: the dossier is that regulation's (validated by rulepack_file)
        pack = rulepacks.load_file(pack_file.resolve())
        if regulation not in (None, pack.id):
            _fail(f"--regulation {regulation} 与 --rulepack 文件的规则包 {pack.id} 不一致；只给其中一个即可。")
        regulation = pack.id
    if regulation is None:
        _fail("新建档案需要 --regulation 办法编号，例如 --regulation jiangjin-2022（govproj rules 列出已支持的办法）。")
    try:
        pack = pack if pack_file is not None else rulepacks.load(regulation)
    except rulepacks.RulepackError as exc:
        _fail(str(exc))
    if pack is None:
        _fail(f"没有编号为 {regulation} 的管理办法。已支持：{'、'.join(sorted(rulepacks.available()))}")
    try:
        data = read_answers(data)
    except DeclareError as exc:
        _fail(str(exc))
    if sys.stdin.isatty() and sys.stdout.isatty():
        _ask(pack, data)
    missing = [k for k in ESSENTIALS if data.get(k) is None]
    if missing:
        flags = "、".join("--" + k.replace("_", "-").replace("total-investment", "amount") for k in missing)
        _fail(f"非交互运行时需要提供：{flags}（或用 --answers 文件）。")
    try:
        result = scaffold(root, pack, data, git=not no_git, commit=not no_git)
    except (DeclareError, gitutil.GitError) as exc:
        _fail(str(exc))
    print(f"已新建项目档案 {root}（{pack.title}）：{'、'.join(result.files)}")
    if result.git_initialised:
        print("已执行 git init。")
    if result.commit:
        print(f"已提交 {result.commit[:10]}。")
    print(f"下一步：按 project.yaml 末尾的注释补充申报信息（每行注明据以检查的条款），然后运行 govproj declare {root} "
          "查看申报窗口与申报阶段检查。")


def _read_answers_file(answers_file: Path) -> dict:
    from govproj.dossier.yamlread import YamlReadError, read_yaml

    if not answers_file.exists():
        _fail(f"--answers 指定的文件 {answers_file} 不存在。")
    if not answers_file.is_file():
        _fail(f"--answers 指定的 {answers_file} 不是文件。")
    from govproj.paths import PathProblem, read_limited

    try:
        data = read_yaml(read_limited(answers_file, 1024 * 1024, "--answers 文件")).data
    except PathProblem as exc:
        _fail(str(exc))
    except YamlReadError as exc:
        _fail(f"无法读取 --answers 文件 {answers_file}：{exc.message}")
    except OSError as exc:
        _fail(f"无法读取 --answers 文件 {answers_file}：{os_reason(exc)}。")
    if not isinstance(data, dict):
        _fail(f"--answers 文件 {answers_file} 应为“键: 值”的映射（键同 project.yaml）。")
    return data


def _ask(pack, data: dict) -> None:
    """Ask what is not answered yet; a wrong answer is explained and asked again."""
    from govproj.lifecycle.declare import AnswerError, parse_answer, questions
    from govproj.money import rmb_capital

    todo = [q for q in questions(pack) if data.get(q.key) is None]
    if not todo:
        return
    print(f"新建项目档案（{pack.title}）。带 * 的必须回答；其余直接回车跳过，之后在 project.yaml 中填写。")
    for q in todo:
        print(("* " if q.required else "  ") + q.prompt())
        if q.type in ("choice", "choices"):
            print("    可选：" + q.choices_text() + ("（多选用逗号或顿号分隔）" if q.type == "choices" else ""))
        if q.type == "list":
            print("    多项用顿号或逗号分隔；没有请写“无”。")
        suffix = " [是/否]" if q.type == "yesno" else ""
        while True:
            text = typer.prompt(f"  {q.title}{suffix}", default="", show_default=False, prompt_suffix="：")
            if not text.strip() and not q.required:
                break
            if not text.strip():
                print("    ✗ 此项必须回答（不能为空或只有空格）。")
                continue
            try:
                value, how = parse_answer(q, text)
            except AnswerError as exc:
                print(f"    ✗ {exc}")
                continue
            if q.type == "amount":
                how += f"，即{rmb_capital(value)}"
            if how:
                print(f"    → {how}")
            data[q.key] = value
            break


def _declare_existing(root: Path, path: str, day, regulation: str | None, no_render: bool, fmt: Format,
                      rulepack: Path | None = None) -> None:
    from govproj.check import CheckResult
    from govproj.lifecycle.declare import DeclareError, check_for_declaration

    try:
        decl = check_for_declaration(root, day, regulation, rulepack)
    except DeclareError as exc:
        _fail(str(exc))
    rendered, render_note = [], None
    if decl.pack is not None and not no_render and decl.exit_code != 2:
        rendered, render_note = _declaration_package(root, day, decl.pack, rulepack)
    if fmt is Format.json:
        _print_json({"regulation": decl.result.regulation, "plan_year": decl.plan_year, "as_if_declaring": decl.as_if_declaring,
                     "windows": [{"title": w.title, "deadline": w.deadline.isoformat(), "inside": w.inside,
                                  "days_left": w.days_left, "article": w.article} for w in decl.windows],
                     "findings": decl.result.to_dict()["findings"], "summary": decl.result.summary, "package": rendered})
    else:
        from govproj.report import text as text_report

        if decl.plan_year is not None:
            print(f"{decl.pack.title}：{decl.plan_year} 年度项目申报")
            if not decl.windows:
                print("  本办法没有规定具体的申报截止日期。")
            for w in decl.windows:
                state = f"还有 {w.days_left} 天" if w.inside else f"已过 {-w.days_left} 天"
                print(f"  {w.title}：截止 {w.deadline.isoformat()}（{w.article}），{state}")
            if decl.as_if_declaring:
                print("档案尚未记录申报事项：以下按现在申报检查（申报阶段的要求报为问题，不是“下一步”）。")
        text_report.render(CheckResult(day, [decl.result]))
        for r in rendered:
            print(f"已生成申报材料 {r}")
        if render_note:
            print(render_note, file=sys.stderr)
    raise typer.Exit(decl.exit_code)


def _declaration_package(root: Path, day, pack, rulepack: Path | None = None) -> tuple[list[str], str | None]:
    from govproj.render import RenderInputError, RenderUsageError, render_dossier

    forms = [f["id"] for f in pack.data.get("forms", [])]
    if not forms:
        return [], None
    try:
        result = render_dossier(root, day, forms, rulepack_file=rulepack)  # one place: the dossier's out/, as render
    except (RenderInputError, RenderUsageError) as exc:
        return [], f"未生成申报材料：{getattr(exc, 'findings', None) and '档案有错误，见上表' or exc}。"
    return [str(r.path) for r in result.rendered], None


@command(epilog=_examples(
    "govproj baseline 某局数据平台          # 为已提交的批复事项建立批复基线（git 标签）",
    "govproj baseline 某局数据平台 --list   # 只列出已有的批复基线"))
def baseline(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="[档案目录]", show_default=False)] = ".",
    list_only: Annotated[bool, typer.Option("--list", help="只列出已有的批复基线。")] = False,
):
    """为已提交的批复事项（可研、初步设计、预算、服务方案批复）建立批复基线（带注释的 git 标签）。"""
    from govproj import gitutil
    from govproj.lifecycle.baseline import record

    root = dossier_dir(path)
    try:
        repo = gitutil.repo_root(root)
        if repo is None:
            _fail("档案不在 git 仓库中：批复基线需要 git（见 docs/lifecycle.md）。")
        created = [] if list_only else record(root)
        for c in created:
            print(f"已建立批复基线 {c.tag} → {c.commit[:10]}")
        existing = gitutil.baselines(repo, root)
        if not existing:
            hint = gitutil.SHALLOW_HINT if gitutil.is_shallow(repo) else "events.yaml 中还没有已提交的批复事项。"
            print(f"没有批复基线。{hint}")
        elif list_only or not created:
            for b in existing:
                print(f"{b.tag}  {b.commit[:10]}  {b.label}")
    except gitutil.GitError as exc:
        _fail(str(exc))


@command(name="change-request", epilog=_examples(
    "govproj change-request 某局数据平台 --dry-run                    # 只分析与批复基线的差异",
    "govproj change-request 某局数据平台 --reason tech_optimization --commit",
    "govproj change-request 某局数据平台 --baseline 批复/可研 -f json"))
def change_request(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="[档案目录]", show_default=False)] = ".",
    baseline_ref: Annotated[Optional[str], typer.Option("--baseline", help="与此 git 引用比较，默认最新的批复基线。", metavar="引用")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="变更原因代码（办法列出的情形之一，或 other）。", metavar="代码")] = None,
    major: Annotated[Optional[list[str]], typer.Option("--major", help="属于重大变更的要素（可重复）：goals、nature、location、scale、tech_plan。", metavar="要素")] = None,
    not_major: Annotated[bool, typer.Option("--not-major", help="主要建设内容的调整不属于建设规模等重大变更。")] = False,
    title: Annotated[Optional[str], typer.Option("--title", help="变更事项。", metavar="文本")] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="变更内容与理由。", metavar="文本")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只分析，不写 changes/CR-NNN.yaml、不生成表单。")] = False,
    commit: Annotated[bool, typer.Option("--commit", help="提交生成的变更申请。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="申请日期；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    rulepack: RulepackOption = None,
):
    """变更申请：与批复基线比较预算和建设内容，按办法分类（自行调整备案、审定委员会批复、重新报批、按政府投资规定），写 changes/CR-NNN.yaml 并生成变更申请表。"""
    from govproj.lifecycle.change import ChangeError, analyse, write_request

    from govproj.dossier.vocabulary import enum_labels
    from govproj.history import MAJOR_KINDS, MAJOR_LABELS

    day = parse_date(as_of, "--as-of")
    root, dossier, pack = _load_for_command(path, day, rulepack)
    codes = enum_labels("change", ("reason_code",))
    if reason is not None and reason not in codes:
        _fail(f"变更原因应为以下之一：{'、'.join(f'{c}（{t}）' for c, t in codes.items())}；实际为 {reason}")
    bad = [m for m in major or [] if m not in MAJOR_KINDS]
    if bad:
        _fail(f"--major 应为以下要素：{'、'.join(f'{k}（{MAJOR_LABELS[k]}）' for k in MAJOR_KINDS)}；实际为 {'、'.join(bad)}")
    answers = {k: True for k in major or []} or ({"scale": False} if not_major else {})
    if commit and not dry_run:
        from govproj.lifecycle import recover

        notes = recover(root)
        for note in notes:
            print(note, file=sys.stderr)
        if any("change-request" in n for n in notes):
            print("上次中断的变更申请已提交，未重复生成。", file=sys.stderr)
            return
    try:
        analysis = analyse(dossier, pack, day, baseline_ref, reason, answers)
        interactive = analysis.comparison.changed and not dry_run and sys.stdin.isatty()
        if interactive and analysis.comparison.major.get("scale") is None:
            answers["scale"] = typer.confirm("主要建设内容有调整：是否属于建设规模的重大变更？", default=False)
        if interactive and reason is None and analysis.reasons:
            choices = "、".join(f"{r['code']}（{r['text']}）" for r in analysis.reasons)
            reason = typer.prompt(f"变更原因（{choices}；都不是则填 other）")
            if reason not in codes:
                _fail(f"变更原因应为以下之一：{'、'.join(codes)}；实际为 {reason}")
        if interactive:
            analysis = analyse(dossier, pack, day, baseline_ref, reason, answers)
    except ChangeError as exc:
        _fail(str(exc))
    written = None
    if analysis.comparison.changed and not dry_run:
        from govproj.lifecycle import same_request

        existing = same_request(root, analysis)
        if existing is not None:
            print(f"{existing.relative_to(root)} 已记录同样的变更（草稿），未重复生成。", file=sys.stderr)
            from govproj.lifecycle import uncommitted

            if commit and uncommitted(root, [existing.relative_to(root).as_posix()]):
                _commit(root, [existing.relative_to(root).as_posix()], f"govproj change-request：{existing.stem}")
            dry_run = True
    if analysis.comparison.changed and not dry_run:
        if commit:  # a kill between writing and committing is finished by the next run (lifecycle.recover)
            from govproj.lifecycle.change import next_id

            cid = next_id(root)
            _intend(root, [f"changes/{cid}.yaml"], f"govproj change-request：{cid}")
        written = write_request(root, analysis, day, title or "预算及建设内容调整", reason, description)
        from govproj.render import render_dossier

        render_dossier(root, day, ["change_request"], root / "out", rulepack_file=rulepack)
    if fmt is Format.json:
        data = analysis.to_dict()
        data["written"] = str(written) if written else None
        _print_json(data)
    else:
        _print_change(analysis, written)
    if written and commit:
        from govproj import gitutil
        from govproj.lifecycle import commit_files

        message = f"govproj change-request：{written.stem}"
        try:
            sha = commit_files(root, [str(written.relative_to(root))], message)
        except gitutil.GitError as exc:
            _fail(str(exc))
        print(f"已提交 {sha[:10]}：{message}")


def _print_change(analysis, written) -> None:
    from govproj.money import wan

    c = analysis.comparison
    print(f"与批复基线比较：{c.baseline.label}（{c.baseline.tag}）")
    for line in c.describe() or ["没有变化"]:
        print(f"  · {line}")
    print(f"批复概算 {wan(c.approved_estimate)} 万元；净增减 {wan(c.net)} 万元；调整数额 {wan(c.gross)} 万元，占概算 {c.percent.quantize(__import__('decimal').Decimal('0.01'))}%")
    k = analysis.classification
    if k is not None and c.changed:
        print(f"办理方式：{k.label}（{k.article}）：{k.text}" + (f"；审批/备案单位：{k.approver}" if k.approver else ""))
        if k.quote:
            print(f"  原文：「{k.quote}」")
    for note in analysis.notes:
        print(note)
    if written:
        print(f"已写入 {written}，并生成变更申请表 out/change_request.docx。批准后把 status 改为 approved。")


@command(epilog=_examples(
    "govproj accept 某局数据平台                    # 验收准备情况，并生成竣工验收申请",
    "govproj accept 某局数据平台 --no-render -f json  # 只看结果（JSON 含缺少的材料代码）"))
def accept(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="[档案目录]", show_default=False)] = ".",
    as_of: AsOfOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    no_render: Annotated[bool, typer.Option("--no-render", help="不生成竣工验收申请。")] = False,
    rulepack: RulepackOption = None,
):
    """竣工验收准备情况：办法规定的验收材料、前提条件、申请期限与组织单位；就绪时退出码 0，否则 1。"""
    from govproj.lifecycle.accept import readiness

    day = parse_date(as_of, "--as-of")
    root, dossier, pack = _load_for_command(path, day, rulepack)
    result = readiness(dossier, pack, day)
    if not no_render:
        from govproj.render import render_dossier

        render_dossier(root, day, ["acceptance_application"], root / "out", rulepack_file=rulepack)
    if fmt is Format.json:
        _print_json(result.to_dict())
    else:
        _print_readiness(result, no_render)
    raise typer.Exit(0 if result.ready else 1)


def _print_readiness(result, no_render: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    from govproj.check import CheckResult, DossierResult
    from govproj.report import text as text_report

    console = text_report.make_console()
    head = Text(f"竣工验收准备情况 · {result.regulation['title']}\n", style="bold")
    head.append("已就绪" if result.ready else "尚未就绪", style="green" if result.ready else "red")
    console.print(head)
    if result.materials:
        t = Table(header_style="bold")
        for col in ("材料", "依据", "情况"):
            t.add_column(col, overflow="fold")
        for m in result.materials:
            state = m.problem or ("已具备" if m.present else "缺少")
            t.add_row(Text(m.title), Text(m.article), Text(state, style="green" if m.present and not m.problem else "red"))
        console.print(t)
    else:
        console.print(Text("本办法没有列出验收材料清单。", style="dim"))
    if result.deadline:
        d = result.deadline
        state = f"已于 {d['done']} 办理" if d["done"] else ("已逾期" if d["overdue"] else "未到期")
        console.print(Text(f"{d['step']}期限：{d['due']}（{d['basis']}），{state}"))
    if result.organizer:
        console.print(Text(f"验收组织/受理单位：{result.organizer}"))
    if result.findings:
        text_report.render(CheckResult(result.as_of, [DossierResult(result.path, result.findings, result.regulation)]), console)
    if not no_render:
        console.print(Text("已生成竣工验收申请 out/acceptance_application.docx", style="dim"))


# --------------------------------------------------------------------------- estimate


@command(epilog=_examples(
    "govproj estimate 某局数据平台 --as-of 2026-11-22            # 路线、时间表、功能点估算",
    "govproj estimate 某局数据平台 --chart 时间表.png             # 另画甘特图（需要中文字体）",
    "govproj estimate 某局数据平台 --start fsr_submitted=2027-03-01 --write --commit"))
def estimate(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="[档案目录]", show_default=False)] = ".",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="把结果写入文件（原子写入）。", metavar="文件")] = None,
    as_of: AsOfOption = None,
    start: Annotated[
        Optional[str],
        typer.Option("--start", help="假定下一步的起算日期，推算之后各环节（可写 事项类型=日期）。", metavar="[事项=]YYYY-MM-DD", show_default=False),
    ] = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", help="把时间表画成甘特图（.png 或 .svg）。", metavar="文件")] = None,
    write: Annotated[bool, typer.Option("--write", help="把估算结果写入 budget.yaml 的 estimate 段（保留注释与格式）。")] = False,
    force: Annotated[bool, typer.Option("--force", help="budget.yaml 有未提交的修改时也写入。")] = False,
    commit: Annotated[bool, typer.Option("--commit", help="--write 后提交 budget.yaml。")] = False,
    rulepack: Annotated[Optional[Path], typer.Option("--rulepack", help="改用此规则包文件（YAML）。", metavar="文件")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="文本输出逐项列出算式、参数来源、审批环节、时间表与投资结构。")] = False,
):
    """估算：审批路线与时间表、功能点法软件开发费用、报价与金额链检查、省减金额。

    每个环节注明条款，每个数字给出算式与参数来源；除非 --write，不改动档案。
    """
    from govproj.estimate import EstimateError, run_estimate

    day = parse_date(as_of, "--as-of")
    start_event, start_day = None, None
    if start:
        if "=" in start:
            from govproj.dossier.vocabulary import common_labels

            start_event, _, value = start.partition("=")
            start_day = parse_date(value, "--start")
            if start_event not in common_labels("eventType"):
                _fail(f"--start 中的事项类型 {start_event} 不是已知的事项类型（见 docs/dossier.md 的事项表），例如 fsr_submitted=2027-03-01。")
        else:
            start_day = parse_date(start, "--start")
    root = dossier_dir(path)
    rulepack = rulepack_file(rulepack)
    try:
        result = run_estimate(root, day, start_day, start_event, rulepack)
    except EstimateError as exc:
        from govproj.check import DossierResult, CheckResult
        from govproj.report import text as text_report

        res = CheckResult(day, [DossierResult(str(path), exc.findings, unreadable=exc.unreadable)])
        print("无法估算：档案有下列问题，请先修正（govproj check 可查看全部问题）。", file=sys.stderr)
        text_report.render(res, text_report.make_console(sys.stderr))
        raise typer.Exit(2 if exc.unreadable else 1) from None
    if chart is not None:
        from govproj.estimate.chart import timeline_chart

        if not result.timeline:
            print("提示：没有可推算的期限，未生成图表。", file=sys.stderr)
        else:
            import warnings

            with warnings.catch_warnings():  # matplotlib's missing-glyph warnings: the hint below says it in Chinese
                warnings.simplefilter("ignore")
                font = timeline_chart(result.timeline, chart, f"{result.regulation['title']}：项目时间表", day)
            print(f"已写入甘特图 {chart}", file=sys.stderr)
            if font is None:
                print("提示：系统没有中文字体，图中汉字可能显示为方框；Debian/Ubuntu 可安装 fonts-noto-cjk。", file=sys.stderr)
    if write:
        if commit:
            from govproj.lifecycle import recover

            for note in recover(root):
                print(note, file=sys.stderr)
        from govproj import gitutil
        from govproj.estimate.write import WriteError, write_estimate

        try:
            written = write_estimate(root, result, force, commit)
        except (WriteError, gitutil.GitError) as exc:
            _fail(str(exc))
        print(f"{'已写入' if written.changed else '无变化'}：{written.path} 的 estimate 段", file=sys.stderr)
        if written.commit:
            print(f"已提交 {written.commit[:10]}。", file=sys.stderr)
    if fmt is Format.json:
        import json

        write_output(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    else:
        from govproj.report import estimate_text

        if output is None:
            estimate_text.render(result, detail=detail)
        else:
            import io

            buffer = io.StringIO()
            estimate_text.render(result, _console_for(buffer), detail=detail)
            write_output(buffer.getvalue(), output)


def _console_for(buffer):
    from govproj.report.text import make_console

    return make_console(_NonTty(buffer))


# --------------------------------------------------------------------------- render


def _route_id(dossier, pack, day):
    from govproj.estimate import estimate_dossier

    route = estimate_dossier(dossier, pack, day).route
    return route.id if route else None


@command(epilog=_examples(
    "govproj render 某局数据平台                      # 办法规定的全部表单，写入 某局数据平台/out/",
    "govproj render 某局数据平台 --list               # 列出可用表单",
    "govproj render 某局数据平台 jj_declaration_form --pdf --out 申报材料/"))
def render(
    path: Annotated[str, typer.Argument(help="档案目录。", metavar="档案目录", show_default=False)],
    forms: Annotated[Optional[list[str]], typer.Argument(help="只生成这些表单（编号见 --list）；默认为当前阶段和下一阶段的表单。", metavar="[表单]...", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="输出目录；默认为 档案目录/out。", metavar="目录")] = None,
    templates: Annotated[Optional[Path], typer.Option("--templates", help="自定义模板目录：同名模板优先。", metavar="目录")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转换为 PDF。")] = False,
    list_forms: Annotated[bool, typer.Option("--list", help="列出可用表单后退出。")] = False,
    all_forms: Annotated[bool, typer.Option("--all", help="生成全部表单（默认只生成当前阶段和下一阶段的）。")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖生成后被修改过的文件（默认保留并提示）。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="表单日期与期限的基准日；默认今天。", metavar="YYYY-MM-DD", show_default=False)] = None,
    rulepack: RulepackOption = None,
):
    """生成表单：用档案数据填写办法规定的申报表、方案提纲、验收申请等，输出 .docx（可选 PDF）。"""
    from govproj.render import RenderInputError, RenderUsageError, forms_for, render_dossier
    from govproj.render.pdf import PdfError

    root = dossier_dir(path)
    if out is not None and out.exists() and not out.is_dir():
        _fail(f"--out 指定的 {out} 是文件，不是目录。")
    if templates is not None and not templates.is_dir():
        _fail(f"模板目录 {templates} 不存在。" if not templates.exists() else f"--templates 指定的 {templates} 是文件，不是目录。")
    day = parse_date(as_of, "--as-of")
    if list_forms:
        from govproj.check import _rulepack_for
        from govproj.dossier.load import load_dossier

        pack, problem = _rulepack_for(load_dossier(root).dossier, rulepack)
        if pack is None:
            _fail(problem.message if problem else "无法确定适用的管理办法。")
        for f in forms_for(pack, _route_id(load_dossier(root).dossier, pack, day)):
            print(f"{f.id}\t{f.title}" + (f"\t{f.article}" if f.article else ""))
        return
    try:
        result = render_dossier(root, day, forms or None, out, templates, pdf, all_forms, force, rulepack_file=rulepack)
    except RenderUsageError as exc:
        _fail(str(exc))
    except RenderInputError as exc:
        from govproj.check import CheckResult, DossierResult
        from govproj.report import text as text_report

        print("无法生成表单：档案有下列问题，请先修正。", file=sys.stderr)
        text_report.render(CheckResult(day, [DossierResult(str(path), exc.findings, unreadable=exc.unreadable)]),
                           text_report.make_console(sys.stderr))
        raise typer.Exit(2 if exc.unreadable else 1) from None
    except PdfError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    if result.skipped:
        print(f"按项目当前阶段只生成当前和下一阶段的表单；其他 {len(result.skipped)} 种"
              f"（{'、'.join(f.title for f in result.skipped)}）用 --all 生成。", file=sys.stderr)
    for r in result.rendered:
        print(f"已生成 {r.path}")
        if r.missing_keys:
            shown = "；".join(r.missing_keys[:12]) + (f" 等 {len(r.missing_keys)} 项" if len(r.missing_keys) > 12 else "")
            print(f"  警告：{len(r.missing)} 处待填（显示为「（待填）」），请在档案中填写：{shown}", file=sys.stderr)
        for field_path, chars in r.control:
            print(f"  警告：{field_path} 含有控制字符 {chars}，已删除；请检查档案中的原文。", file=sys.stderr)
    for p in result.pdfs:
        print(f"已生成 {p}")
    if result.kept:
        print(f"警告：以下文件在上次生成后被修改过，已保留未覆盖：{'、'.join(str(p) for p in result.kept)}。"
              "确认要用档案重新生成时加 --force。", file=sys.stderr)
    for problem in result.problems:
        print(f"错误：{problem}", file=sys.stderr)
    raise typer.Exit(2 if result.problems else 0)  # a template that cannot be used is unreadable input (design §5)


# --------------------------------------------------------------------------- rules


@command(epilog=_examples(
    "govproj rules                          # 已支持的管理办法",
    "govproj rules jiangjin-2022            # 江津办法的全部规则",
    "govproj rules jiujiang-2024 JJ-25-2a   # 解释一条规则：条款全文、参数、消息示例"))
def rules(
    regulation: Annotated[Optional[str], typer.Argument(help="规则包编号，如 jiujiang-2024；省略则列出全部办法。", metavar="[办法]", show_default=False)] = None,
    rule: Annotated[Optional[str], typer.Argument(help="规则编号，如 JJ-25-2a：解释这条规则。", metavar="[规则]", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式。", metavar="text|json")] = Format.text,
    rulepack: Annotated[Optional[Path], typer.Option("--rulepack", help="列出或解释此规则包文件（YAML）的规则。", metavar="文件")] = None,
):
    """列出支持的管理办法、某办法的全部规则，或解释一条规则（条款、原文、参数、示例）。"""
    from govproj.rules import explain
    from govproj.rules import rulepack as rulepacks

    if rulepack is not None:
        try:
            pack = rulepacks.load_file(rulepack.resolve())
        except rulepacks.RulepackError as exc:
            _fail(str(exc))
        rule = rule or (regulation if regulation not in (None, pack.id) else None)
        _list_rules(pack, fmt) if rule is None else _explain_rule(pack, rule, fmt)
        return
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
    try:
        path = explain.path_for(regulation)
    except rulepacks.RulepackError as exc:
        _fail(str(exc))
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


def _print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _list_rules(pack, fmt: Format) -> None:
    from govproj.rules.explain import rule_rows

    items = rule_rows(pack)
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
    extended = pack.base is not None
    for col in ("规则", "级别", "条款", "摘要") + (("来源",) if extended else ()):
        table.add_column(col, overflow="fold")
    for r in items:
        label = SEVERITY_LABELS[r["severity"]] + ("·原则上" if r["waivable"] else "")
        table.add_row(Text(r["id"]), Text(label, style=STYLES[r["severity"]]), Text(r["article"]), Text(r["title"]),
                      *((Text(r["from"]),) if extended else ()))
    console.print(table)
    if unchecked:
        ids = "、".join(r["id"] for r in unchecked)
        console.print(Text(f"另有 {len(unchecked)} 条无法机械检查：{ids}（govproj rules {pack.id} 规则编号 查看原因）。", style="dim"))


def _explain_rule(pack, rule_id: str, fmt: Format) -> None:
    from govproj.rules import explain

    rule, where = explain.find_rule(pack, rule_id)
    if rule is None:
        _fail(f"{pack.title} 中没有规则 {rule_id}；运行 govproj rules {pack.id} 查看全部规则。")
    article = rule.get("article", "")
    full = explain.article_text(pack, article, rule["id"])
    params = explain.parameters_of(pack, rule)
    if fmt is Format.json:
        _print_json({"regulation": pack.summary(), "rule": rule, "checkable": where == "rule",
                     "article_text": full, "parameters": dict(params)})
        return
    from rich.text import Text

    from govproj.findings import SEVERITY_LABELS
    from govproj.report.text import make_console
    from govproj.rules.message_example import example_variables, fill

    console = make_console()
    example = example_variables(pack, rule)
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
        out.append(f"不符合时（示例）：{fill(rule['message'], example)}\n")
        out.append(f"建议：{fill(rule['hint'], example)}\n")
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


rulepack_app = typer.Typer(cls=ZhGroup, help="规则包编写工具。", no_args_is_help=True, options_metavar="[选项]",
                           subcommand_metavar="命令 [参数]...")
app.add_typer(rulepack_app, name="rulepack")


@rulepack_app.command("check", cls=ZhCommand, options_metavar="[选项]", epilog=_examples(
    "govproj rulepack check 本地办法.yaml                 # 一次列出规则包的全部问题",
    "govproj rulepack check govproj/regulations/jiangjin-2022.yaml"))
def rulepack_check(
    file: Annotated[Path, typer.Argument(help="规则包文件（YAML）。", metavar="文件", show_default=False)],
):
    """检查规则包：格式、原文摘录逐字一致、事项/材料类型与事实路径、参数与消息变量、编号唯一等，一次列出全部问题（文件:行:列）。

    退出码：0 没有错误（可有警告）；1 有错误；2 文件无法读取。
    """
    from govproj.rules.rulepack_check import check_file, report

    if not file.exists():
        _fail(f"规则包文件 {file} 不存在。")
    if not file.is_file():
        _fail(f"{file} 不是文件：请给出规则包文件（YAML）。")
    text, code = report(check_file(file))
    sys.stdout.write(text)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- running


def run(args: list[str]) -> int:
    """Run the CLI on ``args``; return the exit code. Usage errors are printed in Chinese."""
    if not args:
        args = ["--help"]
    if "--help" in args or "-h" in args:
        _chinese_help_panels()
    import warnings

    # matplotlib names each missing CJK glyph in English; the commands say it once, in Chinese
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    try:
        code = app_for(args)(args=args, prog_name="govproj", standalone_mode=False)
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
    except Exception as exc:  # our own exit, a broken pack, unreadable files, git: cli_check.known_error
        code = known_error(exc)
        if code is None:
            raise
        return code
    return code if isinstance(code, int) else 0


def app_for(args: list[str]) -> typer.Typer:
    """The app that parses ``args``: for ``govproj COMMAND …`` one with only that command, as typer
    builds every command of an app from its signature on each run (about 25 ms) to run just one.
    Help, ``--version`` and an unknown command get the whole app, so what they list stays complete."""
    import copy

    if not args or args[0].startswith("-") or "--help" in args or "-h" in args:
        return app
    one = copy.copy(app)
    one.registered_commands = [c for c in app.registered_commands
                               if (c.name or typer.main.get_command_name(c.callback.__name__)) == args[0]]
    one.registered_groups = [g for g in app.registered_groups if g.name == args[0]]
    return one if one.registered_commands or one.registered_groups else app


def _param_name(param) -> str:
    """How the user names a parameter: its option (--as-of) or its Chinese placeholder (档案目录)."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return (param.metavar or param.name or "").strip("[].")
    return param.opts[0] if param.opts else (param.name or "")


def _bad_value(exc) -> str:
    """A click BadParameter in Chinese: what was expected and what was given."""
    import re

    param = exc.param
    text = exc.message
    kind = getattr(param, "type", None)
    choices = getattr(kind, "choices", None)
    if choices:
        given = re.match(r"^'(.*)' is not one of", text) or re.match(r"^(.*) is not one of", text)
        shown = "、".join(str(c.value if isinstance(c, Enum) else c) for c in choices)
        return f"应为 {shown} 之一" + (f"，实际为 {given.group(1)}" if given else "")
    m = re.match(r"^'?(.*?)'? is not in the range (.*)\.$", text)
    if m:
        low, high = getattr(kind, "min", None), getattr(kind, "max", None)
        bounds = "、".join(b for b in ((f"不小于 {low}" if low is not None else ""), (f"不大于 {high}" if high is not None else "")) if b)
        return f"应为{bounds} 的整数，实际为 {m.group(1)}"
    m = re.match(r"^'(.*)' is not a valid (int|float|bool)", text)
    if m:
        return f"应为{ {'int': '整数', 'float': '数字', 'bool': '是或否'}[m.group(2)] }，实际为 {m.group(1)}"
    if re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", text):  # an English sentence we have not translated
        return "取值无效"
    return text


def _usage_error(exc) -> str:
    """Every click usage error in Chinese: which argument or option, what was expected."""
    import re

    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx else "govproj"
    if isinstance(exc, click_exc.NoSuchOption):
        msg = f"没有选项 {exc.option_name}"
        if exc.possibilities:
            msg += "，是不是 " + "、".join(sorted(exc.possibilities)) + "？"
    elif isinstance(exc, click_exc.MissingParameter):
        name = _param_name(exc.param)
        is_option = name.startswith("-")
        msg = f"缺少{'选项' if is_option else '参数'} {name or '参数'}" + ("" if is_option else "（必填）")
    elif isinstance(exc, click_exc.BadParameter):
        name = _param_name(exc.param)
        msg = f"{name} 的值无效：{_bad_value(exc)}" if exc.param is not None else exc.message
    elif isinstance(exc, click_exc.BadOptionUsage):
        m = re.match(r"^Option '(.*)' requires (an argument|\d+ arguments)", exc.message)
        if m:
            msg = f"选项 {m.group(1)} 需要一个值"
        elif "does not take a value" in exc.message:
            msg = f"选项 {exc.option_name} 不接受值"
        else:
            msg = f"选项 {exc.option_name} 的用法有误"
    else:
        text = exc.message
        if text.startswith("No such command"):
            text = "没有这个命令：" + text.split("'")[1] if "'" in text else "没有这个命令"
            text += "（可用：" + "、".join(sorted(app_commands())) + "）"
        elif text.startswith("Got unexpected extra argument"):
            extra = re.search(r"\(([^()]*)\)$", text)
            text = "多余的参数" + (f"：{extra.group(1)}" if extra else "")
        elif text.startswith("Missing command"):
            text = "缺少命令"
        elif re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", text):
            text = "用法有误"
        msg = text
    return f"错误：{msg}\n运行 '{command} --help' 查看用法。"


def app_commands() -> list[str]:
    import typer.main

    return list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
