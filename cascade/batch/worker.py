"""The work done for one child in a worker process: audit against its parent, write its reports, summarize."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from cascade.batch.cache import load_plan
from cascade.batch.matrix import item_cells, parent_rows
from cascade.model import Plan

# Parsed parents per worker process, keyed by path and modification time: a province plan is parsed once per
# worker however many children it has.
_PARENTS: dict[tuple[str, int], Plan] = {}


def _parent(path: str, cache_dir: str | None) -> Plan:
    import os

    key = (path, os.stat(path).st_mtime_ns)
    if key not in _PARENTS:
        _PARENTS[key] = load_plan(path, cache_dir)
    return _PARENTS[key]


def audit_child(task: dict[str, Any]) -> dict[str, Any]:
    """Audit one child (task: parent, child, agency, level, report stem, outdir, cache, html) → a small result dict.

    Never raises: a failure becomes `error` (Vietnamese) so the rest of the batch carries on.
    """
    t0 = time.perf_counter()
    base = {"parent": task["parent"], "child": task["child"], "agency": task.get("agency"), "level": task.get("level"),
            "node": task["node"], "parent_node": task["parent_node"]}
    try:
        from cascade.audit import audit_plans
        from cascade.report import write_html, write_json

        parent = _parent(task["parent"], task.get("cache"))
        child = load_plan(task["child"], task.get("cache"))
        audit = audit_plans(parent, child, task.get("agency"), task.get("level")).to_dict()
        out = Path(task["outdir"]) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        stem = task["stem"]
        write_json(audit, out / f"{stem}.json", compact=True)
        report = None
        if task.get("html", True):
            write_html(audit, out / f"{stem}.html")
            report = f"reports/{stem}.html"
        summary = audit["summary"]
        sev = summary.get("counts", {}).get("by_severity", {})
        base.update({
            "agency": summary.get("child_agency") or task.get("agency") or child.agency,
            "level": summary.get("child_level") or task.get("level") or child.level,
            "verdict": summary.get("verdict"), "verdict_label": summary.get("verdict_label"),
            "verdict_text": summary.get("verdict_text"),
            "score": summary.get("score"), "errors": sev.get("error", 0), "warnings": sev.get("warning", 0),
            "report": report, "json": f"reports/{stem}.json",
            "cells": item_cells(audit), "rows": parent_rows(audit), "error": None,
        })
    except Exception as exc:  # noqa: BLE001 — one bad file is reported, the batch carries on
        from cascade.errors import CascadeError

        msg = exc.message_vi if isinstance(exc, CascadeError) else f"Lỗi khi kiểm tra “{Path(task['child']).name}”: {exc}"
        base.update({"verdict": "loi", "error": msg, "cells": {}, "rows": []})
    base["seconds"] = round(time.perf_counter() - t0, 3)
    return base
