"""The audit report officials act on: HTML page, Excel workbook, CSV files and the feedback letter.

Each writer takes the `cascade-audit/1` dict (`AuditResult.to_dict()`). The heavy libraries (pandas,
python-docx) are imported only by the writer that needs them, so importing this package stays cheap.
"""

from __future__ import annotations

from cascade.report.write import render_html, write_csv, write_html, write_json, write_letter, write_xlsx

__all__ = ["render_html", "write_html", "write_xlsx", "write_csv", "write_json", "write_letter"]
