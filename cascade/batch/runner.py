"""`run_batch`: build the hierarchy of a folder or manifest, audit every child against its parent in parallel,
write each child's report, the dashboard, the coverage matrix and the Excel summary."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.batch.cache import read_meta_cached
from cascade.batch.worker import audit_child
from cascade.hierarchy.graph import Hierarchy, build_hierarchy
from cascade.hierarchy.scan import plan_paths
from cascade.outputs import write_text_atomic
from cascade.synth import slug


@dataclass
class BatchResult:
    """The hierarchy, one result dict per audited child (see worker.audit_child) and the files written."""

    hierarchy: Hierarchy
    results: list[dict[str, Any]] = field(default_factory=list)
    outdir: Path = Path(".")
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r.get("error")]


def _map(fn: Callable, items: list, pool: Any | None, on_done: Callable[[Any], None] | None = None) -> list:
    """fn over items in the process pool (in this process when there is none), results in input order."""
    if pool is None or len(items) <= 1:
        out = []
        for it in items:
            out.append(fn(it))
            if on_done:
                on_done(out[-1])
        return out
    from concurrent.futures import as_completed

    results: list = [None] * len(items)
    futures = {pool.submit(fn, it): k for k, it in enumerate(items)}
    try:
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            if on_done:
                on_done(results[futures[fut]])
    except BaseException:
        # Ctrl-C (or a failure): nothing queued may start writing reports after the user stopped the run.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return results


def _stem(node: str) -> str:
    return slug(re.sub(r"\.(txt|docx|pdf)$", "", node, flags=re.IGNORECASE)) or "ke-hoach"


def run_batch(source: str | Path, outdir: str | Path, jobs: int | None = None, html: bool = True,
              progress: Callable[[str, int, int], None] | None = None) -> BatchResult:
    """Audit every child plan of a folder or manifest against its parent and write the batch outputs.

    progress(stage, done, total) is called after each file ("doc" while reading, "kiem_tra" while auditing).
    """
    import tempfile

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    remove_previous_outputs(out)
    jobs = max(1, jobs or os.cpu_count() or 1)
    paths, manifest = plan_paths(source)
    done = {"n": 0}

    def tick(stage: str, total: int) -> Callable[[Any], None]:
        def _on(_: Any) -> None:
            done["n"] += 1
            if progress:
                progress(stage, done["n"], total)
        return _on

    # One pool for both stages: starting workers (and importing the package in each) costs about a second.
    with ExitStack() as stack:
        # The parsed-plan cache lives in a temporary folder removed at the end: the output folder holds only what
        # an official opens.
        cache = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cascade-batch-")))
        pool = None
        if jobs > 1 and len(paths) > 1:
            from concurrent.futures import ProcessPoolExecutor

            _warm_up()
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
        return _run(paths, manifest, out, cache, html, pool, tick, done)


def _warm_up() -> None:
    """Import the pipeline and compile its rule packs before the pool starts: forked workers inherit them
    instead of each paying ~0.5 s of imports and regex compilation."""
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    from cascade import agencies, text
    from cascade.audit import applicability, audit_plans  # noqa: F401
    from cascade.parse import parse_document  # noqa: F401
    from cascade.report import html

    agencies._catalog()
    text._vocab()
    applicability._rules()
    html.environment(None)


def _run(paths: list, manifest: Any, out: Path, cache: Path, html: bool, pool: Any, tick: Callable,
         done: dict[str, int]) -> BatchResult:
    metas = _map(read_meta_cached, [(str(p), str(cache)) for p in paths], pool, tick("doc", len(paths)))
    h = build_hierarchy(metas, manifest)
    tasks = []
    for p_node, c_node in sorted(h.graph.edges):
        pm, cm = h.metas[p_node], h.metas[c_node]
        tasks.append({"parent": pm.path, "child": cm.path, "agency": cm.agency, "level": cm.level,
                      "node": c_node, "parent_node": p_node, "stem": _stem(c_node), "outdir": str(out),
                      "cache": str(cache), "html": html})
    # Children of one parent together: each worker then parses (or unpickles) that parent once.
    done["n"] = 0
    results = _map(audit_child, tasks, pool, tick("kiem_tra", len(tasks)))
    result = BatchResult(h, results, out)
    result.files = write_outputs(result)
    return result


def write_outputs(result: BatchResult) -> dict[str, Path]:
    """The dashboard (index.html), summary.xlsx and batch.json in the output folder."""
    from cascade.batch.dashboard import write_dashboard
    from cascade.batch.excel import write_summary

    out = result.outdir
    files = {"dashboard": out / "index.html", "excel": out / "summary.xlsx", "json": out / "batch.json"}
    write_text_atomic(files["json"], json.dumps(batch_dict(result), ensure_ascii=False, indent=1, sort_keys=True)
                      + "\n")
    write_summary(result, files["excel"])
    # The dashboard last: while it is missing, nobody mistakes a half-written folder for a finished batch.
    write_dashboard(result, files["dashboard"])
    return files


def remove_previous_outputs(outdir: Path) -> None:
    """Remove the dashboard, workbook and JSON of an earlier batch into the same folder before this one starts, so
    a stopped run never leaves an old, complete-looking dashboard beside new reports."""
    for name in ("index.html", "summary.xlsx", "batch.json"):
        with contextlib.suppress(FileNotFoundError):
            (outdir / name).unlink()


def batch_dict(result: BatchResult) -> dict[str, Any]:
    """The batch as JSON: hierarchy (node-link), problems and one summary per audited child."""
    from cascade.hierarchy.views import to_node_link

    keep = ("node", "parent_node", "agency", "level", "verdict", "score", "errors", "warnings", "report", "json",
            "error", "cells", "seconds")
    return {"schema": "cascade-batch/1", "graph": to_node_link(result.hierarchy),
            "children": [{k: r.get(k) for k in keep} for r in result.results]}

