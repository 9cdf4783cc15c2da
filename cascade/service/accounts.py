"""Accounts: argon2 password hashes, users and agencies, the audit log."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cascade.service.models import ROLES, Agency, AuditLog, User

_hasher = PasswordHasher()  # argon2id with the library's current parameters (64 MiB of memory per check)
# at most two checks at once: fifty logins together would otherwise take 64 MiB each at the same moment
_CHECKS = threading.BoundedSemaphore(2)
# verified against when the user does not exist, so a login takes as long either way (no user enumeration)
_DUMMY = _hasher.hash("không có tài khoản này")


def hash_password(password: str) -> str:
    """The argon2id hash of `password`."""
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Whether `password` is `user`'s (False for no user or an inactive one, after the same work)."""
    try:
        with _CHECKS:
            _hasher.verify(user.password_hash if user is not None else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None and user.active


def agency_named(session: Session, name: str, level: str | None = None) -> Agency:
    """The agency of that name, created when new."""
    agency = session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        agency = Agency(name=name, level=level)
        session.add(agency)
        session.flush()
    return agency


MIN_PASSWORD = 8


def check_new_password(password: str) -> None:
    """ValueError (in Vietnamese) when a new password is too short."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"mật khẩu quá ngắn (ít nhất {MIN_PASSWORD} ký tự)")


def check_role(role: str, agency: str | None) -> None:
    """ValueError (in Vietnamese) for an unknown role, or an agency user without an agency."""
    if role not in ROLES:
        raise ValueError("vai trò phải là một trong: " + ", ".join(ROLES))
    if role == "agency" and not agency:
        raise ValueError("tài khoản của cơ quan (agency) cần tên cơ quan")


def create_user(session: Session, username: str, password: str, role: str, agency: str | None = None,
                level: str | None = None, actor: int | None = None) -> User:
    """A new account; an agency user needs its agency (created when new). `actor` is the admin who made it (the
    log names the new user itself when the account comes from the command line)."""
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise ValueError("tên đăng nhập phải có 1–100 ký tự, không có khoảng trắng")
    check_role(role, agency)
    check_new_password(password)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"tên đăng nhập “{username}” đã có")
    user = User(username=username, password_hash=hash_password(password), role=role,
                agency_id=agency_named(session, agency, level).id if agency else None)
    session.add(user)
    session.flush()
    log(session, actor if actor is not None else user.id, "create-user", username,
        role + (f" – {agency}" if agency else ""))
    return user


def log(session: Session, user_id: int | None, action: str, target: str | None = None,
        detail: str | None = None) -> None:
    """Add a line to the audit log (committed with the session)."""
    session.add(AuditLog(user_id=user_id, action=action, target=target, detail=detail))
