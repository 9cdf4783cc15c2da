"""Every failure becomes a Vietnamese message with a 4xx status: JSON under /api, an HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from cascade.errors import CascadeError

log = logging.getLogger(__name__)

# CascadeError.code → HTTP status; anything else the file caused is 422
CODE_STATUS = {"too_large": 413}

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

    def __init__(self, status: int, message_vi: str, detail_en: str = ""):
        super().__init__(message_vi)
        self.status = status
        self.message_vi = message_vi
        self.detail_en = detail_en or message_vi


def error_response(request: Request, status: int, message_vi: str) -> Response:
    """JSON `{"error": …}` for the API, the Vietnamese error page for the browser."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"error": message_vi}, status_code=status)
    from cascade.web.pages import render_error

    return HTMLResponse(render_error(message_vi, status), status_code=status)


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
        return error_response(request, exc.status, exc.message_vi)

    @app.exception_handler(CascadeError)
    async def _cascade(request: Request, exc: CascadeError) -> Response:
        log.info("input error %s: %s", request.url.path, exc.detail_en)
        return error_response(request, CODE_STATUS.get(exc.code, 422), exc.message_vi)

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

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # a bug must not show a traceback: log it here, tell the user what to do
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return error_response(request, 422, "Không xử lý được yêu cầu do một lỗi bất thường khi đọc hoặc đối chiếu "
                                            "kế hoạch. Hãy kiểm tra lại tệp hoặc thử lại sau.")
