"""Named expectations about the real seed plans, read from tests/expectations.yaml.

Tests that pin what the parser or the auditor reads from a real document (item counts, label lists, finding
counts, graph sizes) take the number from here by name, so a better parser that changes one of them updates
one file instead of a dozen tests. Numbers about small fixtures a test writes itself stay in that test.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

EXPECTATIONS = Path(__file__).resolve().parent / "expectations.yaml"


@cache
def load_expectations() -> dict[str, dict[str, Any]]:
    """The whole expectations file: seed name → {quantity name → value} (plus its `about` and `files`)."""
    data = yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{EXPECTATIONS}: expected a mapping of seed names at the top level")
    return data


def expect(seed: str, name: str) -> Any:
    """The expected value `name` for the seed document `seed` (a copy: a test may change it freely).

    An unknown seed or name fails loudly, naming the file, so a typo never turns into a silently skipped check.
    """
    entries = load_expectations()
    if seed not in entries:
        raise KeyError(f"{EXPECTATIONS.name}: no seed named {seed!r}")
    if name in ("about", "files") or name not in entries[seed]:
        raise KeyError(f"{EXPECTATIONS.name}: seed {seed!r} has no expectation named {name!r}")
    return copy.deepcopy(entries[seed][name])
