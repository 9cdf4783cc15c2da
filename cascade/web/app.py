"""The app factory: `create_app(settings)` builds the FastAPI app with its library, limits and error handlers."""

from __future__ import annotations

from fastapi import FastAPI

from cascade import __version__
from cascade.web.errors import install_handlers
from cascade.web.library import Library
from cascade.web.limits import BodyLimit
from cascade.web.settings import Settings
from cascade.web.state import AppState
from cascade.web.store import ReportStore

DESCRIPTION = (
    "Tự kiểm tra dự thảo kế hoạch cải cách hành chính: tải dự thảo của cấp dưới và kế hoạch cấp trên (hoặc chọn "
    "trong thư viện), nhận kết quả theo hợp đồng `cascade-audit/1`. Mọi lỗi trả về mã 4xx với "
    '`{"error": "thông điệp tiếng Việt"}`.'
)


def create_app(settings: Settings | None = None, library: Library | None = None) -> FastAPI:
    """A new app; the bundled plans are parsed here, once (pass `library` to share one between apps in tests)."""
    from cascade.web import api, pages

    settings = settings or Settings()
    if library is None:
        library = Library(settings.data_dir, settings.library_dir, settings.max_session_parents)
    # no /docs or /redoc: their pages load Swagger/ReDoc from a CDN, and this app must work offline;
    # the schema itself is at /openapi.json
    app = FastAPI(title="cascade – tự kiểm tra kế hoạch CCHC", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None)
    app.state.cascade = AppState(settings, library, ReportStore(settings.max_reports, settings.report_ttl))
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    return app
