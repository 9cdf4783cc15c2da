"""The report options shared by `cascade audit` and `python -m cascade.report`, and the one loop that writes them.

Both commands accept the same outputs (--json, --html, --xlsx, --csv, --letter) and --force; the paths are checked
before any work is done (`cascade.outputs.check_outputs`: never over an input, never over a file cascade did not
write unless --force), and every file is written through a temporary file renamed into place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cascade.errors import CascadeError
from cascade.outputs import Output, check_outputs, write_text_atomic

# The files `--csv DIR` writes (cascade.report.csv_export.CSV_FILES; repeated here so that checking the paths does
# not import pandas before the audit has even started).
CSV_FILES = ("summary.csv", "coverage.csv", "findings.csv", "alignment.csv")


def report_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --html, --xlsx, --csv, --letter, --template-dir, --issuer and --force to a click command."""
    options = [
        click.option("--html", "html_path", default=None, help="Ghi báo cáo HTML (một tệp, xem được khi không có mạng)."),
        click.option("--xlsx", "xlsx_path", default=None,
                     help="Ghi sổ Excel (.xlsx): các sheet Tổng hợp, Phát hiện, Đối chiếu."),
        click.option("--csv", "csv_dir", default=None, help="Ghi các bảng CSV vào thư mục này."),
        click.option("--letter", "letter_path", default=None,
                     help="Ghi văn bản góp ý (.docx) của Sở Nội vụ gửi cơ quan lập kế hoạch."),
        click.option("--template-dir", default=None, help="Thư mục mẫu báo cáo riêng của tỉnh (ghi đè mẫu mặc định)."),
        click.option("--issuer", default="Sở Nội vụ", show_default=True, help="Cơ quan ký văn bản góp ý."),
        click.option("--force", is_flag=True, default=False,
                     help="Cho phép ghi đè tệp đã có không do cascade lập (không bao giờ ghi đè tệp đầu vào)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@dataclass(frozen=True)
class ReportRequest:
    """The outputs one command run asked for."""

    json_path: str | None = None
    html_path: str | None = None
    xlsx_path: str | None = None
    csv_dir: str | None = None
    letter_path: str | None = None
    template_dir: str | None = None
    issuer: str = "Sở Nội vụ"

    def outputs(self) -> list[Output]:
        """Every file this request will write, for `check_outputs`."""
        out = []
        for kind, path in (("json", self.json_path), ("html", self.html_path), ("xlsx", self.xlsx_path),
                           ("letter", self.letter_path)):
            if path:
                out.append(Output(kind, Path(path)))
        if self.csv_dir:
            out += [Output("csv", Path(self.csv_dir) / name) for name in CSV_FILES]
        return out


def check_request(request: ReportRequest, inputs: list[str | Path], force: bool) -> None:
    """Refuse the run before any work when an output would destroy an input or a file cascade did not write."""
    if request.csv_dir and Path(request.csv_dir).exists() and not Path(request.csv_dir).is_dir():
        raise CascadeError(f"{request.csv_dir} đã có và không phải là thư mục: không ghi được các bảng CSV vào đó.",
                           detail_en=f"--csv {request.csv_dir} exists and is not a directory", path=request.csv_dir,
                           code="output")
    check_outputs(inputs, request.outputs(), force=force)


def write_reports(audit: dict[str, Any], request: ReportRequest, json_text: str | None = None) -> list[tuple[str, str]]:
    """Write the requested files from a `cascade-audit/1` dict; (Vietnamese label, path) of each one written.

    `json_text` is the audit as the auditor serialises it (sorted, stable bytes); without it the dict is written.
    """
    from cascade import report

    def write_json(path: str) -> None:
        if json_text is None:
            report.write_json(audit, path)
        else:
            write_text_atomic(path, json_text)

    jobs: list[tuple[str, str | None, Callable[[str], Any]]] = [
        ("kết quả", request.json_path, write_json),
        ("báo cáo HTML", request.html_path, lambda p: report.write_html(audit, p, template_dir=request.template_dir)),
        ("sổ Excel", request.xlsx_path, lambda p: report.write_xlsx(audit, p)),
        ("các bảng CSV", request.csv_dir, lambda p: report.write_csv(audit, p)),
        ("văn bản góp ý", request.letter_path, lambda p: report.write_letter(audit, p, issuer=request.issuer)),
    ]
    done = []
    for label, path, write in jobs:
        if not path:
            continue
        try:
            write(path)
        except CascadeError as exc:
            raise CascadeError(f"Không ghi được {label} vào {path}", detail_en=exc.detail_en, path=path,
                               code="output") from exc
        except OSError as exc:
            raise CascadeError(f"Không ghi được {label} vào {path}", detail_en=str(exc), path=path,
                               code="output") from exc
        done.append((label, path))
    return done
