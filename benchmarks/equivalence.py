#!/usr/bin/env python3
"""Prove a speed-up changes no result: write every output of a fixed set of inputs, then compare a later run.

    .venv/bin/python benchmarks/equivalence.py --write /tmp/eq-before        # before the change
    .venv/bin/python benchmarks/equivalence.py --compare /tmp/eq-before      # after it: exit 1 on any difference

The set: the parsed plan (`Plan.to_dict`) of every seed and sample plan; the audit JSON of every answer key's pair
(../shared/eval and tests/keys, agency detected as a user runs it); the audit JSON of `--children` synthetic children
of the Bình Định 2024 plan (their own agency and level, as the batch passes them) and of two-tier children of the
national template (commune plans of one synthetic province); the HTML report of the first few of them. A difference
is printed with the first JSON path (or HTML line) where the two runs part.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cascade.audit import audit_files, audit_plans  # noqa: E402
from cascade.evaluate import load_key  # noqa: E402
from cascade.parse import parse_file  # noqa: E402
from cascade.rules import load_rules  # noqa: E402
from cascade.synth import generate_children  # noqa: E402

SHARED = Path(__import__("os").environ.get("CASCADE_SHARED", ROOT.parent / "shared"))
PROVINCE = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
PLAN_SUFFIXES = {".txt", ".docx", ".pdf", ".doc"}
HTML_FIRST = 6
BATCH_CHILDREN = 12


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1)


def _plans() -> list[Path]:
    found = sorted(p for p in (SHARED / "seeds").glob("*") if p.suffix in PLAN_SUFFIXES)
    found += sorted(p for p in (ROOT / "data").rglob("*") if p.suffix in PLAN_SUFFIXES)
    return found


def _keys() -> list[Path]:
    return sorted((SHARED / "eval").glob("*/key.yaml")) + sorted((ROOT / "tests/keys").glob("*/key.yaml"))


def _agencies(n: int) -> list[tuple[str, str]]:
    sos = [a["name"] for a in load_rules("agencies")["agencies"] if a.get("level") == "so"
           and a["name"].startswith("Sở ")]
    out = [(name, "so") for name in dict.fromkeys(sos)][: n // 2]
    return out + [(f"Ủy ban nhân dân huyện Mô Phỏng {k:03d}", "huyen") for k in range(1, n - len(out) + 1)]


def outputs(children: int, work: Path, batch: bool = False) -> dict[str, str]:
    """name → text of every output of the fixed input set (with `batch`, also the reports of a batch run over
    the synthetic children: the worker's path to them must write the same bytes as a single audit)."""
    from cascade.report.write import render_html

    res: dict[str, str] = {}
    for p in _plans():
        res[f"plan/{p.parent.name}/{p.name}.json"] = _dump(parse_file(p).to_dict())
    html_left = HTML_FIRST
    for k in _keys():
        key = load_key(k)
        audit = audit_files(k.parent / key["parent"], k.parent / key["child"]).to_dict()
        res[f"key/{k.parent.name}.json"] = _dump(audit)
        if html_left > 0:
            res[f"key/{k.parent.name}.html"] = render_html(audit)
            html_left -= 1
    parent = parse_file(PROVINCE)
    ags = _agencies(children)
    generate_children(parent, ags, 2024, work / "synth", docx=False)
    from cascade.text import slug

    for j, (agency, level) in enumerate(ags):
        child = parse_file(work / "synth" / slug(agency) / "child.txt")
        audit = audit_plans(parent, child, agency, level).to_dict()
        res[f"synth/{slug(agency)}.json"] = _dump(audit)
        if j < HTML_FIRST:
            res[f"synth/{slug(agency)}.html"] = render_html(audit)
    if batch:
        from cascade.batch import run_batch

        src = work / "batch-src"
        (src / "gen").mkdir(parents=True)
        (src / PROVINCE.name).write_bytes(PROVINCE.read_bytes())
        for agency, _ in ags[:BATCH_CHILDREN]:
            shutil.copytree(work / "synth" / slug(agency), src / "gen" / slug(agency))
        run_batch(src, work / "batch-out", jobs=1, html=True)
        for f in sorted((work / "batch-out" / "reports").iterdir()):
            res[f"batch/{f.name}"] = f.read_text(encoding="utf-8")  # byte for byte, key order too
    from cascade.synth_country import generate_country

    country = work / "country"
    generate_country(country, provinces=1, children_per_province=max(4, children // 6), seed=2026)
    for prov in sorted(p for p in country.iterdir() if p.is_dir()):
        for kf in sorted([*prov.glob("*.yaml"), *prov.rglob("key.yaml")]):
            key = load_key(kf)
            if "parent" not in key or "child" not in key:
                continue
            parent_file = kf.parent / key["parent"]
            if not parent_file.is_file():  # a generated child names its parent relative to the province folder
                parent_file = prov / key["parent"]
            try:
                audit = audit_files(parent_file, kf.parent / key["child"], key.get("child_agency"),
                                    key.get("child_level")).to_dict()
            except Exception as exc:  # noqa: BLE001 — an unreadable generated pair is itself a result
                res[f"country/{kf.parent.relative_to(country)}.err"] = repr(exc)
                continue
            res[f"country/{kf.parent.relative_to(country)}.json"] = _dump(audit)
    return res


def _first_difference(a: str, b: str, name: str) -> str:
    if name.endswith(".json"):
        def walk(x: Any, y: Any, path: str) -> str | None:
            if type(x) is not type(y):
                return f"{path}: {str(x)[:120]!r} ≠ {str(y)[:120]!r}"
            if isinstance(x, dict):
                for key in sorted(set(x) | set(y)):
                    if key not in x or key not in y:
                        return f"{path}.{key}: only in {'after' if key not in x else 'before'}"
                    d = walk(x[key], y[key], f"{path}.{key}")
                    if d:
                        return d
                return None
            if isinstance(x, list):
                for i, (u, v) in enumerate(zip(x, y, strict=False)):
                    d = walk(u, v, f"{path}[{i}]")
                    if d:
                        return d
                return None if len(x) == len(y) else f"{path}: {len(x)} items ≠ {len(y)}"
            return None if x == y else f"{path}: {str(x)[:120]!r} ≠ {str(y)[:120]!r}"

        return walk(json.loads(a), json.loads(b), "$") or "(same data, different text)"
    for i, (u, v) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)):
        if u != v:
            return f"line {i + 1}: {u[:120]!r} ≠ {v[:120]!r}"
    return "lengths differ"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="DIR", help="write the outputs to DIR")
    mode.add_argument("--compare", metavar="DIR", help="compare with the outputs written earlier to DIR")
    ap.add_argument("--children", type=int, default=60)
    ap.add_argument("--batch", action="store_true", help="also a batch run's reports (JSON and HTML)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cascade-eq-"))
    try:
        res = outputs(args.children, work, args.batch)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # The audits quote the files' paths: neither the temporary folder's name nor the checkout's (a worktree) is part
    # of the result. Outputs written before the checkout's name was replaced compare too, from the same checkout.
    res = {name: text.replace(str(work), "$WORK").replace(str(ROOT), "$REPO") for name, text in res.items()}
    if args.write:
        out = Path(args.write)
        shutil.rmtree(out, ignore_errors=True)
        for name, text in res.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text, encoding="utf-8")
        print(f"{len(res)} outputs written to {out}")
        return 0
    base = Path(args.compare)
    before = {str(p.relative_to(base)): p.read_text(encoding="utf-8").replace(str(ROOT), "$REPO")
              for p in base.rglob("*") if p.is_file()}
    bad = 0
    for name in sorted(set(before) | set(res)):
        if name not in res or name not in before:
            print(f"{name}: only {'before' if name in before else 'now'}")
            bad += 1
        elif before[name] != res[name]:
            print(f"{name}: {_first_difference(before[name], res[name], name)}")
            bad += 1
    print(f"{len(res)} outputs, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
