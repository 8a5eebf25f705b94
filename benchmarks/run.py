"""govproj benchmarks, measured side by side with their yardsticks in the same run (``make bench``),
written to docs/performance.md by this script (figures, commit, date, machine, goals), so the page
cannot drift from what was measured.

Measures, on the same machine and files:
  * start-up: ``govproj --version`` and ``govproj --help`` against ``python -c pass``;
  * one dossier: ``govproj check`` of the sample against one check-jsonschema process on one of
    its files (the cheapest outside check a pipeline could run instead);
  * N dossiers: ``govproj check`` (default workers and ``--jobs 1``) against the parse floor — the
    same bytes through PyYAML's C loader (``CSafeLoader``) in one process. govproj and the floor
    run alternately, so both see the same load, and the ratio is taken per pair;
  * peak memory at N dossiers: the resident sizes of govproj and its workers, summed;
  * a profile of ``check`` over 200 dossiers in one process, by module;
  * ``govproj render`` of the sample's forms without PDF;
  * the test suite (``--suite``): ``pytest -n 2`` as ``make test`` runs it.

    python benchmarks/run.py [--dossiers 1000] [--runs 3] [--suite] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
AS_OF = "2026-11-22"
SAMPLE = ROOT / "examples" / "dossier-sample"
SCHEMA_DIR = ROOT / "govproj" / "schemas"
DOC = ROOT / "docs" / "performance.md"

from benchmarks.generate import generate  # noqa: E402
from govproj.dossier.layout import dossier_files  # noqa: E402

FLOOR_SCRIPT = """
import sys, yaml
loader = yaml.CSafeLoader
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    with open(line.rstrip("\\n"), "rb") as fh:
        yaml.load(fh.read(), Loader=loader)
    n += 1
print(n)
"""

PROFILE_SCRIPT = """
import cProfile, pstats, sys, json, time
from datetime import date
from pathlib import Path
from govproj.check import check_paths
prof = cProfile.Profile(time.process_time)  # CPU time: other processes on the machine do not count
prof.enable()
check_paths([Path(sys.argv[1])], date.fromisoformat(sys.argv[2]), jobs=1)
prof.disable()
stats = pstats.Stats(prof).stats
rows = [(f"{Path(fn).name}:{line}({name})", fn, tt, ct) for (fn, line, name), (cc, nc, tt, ct, callers) in stats.items()]
print(json.dumps(rows))
"""

# profile areas: which module a function belongs to, in the order a check runs
AREAS = [
    ("govproj/dossier/yamlread.py", "YAML 读取（libyaml 节点 → 值）"),
    ("site-packages/yaml/", "YAML 读取（libyaml 节点 → 值）"),
    ("govproj/dossier/schema.py", "JSON Schema 校验与类型"),
    ("jsonschema_rs", "JSON Schema 校验与类型"),
    ("json/", "JSON Schema 校验与类型"),
    ("govproj/dossier/model.py", "档案模型（事项、记录查找）"),
    ("govproj/dossier/consistency.py", "跨文件一致性与附件"),
    ("govproj/rules/", "管理办法规则"),
    ("govproj/calendar.py", "工作日历"),
    ("chinese_calendar", "工作日历"),
    ("govproj/gitutil.py", "git"),
    ("subprocess.py", "git"),
    ("posixpath", "文件系统"),
    ("pathlib", "文件系统"),
    ("genericpath", "文件系统"),
]


# --------------------------------------------------------------------------- measuring


def run_once(cmd: list[str], cwd: Path | None = None, ok_codes=(0, 1)) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in ok_codes:
        raise SystemExit(f"命令失败（{p.returncode}）：{' '.join(map(str, cmd))[:300]}\n{p.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(cmd: list[str], runs: int, cwd: Path | None = None, warmup: int = 1, ok_codes=(0, 1)) -> dict:
    for _ in range(warmup):
        run_once(cmd, cwd, ok_codes)
    walls, cpus = zip(*(run_once(cmd, cwd, ok_codes) for _ in range(runs)), strict=True)
    return {"median": statistics.median(walls), "min": min(walls), "cpu": statistics.median(cpus), "runs": runs}


def paired(cmds: dict[str, list[str]], runs: int, ok_codes=(0, 1), warmup: bool = True) -> dict:
    """Run the commands alternately ``runs`` times (after one warm-up round); medians and per-round
    ratios to the first command, so that a change of load on a shared machine hits all alike."""
    for cmd in cmds.values() if warmup else ():
        run_once(cmd, ok_codes=ok_codes)
    rounds: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, cmd in cmds.items():
            rounds[k].append(run_once(cmd, ok_codes=ok_codes))
            print(f"   {k}: {rounds[k][-1][0]:.2f} s（CPU {rounds[k][-1][1]:.2f} s）", flush=True)
    first = next(iter(cmds))
    out = {}
    for k, rs in rounds.items():
        out[k] = {"median": statistics.median(w for w, _ in rs), "cpu": statistics.median(c for _, c in rs), "runs": runs,
                  "wall_ratio": statistics.median(w / f[0] for (w, _), f in zip(rs, rounds[first], strict=True)),
                  "cpu_ratio": statistics.median(c / f[1] for (_, c), f in zip(rs, rounds[first], strict=True))}
    return out


def peak_rss(cmd: list[str], cwd: Path | None = None) -> int:
    """Peak of the summed RSS (bytes) of the process and all its descendants, sampled every 20 ms."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def tree(pid: int) -> list[int]:
        out = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    for child in fh.read().split():
                        out += tree(int(child))
        except OSError:
            pass
        return out

    def rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            return 0
        return 0

    def sample():
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, sum(rss(p) for p in tree(proc.pid)))
            time.sleep(0.02)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    t.join()
    return peak


def files_by_schema(dossiers: list[Path]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for d in dossiers:
        for rel, kind in dossier_files(d):
            groups.setdefault(kind.schema, []).append(str(d / rel))
    return groups


def check_jsonschema() -> str:
    exe = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if exe is None:
        raise SystemExit("需要 check-jsonschema：pip install check-jsonschema（make bench 会自动安装）")
    return exe


def profile(corpus: Path) -> dict:
    """Share of CPU by area (own time of each function) for ``check`` of ``corpus`` in one process."""
    p = subprocess.run([sys.executable, "-c", PROFILE_SCRIPT, str(corpus), AS_OF], capture_output=True, text=True, check=True)
    rows = json.loads(p.stdout)
    total = sum(tt for _, _, tt, _ in rows)
    areas: dict[str, float] = {}
    for _, fn, tt, _ in rows:
        area = next((a for key, a in AREAS if key in fn.replace("\\", "/")), "其他（解释器、标准库）")
        areas[area] = areas.get(area, 0.0) + tt
    top = sorted(rows, key=lambda r: -r[2])[:12]
    return {"total": total, "areas": sorted(areas.items(), key=lambda kv: -kv[1]),
            "top": [(name, tt) for name, _, tt, _ in top]}


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        return "未知"
    return (sha or "未知") + ("（含未提交的修改）" if dirty else "")


def machine() -> dict:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GiB 内存"
    except OSError:
        pass
    try:
        load = "、".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "未知"
    versions = {}
    for dist in ("PyYAML", "jsonschema-rs", "check-jsonschema", "typer"):
        try:
            from importlib.metadata import version

            versions[dist] = version(dist)
        except Exception:  # noqa: BLE001 - a missing package is simply not listed
            pass
    return {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(), "memory": mem,
            "load_at_start": load, "versions": versions}


# --------------------------------------------------------------------------- the run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--suite", action="store_true", help="也计时测试套件（pytest -n 2）")
    ap.add_argument("--no-write", action="store_true", help="不改写 docs/performance.md")
    args = ap.parse_args()
    govproj = str(BIN / "govproj")
    python = sys.executable
    m = machine()
    results: dict = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": git_commit(), "machine": m}
    print(f"机器：{m['platform']}，Python {m['python']}，{m['cpus']} 核，开始时负载 {m['load_at_start']}")

    # Both sides start from compiled bytecode, as after `pip install`: check-jsonschema's was compiled when pip
    # installed it; govproj's (an editable install, perhaps with PYTHONDONTWRITEBYTECODE set) is compiled here,
    # or every run would pay for compiling govproj's sources (about 0.1 s).
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "govproj")], check=True, capture_output=True)

    print("1. 启动时间")
    results["startup"] = {"python_pass": timed([python, "-c", "pass"], runs=20, warmup=3),
                          "version": timed([govproj, "--version"], runs=20, warmup=3),
                          "help": timed([govproj, "--help"], runs=10, warmup=2)}

    print("2. 一个档案")
    cjs = check_jsonschema()
    schema = SCHEMA_DIR / "project.schema.json"
    results["one"] = paired({
        "check_jsonschema": [cjs, "--base-uri", schema.as_uri(), "--schemafile", str(schema), str(SAMPLE / "project.yaml")],
        "govproj": [govproj, "check", str(SAMPLE), "-f", "json", "--as-of", AS_OF],
        "govproj_text": [govproj, "check", str(SAMPLE), "--as-of", AS_OF],
    }, runs=max(args.runs, 7))

    print("3. 表单（样例档案，不转 PDF）")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "dossier"
        shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("out"))
        out = Path(tmp) / "out"
        render = [govproj, "render", str(copy), "--as-of", AS_OF, "--out", str(out)]
        # the default (forms of the current and the next stage), then every form with the chart cache
        # of the runs before, then every form into an empty folder (charts drawn, matplotlib imported)
        results["render"] = timed(render, runs=args.runs, warmup=1)
        results["render_all"] = timed(render + ["--all"], runs=args.runs, warmup=1)
        cold = " ".join(shlex.quote(str(a)) for a in render + ["--all"])
        results["render_all_cold"] = timed(["bash", "-c", f"rm -rf {shlex.quote(str(out))} && {cold}"], runs=args.runs, warmup=0)

    print(f"4. {args.dossiers} 个档案（生成语料…）")
    corpus = generate(args.dossiers)
    dossiers = sorted(p for p in corpus.iterdir() if p.is_dir())
    groups = files_by_schema(dossiers)
    listing = ROOT / "benchmarks" / "corpus" / f"files-{args.dossiers}.txt"
    listing.write_text("\n".join(f for fs in groups.values() for f in fs) + "\n", encoding="utf-8")
    check = [govproj, "check", str(corpus), "-f", "json", "--as-of", AS_OF]
    results["many"] = paired({"floor": [python, "-c", FLOOR_SCRIPT, str(listing)], "govproj": check,
                              "govproj_jobs1": check + ["--jobs", "1"]}, runs=args.runs, ok_codes=(0, 1))
    results["many"].update({"dossiers": args.dossiers, "files": sum(len(v) for v in groups.values()),
                            "bytes": sum(Path(f).stat().st_size for fs in groups.values() for f in fs)})
    results["peak_rss"] = peak_rss(check)

    print("5. 剖析（200 个档案，单进程）")
    results["profile"] = profile(generate(200))

    if args.suite:
        print("6. 测试套件（pytest -n 2）")
        log = ROOT / "benchmarks" / "results" / "suite.log"
        log.parent.mkdir(exist_ok=True)
        results["suite"] = timed(["bash", "-c", f"{python} -m pytest -n 2 -p no:cacheprovider > {log} 2>&1"], runs=1,
                                 warmup=0, cwd=ROOT, ok_codes=(0, 1))
        tally = [ln for ln in log.read_text(encoding="utf-8").splitlines() if " passed" in ln or " failed" in ln]
        results["suite"]["outcome"] = tally[-1] if tally else "结果未知"

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    page = render_page(results)
    print()
    print(page.split("## 为什么快")[0])
    if not args.no_write:
        DOC.write_text(page, encoding="utf-8")
        print(f"已写入 {DOC.relative_to(ROOT)}")


# --------------------------------------------------------------------------- the page


def _ms(x: float) -> str:
    return f"{x * 1000:,.0f} ms"


def _s(x: float) -> str:
    return f"{x:,.2f} s"


def goal_rows(r: dict) -> list[tuple[str, str, str, bool]]:
    """(what, measured, goal, met) — the goals of issue 16."""
    st, one, many = r["startup"], r["one"], r["many"]
    n = many["dossiers"]
    rows = [
        ("`govproj --version` ÷ `python -c pass`", st["version"]["median"] / st["python_pass"]["median"], 6),
        ("`govproj --help` ÷ `python -c pass`", st["help"]["median"] / st["python_pass"]["median"], 15),
        ("一个档案：`govproj check` ÷ 一次 check-jsonschema（一个文件）", one["govproj"]["wall_ratio"], 0.5),
        (f"{n} 个档案：`govproj check` ÷ 解析下限（墙钟）", many["govproj"]["wall_ratio"], 2.0),
        (f"{n} 个档案：`govproj check --jobs 1` ÷ 解析下限（CPU）", many["govproj_jobs1"]["cpu_ratio"], 2.0),
    ]
    out = [(w, f"{v:.2f}", f"≤ {g}", v <= g) for w, v, g in rows]
    mb = r["peak_rss"] / 1024 / 1024
    out.append((f"{n} 个档案峰值内存（主进程与工作进程之和）", f"{mb:.0f} MB", "≤ 300 MB", mb <= 300))
    out.append(("`govproj render` 样例档案（默认：当前与下一阶段的表单，不转 PDF），CPU", _s(r["render"]["cpu"]), "≤ 1 s",
                r["render"]["cpu"] <= 1.0))
    if "suite" in r:
        out.append(("测试套件 `pytest -n 2`（`make test`），墙钟", _s(r["suite"]["median"]), "≤ 60 s", r["suite"]["median"] <= 60))
    return out


def render_page(r: dict) -> str:
    m, st, one, many = r["machine"], r["startup"], r["one"], r["many"]
    n = many["dossiers"]
    versions = "，".join(f"{k} {v}" for k, v in m["versions"].items())
    lines = [
        "# 性能",
        "",
        "> 本页由 `make bench`（`benchmarks/run.py`）在测量后自动写入，请勿手工修改；数字与生成它的提交一同变化。",
        "",
        "`make bench` 在同一次运行中把 govproj 与它的参照（Python 空进程、check-jsonschema、只做 YAML 解析的下限）",
        "并排计时，参照与 govproj 交替运行、按轮求比值，所以机器上的其他负载对两边的影响相同。测试中没有计时断言：计时只在这里做。",
        "",
        "## 最近一次测量",
        "",
        f"{r['date']}，提交 `{r['commit']}`；{m['platform']}，{m['cpus']} 核，{m['memory']}，Python {m['python']}；"
        f"{versions}。开始时的 1/5/15 分钟平均负载 {m['load_at_start']}（本机同时有其他进程运行时，绝对时间会变长，比值较稳定）。",
        "",
        "| 目标 | 测得 | 目标值 | |",
        "|---|---:|---:|---|",
    ]
    for what, value, goal, met in goal_rows(r):
        lines.append(f"| {what} | {value} | {goal} | {'达到' if met else '**未达到**'} |")
    lines += [
        "",
        f"下一步的目标：{n} 个档案 ≤ 1.5 倍解析下限。",
        "",
        "| 测量 | 墙钟中位数 | CPU |",
        "|---|---:|---:|",
        f"| `python -c pass` | {_ms(st['python_pass']['median'])} | {_ms(st['python_pass']['cpu'])} |",
        f"| `govproj --version` | {_ms(st['version']['median'])} | {_ms(st['version']['cpu'])} |",
        f"| `govproj --help` | {_ms(st['help']['median'])} | {_ms(st['help']['cpu'])} |",
        f"| `govproj check` 样例档案（{len(list(SAMPLE.glob('*.yaml')))} 个 YAML 文件与进度报告、九江办法的规则） | "
        f"{_ms(one['govproj']['median'])} | {_ms(one['govproj']['cpu'])} |",
        *([f"| 同上，文字报告（`-f text`，rich 表格；÷ check-jsonschema：墙钟 {one['govproj_text']['wall_ratio']:.2f}，"
           f"CPU {one['govproj_text']['cpu_ratio']:.2f}） | {_ms(one['govproj_text']['median'])} | "
           f"{_ms(one['govproj_text']['cpu'])} |"] if "govproj_text" in one else []),
        f"| check-jsonschema 样例档案的 project.yaml（一个进程、一个文件） | {_ms(one['check_jsonschema']['median'])} | "
        f"{_ms(one['check_jsonschema']['cpu'])} |",
        f"| `govproj render` 样例档案，默认（当前与下一阶段的表单，不转 PDF） | {_ms(r['render']['median'])} | {_ms(r['render']['cpu'])} |",
        f"| `govproj render --all` 全部 7 张表单，图表缓存已有 | {_ms(r['render_all']['median'])} | {_ms(r['render_all']['cpu'])} |",
        f"| `govproj render --all` 全部 7 张表单，输出目录为空（画图、导入 matplotlib） | {_ms(r['render_all_cold']['median'])} | {_ms(r['render_all_cold']['cpu'])} |",
        f"| `govproj check` {n} 个档案（{many['files']:,} 个文件，{many['bytes'] / 1024 / 1024:.1f} MB），默认工作进程数 | "
        f"{_s(many['govproj']['median'])} | {_s(many['govproj']['cpu'])} |",
        f"| `govproj check --jobs 1` 同样的 {n} 个档案 | {_s(many['govproj_jobs1']['median'])} | {_s(many['govproj_jobs1']['cpu'])} |",
        f"| 解析下限：同样的文件全部经 PyYAML CSafeLoader 解析（单进程） | {_s(many['floor']['median'])} | {_s(many['floor']['cpu'])} |",
    ]
    if "suite" in r:
        lines.append(f"| 测试套件 `pytest -n 2`（不含标为 slow 的集成测试；{r['suite']['outcome'].strip('= ')}） | "
                     f"{_s(r['suite']['median'])} | {_s(r['suite']['cpu'])} |")
    lines += [
        "",
        f"每项的运行次数：启动 20 次（`--help` 10 次），一个档案 {one['govproj']['runs']} 轮，表单 {r['render']['runs']} 次，"
        f"{n} 个档案 {many['govproj']['runs']} 轮，测试套件 1 次。",
        "",
        "### 并行：默认工作进程数",
        "",
        f"{n} 个档案时，默认设置（空闲的 CPU 核数，见下）与 `--jobs 1` 相比：墙钟 "
        f"{many['govproj']['median'] / many['govproj_jobs1']['median']:.2f} 倍，CPU "
        f"{many['govproj']['cpu'] / many['govproj_jobs1']['cpu']:.2f} 倍。",
        "多个工作进程只在有空闲核时缩短总时间；核已被其他进程占满时，进程池反而更慢并多耗 CPU。",
        "因此默认的工作进程数是可用核数减去当前 1 分钟平均负载（四舍五入，至少 1 个，最多为核数），8 个以下档案时不并行；",
        "`--jobs N` 可指定。",
        "",
        f"### 剖析（200 个档案，单进程，cProfile 下共 {r['profile']['total']:.1f} s CPU）",
        "",
        "| 部分 | 占比 |",
        "|---|---:|",
    ]
    total = r["profile"]["total"] or 1
    for area, t in r["profile"]["areas"]:
        lines.append(f"| {area} | {t / total:.0%} |")
    lines += ["", "耗时最多的函数（自身时间）：", ""]
    for name, t in r["profile"]["top"]:
        lines.append(f"* `{name}`：{t / total:.1%}")
    lines += [
        "",
        "## 为什么快",
        "",
        "* **读取**：YAML 由 libyaml（PyYAML 的 C 解析器）组装成节点树，值由 govproj 自己按 YAML 1.2 核心规则生成",
        "  （金额直接得到 Decimal，日期得到 date），节点树保留，只有出问题时才计算行列号。生成值的同时记下日期、",
        "  像日期的引号文本、整数的位置和最细的小数位，所以之后的类型边界检查、类型规整和小数位检查只看这些位置，",
        "  不再遍历整条记录。读取时暂停循环垃圾回收（读取只产生树，没有引用环；回收器的扫描曾占一次检查的五分之一），",
        "  读完即恢复。",
        "* **校验**：每个 schema 只编译一次 jsonschema-rs（Rust）的校验器。记录原样交给校验器（jsonschema-rs 直接接受",
        "  Decimal），只有日期沿其路径在副本中换成 ISO 文本；金额的小数位只在读到超过 4 位小数时才逐项查找。",
        "* **路径**：记录和附件是否在档案之内，只对档案目录以下的各级 lstat 一次（遇到符号链接才完整解析）。",
        "* **日历**：官方日历（chinesecalendar）按年份范围判断，不再对其数据之外的每一天抛出异常；",
        "  holidays 库（导入约 65 ms）只在暂定年份的某个工作日可能是法定节日时才导入。",
        "* **git**：直接调用 `git`（每次 1–2 ms），不导入 GitPython；是否浅克隆每个仓库只问一次。",
        "* **启动**：`govproj --version` 不导入任何框架；普通的 `govproj check` 命令行（已知选项、有效取值、不求帮助）",
        "  也不经过 typer，由 `govproj/cli_check.py` 解析后执行与 typer 命令相同的函数，其余情况（帮助、用法错误、补全）",
        "  仍交给 typer，所以帮助和错误信息不变；JSON 等机器格式不导入 rich。其他命令只让 typer 构建被调用的那一个命令；",
        "  每个命令只导入自己需要的模块；",
        "  typer 的 rich 帮助面板只在显示帮助时导入。内置规则包随 govproj 发布、由测试校验，加载时不再逐次做 schema",
        "  校验（用户的规则包仍然校验）。计时前先编译 govproj 的字节码，与 pip 安装的 check-jsonschema 条件相同。",
        "",
        "## 复现",
        "",
        "```console",
        "$ make bench                          # 1000 个档案（硬链接附件）、测试套件，并改写本页",
        "$ .venv/bin/python benchmarks/run.py --dossiers 200 --runs 2 --no-write   # 快速版本，不改写本页",
        "```",
        "",
        "结果也写入 `benchmarks/results/latest.json`（不纳入版本库）。语料由 `benchmarks/generate.py` 从六个示例档案",
        "生成（五部办法），每个档案的名称、总投资不同且全部有效。",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
