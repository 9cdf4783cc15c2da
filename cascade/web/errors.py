"""Every failure becomes a Vietnamese message with a 4xx status: JSON under /api, an HTML page elsewhere.

413 for a file over the size limit, 422 for a file that cannot be read, is not a plan or takes longer than the time
limit, 404 for an unknown parent or result, 429 with Retry-After when every worker is busy and the queue is full.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cascade.errors import CascadeError

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    404: "Không tìm thấy trang hoặc tài liệu này (có thể liên kết đã hết hạn).",
    405: "Phương thức yêu cầu không được hỗ trợ ở địa chỉ này.",
    406: "Không trả được nội dung theo định dạng yêu cầu.",
    413: "Tệp tải lên quá lớn.",
    415: "Kiểu dữ liệu gửi lên không được hỗ trợ; hãy gửi biểu mẫu có tệp đính kèm.",
}

FIELD_NAMES = {
    "child": "tệp dự thảo kế hoạch cấp dưới",
    "parent": "tệp kế hoạch cấp trên",
    "parent_id": "kế hoạch cấp trên trong thư viện",
    "agency": "tên cơ quan",
    "level": "cấp của kế hoạch",
    "file": "tệp kế hoạch",
    "token": "mã kết quả",
}


class WebError(Exception):
    """A request we refuse, with the Vietnamese message the user sees."""

    def __init__(self, status: int, message_vi: str, detail_en: str = "", headers: dict[str, str] | None = None):
        super().__init__(message_vi)
        self.status = status
        self.message_vi = message_vi
        self.detail_en = detail_en or message_vi
        self.headers = headers or {}


def wants_html(path: str, accept: str) -> bool:
    """Whether the caller is a browser page (HTML error page) rather than the API (JSON)."""
    return not path.startswith("/api") and "text/html" in accept


def error_body(path: str, accept: str, status: int, message_vi: str) -> tuple[bytes, str]:
    """The body and media type of a refusal: JSON `{"error": …}` for the API, the error page for a browser."""
    if wants_html(path, accept):
        from cascade.web.pages import render_error

        return render_error(message_vi, status).encode("utf-8"), "text/html; charset=utf-8"
    return json.dumps({"error": message_vi}, ensure_ascii=False).encode("utf-8"), "application/json"


def error_response(request: Request, status: int, message_vi: str, headers: dict[str, str] | None = None) -> Response:
    """JSON `{"error": …}` for the API, the Vietnamese error page for the browser."""
    body, media = error_body(request.url.path, request.headers.get("accept", ""), status, message_vi)
    return Response(body, status_code=status, media_type=media, headers=headers)


def validation_message(errors: list[dict[str, Any]]) -> str:
    """One Vietnamese sentence naming the fields that are missing or wrong."""
    missing, wrong = [], []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "header")]
        name = FIELD_NAMES.get(loc[0], loc[0]) if loc else "dữ liệu gửi lên"
        (missing if err.get("type") == "missing" else wrong).append(name)
    parts = []
    if missing:
        parts.append("thiếu " + ", ".join(dict.fromkeys(missing)))
    if wrong:
        parts.append("giá trị không hợp lệ ở " + ", ".join(dict.fromkeys(wrong)))
    return "Yêu cầu chưa đúng: " + "; ".join(parts or ["dữ liệu gửi lên không hợp lệ"]) + "."


def install_handlers(app: FastAPI) -> None:
    """Register the handlers that turn each kind of failure into a Vietnamese 4xx answer."""

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        log.info("refused %s: %s", request.url.path, exc.detail_en)
        return error_response(request, exc.status, exc.message_vi, exc.headers)

    @app.exception_handler(CascadeError)
    async def _cascade(request: Request, exc: CascadeError) -> Response:
        log.info("input error %s: %s", request.url.path, exc.detail_en)
        return error_response(request, exc.http_status, exc.message_vi)  # cascade.errors.HTTP_STATUS

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, validation_message(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        if isinstance(exc.__cause__, Exception) and status == 400:
            log.info("bad request body on %s: %r", request.url.path, exc.__cause__)
        message = HTTP_MESSAGES.get(status, "Yêu cầu không hợp lệ; hãy kiểm tra lại tệp và các trường đã nhập.")
        return error_response(request, status, message)


UNEXPECTED = ("Không xử lý được yêu cầu do một lỗi bất thường khi đọc hoặc đối chiếu kế hoạch. Hãy kiểm tra lại "
              "tệp hoặc thử lại sau.")


class CatchAll:
    """ASGI middleware: an exception no handler took becomes the Vietnamese 422 page, logged once.

    Starlette's own `exception_handler(Exception)` answers and then re-raises, so the ASGI server logs a second,
    full traceback; catching here, inside that layer, ends the story with our answer."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 — the last line of defence: no traceback reaches the user
            log.error("unexpected error on %s: %r", scope.get("path"), exc, exc_info=log.isEnabledFor(logging.DEBUG))
            if started:
                return
            accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
            body, media = error_body(scope.get("path", ""), accept, 422, UNEXPECTED)
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
