"""`python -m cascade.report AUDIT.json --html F --xlsx F --csv DIR --letter F.docx`: outputs from a saved audit.

Lets `make demo` (and anyone holding an audit JSON) write the report files without re-running the audit.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from cascade.report import write_csv, write_html, write_letter, write_xlsx


@click.command()
@click.argument("audit_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), help="Báo cáo HTML.")
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path), help="Mẫu riêng của tỉnh.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Bảng tính Excel.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), help="Thư mục CSV.")
@click.option("--letter", "letter", type=click.Path(dir_okay=False, path_type=Path), help="Văn bản góp ý (.docx).")
@click.option("--issuer", default="Sở Nội vụ", show_default=True, help="Cơ quan góp ý.")
def main(audit_json: Path, html: Path | None, template_dir: Path | None, xlsx: Path | None, csv_dir: Path | None,
         letter: Path | None, issuer: str) -> None:
    """Lập báo cáo, bảng tính và văn bản góp ý từ kết quả kiểm tra (JSON cascade-audit/1)."""
    audit = json.loads(audit_json.read_text(encoding="utf-8"))
    start = time.perf_counter()
    written: list[tuple[str, Path]] = []
    if html:
        write_html(audit, html, template_dir)
        written.append(("báo cáo HTML", html))
    if xlsx:
        write_xlsx(audit, xlsx)
        written.append(("sổ Excel", xlsx))
    if csv_dir:
        write_csv(audit, csv_dir)
        written.append(("các bảng CSV", csv_dir))
    if letter:
        write_letter(audit, letter, issuer=issuer)
        written.append(("văn bản góp ý", letter))
    for label, path in written:
        click.echo(f"Đã ghi {label} vào {path}")
    if not written:
        click.echo("Chưa chọn tệp nào để ghi: thêm --html, --xlsx, --csv hoặc --letter.", err=True)
    click.echo(f"Đã lập báo cáo trong {time.perf_counter() - start:.2f} giây.", err=True)


if __name__ == "__main__":
    main()
