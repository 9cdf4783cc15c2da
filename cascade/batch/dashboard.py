"""The batch dashboard: one self-contained Vietnamese HTML page (inline CSS and SVG, no network, autoescaped)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cascade.batch.matrix import STATUS_VI
from cascade.batch.svg import hierarchy_svg
from cascade.batch.tables import column_names, matrices
from cascade.outputs import write_text_atomic
from cascade.report.labels import label, level_name, table

if TYPE_CHECKING:
    from cascade.batch.runner import BatchResult

TEMPLATES = Path(__file__).resolve().parent / "templates"
SYMBOL = {"carried": "✓", "weakened": "▽", "missing": "✗", "not_applicable": "–"}


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def dashboard_context(result: BatchResult) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    from markupsafe import Markup

    h = result.hierarchy
    names = column_names(result)
    agencies = sorted(
        ({"name": r.get("agency") or r["node"], "level": level_name(r.get("level")),
          "parent": h.graph.nodes[r["parent_node"]].get("label", r["parent_node"]), "verdict": r.get("verdict"),
          "verdict_vi": label("verdicts", r.get("verdict"), r.get("verdict_label") or ""), "score": r.get("score"),
          "errors": r.get("errors"), "warnings": r.get("warnings"), "report": r.get("report") or r.get("json"),
          "error": r.get("error"), "node": r["node"], "column": names[r["node"]],
          "synthetic": h.graph.nodes[r["node"]].get("synthetic")} for r in result.results),
        key=lambda a: (a["parent"], a["score"] if a["score"] is not None else -1, a["name"]))
    mats = []
    for parent_label, frame, cols in matrices(result):
        rows = [{"id": iid, "label": row["label"], "kind": label("kinds", row["kind"]), "text": row["text"],
                 "uncovered": bool(row["uncovered"]), "n_carried": int(row["n_carried"]),
                 "n_applicable": int(row["n_applicable"]),
                 "cells": [{"agency": a, "status": row[a], "symbol": SYMBOL.get(row[a], ""),
                            "title": f"{a}: {STATUS_VI.get(row[a], row[a])}"} for a in cols]}
                for iid, row in frame.iterrows()]
        mats.append({"parent": parent_label, "columns": cols, "rows": rows,
                     "uncovered": sum(1 for r in rows if r["uncovered"])})
    verdicts = {r["node"]: r.get("verdict") or "" for r in result.results}
    return {
        "n_plans": h.graph.number_of_nodes(), "n_children": len(result.results),
        "n_failures": len(result.failures), "agencies": agencies, "matrices": mats,
        "problems": [p.to_dict() for p in h.problems], "status_vi": STATUS_VI, "symbol": SYMBOL,
        "severity_vi": table("severities"),
        "svg": Markup(hierarchy_svg(h, verdicts)),  # built from escaped parts in svg.py
        "synthetic": any(a["synthetic"] for a in agencies),
    }


def render_dashboard(result: BatchResult) -> str:
    return _env().get_template("dashboard.html").render(**dashboard_context(result))


def write_dashboard(result: BatchResult, path: str | Path) -> None:
    write_text_atomic(path, render_dashboard(result))
