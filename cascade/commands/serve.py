"""`cascade serve`: the self-check web app on localhost (FastAPI + uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cascade.web.settings import default_workers


@click.command(name="serve", help="Mở trang web tự kiểm tra dự thảo kế hoạch (mặc định chỉ trên máy này).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; mặc định chỉ máy này truy cập được.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Cổng.")
@click.option("--max-upload-mb", default=20, show_default=True, type=click.IntRange(1, 200),
              help="Dung lượng tối đa mỗi tệp tải lên (MB).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 600),
              help="Thời gian xử lý tối đa của mỗi lần kiểm tra (giây), không tính thời gian chờ đến lượt.")
@click.option("--workers", default=default_workers(), show_default=True, type=click.IntRange(1, 64),
              help="Số lần kiểm tra chạy cùng lúc (mỗi lần một tiến trình riêng).")
@click.option("--queue", "queue_size", default=16, show_default=True, type=click.IntRange(0, 1000),
              help="Số yêu cầu được chờ đến lượt; quá số này trả lời 429 kèm Retry-After.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Chạy dịch vụ dùng chung của tỉnh (đăng nhập, hồ sơ, lưu trữ): cơ sở dữ liệu SQLite cascade.db, "
                   "các tệp đã nộp và báo cáo nằm trong thư mục này. Không có --data-dir/--db/--multi-user: trang tự "
                   "kiểm tra cho một người, không lưu gì.")
@click.option("--db", "database", default=None, metavar="URL",
              help="Dùng PostgreSQL thay cho SQLite, ví dụ postgresql://nguoidung:matkhau@maychu/cascade.")
@click.option("--multi-user", is_flag=True, default=False,
              help="Dịch vụ dùng chung (đăng nhập); không có --data-dir thì dữ liệu nằm ở $XDG_DATA_HOME/cascade "
                   "(mặc định ~/.local/share/cascade).")
@click.option("--secure-cookies", is_flag=True, default=False,
              help="Cookie đăng nhập chỉ gửi qua HTTPS (bật khi dịch vụ chạy sau máy chủ HTTPS).")
@click.option("--plans-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục kế hoạch cấp tỉnh có sẵn (mặc định: data/ của bộ mã).")
@click.option("--library-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Lưu kế hoạch cấp trên tải lên vào thư mục này (mặc định: chỉ giữ trong bộ nhớ).")
@click.option("--upload-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục chứa tệp tải lên trong lúc kiểm tra; phần còn sót sau khi máy chủ bị dừng đột ngột "
                   "được dọn khi khởi động (mặc định: $CASCADE_WEB_DIR hoặc ~/.cache/cascade/web).")
def command(host: str, port: int, max_upload_mb: int, timeout: float, workers: int, queue_size: int,
            data_dir: Path | None, database: str | None, multi_user: bool, secure_cookies: bool,
            plans_dir: Path | None, library_dir: Path | None, upload_dir: Path | None) -> None:
    """Start the web app with uvicorn (see `cascade.web`): the single-user self-check, or with `--data-dir`,
    `--db` or `--multi-user` the province's shared service (database migrated at start-up)."""
    import uvicorn

    from cascade.web import Settings, create_app
    from cascade.web.settings import MB

    if data_dir is None and (multi_user or database):
        from cascade.service.db import default_service_dir

        # said out loud: the province's data must not land somewhere nobody backs up without anyone knowing
        data_dir = default_service_dir()
        click.echo(f"Dữ liệu của dịch vụ (tệp đã nộp, báo cáo{'' if database else ', cơ sở dữ liệu SQLite'}) nằm ở "
                   f"{data_dir}; chọn nơi khác bằng --data-dir.", err=True)
    kwargs: dict = {}
    if plans_dir is not None:
        kwargs["data_dir"] = plans_dir
    if upload_dir is not None:
        kwargs["upload_dir"] = upload_dir
    # test hook for the stress benchmark and tests only: file names that make a worker hang, fail or swell
    test_faults = os.environ.get("CASCADE_WEB_TEST_FAULTS") == "1"
    settings = Settings(library_dir=library_dir, max_upload_bytes=max_upload_mb * MB, audit_timeout=timeout,
                        workers=workers, queue_size=queue_size, test_faults=test_faults, service_dir=data_dir,
                        database=database, multi_user=multi_user, secure_cookies=secure_cookies, **kwargs)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Chú ý: trang web mở cho mọi máy truy cập được địa chỉ {host}.", err=True)
    if test_faults:
        click.echo("Chú ý: đang bật chế độ thử lỗi (CASCADE_WEB_TEST_FAULTS=1); không dùng khi phục vụ thật.", err=True)
    if settings.service:
        click.echo("Dịch vụ dùng chung: cần đăng nhập (tạo tài khoản bằng `cascade admin create-user`).", err=True)
    click.echo("Đang đọc thư viện kế hoạch cấp trên…", err=True)
    app = create_app(settings)
    click.echo(f"Mở trình duyệt tại http://{host}:{port}/ (Ctrl+C để dừng).", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
