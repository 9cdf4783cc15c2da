"""`cascade draft PARENT --agency NAME --level LEVEL`: write an agency's plan skeleton from its parent plan."""

from __future__ import annotations

from pathlib import Path

import click

from cascade.commands.params import CHILD_LEVEL
from cascade.errors import CascadeError

LEVEL_CHOICES = ("so", "huyen", "phong", "xa")
FORMATS = ("docx", "txt", "json")  # cascade.draft.FORMATS, without importing the package for --help
_SUFFIX_FORMAT = {".docx": "docx", ".txt": "txt", ".json": "json"}


def _format(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the output's suffix says it, else Word."""
    if fmt:
        return fmt
    if output:
        return _SUFFIX_FORMAT.get(Path(output).suffix.lower(), "docx")
    return "docx"


def _level(agency: str, level: str | None) -> str:
    if level:
        return level
    from cascade.agencies import agency_level

    found = agency_level(agency)
    if found not in LEVEL_CHOICES:
        raise CascadeError(
            f"Không xác định được cấp của “{agency}”; hãy ghi rõ --level với một trong các giá trị so (sở), "
            "huyen (huyện), phong (phòng), xa (xã).",
            detail_en=f"no level for agency {agency!r}", code="input")
    return found


def default_name(agency: str, year: int | None, fmt: str) -> str:
    """ "khung-ke-hoach-cchc-2024-so-tu-phap.docx": the file name when no -o is given."""
    from cascade.text import slug

    return f"khung-ke-hoach-cchc-{year or 'nam'}-{slug(agency, 60)}.{fmt}"


@click.command(name="draft",
               help="Viết khung kế hoạch cải cách hành chính của một cơ quan từ kế hoạch cấp trên (PARENT): "
                    "nhiệm vụ bắt buộc theo từng lĩnh vực, nội dung cân nhắc kèm lý do, phụ lục nội dung không "
                    "áp dụng.")
@click.argument("parent")
@click.option("--agency", required=True, help="Tên cơ quan lập kế hoạch, ví dụ “Sở Tư pháp”, “UBND huyện Phù Cát”.")
@click.option("--level", type=CHILD_LEVEL, default=None,
              help="Cấp của cơ quan. Mặc định: suy ra từ tên cơ quan.")
@click.option("-o", "--output", default=None,
              help="Tệp kết quả (.docx, .txt, .json). Mặc định: tệp Word đặt tên theo cơ quan trong thư mục hiện "
                   "tại; văn bản và JSON in ra màn hình.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="docx (Word, mặc định), txt (văn bản) hoặc json (dữ liệu khung kế hoạch).")
@click.option("--template-dir", default=None,
              help="Thư mục mẫu riêng của tỉnh: tệp draft.yaml trong đó thay lời văn mặc định (rules/draft.yaml).")
@click.option("--force", is_flag=True, default=False, help="Ghi đè tệp kết quả đã có dù không do cascade lập.")
def command(parent: str, agency: str, level: str | None, output: str | None, fmt: str | None,
            template_dir: str | None, force: bool) -> None:
    from cascade.draft import build_draft, draft_rules, render
    from cascade.draft.skeleton import agency_name
    from cascade.outputs import Output, atomic_output, check_outputs
    from cascade.parse import parse_file

    if not Path(parent).is_file():
        raise CascadeError(f"Không tìm thấy tệp {parent}", detail_en=f"file not found: {parent}", path=parent)
    if template_dir and not Path(template_dir).is_dir():
        raise CascadeError(f"Không tìm thấy thư mục mẫu {template_dir}", detail_en=f"not a folder: {template_dir}",
                           path=template_dir)
    fmt = _format(fmt, output)
    lvl = _level(agency, level)
    plan = parse_file(parent)
    draft = build_draft(plan, agency, lvl, draft_rules(template_dir))
    if output is None and fmt == "docx":
        output = default_name(agency_name(agency), plan.year, fmt)
    data = render(draft, fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    check_outputs([parent], [Output(fmt, Path(output))], force=force)
    with atomic_output(output) as tmp:
        tmp.write_bytes(data)
    c = draft.counts
    click.echo(f"Đã ghi khung kế hoạch của {draft.agency} vào {output}")
    click.echo(f"Từ kế hoạch cấp trên: {c['required']} nội dung bắt buộc, {c['advisory']} nội dung cân nhắc "
               f"(giữ lại hoặc xóa), {c['not_applicable']} nội dung không áp dụng (phụ lục).")
