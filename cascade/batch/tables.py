"""Tables shared by the dashboard and the Excel summary: agencies, coverage matrices, problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cascade.batch.matrix import coverage_matrix
from cascade.model import LEVEL_NAMES_VI

if TYPE_CHECKING:
    import pandas as pd

    from cascade.batch.runner import BatchResult

VERDICT_VI = {"dat": "Đạt", "can_sua": "Cần sửa", "khong_lien_quan": "Không liên quan", "loi": "Lỗi khi kiểm tra"}


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
        rows.append({"Cơ quan": r.get("agency") or r["node"], "Cấp": LEVEL_NAMES_VI.get(r.get("level") or "", "?"),
                     "Kế hoạch cấp trên": h.graph.nodes[r["parent_node"]].get("label", r["parent_node"]),
                     "Kết luận": VERDICT_VI.get(r.get("verdict") or "", r.get("verdict") or ""),
                     "Điểm": r.get("score"), "Lỗi": r.get("errors"), "Cảnh báo": r.get("warnings"),
                     "Báo cáo": r.get("report") or r.get("json") or "", "Tệp": r["node"],
                     "Ghi chú": r.get("error") or ""})
    return pd.DataFrame(rows, columns=["Cơ quan", "Cấp", "Kế hoạch cấp trên", "Kết luận", "Điểm", "Lỗi", "Cảnh báo",
                                       "Báo cáo", "Tệp", "Ghi chú"])


def matrices(result: BatchResult) -> list[tuple[str, pd.DataFrame, list[str]]]:
    """(parent label, coverage matrix, agency columns) for every parent with audited children."""
    names = column_names(result)
    out = []
    for p_node in sorted({r["parent_node"] for r in result.results}):
        mine = [r for r in result.results if r["parent_node"] == p_node]
        rows = next((r["rows"] for r in mine if r.get("rows")), [])
        columns = {names[r["node"]]: r.get("cells") or {} for r in sorted(mine, key=lambda r: names[r["node"]])
                   if not r.get("error")}
        label = result.hierarchy.graph.nodes[p_node].get("label", p_node)
        out.append((label, coverage_matrix(rows, columns), list(columns)))
    return out


def problem_frame(result: BatchResult) -> pd.DataFrame:
    import pandas as pd

    rows = [{"Mức": p.severity, "Loại": p.title, "Nội dung": p.message, "Tệp": ", ".join(p.nodes)}
            for p in result.hierarchy.problems]
    rows += [{"Mức": "error", "Loại": "Lỗi khi kiểm tra", "Nội dung": r["error"], "Tệp": r["node"]}
             for r in result.failures]
    return pd.DataFrame(rows, columns=["Mức", "Loại", "Nội dung", "Tệp"])
