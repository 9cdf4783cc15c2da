"""`cascade audit … --html/--xlsx/--csv/--letter` writes every report file from one run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cascade.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_audit_writes_all_reports(tmp_path: Path) -> None:
    out = _run("audit", str(PARENT), str(CHILD), "--json", str(tmp_path / "a.json"), "--html", str(tmp_path / "r.html"),
               "--xlsx", str(tmp_path / "r.xlsx"), "--csv", str(tmp_path / "csv"), "--letter", str(tmp_path / "l.docx"))
    assert out.returncode == 0, out.stderr
    assert "Đã ghi báo cáo HTML" in out.stdout and "Đã ghi văn bản góp ý" in out.stdout
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "4935/QĐ-UBND" in html and "Sở Nông nghiệp và Phát triển nông thôn" in html
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert len(wb.sheetnames) == 3
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["alignment.csv", "coverage.csv", "findings.csv",
                                                                   "summary.csv"]
    doc = docx.Document(tmp_path / "l.docx")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    letter = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert "V/v góp ý dự thảo Kế hoạch cải cách hành chính năm 2024 của Sở Nông nghiệp" in letter
    assert "Nhiệm vụ 3 “Truyền thông về cải cách hành chính năm 2024”" in letter


def test_unwritable_report_is_a_vietnamese_error(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "r.html"
    out = _run("audit", str(PARENT), str(CHILD), "--html", str(target))
    assert out.returncode == 2
    assert "Không ghi được báo cáo HTML" in out.stderr
    assert "Traceback" not in out.stderr


def test_report_module_says_what_it_wrote(tmp_path: Path) -> None:
    assert _run("audit", str(PARENT), str(CHILD), "--json", str(tmp_path / "a.json")).returncode == 0
    out = subprocess.run([sys.executable, "-m", "cascade.report", str(tmp_path / "a.json"), "--html",
                          str(tmp_path / "r.html"), "--letter", str(tmp_path / "l.docx")], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert f"Đã ghi báo cáo HTML vào {tmp_path / 'r.html'}" in out.stdout
    assert f"Đã ghi văn bản góp ý vào {tmp_path / 'l.docx'}" in out.stdout
