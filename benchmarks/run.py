#!/usr/bin/env python3
"""`make bench`: cascade's speed and memory beside a naive baseline measured in the same run.

Measures: parsing each seed; the in-process audit of the real pair (Bình Định province → its Sở NN&PTNT);
`cascade audit … --json` end to end; `cascade --help` start-up; matching speed and link F1 against the all-pairs
`difflib` baseline (benchmarks/baseline.py); sequential throughput and peak memory over a set of children; and,
when `benchmarks/batch_bench.py` exists, the parallel batch benchmark beside a one-process naive batch
(benchmarks/baseline_batch.py). Prints a Markdown table: measurement | ours | baseline | ratio | target | met?  — ratio is how many times better ours is (baseline ÷ ours
for times and memory, ours ÷ baseline for F1 and throughput). Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from baseline import baseline_audit, baseline_links  # noqa: E402
from measure import median_seconds, median_subprocess_seconds, peak_bytes  # noqa: E402

PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
SEEDS = [PARENT, CHILD, *sorted(p for p in (ROOT / "data").glob("*/*/*.txt") if p not in (PARENT, CHILD))]
KEY = Path("/work/shared/eval/binhdinh-snn-2024/key.yaml")
SCORER = Path("/work/shared/eval/score.py")
HEAVY = ("pandas", "networkx", "docx", "pdfplumber")

TARGET_AUDIT_S = 0.150
TARGET_CLI_S = 1.0
TARGET_HELP_S = 0.3
TARGET_MATCH_SPEEDUP = 50.0


@dataclass
class Row:
    """One line of the table; `met` is None when the issue sets no target."""

    measurement: str
    ours: str
    baseline: str
    ratio: str
    target: str = "—"
    met: bool | None = None


def _ms(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def _ratio(x: float) -> str:
    return f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def _cascade_argv() -> list[str]:
    script = Path(sys.executable).parent / "cascade"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cascade.cli"]


def _load_scorer() -> Callable[[dict, dict], tuple[dict, list]] | None:
    if not SCORER.exists() or not KEY.exists():
        return None
    spec = importlib.util.spec_from_file_location("cascade_eval_score", SCORER)
    if spec is None or spec.loader is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


def bench_parse(reps: int) -> list[Row]:
    from cascade.parse import parse_file

    rows = []
    for path in SEEDS:
        plan = parse_file(path)
        t = median_seconds(lambda p=path: parse_file(p), reps)
        rows.append(Row(f"parse `{path.relative_to(ROOT / 'data')}` ({len(plan.items)} items)", _ms(t), "—", "—"))
    return rows


def bench_audit(reps: int, parent: Any, child: Any) -> list[Row]:
    from cascade.audit import audit_files, audit_plans

    t_ours = median_seconds(lambda: audit_plans(parent, child), reps)
    t_base = median_seconds(lambda: baseline_audit(parent, child), reps)
    t_files = median_seconds(lambda: audit_files(PARENT, CHILD), reps)
    return [
        Row("audit real pair in-process (parsed plans)", _ms(t_ours), _ms(t_base), _ratio(t_base / t_ours),
            f"≤ {_ms(TARGET_AUDIT_S)}", t_ours <= TARGET_AUDIT_S),
        Row("audit real pair in-process incl. reading + parsing", _ms(t_files), "—", "—"),
    ]


def bench_matching(reps: int, parent: Any, child: Any) -> list[Row]:
    from cascade.align import align
    from cascade.audit import audit_plans

    t_ours = median_seconds(lambda: align(parent, child), reps)
    t_base = median_seconds(lambda: baseline_links(parent, child), reps)
    speedup = t_base / t_ours
    rows = [Row(f"matching, real pair ({len(parent.items)}×{len(child.items)} items)", _ms(t_ours), _ms(t_base),
                _ratio(speedup), f"≥ {TARGET_MATCH_SPEEDUP:.0f}×", speedup >= TARGET_MATCH_SPEEDUP)]
    score = _load_scorer()
    if score is None:
        rows.append(Row("link F1 on the hand key", "skipped: score.py or key.yaml not found", "—", "—"))
        return rows
    import yaml

    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    f1_ours = score(key, audit_plans(parent, child).to_dict())[0]["link_f1"]
    f1_base = score(key, baseline_audit(parent, child))[0]["link_f1"]
    rows.append(Row("link F1 on the hand key (binhdinh-snn-2024)", f"{f1_ours:.3f}", f"{f1_base:.3f}",
                    _ratio(f1_ours / f1_base) if f1_base else "∞", "≥ baseline", f1_ours >= f1_base))
    return rows


def bench_cli(reps: int) -> list[Row]:
    cascade = _cascade_argv()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.json"
        t_ours = median_subprocess_seconds([*cascade, "audit", str(PARENT), str(CHILD), "--json", str(out)], reps, ROOT)
        t_base = median_subprocess_seconds(
            [sys.executable, str(HERE / "baseline.py"), str(PARENT), str(CHILD), "--json", str(out)], reps, ROOT)
    t_help = median_subprocess_seconds([*cascade, "--help"], reps + 2, ROOT)
    eager = "import click, pandas, networkx, docx, pdfplumber, cascade.audit, cascade.parse"
    t_eager = median_subprocess_seconds([sys.executable, "-c", eager], reps + 2, ROOT)
    probe = ("import sys\nfrom cascade import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT).stderr.strip()
    loaded = loaded.splitlines()[-1] if loaded else ""
    return [
        Row("`cascade audit … --json` end to end (baseline: parse + difflib script)", _ms(t_ours), _ms(t_base),
            _ratio(t_base / t_ours), f"≤ {_ms(TARGET_CLI_S)}", t_ours <= TARGET_CLI_S),
        Row("`cascade --help` start-up (baseline: eager imports)", _ms(t_help), _ms(t_eager),
            _ratio(t_eager / t_help), f"≤ {_ms(TARGET_HELP_S)}", t_help <= TARGET_HELP_S),
        Row("heavy modules imported by `--help`", loaded or "none", ", ".join(HEAVY), "—", "none", not loaded),
    ]


def bench_throughput(reps: int, parent: Any) -> list[Row]:
    """Sequential in-process audits of the parent against every other seed as a child."""
    from cascade.audit import audit_plans
    from cascade.parse import parse_file

    children = [parse_file(p) for p in SEEDS if p != PARENT]

    def ours() -> None:
        for c in children:
            audit_plans(parent, c)

    def base() -> None:
        for c in children:
            baseline_audit(parent, c)

    t_ours = median_seconds(ours, max(1, reps // 2))
    t_base = median_seconds(base, max(1, reps // 2))
    n = len(children)
    m_ours, m_base = peak_bytes(ours), peak_bytes(base)
    return [
        Row(f"sequential throughput, {n} children (children/s)", f"{n / t_ours:.1f}", f"{n / t_base:.1f}",
            _ratio(t_base / t_ours)),
        Row(f"peak Python heap, {n} audits (tracemalloc)", f"{m_ours / 2**20:.1f} MB", f"{m_base / 2**20:.1f} MB",
            _ratio(m_base / m_ours)),
    ]


def _key_values(text: str) -> dict[str, str]:
    return dict(tok.split("=", 1) for tok in text.split() if "=" in tok)


def bench_batch(children: int) -> tuple[list[Row], str]:
    """Parallel `cascade batch` (benchmarks/batch_bench.py, its owner's) beside the naive one-process baseline
    (benchmarks/baseline_batch.py) over the same generated children."""
    path = HERE / "batch_bench.py"
    if not path.exists():
        return [], "Parallel batch (`cascade batch`) skipped: benchmarks/batch_bench.py does not exist yet."
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, str(path), "--children", str(children), "--no-html", "--keep", tmp],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            return [], f"benchmarks/batch_bench.py failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}"
        ours = _key_values(proc.stdout)
        base_proc = subprocess.run([sys.executable, str(HERE / "baseline_batch.py"), str(Path(tmp) / "src" / PARENT.name),
                                    str(Path(tmp) / "src")], capture_output=True, text=True, cwd=ROOT)
        base = _key_values(base_proc.stdout) if base_proc.returncode == 0 else {}
    note = f"Parallel batch (benchmarks/batch_bench.py --children {children} --no-html): {proc.stdout.strip()}"
    if not base:
        return [], note + f"\nbaseline_batch.py failed: {base_proc.stderr[-1000:]}"
    cps_ours, cps_base = float(ours["children_per_s"]), float(base["children_per_s"])
    mb_ours, mb_base = float(ours["peak_mb"]), float(base["peak_mb"])
    jobs = ours.get("jobs", "?")
    rows = [
        Row(f"batch throughput, {ours['children']} synthetic children (children/s; ours {jobs} jobs, baseline 1)",
            f"{cps_ours:.2f}", f"{cps_base:.2f}", _ratio(cps_ours / cps_base)),
        Row("batch peak memory (max RSS)", f"{mb_ours:.0f} MB", f"{mb_base:.0f} MB", _ratio(mb_base / mb_ours)),
    ]
    return rows, note + f"\nBaseline batch: {base_proc.stdout.strip()}"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| measurement | ours | baseline | ratio | target | met? |", "|---|---|---|---|---|---|"]
    lines += [f"| {r.measurement} | {r.ours} | {r.baseline} | {r.ratio} | {r.target} | {_met(r.met)} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the table and notes; `--json FILE` also saves the rows."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="repetitions per measurement (median reported)")
    ap.add_argument("--children", type=int, default=20, help="children for the batch benchmark")
    ap.add_argument("--json", dest="json_path", default=None, help="also write the rows to this JSON file")
    args = ap.parse_args(argv)
    from cascade.parse import parse_file

    parent, child = parse_file(PARENT), parse_file(CHILD)
    rows = bench_parse(args.reps)
    rows += bench_audit(args.reps, parent, child)
    rows += bench_matching(args.reps, parent, child)
    rows += bench_cli(args.reps)
    rows += bench_throughput(args.reps, parent)
    batch_rows, batch_note = bench_batch(args.children)
    rows += batch_rows
    print(table(rows))
    print()
    print(f"Median of {args.reps} runs (after one warm-up). Ratio = how many times better ours is than the baseline "
          "(baseline ÷ ours for times and memory; ours ÷ baseline for F1 and children/s). Baseline matcher: all-pairs "
          "difflib.SequenceMatcher per kind, greedy one-to-one above 0.6, on the same parsed items.")
    print(batch_note)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False,
                                                   indent=1), encoding="utf-8")
    missed = [r.measurement for r in rows if r.met is False]
    if missed:
        print("Targets not met: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
