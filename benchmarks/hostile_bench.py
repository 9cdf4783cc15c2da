#!/usr/bin/env python3
"""Memory and time of `cascade audit` against plan length and hostile files, beside a baseline of the same run.

The baseline is the real pair (Bình Định province → its Sở NN&PTNT, ~100 items each), audited in a subprocess
in this run. Then generated plans of 1,000 (the item limit), 5,000, 10,000 and 50,000 task rows are audited
against the real child, and the hostile files of issue 17 (tests/hostile_corpus.py) are parsed. Each row gives
the exit code, wall time, peak RSS of the process, and the ratios to the baseline: input bytes, time, memory.
Memory must grow no faster than the input, and every hostile case must stay under 300 MB.

    .venv/bin/python benchmarks/hostile_bench.py [--rows 1000,5000,10000,50000] [--no-hostile] [--json F]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_corpus as corpus  # noqa: E402

PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
LIMIT_MB = 300

_MEASURE = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": proc.returncode, "seconds": time.perf_counter() - t0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "message": (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or [""])[-1]}))
"""


def measure(*args: str | Path, timeout: float = 600) -> dict:
    """Run `cascade ARGS` under a fresh interpreter; its exit code, wall seconds, peak RSS (MB), last line."""
    argv = [sys.executable, "-c", "import sys; from cascade.cli import main; sys.exit(main())", *map(str, args)]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, timeout=timeout)
    return json.loads(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="1000,5000,10000,50000", help="plan lengths to audit (comma-separated)")
    ap.add_argument("--no-hostile", action="store_true", help="only the plan lengths")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = ap.parse_args()
    rows = [int(x) for x in args.rows.split(",") if x.strip()]
    results = []
    base = measure("audit", PARENT, CHILD)
    base_bytes = PARENT.stat().st_size
    results.append({"case": "baseline: real pair audit", "bytes": base_bytes, **base})
    with tempfile.TemporaryDirectory(prefix="cascade-hostile-") as tmp:
        folder = Path(tmp)
        for n in rows:
            f = corpus.write_big_plan(folder, n)
            results.append({"case": f"audit {n:,}-row plan", "bytes": f.stat().st_size, **measure("audit", f, CHILD)})
        # the worst case the item limit allows: both plans at 1,000 items
        f = corpus.write_big_plan(folder, 1000)
        results.append({"case": "audit 1,000-row plan against itself", "bytes": 2 * f.stat().st_size,
                        **measure("audit", f, f)})
        if not args.no_hostile:
            t0 = time.perf_counter()
            cases = [
                ("parse .docx member lying (1 KB → 1 GiB)", corpus.write_lying_docx(folder)),
                ("parse .docx of 2 million XML elements", corpus.write_element_bomb_docx(folder)),
                ("parse PDF Flate bomb (1 GiB)", corpus.write_pdf_flate_bomb(folder)),
                ("parse PDF form bomb (10⁸ draws)", corpus.write_pdf_form_bomb(folder)),
                ("parse PDF token bomb (paths)", corpus.write_pdf_token_bomb(folder, "paths")),
                ("parse PDF token bomb (chars)", corpus.write_pdf_token_bomb(folder, "chars")),
                ("parse PDF image bomb (40,000² px)", corpus.write_pdf_image_bomb(folder)),
                ("parse 20 MiB of blank lines", corpus.write_blank_lines(folder)),
                ("parse UTF-8 + cp1258 paragraph", corpus.write_mixed_encoding(folder)),
                ("parse UTF-8 + 3 stray bytes", corpus.write_stray_bytes(folder)),
            ]
            print(f"(hostile files generated in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
            for name, f in cases:
                results.append({"case": name, "bytes": f.stat().st_size, **measure("parse", f)})
    print("| case | bytes | exit | time | peak RSS | bytes ÷ base | time ÷ base | memory ÷ base | < 300 MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['case']} | {r['bytes']:,} | {r['rc']} | {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB "
              f"| {r['bytes'] / base_bytes:.1f} | {r['seconds'] / base['seconds']:.1f} "
              f"| {r['peak_mb'] / base['peak_mb']:.2f} | {'yes' if r['peak_mb'] < LIMIT_MB else 'NO'} |")
    for r in results[1:]:
        if r["rc"] != 0:
            print(f"- {r['case']}: {r['message']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["peak_mb"] < LIMIT_MB for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
