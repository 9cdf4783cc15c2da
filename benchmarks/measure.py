"""Timing and memory helpers for the benchmarks: medians of several runs, subprocess wall time, tracemalloc peaks."""

from __future__ import annotations

import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def median_seconds(fn: Callable[[], Any], reps: int, warmup: int = 1) -> float:
    """Median wall time of `fn()` over `reps` runs after `warmup` untimed runs (caches, lazy imports)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_subprocess_seconds(argv: Sequence[str], reps: int, cwd: Path, warmup: int = 1) -> float:
    """Median wall time of running `argv` to completion (fails loudly on a non-zero exit)."""

    def once() -> None:
        proc = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr[-500:]}")

    return median_seconds(once, reps, warmup)


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak Python heap allocated while `fn()` runs (tracemalloc; slows the run, so never timed together)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
