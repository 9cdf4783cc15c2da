"""`cascade trace PLAN ITEM`: follow one item of a plan down every level of its hierarchy."""

from __future__ import annotations

import json

import click

from cascade.errors import CascadeError


@click.command(name="trace")
@click.argument("plan", metavar="KẾ_HOẠCH", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.argument("item", metavar="MỤC")
@click.option("--in", "source", type=click.Path(exists=True, path_type=str), default=None,
              help="Thư mục hoặc danh sách chứa các kế hoạch cấp dưới (mặc định: thư mục của KẾ_HOẠCH).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def command(plan: str, item: str, source: str | None, as_json: bool) -> None:
    """Theo nhiệm vụ, chỉ tiêu MỤC (số thứ tự như “23”, “7.3”) của kế hoạch KẾ_HOẠCH xuống
    mọi cấp: kế hoạch cấp dưới nào thể hiện, thời hạn và chỉ tiêu thay đổi ra sao qua từng cấp. Khi một nhiệm vụ
    và một chỉ tiêu cùng số, cả hai được theo."""
    from pathlib import Path

    from cascade.hierarchy import scan
    from cascade.hierarchy.trace import find_items, format_trace, trace

    h = scan(source or str(Path(plan).resolve().parent))
    node = h.node_for_path(plan)
    if node is None:
        raise CascadeError(f"Tệp “{Path(plan).name}” không nằm trong bộ hồ sơ đã chọn.",
                           f"{plan} not in {source}", plan, "input")
    from cascade.parse import parse_file

    plans = {node: parse_file(h.metas[node].path)}
    items = find_items(plans[node], item)
    if not items:
        raise CascadeError(f"Kế hoạch “{Path(plan).name}” không có nhiệm vụ, chỉ tiêu “{item}”.",
                           f"item {item} not found in {plan}", plan, "input")
    results = [trace(h, node, it.id, plans) for it in items]
    if as_json:
        data = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    lines = []
    if len(items) > 1:
        lines.append(same_number_note(item, items))
    for k, r in enumerate(results):
        if k:
            lines.append("")
        lines += format_trace(r)
    click.echo("\n".join(lines))


def same_number_note(ref: str, items: list) -> str:
    """The sentence saying that several items of the plan carry the number `ref`, and that all are followed."""
    from cascade.report.labels import label

    kinds = " và ".join(f"{label('kinds', it.kind).lower()} {it.label}" for it in items)
    return f"Kế hoạch có {len(items)} mục cùng số “{ref}” ({kinds}); dưới đây theo từng mục."
