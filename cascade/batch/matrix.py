"""The coverage matrix: rows are the parent's tasks and indicators, columns the child agencies.

A cell is "carried" (linked, no weakening), "weakened" (linked with a weakened target, deadline or wording, or a
narrowed scope reported as a warning or error), "missing" (not linked, applicable) or "not_applicable". Rows that no
child carries although some must come first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cascade.vocab import Coverage, table

if TYPE_CHECKING:
    import pandas as pd

STATUSES: tuple[str, ...] = tuple(c.value for c in Coverage)
# the one label table: dashboard, workbook and report agree
STATUS_VI: dict[str, str] = table("coverage")
WEAK_TYPES = frozenset({"weakened_target", "weakened_deadline", "weakened_wording"})
# A narrowed scope is often a legitimate adaptation (info): it weakens a cell only as a warning or error.
ROW_KINDS = ("task", "indicator")


def item_cells(audit: dict[str, Any]) -> dict[str, str]:
    """Parent item id → cell status for one audit (cascade-audit/1 dict); group rows and directives left out."""
    linked = {lk["parent"] for lk in audit.get("links", [])}
    weak = {f["parent"] for f in audit.get("findings", []) if f.get("parent") and (
        f.get("type") in WEAK_TYPES or (f.get("type") == "narrowed" and f.get("severity") in ("error", "warning")))}
    applic = audit.get("summary", {}).get("applicability", {})
    cells: dict[str, str] = {}
    for it in audit["parent"].get("items", []):
        if it.get("group") or it.get("kind") not in ROW_KINDS:
            continue
        iid = it["id"]
        if iid in linked:
            cells[iid] = "weakened" if iid in weak else "carried"
        elif applic.get(iid, {}).get("status") == "not_applicable":
            cells[iid] = "not_applicable"
        else:
            cells[iid] = "missing"
    return cells


# One letter per cell in ChildRow.codes; "-" for a row the child's audit did not report (never expected).
CODE = {"carried": "c", "weakened": "w", "missing": "m", "not_applicable": "n"}
_STATUS_OF = {v: k for k, v in CODE.items()}


def encode_cells(audit: dict[str, Any]) -> str:
    """item_cells as one letter per matrix row, in the order of parent_rows (150 bytes instead of a dict)."""
    cells = item_cells(audit)
    return "".join(CODE.get(cells.get(r["id"], ""), "-") for r in parent_rows(audit))


def decode_cells(ids: tuple[str, ...] | list[str], codes: str) -> dict[str, str]:
    """The cells of a row: parent item id → status (inverse of encode_cells)."""
    return {iid: _STATUS_OF[c] for iid, c in zip(ids, codes, strict=False) if c in _STATUS_OF}


def parent_rows(audit: dict[str, Any]) -> list[dict[str, Any]]:
    """The matrix rows of a parent plan: id, label, kind, text, in document order."""
    return [{"id": it["id"], "label": it.get("label") or "", "kind": it["kind"], "text": it["text"]}
            for it in audit["parent"].get("items", []) if not it.get("group") and it.get("kind") in ROW_KINDS]


def coverage_matrix(rows: list[dict[str, Any]], columns: dict[str, dict[str, str]]) -> pd.DataFrame:
    """A DataFrame indexed by parent item id: label, kind, text, one column per agency, then counts.

    `columns`: agency → (item id → status). Sorted: rows applicable to someone and carried by no one first, then
    by the number of agencies missing or weakening them, then document order.
    """
    import pandas as pd

    frame = pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame(columns=["label", "kind", "text"])
    frame["order"] = range(len(frame))
    # All agency columns at once: inserting thousands one by one fragments the frame (and takes minutes).
    cols = pd.DataFrame({agency: [cells.get(i, "") for i in frame.index] for agency, cells in columns.items()},
                        index=frame.index, dtype=object)
    frame = pd.concat([frame, cols], axis=1)
    agencies = list(columns)
    values = frame[agencies] if agencies else pd.DataFrame(index=frame.index)
    frame["n_carried"] = (values == "carried").sum(axis=1) + (values == "weakened").sum(axis=1)
    frame["n_weakened"] = (values == "weakened").sum(axis=1)
    frame["n_missing"] = (values == "missing").sum(axis=1)
    frame["n_applicable"] = frame["n_carried"] + frame["n_missing"]
    frame["uncovered"] = (frame["n_applicable"] > 0) & (frame["n_carried"] == 0)
    frame = frame.sort_values(["uncovered", "n_missing", "n_weakened", "order"], ascending=[False, False, False, True])
    return frame.drop(columns=["order"])
