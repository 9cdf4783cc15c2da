#!/usr/bin/env python3
"""The naive batch baseline: one process, each child parsed and matched to the parent with the difflib baseline.

    python benchmarks/baseline_batch.py PARENT DIR [--limit N]   → prints `children=… wall_s=… children_per_s=… peak_mb=…`

Every `*.txt` under DIR other than PARENT is a child (the first N in name order with --limit); a child that
cannot be read is counted and skipped.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import baseline_audit  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Audit every child under DIR against PARENT with the baseline matcher; print throughput and peak RSS."""
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parent")
    ap.add_argument("folder")
    ap.add_argument("--limit", type=int, default=None, help="audit only the first N children")
    args = ap.parse_args(argv)
    parent_path, folder = args.parent, args.folder
    from cascade.errors import CascadeError
    from cascade.parse import parse_file

    t0 = time.perf_counter()
    parent = parse_file(parent_path)
    children = sorted(p for p in Path(folder).rglob("*.txt") if p.resolve() != Path(parent_path).resolve())
    children = children[:args.limit] if args.limit else children
    failures = 0
    for path in children:
        try:
            baseline_audit(parent, parse_file(path))
        except CascadeError:
            failures += 1
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"children={len(children)} failures={failures} wall_s={wall:.1f} "
          f"children_per_s={len(children) / wall:.2f} peak_mb={peak:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
