"""The naive baseline matcher the benchmarks compare against.

For each kind, every parent×child pair is scored with `difflib.SequenceMatcher(None, a, b).ratio()` on the items'
texts, then pairs are taken greedily, best first, one-to-one, above a threshold. It sees the same parsed items as
the real aligner, so only the matching differs.

Run as a script it is the baseline's end-to-end CLI: `python benchmarks/baseline.py PARENT CHILD --json OUT`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any

from cascade.model import KINDS, Plan

THRESHOLD = 0.6


def baseline_links(parent: Plan, child: Plan, threshold: float = THRESHOLD) -> list[dict[str, Any]]:
    """Links (cascade-audit/1 form) from all-pairs difflib ratios and greedy one-to-one assignment."""
    links: list[dict[str, Any]] = []
    for kind in KINDS:
        ps, cs = parent.of_kind(kind), child.of_kind(kind)
        scored = [
            (difflib.SequenceMatcher(None, p.text, c.text).ratio(), i, j)
            for i, p in enumerate(ps)
            for j, c in enumerate(cs)
        ]
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        used_p: set[int] = set()
        used_c: set[int] = set()
        for ratio, i, j in scored:
            if ratio < threshold:
                break
            if i in used_p or j in used_c:
                continue
            used_p.add(i)
            used_c.add(j)
            links.append({"parent": ps[i].id, "child": cs[j].id, "score": round(ratio, 3), "why": "difflib"})
    return links


def baseline_audit(parent: Plan, child: Plan, threshold: float = THRESHOLD) -> dict[str, Any]:
    """A cascade-audit/1-like dict holding only the baseline's links (no findings), for score.py."""
    return {
        "schema": "cascade-audit/1",
        "parent": parent.to_dict(),
        "child": child.to_dict(),
        "links": baseline_links(parent, child, threshold),
        "findings": [],
        "summary": {"matcher": "difflib baseline", "threshold": threshold},
    }


def main(argv: list[str] | None = None) -> int:
    """Parse both files with cascade's parser, match them with the baseline, optionally write the JSON."""
    ap = argparse.ArgumentParser(description="naive difflib baseline audit")
    ap.add_argument("parent")
    ap.add_argument("child")
    ap.add_argument("--json", dest="json_path", default=None)
    args = ap.parse_args(argv)
    from cascade.parse import parse_file

    result = baseline_audit(parse_file(args.parent), parse_file(args.child))
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(result, fh, ensure_ascii=False, sort_keys=True, indent=1)
    print(f"{len(result['links'])} links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
