"""`cascade parse FILE`: read one plan and show what was understood."""

from __future__ import annotations

import json
import sys

import click

_KIND_VI = {"task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "directive": "Giải pháp"}


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
    out = click.echo
    out(f"Tệp: {plan.path}")
    out(f"Số: {plan.number or '(chưa có số)'} · Loại: {plan.doc_type or '?'} · Ngày: {plan.date or '?'} · Năm kế hoạch: {plan.year or '?'}")
    out(f"Cơ quan: {plan.agency or '?'} · Cấp: {plan.level or '?'} · Nơi ban hành: {plan.place or '?'}")
    out(f"Tên: {plan.title or '?'}")
    if plan.citations:
        out("Căn cứ: " + "; ".join(f"{c.doc_type} {c.number or ''}".strip() for c in plan.citations))
    counts = {k: sum(1 for it in plan.items if it.kind == k) for k in _KIND_VI}
    out("Đã nhận ra: " + ", ".join(f"{n} {_KIND_VI[k].lower()}" for k, n in counts.items()))
    for w in plan.warnings:
        out(f"Lưu ý: {w}")
    out("")
    for it in plan.items:
        if it.group:
            continue
        extra = []
        if it.deadline:
            extra.append(f"hạn: {it.deadline.raw}")
        if it.target:
            extra.append(f"chỉ tiêu: {it.target.raw[:40]}")
        if it.lead:
            extra.append(f"chủ trì: {it.lead[0][:40]}")
        text = it.text if len(it.text) <= 90 else it.text[:87] + "…"
        out(f"{_KIND_VI[it.kind]:<9} {it.label or '-':>5}  [{it.section or '?'}] {text}" + (f"  ({'; '.join(extra)})" if extra else ""))
