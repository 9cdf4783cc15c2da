"""Security headers on every response: a Content-Security-Policy, nosniff, no framing by other sites, no referrer.

The app's own pages load only their own stylesheet and script (`/static/…`), so their policy allows nothing else.
The HTML report is one self-contained file with inline styles and scripts; its response carries the hashes of
exactly those scripts (`report_csp`) and may be framed by the result page of this same site."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
_SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.S | re.I)
_HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def report_csp(html: str) -> str:
    """The policy for one rendered report: exactly its inline scripts and event handlers (by hash; handlers need
    'unsafe-hashes'), inline styles, framed by this site only."""
    scripts = {_sha256(m.group(1)) for m in _SCRIPT.finditer(html)}
    handlers = {_sha256(unescape(m.group(1) if m.group(1) is not None else m.group(2))) for m in _HANDLER.finditer(html)}
    sources = sorted(scripts) + (["'unsafe-hashes'", *sorted(handlers - scripts)] if handlers else [])
    return (f"default-src 'none'; script-src {' '.join(sources) or chr(39) + 'none' + chr(39)}; "
            "style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response that does not set its own policy."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                for name, value in COMMON.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                if b"x-frame-options" not in present:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
