"""The app factory: `create_app(settings)` builds the FastAPI app with its library, upload area, worker pool,
limits, security headers and error handlers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from cascade import __version__
from cascade.web.errors import CatchAll, install_handlers
from cascade.web.headers import SecurityHeaders
from cascade.web.library import Library
from cascade.web.limits import BodyLimit
from cascade.web.pool import WorkerPool
from cascade.web.settings import Settings
from cascade.web.state import AppState
from cascade.web.store import ReportStore
from cascade.web.uploads import UploadArea

DESCRIPTION = (
    "Tự kiểm tra dự thảo kế hoạch cải cách hành chính: tải dự thảo của cấp dưới và kế hoạch cấp trên (hoặc chọn "
    "trong thư viện), nhận kết quả theo hợp đồng `cascade-audit/1`. Mọi lỗi trả về mã 4xx với "
    '`{"error": "thông điệp tiếng Việt"}`: 413 tệp quá lớn; 422 tệp không đọc được, không phải kế hoạch hoặc xử lý '
    "quá thời gian cho phép; 404 không có kế hoạch cấp trên đã chọn; 429 (kèm `Retry-After`) khi máy chủ đang bận."
)


def create_app(settings: Settings | None = None, library: Library | None = None,
               pool: WorkerPool | None = None) -> FastAPI:
    """A new app; the bundled plans are parsed here, once (pass `library` or `pool` to share one between apps in
    tests). Uploads in flight live under `settings.upload_dir`; folders a dead server left there are swept now."""
    from cascade.web import api, pages

    settings = settings or Settings()
    if library is None:
        library = Library(settings.data_dir, settings.library_dir, settings.max_session_parents)
    if pool is None:
        pool = WorkerPool(settings.workers, settings.queue_size, settings.audit_timeout, settings.queue_timeout,
                          settings.worker_memory_mb)
    uploads = UploadArea(settings.upload_dir, settings.kept_ttl)
    # no /docs or /redoc: their pages load Swagger/ReDoc from a CDN, and this app must work offline;
    # the schema itself is at /openapi.json
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()  # no worker outlives the server
        uploads.close()

    app = FastAPI(title="cascade – tự kiểm tra kế hoạch CCHC", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.cascade = AppState(settings, library, ReportStore(settings.max_reports, settings.report_ttl), uploads,
                                 pool)
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    # the last added is the outermost: headers on every answer, the 413 of the body limit and our catch-all too
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)
    return app
