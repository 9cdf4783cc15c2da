"""`cascade audit PARENT CHILD`: compare a sub-plan with its parent plan."""

from __future__ import annotations

from pathlib import Path

import click

from cascade.errors import CascadeError

LEVEL_CHOICES = ("tinh", "so", "huyen", "phong", "xa")


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
def command(parent: str, child: str, agency: str | None, level: str | None, json_path: str | None) -> None:
    from cascade.audit import audit_files
    from cascade.audit.terminal import render

    result = audit_files(_existing(parent), _existing(child), agency=agency, level=level)
    if json_path:
        try:
            Path(json_path).write_text(result.to_json(), encoding="utf-8")
        except OSError as exc:
            raise CascadeError(f"Không ghi được tệp {json_path}", detail_en=str(exc), path=json_path) from exc
    name_p = result.parent.title or result.parent.number or parent
    name_c = result.summary.get("child_agency") or result.child.title or child
    click.echo(render(result.summary, name_p, name_c))
    if json_path:
        click.echo(f"Đã ghi kết quả vào {json_path}")
