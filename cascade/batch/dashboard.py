"""The batch dashboard: one self-contained Vietnamese HTML page (inline CSS and SVG, no network, autoescaped)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cascade.batch.matrix import STATUS_VI
from cascade.batch.svg import hierarchy_svg
from cascade.batch.tables import column_names, coverage_tables
from cascade.outputs import atomic_output
from cascade.report.labels import label, level_name, table

if TYPE_CHECKING:
    from cascade.batch.runner import BatchResult

TEMPLATES = Path(__file__).resolve().parent / "templates"
SYMBOL = {"carried": "✓", "weakened": "▽", "missing": "✗", "not_applicable": "–"}
# Above this many agencies a matrix shows its counts only: a page of 150 rows × thousands of cells is megabytes
# nobody can read; the workbook (summary.xlsx) and each agency's report keep every cell.
MATRIX_COLUMNS_MAX = 300


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def dashboard_context(result: BatchResult) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    from markupsafe import Markup

    h = result.hierarchy
    names = column_names(result)
    nodes = h.graph.nodes
    agencies = sorted(
        ({"name": r.agency or r.node, "level": level_name(r.level),
          "parent": nodes[r.parent_node].get("label", r.parent_node), "verdict": r.verdict,
          "verdict_vi": label("verdicts", r.verdict, r.verdict_label or ""), "score": r.score,
          "errors": r.errors, "warnings": r.warnings, "report": r.report or r.json,
          "error": r.error, "node": r.node, "column": names[r.node],
          "synthetic": nodes[r.node].get("synthetic")} for r in result.results),
        key=lambda a: (a["parent"], a["score"] if a["score"] is not None else -1, a["name"]))
    mats = []
    for t in coverage_tables(result):
        shown = len(t.columns) <= MATRIX_COLUMNS_MAX
        rows = []
        for row in t.rows:
            cells = []
            if shown:
                for k, a in enumerate(t.columns):
                    st = t.status(row, k)
                    cells.append({"agency": a, "status": st, "symbol": SYMBOL.get(st, ""),
                                  "title": f"{a}: {STATUS_VI.get(st, st)}"})
            rows.append({"id": row["id"], "label": row["label"], "kind": label("kinds", row["kind"]),
                         "text": row["text"], "uncovered": row["uncovered"], "n_carried": row["n_carried"],
                         "n_applicable": row["n_applicable"], "n_missing": row["n_missing"],
                         "n_weakened": row["n_weakened"], "cells": cells})
        mats.append({"parent": t.parent, "columns": t.columns if shown else [], "rows": rows,
                     "uncovered": t.uncovered, "n_columns": len(t.columns), "cells_shown": shown})
    verdicts = {r.node: r.verdict or "" for r in result.results}
    return {
        "n_plans": h.graph.number_of_nodes(), "n_children": len(result.results),
        "n_failures": len(result.failures), "agencies": agencies, "matrices": mats,
        "problems": [p.to_dict() for p in h.problems], "status_vi": STATUS_VI, "symbol": SYMBOL,
        "severity_vi": table("severities"),
        "svg": Markup(hierarchy_svg(h, verdicts)),  # built from escaped parts in svg.py
        "synthetic": any(a["synthetic"] for a in agencies),
    }


def render_dashboard(result: BatchResult) -> str:
    """The dashboard page as one string (tests, small batches); `write_dashboard` streams it instead."""
    return _env().get_template("dashboard.html").render(**dashboard_context(result))


def write_dashboard(result: BatchResult, path: str | Path) -> None:
    """index.html as `render_dashboard` gives it, streamed to the file: the page of a 20,000-plan batch (tens of
    megabytes) is never one string in memory."""
    stream = _env().get_template("dashboard.html").stream(**dashboard_context(result))
    stream.enable_buffering(256)
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        stream.dump(fh)
