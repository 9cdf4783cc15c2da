"""The admin pages of the province service: users (create, disable, reset a password, change role or agency),
agencies, the library of parent plans and the audit log (paged, filtered). Admins only: an agency user gets 404 (it
does not learn the pages exist), a reviewer 403. Every change is written to the audit log with the admin's id."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from cascade.service.accounts import agency_named, check_new_password, check_role, create_user, hash_password, log
from cascade.service.models import Agency, AuditLog, ParentPlan, Submission, User, Version
from cascade.web.auth import FORBIDDEN, current_user
from cascade.web.errors import WebError
from cascade.web.pages import render
from cascade.web.service import LEVELS, add_parent, clean_options
from cascade.web.state import AppState, get_state

router = APIRouter(prefix="/quan-tri", include_in_schema=False)
NOT_FOUND = "Không tìm thấy trang hoặc tài liệu này (có thể liên kết đã hết hạn)."
ROLE_LABELS = {"agency": "Cán bộ cơ quan", "reviewer": "Cán bộ Sở Nội vụ", "admin": "Quản trị"}
PAGE_SIZE = 50
# what the audit log's actions mean, for the filter and the table
ACTIONS = {"login": "Đăng nhập", "login-failed": "Đăng nhập sai", "upload": "Nộp dự thảo", "self-check": "Tự kiểm tra",
           "decision": "Quyết định về nhận xét", "status": "Đổi trạng thái hồ sơ", "create-user": "Tạo tài khoản",
           "disable-user": "Khoá tài khoản", "enable-user": "Mở khoá tài khoản", "reset-password": "Đặt lại mật khẩu",
           "change-role": "Đổi vai trò/cơ quan", "create-agency": "Thêm cơ quan", "update-agency": "Sửa cơ quan",
           "library-add": "Thêm kế hoạch cấp trên", "library-remove": "Xoá kế hoạch cấp trên",
           "dashboard-rebuild": "Dựng lại bảng tổng hợp"}


def _admin(request: Request) -> User:
    user = current_user(request)
    if user is None or user.role == "agency":
        raise WebError(404, NOT_FOUND)
    if user.role != "admin":
        raise WebError(403, FORBIDDEN)
    return user


def _back(request: Request, path: str, message: str | None = None, error: str | None = None) -> Response:
    """Back to the page, with what happened kept in the signed session for it (not in the URL, where a crafted
    link could make the admin page say anything)."""
    request.session["flash"] = {"message": message, "error": error}
    return RedirectResponse(path, status_code=303)


def _flash(request: Request) -> dict[str, str | None]:
    return request.session.pop("flash", None) or {"message": None, "error": None}


def _agency_id(s: Session, name: str | None) -> int | None:
    name, _ = clean_options(name, None)
    return agency_named(s, name).id if name else None


@router.get("")
async def admin_home(request: Request) -> Response:
    """The admin pages start at the users."""
    _admin(request)
    return RedirectResponse("/quan-tri/nguoi-dung", status_code=303)


# --- users ----------------------------------------------------------------------------------------------------


@router.get("/nguoi-dung", response_class=HTMLResponse)
async def users_page(request: Request, state: Annotated[AppState, Depends(get_state)]) -> str:
    """Every account with its role, agency and state; forms to create and change them."""
    me = _admin(request)
    with state.db.session() as s:
        users = [{"id": u.id, "username": u.username, "role": u.role, "role_label": ROLE_LABELS.get(u.role, u.role),
                  "agency": u.agency.name if u.agency else "", "active": u.active, "me": u.id == me.id}
                 for u in s.scalars(select(User).order_by(User.username))]
        agencies = [a.name for a in s.scalars(select(Agency).order_by(Agency.name))]
    return render("admin_users.html", users=users, agencies=agencies, roles=ROLE_LABELS, levels=LEVELS,
                  **_flash(request))


@router.post("/nguoi-dung")
async def user_create(request: Request, state: Annotated[AppState, Depends(get_state)],
                      username: Annotated[str, Form(max_length=100)], password: Annotated[str, Form(max_length=200)],
                      role: Annotated[str, Form(max_length=20)], agency: Annotated[str, Form(max_length=200)] = "",
                      level: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Create an account (argon2 hash); an agency user needs its agency (created when new)."""
    me = _admin(request)
    try:
        agency_name, level_code = clean_options(agency, level)
        with state.db.session() as s:
            create_user(s, username, password, role, agency_name if role == "agency" else None, level_code, actor=me.id)
    except (ValueError, WebError) as exc:
        return _back(request, "/quan-tri/nguoi-dung", error=f"Không tạo được tài khoản: {_text(exc)}.")
    return _back(request, "/quan-tri/nguoi-dung", f"Đã tạo tài khoản {username.strip()}.")


def _text(exc: Exception) -> str:
    return exc.message_vi.rstrip(".") if isinstance(exc, WebError) else str(exc)


def _target(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise WebError(404, "Không có tài khoản này.")
    return user


@router.post("/nguoi-dung/{user_id}/khoa")
async def user_active(user_id: int, request: Request, state: Annotated[AppState, Depends(get_state)],
                      active: Annotated[str, Form(max_length=5)]) -> Response:
    """Disable an account (its sessions stop working at the next request) or enable it again."""
    me = _admin(request)
    with state.db.session() as s:
        user = _target(s, user_id)
        if user.id == me.id:
            return _back(request, "/quan-tri/nguoi-dung", error="Không thể tự khoá tài khoản của mình.")
        user.active = active == "1"
        log(s, me.id, "enable-user" if user.active else "disable-user", user.username)
        name = user.username
    return _back(request, "/quan-tri/nguoi-dung", f"Đã {'mở khoá' if active == '1' else 'khoá'} tài khoản {name}.")


@router.post("/nguoi-dung/{user_id}/mat-khau")
async def user_password(user_id: int, request: Request, state: Annotated[AppState, Depends(get_state)],
                        password: Annotated[str, Form(max_length=200)]) -> Response:
    """Set a new password (the admin gives it to the user by another channel)."""
    me = _admin(request)
    try:
        check_new_password(password)
    except ValueError as exc:
        return _back(request, "/quan-tri/nguoi-dung", error=f"Không đặt lại được mật khẩu: {exc}.")
    with state.db.session() as s:
        user = _target(s, user_id)
        user.password_hash = hash_password(password)
        log(s, me.id, "reset-password", user.username)
        name = user.username
    return _back(request, "/quan-tri/nguoi-dung", f"Đã đặt lại mật khẩu của {name}.")


@router.post("/nguoi-dung/{user_id}/vai-tro")
async def user_role(user_id: int, request: Request, state: Annotated[AppState, Depends(get_state)],
                    role: Annotated[str, Form(max_length=20)],
                    agency: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Change an account's role and agency (an agency user must have one; the others have none)."""
    me = _admin(request)
    try:
        agency_name, _ = clean_options(agency, None)
        check_role(role, agency_name)
        with state.db.session() as s:
            user = _target(s, user_id)
            if user.id == me.id and role != "admin":
                raise ValueError("không thể tự bỏ quyền quản trị của mình")
            user.role = role
            user.agency_id = _agency_id(s, agency_name) if role == "agency" else None
            log(s, me.id, "change-role", user.username, role + (f" – {agency_name}" if role == "agency" else ""))
            name = user.username
    except (ValueError, WebError) as exc:
        return _back(request, "/quan-tri/nguoi-dung", error=f"Không đổi được vai trò: {_text(exc)}.")
    return _back(request, "/quan-tri/nguoi-dung", f"Đã đổi vai trò của {name}.")


# --- agencies -------------------------------------------------------------------------------------------------


@router.get("/co-quan", response_class=HTMLResponse)
async def agencies_page(request: Request, state: Annotated[AppState, Depends(get_state)]) -> str:
    """The agencies with their accounts and submissions."""
    _admin(request)
    with state.db.session() as s:
        users = dict(s.execute(select(User.agency_id, func.count()).group_by(User.agency_id)).all())
        subs = dict(s.execute(select(Submission.agency_id, func.count()).group_by(Submission.agency_id)).all())
        agencies = [{"id": a.id, "name": a.name, "level": a.level or "", "level_label": LEVELS.get(a.level or "", ""),
                     "users": users.get(a.id, 0), "submissions": subs.get(a.id, 0)}
                    for a in s.scalars(select(Agency).order_by(Agency.name))]
    return render("admin_agencies.html", agencies=agencies, levels=LEVELS, **_flash(request))


@router.post("/co-quan")
async def agency_create(request: Request, state: Annotated[AppState, Depends(get_state)],
                        name: Annotated[str, Form(max_length=200)],
                        level: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Add an agency."""
    me = _admin(request)
    try:
        clean, code = clean_options(name, level)
        if not clean:
            raise ValueError("cần tên cơ quan")
        with state.db.session() as s:
            if s.scalar(select(Agency).where(Agency.name == clean)) is not None:
                raise ValueError(f"cơ quan “{clean}” đã có")
            s.add(Agency(name=clean, level=code))
            log(s, me.id, "create-agency", clean, code)
    except (ValueError, WebError) as exc:
        return _back(request, "/quan-tri/co-quan", error=f"Không thêm được cơ quan: {_text(exc)}.")
    return _back(request, "/quan-tri/co-quan", f"Đã thêm cơ quan {clean}.")


@router.post("/co-quan/{agency_id}")
async def agency_update(agency_id: int, request: Request, state: Annotated[AppState, Depends(get_state)],
                        name: Annotated[str, Form(max_length=200)],
                        level: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Rename an agency or set its level (its submissions and accounts follow: they point at the agency)."""
    me = _admin(request)
    try:
        clean, code = clean_options(name, level)
        if not clean:
            raise ValueError("cần tên cơ quan")
        with state.db.session() as s:
            agency = s.get(Agency, agency_id)
            if agency is None:
                raise WebError(404, "Không có cơ quan này.")
            clash = s.scalar(select(Agency).where(Agency.name == clean, Agency.id != agency_id))
            if clash is not None:
                raise ValueError(f"cơ quan “{clean}” đã có")
            log(s, me.id, "update-agency", agency.name, f"{clean} ({code or 'không rõ cấp'})")
            agency.name, agency.level = clean, code
    except ValueError as exc:
        return _back(request, "/quan-tri/co-quan", error=f"Không sửa được cơ quan: {exc}.")
    return _back(request, "/quan-tri/co-quan", f"Đã sửa cơ quan {clean}.")


# --- library --------------------------------------------------------------------------------------------------


@router.get("/thu-vien", response_class=HTMLResponse)
async def library_page(request: Request, state: Annotated[AppState, Depends(get_state)]) -> str:
    """The parent plans: bundled ones and those uploaded to the service (who added them, how many versions use
    them); add one, or remove an uploaded one."""
    _admin(request)
    uploader = aliased(User)
    with state.db.session() as s:
        added = {p.library_id: (p, name) for p, name in s.execute(
            select(ParentPlan, uploader.username).outerjoin(uploader, ParentPlan.uploaded_by == uploader.id))}
        used = dict(s.execute(select(Version.parent_library_id, func.count()).group_by(Version.parent_library_id)).all())
    rows = []
    for e in state.library.entries():
        plan, by = added.get(e.id, (None, None))
        rows.append({"id": e.id, "label": e.label, "title": e.title or "", "year": e.year or "", "items": e.items,
                     "source": e.source_label, "removable": e.source != "bundled", "by": by or "",
                     "at": plan.created_at.strftime("%d/%m/%Y") if plan is not None else "", "used": used.get(e.id, 0)})
    return render("admin_library.html", rows=rows, **_flash(request))


@router.post("/thu-vien")
async def library_add(request: Request, state: Annotated[AppState, Depends(get_state)],
                      file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Read a parent plan in a worker and add it to the library (kept with the service's data)."""
    me = _admin(request)
    try:
        entry = await add_parent(state, file, me.id)
    except WebError as exc:
        if exc.status == 429:
            raise
        return _back(request, "/quan-tri/thu-vien", error=exc.message_vi)
    return _back(request, "/quan-tri/thu-vien", f"Đã thêm {entry.label} vào thư viện.")


@router.post("/thu-vien/{plan_id}/xoa")
async def library_remove(plan_id: str, request: Request, state: Annotated[AppState, Depends(get_state)]) -> Response:
    """Remove an uploaded parent plan (bundled plans stay); versions already audited against it keep their
    results."""
    me = _admin(request)
    entry = state.library.remove(plan_id)
    if entry is None:
        return _back(request, "/quan-tri/thu-vien", error="Không xoá được: kế hoạch có sẵn của bộ mã, hoặc không có trong thư viện.")
    with state.db.session() as s:
        for row in s.scalars(select(ParentPlan).where(ParentPlan.library_id == plan_id)):
            s.delete(row)
        log(s, me.id, "library-remove", plan_id, entry.label)
    return _back(request, "/quan-tri/thu-vien", f"Đã xoá {entry.label} khỏi thư viện.")


# --- audit log ------------------------------------------------------------------------------------------------


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise WebError(422, "Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-12-05).") from None


@router.get("/nhat-ky", response_class=HTMLResponse)
async def log_page(request: Request, state: Annotated[AppState, Depends(get_state)], user: str | None = None,
                   action: str | None = None, q: str | None = None, tu: str | None = None, den: str | None = None,
                   trang: int = 1) -> str:
    """The audit log, newest first, 50 lines a page; filtered by account, action, text of the target or detail
    and a range of days (UTC)."""
    _admin(request)
    start, end = _day(tu), _day(den)
    trang = max(1, min(trang, 100_000))
    actor = aliased(User)
    query = select(AuditLog, actor.username).outerjoin(actor, AuditLog.user_id == actor.id)
    if user:
        query = query.where(actor.username == user.strip())
    if action:
        query = query.where(AuditLog.action == action)
    if q:
        like = f"%{q.strip()}%"
        query = query.where(AuditLog.target.ilike(like) | AuditLog.detail.ilike(like))
    if start:
        query = query.where(AuditLog.at >= dt.datetime.combine(start, dt.time(), dt.UTC))
    if end:
        query = query.where(AuditLog.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC))
    with state.db.session() as s:
        total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = [{"at": (a.at.replace(tzinfo=dt.UTC) if a.at.tzinfo is None else a.at).strftime("%d/%m/%Y %H:%M:%S"),
                 "user": name or "", "action": ACTIONS.get(a.action, a.action), "target": a.target or "",
                 "detail": a.detail or ""}
                for a, name in s.execute(query.order_by(AuditLog.id.desc()).offset((trang - 1) * PAGE_SIZE)
                                         .limit(PAGE_SIZE))]
        names = list(s.scalars(select(User.username).order_by(User.username)))
    pages = max(1, -(-total // PAGE_SIZE))
    filters = {"user": user or "", "action": action or "", "q": q or "", "tu": tu or "", "den": den or ""}
    keep = {k: v for k, v in filters.items() if v}
    return render("admin_log.html", rows=rows, total=total, page=trang, pages=pages, filters=filters,
                  actions=ACTIONS, users=names,
                  prev=urlencode({**keep, "trang": trang - 1}) if trang > 1 else None,
                  next=urlencode({**keep, "trang": trang + 1}) if trang < pages else None)

