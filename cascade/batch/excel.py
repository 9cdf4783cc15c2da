"""The Excel summary of a batch: agencies, one coverage matrix per parent plan, problems."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.batch.matrix import STATUS_VI
from cascade.batch.tables import agency_frame, matrices, problem_frame

if TYPE_CHECKING:
    from cascade.batch.runner import BatchResult


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", text)[:28]
    k = 2
    base = name
    while name in used:
        name = f"{base[:25]}-{k}"
        k += 1
    used.add(name)
    return name


def write_summary(result: BatchResult, path: str | Path) -> None:
    """Write summary.xlsx with pandas/openpyxl (Vietnamese headers, cell labels instead of status keys)."""
    import pandas as pd

    used: set[str] = set()
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        agency_frame(result).to_excel(xw, sheet_name=_sheet_name("Tổng hợp", used), index=False)
        for parent_label, frame, agencies in matrices(result):
            shown = frame.copy()
            for a in agencies:
                shown[a] = shown[a].map(lambda s: STATUS_VI.get(s, s))
            shown = shown.rename(columns={"label": "Số TT", "kind": "Loại", "text": "Nội dung",
                                          "n_carried": "Số đơn vị thể hiện", "n_weakened": "Số đơn vị làm yếu",
                                          "n_missing": "Số đơn vị thiếu", "n_applicable": "Số đơn vị phải thể hiện",
                                          "uncovered": "Không đơn vị nào thể hiện"})
            shown.to_excel(xw, sheet_name=_sheet_name(f"Ma trận {parent_label}", used), index=False)
        problem_frame(result).to_excel(xw, sheet_name=_sheet_name("Vấn đề", used), index=False)
