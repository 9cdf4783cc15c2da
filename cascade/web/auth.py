"""Logins of the province service: the signed session cookie's user, CSRF tokens on every form, login rate limits,
and the guard every request passes (in the single-user self-check it lets everything through)."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import select

from cascade.service.models import User
from cascade.web.errors import WebError, wants_html

# what the templates need of the logged-in user (name, role, CSRF token); None in the single-user self-check
CURRENT: ContextVar[dict[str, Any] | None] = ContextVar("cascade_current_user", default=None)
OPEN_PATHS = ("/login", "/static/")
LOGIN_NEEDED = "Cần đăng nhập để dùng dịch vụ."
CSRF_BAD = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại."
FORBIDDEN = "Tài khoản của bạn không có quyền làm việc này."


def session_secret(folder: Path | None) -> str:
    """The key that signs session cookies: `$CASCADE_SECRET_KEY`, else one kept in the data dir (made once, mode
    0600), so logins survive a restart; without a data dir, a new key per process."""
    env = os.environ.get("CASCADE_SECRET_KEY")
    if env:
        return env
    if folder is None:
        return secrets.token_urlsafe(32)
    path = folder / "session.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class LoginLimiter:
    """Failed logins per key (user name, client address) in a sliding window; over the limit, wait."""

    def __init__(self, attempts: int, window: float):
        self.attempts, self.window = attempts, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds to wait before another try (0 = allowed)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                q = self._fails.get(key)
                while q and now - q[0] > self.window:
                    q.popleft()
                if q and len(q) >= self.attempts:
                    wait = max(wait, self.window - (now - q[0]))
        return int(wait) + 1 if wait else 0

    def failed(self, *keys: str) -> None:
        """Count a failed attempt against each key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._fails.setdefault(key, deque()).append(now)
            if len(self._fails) > 10_000:  # forget idle keys so the table cannot grow without bound
                for key in [k for k, q in self._fails.items() if not q or now - q[-1] > self.window]:
                    del self._fails[key]

    def succeeded(self, username: str) -> None:
        """A good login clears its user name's count (not the address's)."""
        with self._lock:
            self._fails.pop("u:" + username, None)


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> User | None:
    """The logged-in, active user of this request, or None."""
    if hasattr(request.state, "user"):
        return request.state.user
    user = None
    uid = request.session.get("uid") if "session" in request.scope else None
    if isinstance(uid, int):
        with request.app.state.cascade.db.session() as s:
            user = s.scalar(select(User).where(User.id == uid, User.active.is_(True)))
            if user is not None:
                _ = user.agency  # loaded now: the session closes
    request.state.user = user
    return user


async def guard(request: Request) -> None:
    """Every request of the service: a login (else the login page, or 401 for the API), and on every POST the
    session's CSRF token, from the form field `csrf_token` or the `X-CSRF-Token` header. No-op in single-user mode."""
    state = request.app.state.cascade
    if not state.settings.service:
        return
    path = request.url.path
    if request.method == "POST":
        sent = request.headers.get("x-csrf-token")
        if sent is None:
            form = await request.form()  # already parsed by FastAPI for the endpoint: cached, not read twice
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else None
        expected = request.session.get("csrf")
        if not expected or not sent or not hmac.compare_digest(sent, expected):
            raise WebError(403, CSRF_BAD)
    if path.startswith(OPEN_PATHS):
        CURRENT.set({"user": None, "csrf": csrf_token(request)})
        return
    user = current_user(request)
    if user is None:
        if wants_html(path, request.headers.get("accept", "")):
            raise WebError(303, LOGIN_NEEDED, headers={"Location": "/login"})
        raise WebError(401, LOGIN_NEEDED)
    CURRENT.set({"user": user.username, "role": user.role, "csrf": csrf_token(request),
                 "agency": user.agency.name if user.agency else None})


def require_role(user: User | None, *roles: str) -> User:
    """The user, when their role is one of `roles`; else 403."""
    if user is None or user.role not in roles:
        raise WebError(403, FORBIDDEN)
    return user
