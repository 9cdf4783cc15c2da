"""`cascade parse FILE`: read one plan and show what was understood."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cascade.model import Plan

TEXT_WIDTH = 90
EXTRA_WIDTH = 40


@click.command(name="parse")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True,
    help="json: đối tượng PLAN theo chuẩn cascade-audit/1; table: bảng tóm tắt để đọc.",
)
def command(file: str, fmt: str) -> None:
    """Đọc một kế hoạch (.docx, .pdf, .txt) và in ra thông tin chung, nhiệm vụ, chỉ tiêu đã nhận ra."""
    from cascade.parse import parse_file

    plan = parse_file(file)
    if fmt == "json":
        json.dump(plan.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    click.echo("\n".join(format_plan(plan)))


def format_plan(plan: Plan) -> list[str]:
    """The plan as Vietnamese lines for an official: header facts, then the items under their reform areas.

    Every word comes from the label table: levels, areas and kinds in words, dates as dd/mm/yyyy, a missing value
    said in words, long texts cut at a word boundary.
    """
    from cascade.report.labels import area_name, format_date, label, level_phrase, shorten, unknown
    from cascade.vocab import Kind

    def kind_word(kind: str) -> str:
        return label("kinds", kind, "Nội dung")

    lines = [
        f"Tệp: {plan.path}",
        f"Số: {plan.number or unknown('number')} · Loại: {plan.doc_type or unknown('value')} · "
        f"Ngày: {format_date(plan.date)} · Năm kế hoạch: {plan.year or unknown('value')}",
        f"Cơ quan: {plan.agency or unknown('agency')} · Kế hoạch {level_phrase(plan.level)} · "
        f"Nơi ban hành: {plan.place or unknown('value')}",
        f"Tên: {plan.title or unknown('value')}",
    ]
    if plan.citations:
        cited = []
        for c in plan.citations:
            words = f"{c.doc_type or ''} {c.number or ''}".strip() or shorten(c.text, 40)
            if c.date:
                words += f" ngày {format_date(c.date)}"
            cited.append(words)
        lines.append("Căn cứ: " + "; ".join(cited))
    counts = {k: sum(1 for it in plan.items if it.kind == k) for k in Kind}
    lines.append("Đã nhận ra: " + ", ".join(f"{n} {kind_word(k).lower()}" for k, n in counts.items()))
    lines += [f"Lưu ý: {w}" for w in plan.warnings]
    # Items under their reform area, areas in the order they first appear; document order within an area (a
    # plan lists its indicators before its tasks, which would otherwise repeat every area heading).
    shown = [it for it in plan.items if not it.group]
    first: dict[str | None, int] = {}
    for k, it in enumerate(shown):
        first.setdefault(it.section, k)
    section: object = object()  # a sentinel no item's section equals, so the first heading is printed
    for it in sorted(shown, key=lambda it: first[it.section]):
        if it.section != section:
            section = it.section
            name = area_name(it.section)
            lines += ["", name[:1].upper() + name[1:]]
        extra = []
        if it.deadline:
            extra.append(f"thời hạn: {shorten(it.deadline.raw, EXTRA_WIDTH)}")
        if it.target and not " ".join(it.text.split()).startswith(" ".join(it.target.raw.split())[:EXTRA_WIDTH]):
            extra.append(f"chỉ tiêu: {shorten(it.target.raw, EXTRA_WIDTH)}")
        if it.lead:
            extra.append(f"chủ trì: {shorten(it.lead[0], EXTRA_WIDTH)}")
        lines.append(f"  {kind_word(it.kind):<9} {it.label or '-':>5}  {shorten(it.text, TEXT_WIDTH)}"
                     + (f"  ({'; '.join(extra)})" if extra else ""))
    return lines
