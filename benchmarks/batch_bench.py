#!/usr/bin/env python3
"""Benchmark `cascade batch`: N synthetic children of the Bình Định 2024 plan, audited in parallel.

    .venv/bin/python benchmarks/batch_bench.py --children 4000 [--jobs 2] [--no-html] [--keep DIR]
        [--baseline 200] [--rerun]

The batch runs as a user runs it: the `cascade batch` command in a process of its own (this script's memory, with
the generator's leftovers, is not counted). Prints the wall time of the batch (hierarchy + audits + reports +
dashboard + workbook), children per second and the peak memory of the whole run: the largest sum, sampled every
0.1 s from /proc, of the resident set (RSS) of the `cascade batch` process and of every worker process
(`peak_mb`), and of their proportional set (`peak_pss_mb`: pages the forked workers share with the parent counted
once, as the kernel does), and the kernel's maximum resident set of the largest single process of the run
(`maxrss_largest_process_mb`, from wait4: a spike shorter than the sampling interval shows there; the peak of
the run is at least the larger of the two). Generation is timed apart (two
processes). In the same run, the single-process difflib baseline (benchmarks/baseline_batch.py) audits the first
`--baseline` children, so both figures see the same load. Beyond 2,000 children, the others are copies of
generated district plans under new district names (see DISTINCT). `--rerun` then changes one child and runs the batch
again with the same cache folder: the incremental re-audit's wall time and how many children it audited.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cascade.parse import parse_file  # noqa: E402
from cascade.rules import load_rules  # noqa: E402
from cascade.synth import generate_children  # noqa: E402

PROVINCE = REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def agencies(n: int) -> list[tuple[str, str]]:
    """The province's departments from rules/agencies.yaml, then numbered synthetic districts."""
    # Only "Sở …": the parser reads a Ban / Thanh tra / Văn phòng header as the province itself.
    sos = [a["name"] for a in load_rules("agencies")["agencies"] if a.get("level") == "so" and a["name"].startswith("Sở ")]
    out = [(name, "so") for name in dict.fromkeys(sos)][:n]
    out += [(f"Ủy ban nhân dân huyện Mô Phỏng {k:05d}", "huyen") for k in range(1, n - len(out) + 1)]
    return out


def _generate(args: tuple[list[tuple[str, str]], int, str]) -> int:
    chunk, seed, out = args
    return len(generate_children(parse_file(PROVINCE), chunk, seed, out, docx=False))


# Children generated one by one; beyond this many, copies of generated district plans under new district
# names (same text and planted deviations, new agency): 20,000 children in a minute instead of an hour.
DISTINCT = 2000


def generate(n: int, seed: int, out: Path, jobs: int) -> None:
    """n children under out/: up to DISTINCT generated in `jobs` processes (chunks of 500 agencies), the rest
    copies of the generated district plans renamed "Mô Phỏng <number>" (every child its own agency)."""
    ags = agencies(n)
    made = ags[:DISTINCT]
    chunks = [(made[k:k + 500], seed, str(out)) for k in range(0, len(made), 500)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_generate, chunks))
    from cascade.synth import slug

    districts = [name for name, level in made if level == "huyen"]
    texts = {name: (out / slug(name) / "child.txt").read_text(encoding="utf-8") for name in districts}
    for k, (name, _) in enumerate(ags[DISTINCT:]):
        model = districts[k % len(districts)]
        old, new = model.rsplit(" ", 1)[1], name.rsplit(" ", 1)[1]
        folder = out / slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        text = texts[model].replace(f"Mô Phỏng {old}", f"Mô Phỏng {new}").replace(f"MÔ PHỎNG {old}",
                                                                                   f"MÔ PHỎNG {new}")
        (folder / "child.txt").write_text(text, encoding="utf-8")


def _descendants(pid: int) -> list[int]:
    """Every process below pid (the pool's workers), from /proc/<pid>/task/*/children."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    kids = [int(x) for x in fh.read().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def _rss_pss_kb(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            vals = {k: v for k, _, v in (line.partition(":") for line in fh) if k in ("Rss", "Pss")}
        return int(vals["Rss"].split()[0]), int(vals["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        try:
            with open(f"/proc/{pid}/statm") as fh:
                rss = int(fh.read().split()[1]) * PAGE_KB
            return rss, rss
        except OSError:
            return 0, 0


class PeakSampler:
    """Samples the summed RSS and PSS of all this process's descendants (the `cascade batch` process and its
    workers) in a thread; keeps the maxima."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.rss_kb, self.pss_kb, self.procs = interval, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pids = _descendants(me)
            rss = pss = 0
            for p in pids:
                r, s = _rss_pss_kb(p)
                rss, pss = rss + r, pss + s
            self.rss_kb, self.pss_kb = max(self.rss_kb, rss), max(self.pss_kb, pss)
            self.procs = max(self.procs, len(pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(src: Path, out: Path, jobs: int, html: bool, cache: Path | None) -> tuple[str, int]:
    """`cascade batch src -o out` in its own process, as a user runs it; → (what it printed, the largest maximum
    resident set of one process of its tree in KB, from the kernel: a spike between two samples shows there)."""
    cmd = [str(Path(sys.executable).with_name("cascade")), "batch", str(src), "-o", str(out), "--jobs", str(jobs)]
    if not Path(cmd[0]).exists():  # not installed as a script: the same entry point through this interpreter
        cmd[:1] = [sys.executable, "-c", "from cascade.cli import main; main()"]
    cmd += [] if html else ["--no-html"]
    cmd += ["--cache-dir", str(cache)] if cache is not None else []
    with tempfile.TemporaryFile() as so, tempfile.TemporaryFile() as se:
        proc = subprocess.Popen(cmd, stdout=so, stderr=se)
        # wait4, not wait: its rusage is this command's tree alone (RUSAGE_CHILDREN would count the generator's
        # processes too)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        stdout, stderr = so.read().decode("utf-8", "replace"), se.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        sys.exit(f"cascade batch failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    return stdout, usage.ru_maxrss


def baseline(src: Path, limit: int) -> str:
    """The difflib baseline over the first `limit` children, in its own process (its memory is its own)."""
    res = subprocess.run([sys.executable, str(REPO / "benchmarks/baseline_batch.py"), str(src / PROVINCE.name),
                          str(src / "gen"), "--limit", str(limit)], capture_output=True, text=True, check=True)
    return res.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--children", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-html", action="store_true", help="JSON reports only (no per-child HTML)")
    ap.add_argument("--keep", type=Path, default=None, help="keep inputs and outputs in this folder")
    ap.add_argument("--baseline", type=int, default=200, help="children the difflib baseline audits (0: none)")
    ap.add_argument("--rerun", action="store_true", help="then change one child and re-run with the cache")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="cascade-bench-"))
    src, out, cache = work / "src", work / "out", work / "cache"
    for d in (src, out, cache):
        shutil.rmtree(d, ignore_errors=True)
    src.mkdir(parents=True)
    t = time.perf_counter()
    shutil.copy(PROVINCE, src)
    generate(args.children, args.seed, src / "gen", args.jobs)
    gen_s = time.perf_counter() - t
    with PeakSampler() as peak:
        t = time.perf_counter()
        _, child_kb = run_cli(src, out, args.jobs, not args.no_html, cache if args.rerun else None)
        wall = time.perf_counter() - t
    batch = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    rows = batch["children"]
    n, failures = len(rows), sum(1 for r in rows if r["error"])
    audit_s = sum(r["seconds"] or 0 for r in rows)
    print(f"children={n} failures={failures} problems={len(batch['graph']['problems'])} "
          f"jobs={args.jobs} html={not args.no_html}")
    print(f"generate_s={gen_s:.1f} batch_wall_s={wall:.1f} children_per_s={n / wall:.2f} "
          f"mean_audit_s={audit_s / max(n, 1):.4f} peak_mb={peak.rss_kb / 1024:.0f} "
          f"peak_pss_mb={peak.pss_kb / 1024:.0f} processes={peak.procs} "
          f"maxrss_largest_process_mb={child_kb / 1024:.0f}")
    if args.baseline:
        # keys prefixed: benchmarks/run.py reads this output as key=value tokens
        base = " ".join(f"baseline_{tok}" for tok in baseline(src, args.baseline).split())
        print(f"same-run baseline (difflib, 1 process): {base}")
    if args.rerun:
        child = sorted((src / "gen").glob("*/child.txt"))[0]
        text = child.read_text(encoding="utf-8")
        child.write_text(text.replace("Tổ chức", "Tổ chức thực hiện", 1), encoding="utf-8")
        t = time.perf_counter()
        said, _ = run_cli(src, out, args.jobs, not args.no_html, cache)
        wall = time.perf_counter() - t
        # The CLI's cache line (cascade/commands/batch.py) is the only place the re-run's counts are said.
        m = re.search(r"kiểm tra lại (\d+) kế hoạch, dùng lại kết quả của (\d+); đọc lại (\d+) tệp", said)
        if m is None:
            sys.exit(f"the re-run's cache line was not found in what cascade batch printed:\n{said[-2000:]}")
        audited, reused, parsed = m.groups()
        print(f"rerun_one_changed_wall_s={wall:.2f} audited={audited} reused={reused} plans_parsed={parsed}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
