"""Tables shared by the dashboard and the Excel summary: agencies, coverage matrices, problems.

The coverage tables are built from the compact rows of the children (`ChildRow.codes`, one letter per parent
row), never from their audits: a batch of 20,000 children holds a few megabytes here, not the audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cascade.batch.matrix import CODE, coverage_matrix
from cascade.report.labels import label, level_name

if TYPE_CHECKING:
    import pandas as pd

    from cascade.batch.runner import BatchResult

_STATUS_OF = {v: k for k, v in CODE.items()}


def column_names(result: BatchResult) -> dict[str, str]:
    """Child node → matrix column name: the agency, with the file when two children share an agency."""
    names = {r.node: (r.agency or r.node) for r in result.results}
    counts: dict[str, int] = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    return {node: (f"{n} ({node})" if counts[n] > 1 else n) for node, n in names.items()}


def agency_frame(result: BatchResult) -> pd.DataFrame:
    """One row per audited child: agency, level, parent, verdict, score, errors, warnings, report."""
    import pandas as pd

    h = result.hierarchy
    rows = []
    for r in result.results:
        rows.append({"Cơ quan": r.agency or r.node, "Cấp": level_name(r.level),
                     "Kế hoạch cấp trên": h.graph.nodes[r.parent_node].get("label", r.parent_node),
                     "Kết luận": label("verdicts", r.verdict, r.verdict_label or ""),
                     "Điểm": r.score, "Lỗi": r.errors, "Cảnh báo": r.warnings,
                     "Báo cáo": r.report or r.json or "", "Tệp": r.node,
                     "Ghi chú": r.error or ""})
    return pd.DataFrame(rows, columns=["Cơ quan", "Cấp", "Kế hoạch cấp trên", "Kết luận", "Điểm", "Lỗi", "Cảnh báo",
                                       "Báo cáo", "Tệp", "Ghi chú"])


def matrix_parents(result: BatchResult) -> list[str]:
    """The parent nodes with audited children, in the order of `matrices`."""
    return sorted({r.parent_node for r in result.results})


@dataclass
class CoverageTable:
    """One parent's coverage matrix, kept compact: the sorted rows with their counts, and per agency column the
    child's letter codes (in the parent's document order; `row["pos"]` indexes them)."""

    parent_node: str
    parent: str  # the parent's label
    rows: list[dict[str, Any]]
    columns: list[str]
    codes: list[str]

    def status(self, row: dict[str, Any], k: int) -> str:
        """The status of row × column k ("" when the child's audit gave none)."""
        code = self.codes[k]
        return _STATUS_OF.get(code[row["pos"]], "") if row["pos"] < len(code) else ""

    @property
    def uncovered(self) -> int:
        return sum(1 for r in self.rows if r["uncovered"])


def coverage_tables(result: BatchResult) -> list[CoverageTable]:
    """One CoverageTable per parent with audited children, rows ordered as coverage_matrix orders them: rows
    applicable to someone and carried by no one first, then by agencies missing, then weakening, then document
    order."""
    import numpy as np

    names = column_names(result)
    by_parent: dict[str, list] = {}
    for r in result.results:
        by_parent.setdefault(r.parent_node, []).append(r)
    out = []
    for p_node in sorted(by_parent):
        mine = sorted((r for r in by_parent[p_node] if not r.error), key=lambda r: names[r.node])
        base = result.parent_rows.get(p_node, [])
        columns, codes = [names[r.node] for r in mine], [r.codes for r in mine]
        n = len(base)
        # children × rows letters as one byte array: the counts of 20,000 columns in milliseconds
        grid = np.frombuffer("".join(c.ljust(n, "-")[:n] for c in codes).encode("ascii"), dtype=np.uint8)
        grid = grid.reshape(len(codes), n) if codes else np.zeros((0, n), dtype=np.uint8)

        def count(letter: str, grid: np.ndarray = grid) -> list[int]:
            return (grid == ord(letter)).sum(axis=0).tolist()

        carried, weakened, missing = count(CODE["carried"]), count(CODE["weakened"]), count(CODE["missing"])
        rows = []
        for pos, base_row in enumerate(base):
            n_carried = carried[pos] + weakened[pos]
            n_applicable = n_carried + missing[pos]
            rows.append({**base_row, "pos": pos, "n_carried": n_carried, "n_weakened": weakened[pos],
                         "n_missing": missing[pos], "n_applicable": n_applicable,
                         "uncovered": n_applicable > 0 and n_carried == 0})
        rows.sort(key=lambda r: (not r["uncovered"], -r["n_missing"], -r["n_weakened"], r["pos"]))
        parent_label = result.hierarchy.graph.nodes[p_node].get("label", p_node)
        out.append(CoverageTable(p_node, parent_label, rows, columns, codes))
    return out


def matrices(result: BatchResult) -> list[tuple[str, pd.DataFrame, list[str]]]:
    """(parent label, coverage matrix as a DataFrame, agency columns) for every parent with audited children.

    For callers that want pandas; the dashboard and the workbook read the lighter `coverage_tables`.
    """
    names = column_names(result)
    out = []
    for p_node in matrix_parents(result):
        mine = [r for r in result.results if r.parent_node == p_node]
        rows = result.parent_rows.get(p_node, [])
        columns = {names[r.node]: r.cells for r in sorted(mine, key=lambda r: names[r.node]) if not r.error}
        parent_label = result.hierarchy.graph.nodes[p_node].get("label", p_node)
        out.append((parent_label, coverage_matrix(rows, columns), list(columns)))
    return out


def problem_frame(result: BatchResult) -> pd.DataFrame:
    """One row per problem of the batch (hierarchy problems, then children that could not be audited)."""
    import pandas as pd

    rows = [{"Mức": label("severities", p.severity), "Loại": p.title, "Nội dung": p.message,
             "Tệp": ", ".join(p.nodes)} for p in result.hierarchy.problems]
    rows += [{"Mức": label("severities", "error"), "Loại": label("verdicts", "loi"), "Nội dung": r.error,
              "Tệp": r.node} for r in result.failures]
    return pd.DataFrame(rows, columns=["Mức", "Loại", "Nội dung", "Tệp"])
