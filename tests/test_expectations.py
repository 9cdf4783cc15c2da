"""tests/expectations.yaml stays one honest place: well-formed keys, files that exist, no stale numbers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from expectations import EXPECTATIONS, expect, load_expectations

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SEED_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
QUANTITY_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
SCALAR = (bool, int, float, str)


def _uses() -> tuple[set[tuple[str, str]], list[str]]:
    """Every expect("seed", "name") call in the test modules that import it, and the calls whose arguments are not literals
    (which this check could not follow)."""
    used, unreadable = set(), []
    for path in sorted(TESTS.glob("*.py")):
        if path.name == Path(__file__).name:
            continue  # this module reads made-up names on purpose, to see them refused
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if not any(isinstance(n, ast.ImportFrom) and n.module == "expectations" and
                   any(alias.name == "expect" and alias.asname is None for alias in n.names) for n in ast.walk(tree)):
            continue  # another `expect` (Playwright's) or none at all
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "expect"):
                continue
            args = node.args
            if len(args) == 2 and not node.keywords and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                used.add((args[0].value, args[1].value))
            else:
                unreadable.append(f"{path.name}:{node.lineno}")
    return used, unreadable


def _quantities() -> set[tuple[str, str]]:
    return {(seed, name) for seed, entry in load_expectations().items() for name in entry
            if name not in ("about", "files")}


def _well_formed_value(value: object) -> bool:
    if isinstance(value, SCALAR):
        return True
    if isinstance(value, list):
        return all(isinstance(v, SCALAR) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, SCALAR) for k, v in value.items())
    return False


def test_every_expectation_is_read_by_a_test() -> None:
    used, unreadable = _uses()
    assert unreadable == [], "expect() takes two string literals, so that this check can follow every call"
    assert sorted(_quantities() - used) == [], f"stale entries in {EXPECTATIONS.name}: remove them"
    assert sorted(used - _quantities()) == [], f"tests read names missing from {EXPECTATIONS.name}"


def test_keys_and_values_are_well_formed() -> None:
    entries = load_expectations()
    assert entries
    for seed, entry in entries.items():
        assert SEED_NAME.fullmatch(seed), f"seed name {seed!r}: lower-case words joined by '-'"
        assert isinstance(entry, dict), seed
        assert isinstance(entry.get("about"), str) and entry["about"].strip(), f"{seed}: say what the document is"
        files = entry.get("files")
        assert isinstance(files, list) and files, f"{seed}: name the file(s) to check by eye"
        for f in files:
            # ../shared is the evaluation harness beside the checkout: not every checkout has it
            assert f.startswith("../shared/") or (ROOT / f).is_file(), f"{seed}: {f} does not exist"
        quantities = [k for k in entry if k not in ("about", "files")]
        assert quantities, f"{seed}: an entry without a quantity"
        for name in quantities:
            assert isinstance(name, str) and QUANTITY_NAME.fullmatch(name), f"{seed}.{name}: lower_snake_case"
            assert _well_formed_value(entry[name]), f"{seed}.{name}: a scalar, a list or a mapping of scalars"


def test_task_counts_agree_with_task_labels() -> None:
    """Where a seed names both its task count and its task labels, one cannot drift from the other."""
    for seed, entry in load_expectations().items():
        if "tasks" in entry and "task_labels" in entry:
            assert entry["tasks"] == len(entry["task_labels"]) == len(set(entry["task_labels"])), seed


def test_unknown_names_fail_loudly() -> None:
    with pytest.raises(KeyError, match="no seed named 'no-such-plan'"):
        expect("no-such-plan", "tasks")
    with pytest.raises(KeyError, match="has no expectation named 'files'"):
        expect("binh-dinh-2024-tinh", "files")
    with pytest.raises(KeyError, match="has no expectation named 'no_such_count'"):
        expect("binh-dinh-2024-tinh", "no_such_count")


def test_a_test_cannot_change_the_shared_numbers() -> None:
    labels = expect("binh-dinh-2024-tinh", "task_labels")
    labels.clear()
    assert expect("binh-dinh-2024-tinh", "task_labels")
