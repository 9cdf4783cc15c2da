"""Tables shared by the dashboard and the Excel summary: agencies, coverage matrices, problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cascade.batch.matrix import coverage_matrix
from cascade.report.labels import label, level_name, table

if TYPE_CHECKING:
    import pandas as pd

    from cascade.batch.runner import BatchResult

VERDICT_VI: dict[str, str] = table("verdicts")


def column_names(result: BatchResult) -> dict[str, str]:
    """Child node → matrix column name: the agency, with the file when two children share an agency."""
    names = {r["node"]: (r.get("agency") or r["node"]) for r in result.results}
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
        rows.append({"Cơ quan": r.get("agency") or r["node"], "Cấp": level_name(r.get("level")),
                     "Kế hoạch cấp trên": h.graph.nodes[r["parent_node"]].get("label", r["parent_node"]),
                     "Kết luận": label("verdicts", r.get("verdict"), r.get("verdict_label") or ""),
                     "Điểm": r.get("score"), "Lỗi": r.get("errors"), "Cảnh báo": r.get("warnings"),
                     "Báo cáo": r.get("report") or r.get("json") or "", "Tệp": r["node"],
                     "Ghi chú": r.get("error") or ""})
    return pd.DataFrame(rows, columns=["Cơ quan", "Cấp", "Kế hoạch cấp trên", "Kết luận", "Điểm", "Lỗi", "Cảnh báo",
                                       "Báo cáo", "Tệp", "Ghi chú"])


def matrix_parents(result: BatchResult) -> list[str]:
    """The parent nodes with audited children, in the order of `matrices`."""
    return sorted({r["parent_node"] for r in result.results})


def matrices(result: BatchResult) -> list[tuple[str, pd.DataFrame, list[str]]]:
    """(parent label, coverage matrix, agency columns) for every parent with audited children."""
    names = column_names(result)
    out = []
    for p_node in matrix_parents(result):
        mine = [r for r in result.results if r["parent_node"] == p_node]
        rows = next((r["rows"] for r in mine if r.get("rows")), [])
        columns = {names[r["node"]]: r.get("cells") or {} for r in sorted(mine, key=lambda r: names[r["node"]])
                   if not r.get("error")}
        label = result.hierarchy.graph.nodes[p_node].get("label", p_node)
        out.append((label, coverage_matrix(rows, columns), list(columns)))
    return out


def problem_frame(result: BatchResult) -> pd.DataFrame:
    """One row per problem of the batch (hierarchy problems, then children that could not be audited)."""
    import pandas as pd

    rows = [{"Mức": label("severities", p.severity), "Loại": p.title, "Nội dung": p.message,
             "Tệp": ", ".join(p.nodes)} for p in result.hierarchy.problems]
    rows += [{"Mức": label("severities", "error"), "Loại": label("verdicts", "loi"), "Nội dung": r["error"],
              "Tệp": r["node"]} for r in result.failures]
    return pd.DataFrame(rows, columns=["Mức", "Loại", "Nội dung", "Tệp"])
