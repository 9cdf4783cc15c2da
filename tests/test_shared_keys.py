"""The acceptance bar of the judgement issue on every shared answer key (../shared/eval/*/key.yaml).

Each key's pair is audited as a user would run it (agency and level detected from the child) and scored with the
harness's own score.py. Skipped, with the reason, on a checkout without ../shared beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.evaluate import evaluate_key

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
KEYS = sorted(SHARED_EVAL.glob("*/key.yaml")) if SHARED_EVAL.is_dir() else []
# The bar every shared key must clear (issue: findings a reviewer can sign).
BAR = {"link_f1": 0.95, "weakened_recall": 0.90, "weakened_precision": 0.90, "missing_recall": 0.95,
       "missing_severity_accuracy": 0.90}


def test_the_three_shared_keys_are_found() -> None:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"{SHARED_EVAL} is not beside this checkout: the shared answer keys cannot be scored")
    assert {p.parent.name for p in KEYS} >= {"binhdinh-snn-2024", "gialai-stp-2024", "haiduong-stttt-2024"}


@pytest.mark.parametrize("key_path", KEYS, ids=[p.parent.name for p in KEYS])
def test_shared_key_meets_the_bar(key_path: Path) -> None:
    ev = evaluate_key(key_path)
    assert not ev.problems, ev.problems
    below = {name: round(ev.scores[name], 3) for name, bar in BAR.items() if ev.scores[name] < bar}
    assert not below, f"{key_path.parent.name}: below the bar {below}; {ev.summary_line()}"
