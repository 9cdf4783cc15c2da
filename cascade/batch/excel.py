"""The Excel summary of a batch: agencies, one coverage matrix per parent plan, problems.

Every cell an official reads is in Vietnamese words from the label table: kinds ("Nhiệm vụ", not "task"), cell
statuses, severities ("Lỗi", not "error"), yes/no ("Có", not TRUE); sheet names say which parent plan a matrix is
for within Excel's 31 characters ("Ma trận 4935-QĐ-UBND").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.batch.matrix import STATUS_VI
from cascade.batch.tables import agency_frame, matrices, matrix_parents, problem_frame
from cascade.outputs import atomic_output
from cascade.report.labels import label, yes_no
from cascade.report.xlsx import inert_workbook

if TYPE_CHECKING:
    from cascade.batch.runner import BatchResult
    from cascade.hierarchy.graph import Hierarchy

SHEET_MAX = 31  # Excel refuses longer sheet names
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _fits(name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters, cut at a word boundary."""
    name = " ".join(_FORBIDDEN.sub("-", name).split())
    if len(name) <= SHEET_MAX:
        return name
    cut = name[:SHEET_MAX]
    return cut[:cut.rfind(" ")] if " " in cut[8:] else cut


def _sheet_name(text: str, used: set[str]) -> str:
    """`text` as a sheet name not used yet (a number added to a repeated one)."""
    name = _fits(text)
    base, k = name, 2
    while name in used:
        suffix = f" ({k})"
        name = _fits(base)[: SHEET_MAX - len(suffix)].rstrip() + suffix
        k += 1
    used.add(name)
    return name


def short_agency(name: str) -> str:
    """An agency name with the usual abbreviations ("Ủy ban nhân dân tỉnh Bình Định" → "UBND tỉnh Bình Định")."""
    from cascade.rules import load_rules

    pairs = sorted(((a["long"], a["short"]) for a in load_rules("abbreviations").get("abbreviations", [])
                    if a["long"][:1].isupper()), key=lambda p: len(p[0]), reverse=True)
    for long, short in pairs:
        name = re.sub(re.escape(long), short, name, flags=re.IGNORECASE)
    return name


def matrix_sheet_title(h: Hierarchy, parent_node: str) -> str:
    """The sheet title of a parent's coverage matrix: its document number, else its issuer and year."""
    attrs = h.graph.nodes[parent_node]
    number = attrs.get("number") or ""
    if "/" in number and number.split("/")[0].strip(" .…_"):
        return f"Ma trận {number}"
    who = short_agency(attrs.get("agency") or "") or Path(attrs.get("path") or parent_node).stem
    year = attrs.get("year") or ""
    with_year = f"Ma trận {who} {year}".strip()
    return with_year if len(with_year) <= SHEET_MAX else f"Ma trận {who}"


def write_summary(result: BatchResult, path: str | Path) -> None:
    """Write summary.xlsx with pandas/openpyxl (Vietnamese headers and values, no machine keys)."""
    import pandas as pd

    used: set[str] = set()
    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        agency_frame(result).to_excel(xw, sheet_name=_sheet_name("Tổng hợp", used), index=False)
        for p_node, (_, frame, agencies) in zip(matrix_parents(result), matrices(result), strict=True):
            shown = frame.copy()
            for a in agencies:
                shown[a] = shown[a].map(lambda s: STATUS_VI.get(s, s))
            shown["kind"] = shown["kind"].map(lambda k: label("kinds", k))
            shown["uncovered"] = shown["uncovered"].map(yes_no)
            shown = shown.rename(columns={"label": "Số TT", "kind": "Loại", "text": "Nội dung",
                                          "n_carried": "Số đơn vị thể hiện", "n_weakened": "Số đơn vị làm yếu",
                                          "n_missing": "Số đơn vị thiếu", "n_applicable": "Số đơn vị phải thể hiện",
                                          "uncovered": "Không đơn vị nào thể hiện"})
            shown.to_excel(xw, sheet_name=_sheet_name(matrix_sheet_title(result.hierarchy, p_node), used),
                           index=False)
        problem_frame(result).to_excel(xw, sheet_name=_sheet_name("Vấn đề", used), index=False)
        inert_workbook(xw.book)
