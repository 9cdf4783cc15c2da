"""`cascade trace PLAN ITEM`: follow one item of a plan down every level of its hierarchy."""

from __future__ import annotations

import json

import click

from cascade.errors import CascadeError


@click.command(name="trace")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.argument("item")
@click.option("--in", "source", type=click.Path(exists=True, path_type=str), default=None,
              help="Thư mục hoặc danh sách chứa các kế hoạch cấp dưới (mặc định: thư mục của PLAN).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def command(plan: str, item: str, source: str | None, as_json: bool) -> None:
    """Theo nhiệm vụ, chỉ tiêu ITEM (số thứ tự như “23”, “7.3” hoặc mã như “task:23”) của kế hoạch PLAN xuống
    mọi cấp: kế hoạch cấp dưới nào thể hiện, thời hạn và chỉ tiêu thay đổi ra sao qua từng cấp."""
    from pathlib import Path

    from cascade.hierarchy import scan
    from cascade.hierarchy.trace import format_trace, trace

    h = scan(source or str(Path(plan).resolve().parent))
    node = h.node_for_path(plan)
    if node is None:
        raise CascadeError(f"Tệp “{Path(plan).name}” không nằm trong bộ hồ sơ đã chọn.",
                           f"{plan} not in {source}", plan, "input")
    try:
        result = trace(h, node, item)
    except KeyError as exc:
        raise CascadeError(f"Kế hoạch “{Path(plan).name}” không có nhiệm vụ, chỉ tiêu “{item}”.",
                           f"item {item} not found in {plan}", plan, "input") from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(format_trace(result)))
