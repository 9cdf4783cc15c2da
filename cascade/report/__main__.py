"""`python -m cascade.report AUDIT.json --html F --xlsx F --csv DIR --letter F.docx`: outputs from a saved audit.

Lets `make demo` (and anyone holding an audit JSON) write the report files without re-running the audit. The
outputs are checked and written as `cascade audit` writes them (cascade.report.options): never over the
audit JSON itself, never over a file cascade did not write unless --force.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from cascade.errors import CascadeError
from cascade.report.options import ReportRequest, check_request, report_options, write_reports


def _load(path: Path) -> dict:
    try:
        audit = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CascadeError(f"Không đọc được kết quả kiểm tra {path}: tệp không phải JSON hợp lệ.",
                           detail_en=f"{path}: {exc}", path=str(path)) from exc
    if not isinstance(audit, dict) or audit.get("schema") != "cascade-audit/1":
        raise CascadeError(f"Tệp {path} không phải kết quả kiểm tra của cascade (cần schema cascade-audit/1).",
                           detail_en=f"{path}: schema is not cascade-audit/1", path=str(path))
    return audit


@click.command()
@click.argument("audit_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@report_options
def main(audit_json: Path, html_path: str | None, xlsx_path: str | None, csv_dir: str | None,
         letter_path: str | None, template_dir: str | None, issuer: str, force: bool) -> None:
    """Lập báo cáo, bảng tính và văn bản góp ý từ kết quả kiểm tra (JSON cascade-audit/1)."""
    request = ReportRequest(None, html_path, xlsx_path, csv_dir, letter_path, template_dir, issuer)
    check_request(request, [audit_json], force)
    audit = _load(audit_json)
    start = time.perf_counter()
    written = write_reports(audit, request)
    for label, path in written:
        click.echo(f"Đã ghi {label} vào {path}")
    if not written:
        click.echo("Chưa chọn tệp nào để ghi: thêm --html, --xlsx, --csv hoặc --letter.", err=True)
    click.echo(f"Đã lập báo cáo trong {time.perf_counter() - start:.2f} giây.", err=True)


def run(argv: list[str] | None = None) -> None:
    """Run the command; a CascadeError is a Vietnamese message and exit code 2, never a traceback."""
    try:
        main.main(args=argv, prog_name="python -m cascade.report", standalone_mode=False)
    except CascadeError as exc:
        click.echo(f"Lỗi: {exc.message_vi}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)


if __name__ == "__main__":
    run()
