"""The Excel workbook, the CSV files and the JSON export."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
from conftest import CHILD, PARENT  # noqa: F401

from cascade.report import write_csv, write_json, write_xlsx
from cascade.report.xlsx import SHEET_ALIGNMENT, SHEET_FINDINGS, SHEET_SUMMARY


def header(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def test_workbook_sheets_rows_and_layout(sample: dict, tmp_path: Path) -> None:
    path = tmp_path / "audit.xlsx"
    write_xlsx(sample, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_SUMMARY, SHEET_FINDINGS, SHEET_ALIGNMENT] == ["Tổng hợp", "Phát hiện", "Đối chiếu"]
    findings = wb[SHEET_FINDINGS]
    assert findings.max_row - 1 == len(sample["findings"]) == 38
    assert header(findings)[:4] == ["STT", "Mức độ", "Loại phát hiện", "Lĩnh vực"]
    assert findings.auto_filter.ref == "A1:M39"
    assert findings.freeze_panes == "A2"
    assert findings.column_dimensions["F"].width == 60  # Nội dung cấp trên
    # errors first: the three late deadlines, task 23's among them
    severities = [findings.cell(row=r, column=2).value for r in range(2, 5)]
    assert severities == ["Lỗi", "Lỗi", "Lỗi"]
    late = [findings.cell(row=r, column=9).value + " → " + str(findings.cell(row=r, column=10).value or "")
            for r in range(2, 5)]
    assert "Tháng 2 → Trong năm" in late

    alignment = wb[SHEET_ALIGNMENT]
    assert header(alignment)[:4] == ["Lĩnh vực", "Loại", "Số TT cấp trên", "Nội dung cấp trên"]
    # 30 links + 8 advisory missing rows + 3 not-applicable rows
    assert alignment.max_row - 1 == len(sample["links"]) + 8 + 3 == 41
    assert alignment.auto_filter.ref.startswith("A1:")

    summary = wb[SHEET_SUMMARY]
    facts = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value for r in range(2, 30)}
    assert facts["Kế hoạch cấp trên: số, ký hiệu"] == "4935/QĐ-UBND"
    assert facts["Kết luận"] == "Cần sửa" and facts["Điểm tuân thủ (0–100)"] == 84
    assert facts["Số phát hiện mức lỗi"] == 3
    cover = [summary.cell(row=r, column=1).value for r in range(1, summary.max_row + 1)]
    assert "Lĩnh vực cải cách" in cover and "Cải cách chế độ công vụ" in cover


def test_csv_files(sample: dict, tmp_path: Path) -> None:
    paths = write_csv(sample, tmp_path / "csv")
    assert [p.name for p in paths] == ["summary.csv", "coverage.csv", "findings.csv", "alignment.csv"]
    raw = (tmp_path / "csv" / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the diacritics correctly
    findings = pd.read_csv(tmp_path / "csv" / "findings.csv", encoding="utf-8-sig", dtype=str)
    assert len(findings) == 38
    t23 = findings[(findings["Số TT cấp trên"] == "23") & (findings["Loại phát hiện"] == "Thời hạn muộn hơn")]
    assert t23[["Giá trị cấp trên", "Giá trị cấp dưới"]].values.tolist() == [["Tháng 2", "Trong năm"]]
    coverage = pd.read_csv(tmp_path / "csv" / "coverage.csv", encoding="utf-8-sig")
    assert coverage["Còn thiếu"].sum() == 8


def test_json_round_trip(sample: dict, tmp_path: Path) -> None:
    write_json(sample, tmp_path / "a.json")
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "Trong năm" in text and "\\u" not in text
    assert json.loads(text) == sample


def test_real_pair_workbook(real: dict, tmp_path: Path) -> None:
    write_xlsx(real, tmp_path / "real.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "real.xlsx")
    assert wb[SHEET_FINDINGS].max_row - 1 == len(real["findings"])
    links = wb[SHEET_ALIGNMENT]
    linked = [links.cell(row=r, column=8).value for r in range(2, links.max_row + 1) if links.cell(row=r, column=8).value]
    assert len(linked) == len(real["links"])
