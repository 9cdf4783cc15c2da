"""`cascade audit PARENT CHILD`: compare a sub-plan with its parent plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cascade.commands.params import LEVEL, SEVERITY
from cascade.errors import CascadeError
from cascade.report.options import ReportRequest, check_request, report_options, write_reports

# `--fail-on LEVEL` exits 1 when a finding of LEVEL or worse exists (as linters do); the rank of each severity.
FAIL_ON = {"error": 0, "warning": 1}
_RANK = {"error": 0, "warning": 1, "info": 2}


def fails(summary: dict, fail_on: str | None) -> bool:
    """Whether the audit should exit 1 under `--fail-on`: its worst severity (a pair that could not be judged
    counts as an error) is `fail_on` or worse."""
    if not fail_on:
        return False
    worst = summary.get("worst_severity")
    return worst is not None and _RANK.get(worst, 9) <= FAIL_ON[fail_on]


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise CascadeError(f"Không tìm thấy tệp {path}", detail_en=f"file not found: {path}", path=path)
    return p


@click.command(name="audit", help="So kế hoạch cấp dưới (CHILD) với kế hoạch cấp trên (PARENT).")
@click.argument("parent")
@click.argument("child")
@click.option("--agency", default=None, help="Tên cơ quan lập kế hoạch cấp dưới (mặc định: đọc từ văn bản).")
@click.option("--level", type=LEVEL, default=None,
              help="Cấp của kế hoạch cấp dưới; mặc định đọc từ văn bản.")
@click.option("--json", "json_path", default=None, help="Ghi kết quả (cascade-audit/1) vào tệp JSON này.")
@report_options
@click.option("--fail-on", type=SEVERITY, default=None,
              help="Trả mã thoát 1 khi có phát hiện ở mức này hoặc nặng hơn (lỗi; cảnh-báo: cảnh báo hoặc lỗi); "
                   "mặc định luôn trả 0.")
def command(parent: str, child: str, agency: str | None, level: str | None, json_path: str | None,
            html_path: str | None, xlsx_path: str | None, csv_dir: str | None, letter_path: str | None,
            template_dir: str | None, issuer: str, force: bool, fail_on: str | None) -> None:
    from cascade.audit import audit_files
    from cascade.audit.terminal import render

    request = ReportRequest(json_path, html_path, xlsx_path, csv_dir, letter_path, template_dir, issuer)
    parent_path, child_path = _existing(parent), _existing(child)
    check_request(request, [parent_path, child_path], force)  # before the audit: refuse early, lose nothing
    result = audit_files(parent_path, child_path, agency=agency, level=level)
    outputs = write_reports(result.to_dict(), request, json_text=result.to_json() if json_path else None)
    name_p = result.parent.title or result.parent.number or parent
    name_c = result.summary.get("child_agency") or result.child.title or child
    click.echo(render(result.summary, name_p, name_c, parent_items=len(result.parent.items),
                      child_items=len(result.child.items)))
    for label, path in outputs:
        click.echo(f"Đã ghi {label} vào {path}")
    if fails(result.summary, fail_on):
        sys.exit(1)  # click returns, not exits, on its own Exit outside standalone mode
