"""The Excel workbook: pandas writes the sheets, openpyxl sets widths, wrapping, autofilter and frozen headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cascade.outputs import GENERATOR, atomic_output
from cascade.report.frames import alignment_frame, coverage_frame, findings_frame, summary_frame
from cascade.report.view import build_view
from cascade.vocab import Severity, label

# Sheet names (Excel allows 31 characters): Summary, Findings, Alignment
SHEET_SUMMARY = "Tổng hợp"
SHEET_FINDINGS = "Phát hiện"
SHEET_ALIGNMENT = "Đối chiếu"

# widths in characters for columns with long text; the rest fit their content up to 30
WIDE = {"Nội dung cấp trên": 60, "Nội dung cấp dưới": 60, "Nhận xét": 70, "Cách tính điểm": 70, "Giá trị": 70,
        "Căn cứ ghép": 36, "Lý do": 36, "Lĩnh vực": 34, "Lĩnh vực cải cách": 50, "Mục": 38}
HEADER_FILL = PatternFill("solid", fgColor="0B3D6E")
SEVERITY_FILL = {Severity.ERROR: "FDECEA", Severity.WARNING: "FFF4D6"}  # the "Mức độ" column shows their labels


def _style(ws: Worksheet, frame: pd.DataFrame, header_row: int = 1, autofilter: bool = True) -> None:
    for idx, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(idx)
        longest = max([len(str(name))] + [len(str(v)) for v in frame[name].head(200)])
        ws.column_dimensions[letter].width = WIDE.get(name, min(max(longest + 2, 8), 30))
        cell = ws.cell(row=header_row, column=idx)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + len(frame)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if "Mức độ" in frame.columns:
        fills = {label("severities", sev): color for sev, color in SEVERITY_FILL.items()}
        col = list(frame.columns).index("Mức độ") + 1
        for r in range(header_row + 1, header_row + len(frame) + 1):
            color = fills.get(ws.cell(row=r, column=col).value)
            if color:
                ws.cell(row=r, column=col).fill = PatternFill("solid", fgColor=color)
    if autofilter and len(frame.columns):
        last = get_column_letter(len(frame.columns))
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(frame)}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def write_xlsx(audit: dict[str, Any], path: str | Path) -> None:
    """Write the workbook with sheets Tổng hợp (summary and coverage), Phát hiện (findings), Đối chiếu (alignment)."""
    view = build_view(audit)
    summary, coverage = summary_frame(audit, view), coverage_frame(audit, view)
    findings, alignment = findings_frame(audit, view), alignment_frame(audit, view)
    cov_row = len(summary) + 3  # 0-based start row of the coverage table, below a blank line
    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        summary.to_excel(writer, sheet_name=SHEET_SUMMARY, index=False)
        coverage.to_excel(writer, sheet_name=SHEET_SUMMARY, index=False, startrow=cov_row)
        findings.to_excel(writer, sheet_name=SHEET_FINDINGS, index=False)
        alignment.to_excel(writer, sheet_name=SHEET_ALIGNMENT, index=False)
        book = writer.book
        ws = book[SHEET_SUMMARY]
        _style(ws, summary, autofilter=False)
        # the coverage table's own header, styled like the others; its columns share widths with the summary's
        for idx in range(1, len(coverage.columns) + 1):
            cell = ws.cell(row=cov_row + 1, column=idx)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True)
        ws.freeze_panes = None
        _style(book[SHEET_FINDINGS], findings)
        _style(book[SHEET_ALIGNMENT], alignment)
        inert_workbook(book)


def inert_workbook(book: Workbook) -> None:
    """Every text cell stays text: a task written "=HYPERLINK(…)" must not become a live formula (openpyxl reads
    any string starting with "=" as one). The creator marks the file as ours, so a re-run may replace it."""
    book.properties.creator = GENERATOR
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
