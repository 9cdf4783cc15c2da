"""Entry points of the report writers; each imports its heavy library (pandas, python-docx) only when called, so
importing `cascade.report` stays cheap."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def render_html(audit: dict[str, Any], template_dir: str | Path | None = None) -> str:
    """The HTML report as a string (see `cascade.report.html`)."""
    from cascade.report.html import render_html as render

    return render(audit, template_dir)


def write_html(audit: dict[str, Any], path: str | Path, template_dir: str | Path | None = None) -> None:
    """Write the self-contained HTML report; `template_dir` holds a province's overriding templates."""
    from cascade.report.html import write_html as write

    write(audit, path, template_dir)


def write_xlsx(audit: dict[str, Any], path: str | Path) -> None:
    """Write the workbook (sheets Tổng hợp, Phát hiện, Đối chiếu)."""
    from cascade.report.xlsx import write_xlsx as write

    write(audit, path)


def write_csv(audit: dict[str, Any], directory: str | Path) -> list[Path]:
    """Write summary.csv, coverage.csv, findings.csv and alignment.csv into `directory`; return their paths."""
    from cascade.report.csv_export import write_csv as write

    return write(audit, directory)


def write_json(audit: dict[str, Any], path: str | Path, compact: bool = False) -> None:
    """Write the audit JSON itself (UTF-8, diacritics kept); `compact` for batch runs."""
    from cascade.report.csv_export import write_json as write

    write(audit, path, compact=compact)


def write_letter(audit: dict[str, Any], path: str | Path, issuer: str = "Sở Nội vụ", place: str | None = None) -> None:
    """Write the feedback letter (.docx) of `issuer` on the draft child plan."""
    from cascade.report.letter import write_letter as write

    write(audit, path, issuer=issuer, place=place)
