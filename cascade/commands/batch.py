"""`cascade batch DIR|MANIFEST -o OUTDIR`: audit every child plan against its parent and build the dashboard."""

from __future__ import annotations

import sys

import click


@click.command(name="batch")
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option("--output", "-o", "outdir", type=click.Path(file_okay=False, path_type=str), required=True,
              help="Thư mục ghi báo cáo từng cơ quan, trang tổng hợp index.html và summary.xlsx.")
@click.option("--jobs", "-j", type=int, default=None, help="Số tiến trình chạy song song (mặc định: số lõi CPU).")
@click.option("--no-html", is_flag=True, help="Chỉ ghi báo cáo JSON cho từng cơ quan (nhanh hơn).")
def command(source: str, outdir: str, jobs: int | None, no_html: bool) -> None:
    """Kiểm tra hàng loạt: đối chiếu mọi kế hoạch cấp dưới trong thư mục (hoặc danh sách .yaml, .csv) với kế hoạch
    cấp trên của nó, ghi báo cáo từng cơ quan, trang tổng hợp (ma trận thể hiện nhiệm vụ, cây kế hoạch) và tệp
    Excel. Thư mục có tệp manifest.yaml (.yml, .csv) thì danh sách đó được dùng. Tệp nào lỗi thì được ghi nhận,
    các tệp khác vẫn được kiểm tra."""
    from cascade.batch import run_batch

    bars: dict[str, object] = {}
    labels = {"doc": "Đọc kế hoạch", "kiem_tra": "Đối chiếu  "}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.__exit__(None, None, None)  # type: ignore[attr-defined]
            bar = click.progressbar(length=total, label=labels.get(stage, stage), file=sys.stderr)
            bar.__enter__()
            bars.clear()
            bars[stage] = bar
        bar.update(1)  # type: ignore[attr-defined]

    try:
        result = run_batch(source, outdir, jobs=jobs, html=not no_html, progress=progress)
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)  # type: ignore[attr-defined]
    n = len(result.results)
    click.echo(f"Đã đối chiếu {n} kế hoạch cấp dưới; {len(result.failures)} tệp lỗi; "
               f"{len(result.hierarchy.problems)} vấn đề về hồ sơ.")
    for r in result.failures:
        click.echo(f"  Lỗi: {r['error']}", err=True)
    for p in result.hierarchy.problems:
        click.echo(f"  [{p.title}] {p.message}", err=True)
    click.echo(f"Trang tổng hợp: {result.files['dashboard']}")
    click.echo(f"Bảng Excel: {result.files['excel']}")
