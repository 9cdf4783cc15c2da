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
