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
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Thư mục bộ nhớ đệm giữ giữa các lần chạy (không được nằm trong thư mục kết quả): lần chạy sau "
                   "chỉ đọc và kiểm tra lại tệp đã thay đổi. Xóa thư mục này là xóa bộ nhớ đệm. Mặc định: không "
                   "dùng (mọi tệp được kiểm tra lại).")
@click.option("--template", default=None, metavar="TỆP|TỈNH",
              help="Hồ sơ cả nước: kế hoạch mẫu để so các kế hoạch tỉnh (tệp kế hoạch, hoặc tên thư mục một tỉnh).")
def command(source: str, outdir: str, jobs: int | None, no_html: bool, cache_dir: str | None,
            template: str | None) -> None:
    """Kiểm tra hàng loạt: đối chiếu mọi kế hoạch cấp dưới trong thư mục (hoặc danh sách .yaml, .csv) với kế hoạch
    cấp trên của nó, ghi báo cáo từng cơ quan, trang tổng hợp (ma trận thể hiện nhiệm vụ, cây kế hoạch) và tệp
    Excel. Thư mục có tệp manifest.yaml (.yml, .csv) thì danh sách đó được dùng. Tệp nào lỗi thì được ghi nhận,
    các tệp khác vẫn được kiểm tra. Thư mục gồm nhiều thư mục tỉnh (hoặc có country.yaml) là hồ sơ cả nước: mỗi
    tỉnh được kiểm tra như trên và trang tổng hợp cả nước so các tỉnh với kế hoạch mẫu."""
    from cascade.batch import run_batch
    from cascade.batch.national import is_country, run_national, summary_lines
    from cascade.batch.runner import check_cache_dir
    from cascade.errors import CascadeError

    if cache_dir is not None:
        try:
            check_cache_dir(cache_dir, outdir)
        except CascadeError as exc:
            raise click.UsageError(exc.message_vi) from exc
    if is_country(source):
        national = run_national(source, outdir, jobs=jobs, html=not no_html, template=template, cache_dir=cache_dir,
                                on_province=lambda name, done, total: click.echo(f"[{done}/{total}] {name}", err=True))
        for line in summary_lines(national):
            click.echo(line)
        click.echo(f"Trang tổng hợp cả nước: {national.files['page']}")
        click.echo(f"Bảng Excel: {national.files['excel']}")
        return
    if template:
        raise click.UsageError("--template chỉ dùng cho hồ sơ cả nước (thư mục gồm các thư mục tỉnh).")

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
        result = run_batch(source, outdir, jobs=jobs, html=not no_html, progress=progress, cache_dir=cache_dir)
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)  # type: ignore[attr-defined]
    n = len(result.results)
    click.echo(f"Đã đối chiếu {n} kế hoạch cấp dưới; {len(result.failures)} tệp lỗi; "
               f"{len(result.hierarchy.problems)} vấn đề về hồ sơ.")
    if cache_dir is not None:
        st = result.stats
        click.echo(f"Bộ nhớ đệm {cache_dir}: kiểm tra lại {st.audited} kế hoạch, dùng lại kết quả của {st.reused}; "
                   f"đọc lại {st.plans_parsed} tệp, dùng lại {st.plans_reused} tệp đã đọc.")
    for r in result.failures:
        click.echo(f"  Lỗi: {r.error}", err=True)
    for p in result.hierarchy.problems:
        click.echo(f"  [{p.title}] {p.message}", err=True)
    click.echo(f"Trang tổng hợp: {result.files['dashboard']}")
    click.echo(f"Bảng Excel: {result.files['excel']}")
