"""`cascade audit PARENT CHILD`: compare a sub-plan with its parent plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cascade.errors import CascadeError

LEVEL_CHOICES = ("tinh", "so", "huyen", "phong", "xa")
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
@click.option("--level", type=click.Choice(LEVEL_CHOICES), default=None,
              help="Cấp của kế hoạch cấp dưới: so, huyen, phong, xa (mặc định: đọc từ văn bản).")
@click.option("--json", "json_path", default=None, help="Ghi kết quả (cascade-audit/1) vào tệp JSON này.")
@click.option("--html", "html_path", default=None, help="Ghi báo cáo HTML (một tệp, xem được khi không có mạng).")
@click.option("--xlsx", "xlsx_path", default=None, help="Ghi sổ Excel: các sheet Tổng hợp, Phát hiện, Đối chiếu.")
@click.option("--csv", "csv_dir", default=None, help="Ghi các bảng CSV vào thư mục này.")
@click.option("--letter", "letter_path", default=None, help="Ghi văn bản góp ý (.docx) của Sở Nội vụ gửi cơ quan lập kế hoạch.")
@click.option("--template-dir", default=None, help="Thư mục mẫu báo cáo riêng của tỉnh (ghi đè mẫu mặc định).")
@click.option("--issuer", default="Sở Nội vụ", show_default=True, help="Cơ quan ký văn bản góp ý.")
@click.option("--fail-on", type=click.Choice(tuple(FAIL_ON)), default=None,
              help="Trả mã thoát 1 khi có phát hiện ở mức này hoặc nặng hơn: error (lỗi), warning (cảnh báo); "
                   "mặc định luôn trả 0.")
def command(parent: str, child: str, agency: str | None, level: str | None, json_path: str | None,
            html_path: str | None, xlsx_path: str | None, csv_dir: str | None, letter_path: str | None,
            template_dir: str | None, issuer: str, fail_on: str | None) -> None:
    from cascade.audit import audit_files
    from cascade.audit.terminal import render

    result = audit_files(_existing(parent), _existing(child), agency=agency, level=level)
    if json_path:
        try:
            Path(json_path).write_text(result.to_json(), encoding="utf-8")
        except OSError as exc:
            raise CascadeError(f"Không ghi được tệp {json_path}", detail_en=str(exc), path=json_path) from exc
    outputs = _write_reports(result.to_dict(), html_path, xlsx_path, csv_dir, letter_path, template_dir, issuer)
    name_p = result.parent.title or result.parent.number or parent
    name_c = result.summary.get("child_agency") or result.child.title or child
    click.echo(render(result.summary, name_p, name_c, parent_items=len(result.parent.items),
                      child_items=len(result.child.items)))
    if json_path:
        click.echo(f"Đã ghi kết quả vào {json_path}")
    for label, path in outputs:
        click.echo(f"Đã ghi {label} vào {path}")
    if fails(result.summary, fail_on):
        sys.exit(1)  # click returns, not exits, on its own Exit outside standalone mode


def _write_reports(audit: dict, html_path: str | None, xlsx_path: str | None, csv_dir: str | None,
                   letter_path: str | None, template_dir: str | None, issuer: str) -> list[tuple[str, str]]:
    """Write the requested report files; a file that cannot be written is a Vietnamese error."""
    if not any((html_path, xlsx_path, csv_dir, letter_path)):
        return []
    from cascade import report

    jobs = [
        ("báo cáo HTML", html_path, lambda p: report.write_html(audit, p, template_dir=template_dir)),
        ("sổ Excel", xlsx_path, lambda p: report.write_xlsx(audit, p)),
        ("các bảng CSV", csv_dir, lambda p: report.write_csv(audit, p)),
        ("văn bản góp ý", letter_path, lambda p: report.write_letter(audit, p, issuer=issuer)),
    ]
    done = []
    for label, path, write in jobs:
        if not path:
            continue
        try:
            write(path)
        except OSError as exc:
            raise CascadeError(f"Không ghi được {label} vào {path}", detail_en=str(exc), path=path) from exc
        done.append((label, path))
    return done
