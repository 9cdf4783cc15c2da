"""What every key's check_key.py shares: failures collected and printed, the snippet form checks, the key itself.

Each case's check_key.py imports this (it sits one folder up) and adds what is particular to its documents.
"""

from __future__ import annotations

import os
import sys
import unicodedata

import yaml

errors: list[str] = []


def err(msg: str) -> None:
    """Record and print one failure."""
    errors.append(msg)
    print("FAIL:", msg)


def basic(s: object, label: str) -> bool:
    """A snippet is a string of 20-80 characters, NFC, on one line."""
    if not isinstance(s, str):
        err(f"{label}: not a string")
        return False
    ok = True
    if not 20 <= len(s) <= 80:
        err(f"{label}: length {len(s)}: {s!r}")
        ok = False
    if unicodedata.normalize("NFC", s) != s:
        err(f"{label}: not NFC")
        ok = False
    if "\n" in s:
        err(f"{label}: line break")
        ok = False
    return ok


def load_key(here: str) -> dict:
    """The key.yaml of the case folder `here`."""
    with open(os.path.join(here, "key.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def finish() -> None:
    """Print the verdict and exit 1 when anything failed."""
    if errors:
        print(f"\n{len(errors)} FAILURE(S)")
        sys.exit(1)
    print("\nALL CHECKS PASSED")


def parser_view(here: str, key: dict) -> None:
    """Informational, never fails: snippets the project parser does not resolve to exactly one item of the key's
    kind, as score.py would look them up (for links across kinds the parent side differs by design)."""
    root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    try:
        import importlib.util

        sys.path.insert(0, root)
        from cascade.parse import parse_file

        spec = importlib.util.spec_from_file_location("score", os.path.join(root, "..", "shared", "eval", "score.py"))
        score = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(score)
        plans = {s: score.Plan(parse_file(os.path.join(here, key[s])).to_dict()) for s in ("parent", "child")}
    except Exception as exc:  # the parser and score.py are optional for these checks
        print(f"\nparser view skipped: {exc}")
        return
    print("\nparser view (informational):")
    snips = ([("parent", g["kind"], g["parent"]) for g in key["links"]]
             + [("child", g["kind"], g["child"]) for g in key["links"]]
             + [("parent", m["kind"], m["parent"]) for m in key.get("missing") or []]
             + [("child", a["kind"], a["child"]) for a in key.get("added") or []])
    for side, kind, s in snips:
        hits = plans[side].find(s, kind)
        kinds = sorted(plans[side].kind[h] for h in hits)
        if len(hits) != 1 or kinds != [kind]:
            print(f"  parser: {side} {kind} {s!r}: {len(hits)} hits {sorted(hits)} kinds {kinds}")
    print("  (no line above = every snippet resolves to one parsed item of its kind)")
