"""ASGI middleware capping the request body: by Content-Length up front, and by counting bytes as they arrive."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Answer 413 with a Vietnamese message when a request body passes `max_bytes` (chunked uploads included)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"Dữ liệu tải lên quá lớn (tối đa khoảng {self.max_bytes / 1024 / 1024:.0f} MB cho mỗi lần gửi)."
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        if "text/html" in accept and not scope.get("path", "").startswith("/api"):
            from cascade.web.pages import render_error

            body, kind = render_error(message, 413).encode("utf-8"), b"text/html; charset=utf-8"
        else:
            body, kind = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"), b"application/json"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", kind),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        state = {"seen": 0, "over": False, "started": False}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > self.max_bytes:
                    state["over"] = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # once over the limit, whatever the app answers about the cut body is replaced by our 413
            if state["over"]:
                return
            state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            pass
        except Exception:
            if not state["over"]:
                raise
        if state["over"] and not state["started"]:
            await self._refuse(scope, send)
