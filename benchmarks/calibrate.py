#!/usr/bin/env python3
"""`make calibrate`: every answer key × every score.py metric in one table, to tune rules/matching.yaml.

Finds the keys in ../shared/eval/*/key.yaml (the dev keys) and tests/keys/*/key.yaml, audits each key's pair
in-process (cascade.evaluate.evaluate_key: the agency and level detected as a user would run it) and prints one row
per key — link_f1, weakened_recall, weakened_precision, missing_recall, missing_severity_accuracy, the audit's
error/warning/info counts and its missing findings — and a MEAN row. A key whose pair cannot be read is a row with
the error.

    python benchmarks/calibrate.py                          # the table
    python benchmarks/calibrate.py --json before.json       # … also written as JSON
    python benchmarks/calibrate.py --settings try.yaml --compare before.json   # a change's effect on every key
    python benchmarks/calibrate.py --explain gialai-stp-2024                   # why one key scores what it does

`--settings FILE` merges FILE over rules/matching.yaml (the same as CASCADE_MATCHING=FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # the checkout's cascade even without an editable install

from cascade.align.settings import ENV_VAR, load_settings  # noqa: E402
from cascade.evaluate import SUMMARY_METRICS, evaluate_key, load_key, load_score_module  # noqa: E402

KEY_ROOTS = (ROOT.parent / "shared" / "eval", ROOT / "tests" / "keys")
COUNTS = ("errors", "warnings", "infos", "missing")
SHORT = {"link_f1": "link_f1", "weakened_recall": "weak_rec", "weakened_precision": "weak_prec",
         "missing_recall": "miss_rec", "missing_severity_accuracy": "miss_sev"}
SCHEMA = "cascade-calibration/1"
WEAKENED = ("weakened_target", "weakened_deadline", "weakened_wording")
EXPECTED_SEVERITY = {"required": {"error"}, "advisory": {"warning"}, "not_applicable": {"info", None}}


@dataclass
class KeyRow:
    """One key's scores, or the error that kept it from being scored."""

    name: str
    path: Path
    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # score.py notes: snippets of the key not found
    error: str | None = None
    seconds: float = 0.0
    audit: dict[str, Any] | None = None  # the cascade-audit/1 object (kept for --explain, not written)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.name, "path": str(self.path), "scores": self.scores, "counts": self.counts,
                "problems": self.problems, "error": self.error, "seconds": round(self.seconds, 3)}


def find_keys(roots: Iterable[Path] = KEY_ROOTS) -> list[Path]:
    """Every `<root>/<case>/key.yaml`, dev keys first, each folder in name order."""
    out: list[Path] = []
    for root in roots:
        if root.is_dir():
            out += sorted(root.glob("*/key.yaml"))
    return out


def key_name(path: Path) -> str:
    """A key is named by its folder (the `case` of the shared keys)."""
    return path.parent.name


def _counts(audit: dict[str, Any]) -> dict[str, int]:
    """What an official reads: the summary's counts by severity (a group of missing bullets counts once)."""
    findings = audit.get("findings", [])
    by_severity = (audit.get("summary") or {}).get("counts", {}).get("by_severity")
    if by_severity is None:  # an audit from before the summary carried its counts
        by_severity = {s: sum(1 for f in findings if f.get("severity") == s) for s in ("error", "warning", "info")}
    return {"errors": by_severity.get("error", 0), "warnings": by_severity.get("warning", 0),
            "infos": by_severity.get("info", 0), "missing": sum(1 for f in findings if f.get("type") == "missing")}


def evaluate_one(path: Path, use_key_agency: bool = False) -> KeyRow:
    """Audit and score one key; any failure (unreadable pair, broken key) becomes the row's error."""
    row = KeyRow(key_name(path), path)
    start = time.perf_counter()
    try:
        ev = evaluate_key(path, use_key_agency=use_key_agency)
    except Exception as exc:  # one broken key must not hide the others' scores
        row.error = f"{type(exc).__name__}: {exc}"
    else:
        row.scores = {m: float(ev.scores[m]) for m in SUMMARY_METRICS}
        row.problems = list(ev.problems)
        row.audit = ev.audit.to_dict()
        row.counts = _counts(row.audit)
    row.seconds = time.perf_counter() - start
    return row


def run(keys: Sequence[Path], settings_file: str | Path | None = None, use_key_agency: bool = False) -> list[KeyRow]:
    """Score every key, with `settings_file` merged over rules/matching.yaml while it runs."""
    previous = os.environ.get(ENV_VAR)
    if settings_file is not None:
        load_settings(settings_file)  # a bad override is one clear error up front, not an error row per key
        os.environ[ENV_VAR] = str(Path(settings_file).resolve())
    try:
        return [evaluate_one(k, use_key_agency) for k in keys]
    finally:
        if settings_file is not None:
            if previous is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = previous


def mean(rows: Sequence[KeyRow]) -> dict[str, float]:
    """Mean of each metric over the keys that were scored."""
    ok = [r for r in rows if r.error is None]
    return {m: sum(r.scores[m] for r in ok) / len(ok) for m in SUMMARY_METRICS} if ok else {}


def to_json(rows: Sequence[KeyRow], settings_file: str | Path | None = None) -> dict[str, Any]:
    return {"schema": SCHEMA, "settings": str(settings_file) if settings_file else os.environ.get(ENV_VAR),
            "metrics": list(SUMMARY_METRICS), "rows": [r.to_dict() for r in rows], "mean": mean(rows)}


# ---------------------------------------------------------------------------------------------------- the table

def _delta(now: float, before: float | None, fmt: str) -> str:
    if before is None:
        return ""
    d = now - before
    if fmt == "f":
        return "" if abs(d) < 0.005 else f"({d:+.2f})"  # what the table's two decimals cannot show is no change
    return "" if d == 0 else f"({d:+d})"


def format_table(rows: Sequence[KeyRow], previous: dict[str, Any] | None = None) -> str:
    """The plain-text table; with `previous` (an earlier --json) each changed cell carries its delta."""
    before = {r["key"]: r for r in (previous or {}).get("rows", [])}
    metric_w = 13 if previous else 10
    count_w = 11 if previous else 9
    name_w = max([len("MEAN"), len("key")] + [len(r.name) for r in rows]) + 1
    header = ("key".ljust(name_w) + "".join(SHORT[m].rjust(metric_w) for m in SUMMARY_METRICS)
              + "".join(c.rjust(count_w) for c in COUNTS) + "  seconds")
    lines = [header, "-" * len(header)]
    for r in rows:
        old = before.get(r.name)
        if r.error is not None:
            lines.append(r.name.ljust(name_w) + f"  ERROR {r.error}")
            continue
        cells = []
        for m in SUMMARY_METRICS:
            ref = (old or {}).get("scores", {}).get(m) if old and not old.get("error") else None
            cells.append((f"{r.scores[m]:.2f}" + _delta(r.scores[m], ref, "f")).rjust(metric_w))
        for c in COUNTS:
            ref = (old or {}).get("counts", {}).get(c) if old and not old.get("error") else None
            cells.append((str(r.counts[c]) + _delta(r.counts[c], ref, "d")).rjust(count_w))
        flag = "" if old or previous is None else "  (new key)"
        lines.append(r.name.ljust(name_w) + "".join(cells) + f"{r.seconds:9.2f}" + flag)
    avg = mean(rows)
    if avg:
        ref = (previous or {}).get("mean") or {}
        lines.append("-" * len(header))
        lines.append("MEAN".ljust(name_w) + "".join(
            (f"{avg[m]:.2f}" + _delta(avg[m], ref.get(m), "f")).rjust(metric_w) for m in SUMMARY_METRICS))
    if previous is not None:
        gone = sorted(set(before) - {r.name for r in rows})
        if gone:
            lines.append("not in this run: " + ", ".join(gone))
    # score.py counts a key item it cannot find as not linked/flagged: say so, the details are in --explain
    notes = [f"note: {r.name}: {len(r.problems)} key snippets not found in the audit's items (--explain {r.name})"
             for r in rows if r.problems]
    return "\n".join(lines + notes)


# -------------------------------------------------------------------------------------------------- --explain

def _short(text: str | None, n: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def explain(row: KeyRow) -> str:
    """Per-item diagnosis of one key, judged as score.py judges it: the links the audit missed, its wrong links,
    weakened flags wanted/got on linked pairs, and missing items whose severity is wrong (with the reason the
    applicability step gave)."""
    if row.error is not None or row.audit is None:
        return f"{row.name}: ERROR {row.error}"
    scorer = load_score_module(row.path)
    key, audit = load_key(row.path), row.audit
    P, C = scorer.Plan(audit["parent"]), scorer.Plan(audit["child"])
    ptext = {i["id"]: i.get("text", "") for i in audit["parent"]["items"]}
    ctext = {i["id"]: i.get("text", "") for i in audit["child"]["items"]}
    links = {(lk["parent"], lk["child"]) for lk in audit.get("links", [])}
    findings = audit.get("findings", [])
    out = [f"== {row.name} ({row.path})"]

    gold = [(g, P.find(g["parent"], g.get("kind")), C.find(g["child"], g.get("kind"))) for g in key.get("links", [])]
    missing = [(m, P.find(m["parent"], m.get("kind"))) for m in key.get("missing", [])]
    added = [(a, C.find(a["child"], a.get("kind"))) for a in key.get("added", [])]

    out.append("-- key links the audit missed")
    n = 0
    for g, p, c in gold:
        if any((a, b) in links for a in p for b in c):
            continue
        n += 1
        got_p = sorted(b for a, b in links if a in p)
        got_c = sorted(a for a, b in links if b in c)
        out.append(f"  {g.get('kind')} P={sorted(p) or 'NOT FOUND'} C={sorted(c) or 'NOT FOUND'}: "
                   f"{_short(g['parent'], 50)!r} -> {_short(g['child'], 50)!r}")
        out.append(f"      audit links the parent to {got_p or 'nothing'}, the child to {got_c or 'nothing'}")
    out.append(f"  ({n} of {len(gold)})")

    out.append("-- wrong links (the key judges them: they touch a key item)")
    n = 0
    for lp, lc in sorted(links):
        if any(lp in p and lc in c for _, p, c in gold):
            continue
        if (any(lp in p or lc in c for _, p, c in gold) or any(lp in p for _, p in missing)
                or any(lc in c for _, c in added)):
            n += 1
            out.append(f"  {lp} -> {lc}: {_short(ptext.get(lp), 55)!r} -> {_short(ctext.get(lc), 55)!r}")
    out.append(f"  ({n})")

    out.append("-- weakened flags on key links: wanted vs got")
    n = 0
    for g, p, c in gold:
        if not any((a, b) in links for a in p for b in c):
            continue  # an unlinked pair's flags are the missed link's problem
        want = set(g.get("findings") or []) & set(WEAKENED)
        hits = [f for f in findings if f.get("type") in WEAKENED and f.get("parent") in p
                and (f.get("child") in c or f.get("child") is None)]
        got = {f["type"] for f in hits}
        if want == got:
            continue
        n += 1
        out.append(f"  {sorted(p)} -> {sorted(c)} want={sorted(want)} got={sorted(got)}: {_short(g['parent'], 60)!r}")
        for f in hits:
            if f["type"] not in want:
                out.append(f"      false {f['type']}: {_short(f.get('message'), 300)}")
        for t in sorted(want - got):
            out.append(f"      {t} not flagged; child: {_short(g['child'], 80)!r}")
    out.append(f"  ({n})")

    out.append("-- missing items: wrong severity or linked after all")
    n = 0
    for m, p in missing:
        expect = m.get("expect", "required")
        fs = [f for f in findings if f.get("type") == "missing" and f.get("parent") in p]
        linked = sorted(b for a, b in links if a in p)
        got = {f.get("severity") for f in fs} or {None}
        if not linked and got <= EXPECTED_SEVERITY[expect]:
            continue
        n += 1
        reason = next((f.get("details", {}).get("applicability_reason") for f in fs), None)
        out.append(f"  want {expect:<14} got={sorted(map(str, got))} {sorted(p) or 'NOT FOUND'}"
                   + (f" linked to {linked}" if linked else "") + f": {_short(m['parent'], 60)!r}")
        if reason:
            out.append(f"      applicability: {reason}")
    out.append(f"  ({n} of {len(missing)})")
    for prob in row.problems:
        out.append(f"note: {prob}")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--settings", metavar="FILE", help="matching settings merged over rules/matching.yaml")
    ap.add_argument("--json", metavar="OUT", help="also write the table as JSON (input of --compare)")
    ap.add_argument("--explain", metavar="KEY_NAME", help="per-item diagnosis of one key (its folder name)")
    ap.add_argument("--compare", metavar="FILE", help="show each cell's change against an earlier --json run")
    ap.add_argument("--key", action="append", default=[], metavar="KEY_YAML",
                    help="score these key files instead of the ones found (repeatable)")
    ap.add_argument("--key-agency", action="store_true",
                    help="pass the key's child_agency/child_level instead of detecting them from the child")
    args = ap.parse_args(argv)

    keys = [Path(k) for k in args.key] or find_keys()
    if args.explain:
        keys = [k for k in keys if key_name(k) == args.explain]
        if not keys:
            names = ", ".join(key_name(k) for k in ([Path(k) for k in args.key] or find_keys()))
            print(f"no key named {args.explain!r}; keys: {names}", file=sys.stderr)
            return 2
    if not keys:
        print("no key.yaml found under " + ", ".join(str(r) for r in KEY_ROOTS), file=sys.stderr)
        return 2
    previous = None
    if args.compare:
        previous = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        if previous.get("schema") != SCHEMA:
            print(f"{args.compare}: not a calibrate.py --json file", file=sys.stderr)
            return 2
    try:
        rows = run(keys, args.settings, args.key_agency)
    except Exception as exc:  # a bad --settings file: say why, no traceback
        print(f"--settings {args.settings}: {getattr(exc, 'detail_en', exc)}", file=sys.stderr)
        return 2
    if args.settings:
        print(f"settings: rules/matching.yaml + {args.settings}")
    print(format_table(rows, previous))
    if args.explain:
        print()
        print(explain(rows[0]))
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(rows, args.settings), ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
