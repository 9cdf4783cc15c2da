"""`cascade graph DIR|MANIFEST [--format tree|json|graphml]`: the plan hierarchy and its problems."""

from __future__ import annotations

import click


@click.command(name="graph")
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["tree", "json", "graphml"]), default="tree", show_default=True,
              help="tree: cây dễ đọc; json: dữ liệu node-link của networkx (mỗi nút có đường dẫn tệp `path`); "
                   "graphml: cho Gephi, yEd.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Ghi ra tệp thay vì màn hình.")
@click.option("--jobs", "-j", type=int, default=None, help="Số tiến trình đọc tệp (mặc định: số lõi CPU).")
def command(source: str, fmt: str, output: str | None, jobs: int | None) -> None:
    """Vẽ cây kế hoạch của một thư mục hoặc danh sách (.yaml, .csv): kế hoạch cấp trên → kế hoạch cấp dưới.

    Kế hoạch cấp trên được tìm từ phần “Căn cứ …”, “Thực hiện …” của từng kế hoạch và cấp của cơ quan ban hành;
    danh sách (tệp .yaml, .csv, hoặc manifest.yaml trong thư mục) được ưu tiên. Các vấn đề (kế hoạch không rõ cấp trên, cấp trên không có trong hồ sơ,
    vòng lặp, trùng kế hoạch, cơ quan chưa có kế hoạch) được liệt kê, không làm dừng lệnh.
    """
    from cascade.hierarchy import scan
    from cascade.hierarchy.views import to_graphml, to_json, to_tree

    h = scan(source, jobs)
    text = {"tree": to_tree, "json": to_json, "graphml": to_graphml}[fmt](h)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"Đã ghi {output}", err=True)
    else:
        click.echo(text, nl=False)
