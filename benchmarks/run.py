"""govproj benchmarks, measured side by side with peers in the same run (``make bench``).

Compares, on the same machine and files:
  * ``govproj --version`` and ``govproj --help`` against ``python -c pass``;
  * ``govproj check`` on one dossier and on N synthetic dossiers against check-jsonschema
    validating the same files with govproj's own schemas (check-jsonschema takes one schema per
    run, so it runs once per file kind — project, budget, events … — and the times are added);
  * ``govproj check`` on N dossiers against a parse-only floor: the same bytes through the
    fastest C YAML loader (PyYAML ``CSafeLoader``) in one process;
  * peak memory (sum of the resident sizes of govproj and its worker processes) on N dossiers.
Prints the ratios against the targets and writes benchmarks/results/latest.json.

    python benchmarks/run.py [--dossiers 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
AS_OF = "2026-11-22"

from benchmarks.generate import generate  # noqa: E402
from govproj.dossier.layout import dossier_files  # noqa: E402

SCHEMA_DIR = ROOT / "govproj" / "schemas"

FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
loader = yaml.CSafeLoader
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    with open(line.rstrip("\\n"), "rb") as fh:
        yaml.load(fh.read(), Loader=loader)
    n += 1
print(n)
"""


def timed(cmd: list[str], runs: int, cwd: Path | None = None, warmup: int = 1, ok_codes=(0, 1)) -> dict:
    for _ in range(warmup):
        subprocess.run(cmd, cwd=cwd, capture_output=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - t)
        if p.returncode not in ok_codes:
            raise SystemExit(f"命令失败（{p.returncode}）：{' '.join(map(str, cmd))}\n{p.stderr.decode()[-2000:]}")
    return {"median": statistics.median(times), "min": min(times), "runs": runs}


def timed_many(cmds: list[list[str]], runs: int, ok_codes=(0, 1), warmup: bool = True) -> dict:
    """Total time of running several commands one after another (one check-jsonschema per schema)."""
    totals = []
    for r in range(runs + 1) if warmup else range(1, runs + 1):
        t = time.perf_counter()
        for cmd in cmds:
            p = subprocess.run(cmd, capture_output=True)
            if p.returncode not in ok_codes:
                raise SystemExit(f"命令失败（{p.returncode}）：{' '.join(map(str, cmd[:4]))} …\n{p.stdout.decode()[-1500:]}")
        if r:  # the first round is a warm-up
            totals.append(time.perf_counter() - t)
    return {"median": statistics.median(totals), "min": min(totals), "runs": runs, "invocations": len(cmds)}


def peak_rss(cmd: list[str], cwd: Path | None = None) -> int:
    """Peak of the summed RSS (bytes) of the process and its descendants, sampled every 20 ms."""
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


def check_jsonschema_cmds(groups: dict[str, list[str]]) -> list[list[str]]:
    exe = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if exe is None:
        raise SystemExit("需要 check-jsonschema：pip install check-jsonschema（make bench 会自动安装）")
    return [[exe, "--schemafile", str(SCHEMA_DIR / f"{schema}.schema.json"), *files] for schema, files in sorted(groups.items())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    govproj = str(BIN / "govproj")
    python = sys.executable
    results: dict = {"date": date.today().isoformat(), "machine": {
        "platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}}

    print(f"机器：{platform.platform()}，Python {platform.python_version()}，{os.cpu_count()} 核")
    print("1. 启动时间")
    base = timed([python, "-c", "pass"], runs=20, warmup=3)
    version = timed([govproj, "--version"], runs=20, warmup=3)
    helptext = timed([govproj, "--help"], runs=10, warmup=2)
    results["startup"] = {"python_pass": base, "version": version, "help": helptext}

    print("2. 一个档案")
    sample = ROOT / "examples" / "dossier-sample"
    one = timed([govproj, "check", str(sample), "-f", "json", "--as-of", AS_OF], runs=max(args.runs, 5), warmup=2)
    one_cjs = timed_many(check_jsonschema_cmds(files_by_schema([sample])), runs=args.runs)
    results["one"] = {"govproj": one, "check_jsonschema": one_cjs}

    print(f"3. {args.dossiers} 个档案（生成语料…）")
    corpus = generate(args.dossiers)
    dossiers = sorted(p for p in corpus.iterdir() if p.is_dir())
    groups = files_by_schema(dossiers)
    n_files = sum(len(v) for v in groups.values())
    listing = ROOT / "benchmarks" / "corpus" / f"files-{args.dossiers}.txt"
    listing.write_text("\n".join(f for fs in groups.values() for f in fs) + "\n", encoding="utf-8")
    many = timed([govproj, "check", str(corpus), "-f", "json", "--as-of", AS_OF], runs=args.runs)
    floor = timed([python, "-c", FLOOR_SCRIPT, str(listing)], runs=args.runs, ok_codes=(0,))
    # check-jsonschema needs about 11 ms a file here: one timed round (the files are already in the page cache)
    many_cjs = timed_many(check_jsonschema_cmds(groups), runs=1, warmup=False)
    peak = peak_rss([govproj, "check", str(corpus), "-f", "json", "--as-of", AS_OF])
    results["many"] = {"dossiers": args.dossiers, "files": n_files, "bytes": sum(Path(f).stat().st_size for fs in groups.values() for f in fs),
                       "govproj": many, "check_jsonschema": many_cjs, "parse_floor": floor, "peak_rss": peak}

    ratios = [
        ("govproj --version ÷ python -c pass", version["median"] / base["median"], 6),
        ("govproj --help ÷ python -c pass", helptext["median"] / base["median"], 15),
        ("一个档案：govproj check ÷ check-jsonschema", one["median"] / one_cjs["median"], 0.8),
        (f"{args.dossiers} 个档案：govproj check ÷ check-jsonschema", many["median"] / many_cjs["median"], 0.5),
        (f"{args.dossiers} 个档案：govproj check ÷ 解析下限", many["median"] / floor["median"], 3),
    ]
    results["ratios"] = [{"what": w, "ratio": round(r, 3), "target": t, "met": r <= t} for w, r, t in ratios]
    results["peak_rss_mb"] = round(peak / 1024 / 1024, 1)

    print()
    print(f"{'项目':<44}{'中位数':>10}")
    rows = [("python -c pass", base), ("govproj --version", version), ("govproj --help", helptext),
            ("govproj check 样例档案", one), (f"check-jsonschema 样例档案（{one_cjs['invocations']} 次调用）", one_cjs),
            (f"govproj check {args.dossiers} 个档案（{n_files} 个文件）", many),
            (f"check-jsonschema {args.dossiers} 个档案（{many_cjs['invocations']} 次调用）", many_cjs),
            ("解析下限：CSafeLoader 解析同样的文件", floor)]
    for name, r in rows:
        print(f"{name:<44}{r['median'] * 1000:>9.0f} ms")
    print()
    for w, r, t in ratios:
        print(f"{w:<48} {r:6.2f}  目标 ≤ {t:<4} {'达到' if r <= t else '未达到'}")
    print(f"{'峰值内存（' + str(args.dossiers) + ' 个档案，含工作进程）':<48} {results['peak_rss_mb']:6.1f} MB  目标 ≤ 300 MB "
          f"{'达到' if results['peak_rss_mb'] <= 300 else '未达到'}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
