#!/usr/bin/env python3
"""Where a batch's time goes: one `run_batch` in a single process under cProfile (CPU time, so other load on the
machine does not count), split into stages.

    .venv/bin/python benchmarks/profile_batch.py --children 200 [--html] [--top 25]

Stages (cumulative CPU seconds of the functions named, per child in ms and as a share of the whole run):
read+parse (parse_file), align, findings, applicability, summary, audit→dict, write JSON, render HTML, batch
outputs (dashboard, workbook, batch.json), cache (pickle load and store of parsed plans). "Pickling between
processes" is measured apart: the bytes of one task and one row, the only things that cross.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from batch_bench import PROVINCE, generate  # noqa: E402

from cascade.batch import run_batch  # noqa: E402

# stage → (file suffix, function name) whose cumulative time is the stage's
STAGES = {
    "read+parse": [("cascade/parse/pipeline.py", "parse_file")],
    "align": [("cascade/align/pipeline.py", "align")],
    "findings": [("cascade/audit/findings.py", "link_findings"), ("cascade/audit/findings.py", "missing_findings"),
                 ("cascade/audit/findings.py", "added_findings")],
    "applicability": [("cascade/audit/applicability.py", "assess")],
    "summary": [("cascade/audit/summary.py", "build_summary")],
    "audit→dict": [("cascade/audit/pipeline.py", "to_dict")],
    "write JSON": [("cascade/batch/worker.py", "write_compact_json"), ("cascade/report/csv_export.py", "write_json")],
    "render HTML": [("cascade/report/write.py", "write_html")],
    "batch outputs": [("cascade/batch/runner.py", "write_outputs")],
    "cache pickle": [("cascade/batch/cache.py", "store_plan"),
                     ("~", "<built-in method _pickle.load>"), ("~", "<built-in method _pickle.dump>")],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--children", type=int, default=200)
    ap.add_argument("--html", action="store_true", help="also render each child's HTML report")
    ap.add_argument("--top", type=int, default=0, help="also print the N functions with the most own time")
    ap.add_argument("--dump", help="also write the profile (pstats) to this file")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cascade-prof-"))
    try:
        src = work / "src"
        src.mkdir()
        shutil.copy(PROVINCE, src)
        generate(args.children, 2024, src / "gen", 2)
        # CPU time of a plain run (the profiler's own cost left out), then the shares from a profiled run
        t = time.process_time()
        run_batch(src, work / "plain", jobs=1, html=args.html)
        cpu = time.process_time() - t
        prof = cProfile.Profile()
        t = time.perf_counter()
        result = prof.runcall(run_batch, src, work / "out", jobs=1, html=args.html)
        total = time.perf_counter() - t
        stats = pstats.Stats(prof)
        if args.dump:
            stats.dump_stats(args.dump)
        cum = {(file, name): ct for (file, _, name), (_, _, _, ct, _) in stats.stats.items()}  # type: ignore[attr-defined]
        n = len(result.results)
        print(f"children={n} html={args.html} cpu_s={cpu:.2f} cpu_ms_per_child={1000 * cpu / n:.1f} "
              f"(single process, unprofiled); shares from the profiled run:")
        for stage, funcs in STAGES.items():
            s = sum(ct for (file, name), ct in cum.items() for f, fn in funcs if file.endswith(f) and name == fn)
            print(f"  {stage:<14} {100 * s / total:5.1f} %  ≈ {1000 * cpu * s / total / n:6.1f} ms/child")
        row = result.results[0]
        if hasattr(row, "codes"):  # as a worker sends it: the parent's ids are attached in the main process
            from dataclasses import replace

            from cascade.batch.worker import ChildTask

            task = ChildTask(row.parent, row.child, row.agency, row.level, row.node, row.parent_node, "x", "out",
                             "c")
            row = replace(row, ids=())
        else:
            task = {k: row[k] for k in ("parent", "child", "agency", "level", "node", "parent_node")}
        print(f"  between processes: task {len(pickle.dumps(task))} B, row {len(pickle.dumps(row))} B per child")
        if args.top:
            stats.sort_stats("tottime").print_stats(args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
