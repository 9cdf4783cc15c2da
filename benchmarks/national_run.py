#!/usr/bin/env python3
"""The national synthetic run: generate a country, run the national batch, score the findings against the keys.

    .venv/bin/python benchmarks/national_run.py --provinces 34 --children 15 --sos 5 [--jobs 2] [--html] [--keep DIR]

The country comes from `cascade.synth_country.generate_country` (two-tier schema of 2025: each province plan is the
national template with the province's name, number and planted deviations; its Sở and xã plans carry planted
deviations of their own). `cascade.batch.national.run_national` audits every province; `score_country` compares
what it reported with the generator's keys and this prints, per kind of deviation, how many were planted, how many
of them were found (recall) and how many reported ones were planted (precision). Also printed: generation time,
the national run's wall time and the peak memory (maxrss of this process + the largest worker, in MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cascade.batch.national import run_national  # noqa: E402
from cascade.synth_country import generate_country, score_country  # noqa: E402


def peak_mb() -> float:
    """maxrss of this process plus the largest finished child process (Linux reports KiB)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (self_kb + child_kb) / 1024


def rss_mb() -> float:
    """The current resident memory of this process (not its peak), from /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--children", type=int, default=15, help="child plans per province (Sở + xã)")
    ap.add_argument("--sos", type=int, default=None, help="Sở plans per province (default: a third)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--html", action="store_true", help="also an HTML report per child (default: JSON only)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the country and the outputs in this folder")
    ap.add_argument("--json", type=Path, default=None, help="write the scores to this file")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="cascade-national-"))
    src, out = work / "quoc-gia", work / "out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    generate_country(src, provinces=args.provinces, children_per_province=args.children, seed=args.seed,
                     sos=args.sos)
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    rss: list[float] = []  # after each province: flat when nothing of a finished province is kept
    result = run_national(src, out, jobs=args.jobs, html=args.html, on_province=lambda *_: rss.append(rss_mb()))
    wall = time.perf_counter() - t
    t = time.perf_counter()
    tallies = score_country(src, result)
    score_s = time.perf_counter() - t
    n_children = sum(p.n_children for p in result.provinces)
    n_plans = n_children + sum(1 for p in result.provinces if p.plan)
    print(f"provinces={len(result.provinces)} plans={n_plans} children={n_children} "
          f"failures={sum(p.n_failures for p in result.provinces)} jobs={args.jobs} html={args.html}")
    print(f"generate_s={gen_s:.1f} national_wall_s={wall:.1f} plans_per_s={n_plans / wall:.2f} "
          f"score_s={score_s:.1f} peak_mb={peak_mb():.0f}")
    if rss:
        marks = sorted({0, len(rss) // 2, len(rss) - 1})
        print("rss_mb after province " + ", ".join(f"{k + 1}: {rss[k]:.0f}" for k in marks))
    print(f"{'kind':28s} {'planted':>8s} {'found':>6s} {'reported':>9s} {'correct':>8s} {'recall':>7s} {'precision':>9s}")
    for kind, tl in sorted(tallies.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        print(f"{kind:28s} {tl.planted:8d} {tl.hit:6d} {tl.flagged:9d} {tl.correct:8d} {tl.recall:7.3f} "
              f"{tl.precision:9.3f}")
    if args.json:
        args.json.write_text(json.dumps({
            "provinces": len(result.provinces), "children": n_children, "wall_s": round(wall, 1),
            "peak_mb": round(peak_mb()), "rss_mb": [round(x) for x in rss], "scores": {k: {**vars(t), "recall": round(t.recall, 4),
                                                        "precision": round(t.precision, 4)}
                                                    for k, t in tallies.items()}}, indent=1) + "\n")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
