"""`cascade serve`: the self-check web app on localhost (FastAPI + uvicorn)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="serve", help="Mở trang web tự kiểm tra dự thảo kế hoạch (mặc định chỉ trên máy này).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; mặc định chỉ máy này truy cập được.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Cổng.")
@click.option("--max-upload-mb", default=20, show_default=True, type=click.IntRange(1, 200),
              help="Dung lượng tối đa mỗi tệp tải lên (MB).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 600),
              help="Thời gian tối đa cho mỗi lần kiểm tra (giây).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục kế hoạch cấp tỉnh có sẵn (mặc định: data/ của bộ mã).")
@click.option("--library-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Lưu kế hoạch cấp trên tải lên vào thư mục này (mặc định: chỉ giữ trong bộ nhớ).")
def command(host: str, port: int, max_upload_mb: int, timeout: float, data_dir: Path | None,
            library_dir: Path | None) -> None:
    import uvicorn

    from cascade.web import Settings, create_app
    from cascade.web.settings import MB

    kwargs = {"data_dir": data_dir} if data_dir is not None else {}
    settings = Settings(library_dir=library_dir, max_upload_bytes=max_upload_mb * MB, audit_timeout=timeout, **kwargs)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Chú ý: trang web mở cho mọi máy truy cập được địa chỉ {host}.", err=True)
    click.echo("Đang đọc thư viện kế hoạch cấp trên…", err=True)
    app = create_app(settings)
    click.echo(f"Mở trình duyệt tại http://{host}:{port}/ (Ctrl+C để dừng).", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
