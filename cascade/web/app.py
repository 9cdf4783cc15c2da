"""The app factory: `create_app(settings)` builds the FastAPI app with its library, upload area, worker pool,
limits, security headers and error handlers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI

from cascade import __version__
from cascade.web.auth import guard, session_secret
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
    db = None
    if settings.service:
        from dataclasses import replace

        from cascade.service.db import Database

        db = Database.open(settings.service_dir, settings.database)  # migrated to the latest revision here
        if settings.library_dir is None:  # parents uploaded to the service are kept with its data
            settings = replace(settings, library_dir=db.files_dir.parent / "library")
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
        if state.runner is not None:
            state.runner.start()  # versions queued before a restart are audited now
            state.dashboards.start()  # and a dashboard build cut short is requested again
        yield
        if state.runner is not None:
            await state.dashboards.close()
            await state.runner.close()
        pool.close()  # no worker outlives the server
        uploads.close()
        if db is not None:
            db.dispose()

    state = AppState(settings, library, ReportStore(settings.max_reports, settings.report_ttl), uploads, pool)
    app = FastAPI(title="cascade – tự kiểm tra kế hoạch CCHC", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan, dependencies=[Depends(guard)])
    app.state.cascade = state
    install_handlers(app)
    if db is not None:
        from cascade.web import admin, dashboards, province
        from cascade.web.auth import LoginLimiter
        from cascade.web.runner import AuditRunner

        state.db, state.limiter = db, LoginLimiter(settings.login_attempts, settings.login_window)
        state.runner = AuditRunner(state, db)
        state.dashboards = dashboards.DashboardBuilder(state, db)
        app.include_router(province.router)
        app.include_router(province.api)
        app.include_router(dashboards.router)
        app.include_router(dashboards.api)
        app.include_router(admin.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    # the last added is the outermost: headers on every answer, the 413 of the body limit and our catch-all too
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(CatchAll)
    if db is not None:
        from starlette.middleware.sessions import SessionMiddleware

        # a signed cookie (itsdangerous) holding the user id and CSRF token; HttpOnly, SameSite=Lax, Secure
        # when the service is served over HTTPS
        app.add_middleware(SessionMiddleware, secret_key=session_secret(db.files_dir.parent),
                           session_cookie="cascade_session", max_age=settings.session_max_age, same_site="lax",
                           https_only=settings.secure_cookies)
    app.add_middleware(SecurityHeaders)
    return app
