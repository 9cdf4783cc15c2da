#!/usr/bin/env python3
"""Benchmark `cascade batch`: N synthetic children of the Bình Định 2024 plan, audited in parallel.

    .venv/bin/python benchmarks/batch_bench.py --children 200 [--jobs 2] [--no-html] [--keep DIR]

Prints the wall time of the batch (hierarchy + audits + reports + dashboard), children per second and the peak
memory (resource.getrusage maxrss of this process + the largest worker, in MB). Generation is timed apart.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cascade.batch import run_batch  # noqa: E402
from cascade.parse import parse_file  # noqa: E402
from cascade.rules import load_rules  # noqa: E402
from cascade.synth import generate_children  # noqa: E402

PROVINCE = REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"


def agencies(n: int) -> list[tuple[str, str]]:
    """The province's departments from rules/agencies.yaml, then numbered synthetic districts."""
    # Only "Sở …": the parser reads a Ban / Thanh tra / Văn phòng header as the province itself.
    sos = [a["name"] for a in load_rules("agencies")["agencies"] if a.get("level") == "so" and a["name"].startswith("Sở ")]
    out = [(name, "so") for name in dict.fromkeys(sos)][:n]
    out += [(f"Ủy ban nhân dân huyện Mô Phỏng {k:03d}", "huyen") for k in range(1, n - len(out) + 1)]
    return out


def peak_mb() -> float:
    """maxrss of this process plus the largest finished child process (Linux reports KiB)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (self_kb + child_kb) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--children", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-html", action="store_true", help="JSON reports only (no per-child HTML)")
    ap.add_argument("--keep", type=Path, default=None, help="keep inputs and outputs in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="cascade-bench-"))
    src, out = work / "src", work / "out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    src.mkdir(parents=True)
    t = time.perf_counter()
    shutil.copy(PROVINCE, src)
    generate_children(parse_file(PROVINCE), agencies(args.children), args.seed, src / "gen", docx=False)
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    result = run_batch(src, out, jobs=args.jobs, html=not args.no_html)
    wall = time.perf_counter() - t
    n = len(result.results)
    audit_s = sum(r.get("seconds") or 0 for r in result.results)
    print(f"children={n} failures={len(result.failures)} problems={len(result.hierarchy.problems)} "
          f"jobs={args.jobs} html={not args.no_html}")
    print(f"generate_s={gen_s:.1f} batch_wall_s={wall:.1f} children_per_s={n / wall:.2f} "
          f"mean_audit_s={audit_s / max(n, 1):.3f} peak_mb={peak_mb():.0f}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
