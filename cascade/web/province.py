"""The province service's pages and API (only with `--data-dir`, `--db` or `--multi-user`): login, submissions by
agency with their versions, what changed between versions, the reviewer's decisions, status and letter.

Who sees what: an agency user only its own agency's submissions (any other id answers 404, as an unknown one
does, so ids cannot be probed); a reviewer of the Sở Nội vụ and an admin all of them; only they decide on
findings and change a status."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cascade.service.accounts import agency_named, check_password, log
from cascade.service.models import JOB_STATES, STATUSES, Agency, Decision, Submission, User, Version, utcnow
from cascade.service.workflow import SEVERITIES, VERDICTS, diff, finding_key, letter_audit, notable
from cascade.web.auth import current_user, require_role
from cascade.web.errors import WebError
from cascade.web.pages import DOWNLOADS, render
from cascade.web.service import CHILD_FALLBACK, LEVELS, build_download, clean_options, download_names, is_file
from cascade.web.state import AppState, get_state
from cascade.web.uploads import save_upload

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dịch vụ"])
NOT_FOUND = "Không tìm thấy hồ sơ này (hoặc bạn không có quyền xem)."
REVIEWERS = ("reviewer", "admin")


def _user(request: Request) -> User:
    user = current_user(request)
    if user is None:  # the guard lets no anonymous request through; this is for type checkers and safety
        raise WebError(401, "Cần đăng nhập để dùng dịch vụ.")
    return user


def _visible(query: Any, user: User) -> Any:
    """Restrict a submissions query to what `user` may see."""
    return query if user.role in REVIEWERS else query.where(Submission.agency_id == user.agency_id)


def _submission(s: Session, user: User, public_id: str) -> Submission:
    sub = s.scalar(_visible(select(Submission).where(Submission.public_id == public_id), user))
    if sub is None:
        raise WebError(404, NOT_FOUND)
    return sub


def _version(sub: Submission, number: int) -> Version:
    version = next((v for v in sub.versions if v.number == number), None)
    if version is None:
        raise WebError(404, NOT_FOUND)
    return version


# --- login ----------------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request) -> str:
    """The login form."""
    return render("login.html")


@router.post("/login")
async def login(request: Request, state: Annotated[AppState, Depends(get_state)],
                username: Annotated[str, Form(max_length=100)] = "",
                password: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Check the password (argon2); at most `login_attempts` failures per user name and per address in the window."""
    keys = ("u:" + username.strip().lower(), "ip:" + (request.client.host if request.client else "?"))
    wait = state.limiter.retry_after(*keys)
    if wait:
        raise WebError(429, f"Đăng nhập sai quá nhiều lần; hãy thử lại sau {wait} giây.",
                       headers={"Retry-After": str(wait)})
    with state.db.session() as s:
        user = s.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    # argon2 takes tens of milliseconds of CPU on purpose: off the event loop, so other requests go on (and with
    # no database connection held across the wait: 50 logins at once would empty the pool and stall the loop)
    ok = await asyncio.to_thread(check_password, user, password)
    with state.db.session() as s:
        log(s, user.id if user else None, "login" if ok else "login-failed", username.strip()[:100])
    if not ok or user is None:
        state.limiter.failed(*keys)
        return HTMLResponse(render("login.html", error="Sai tên đăng nhập hoặc mật khẩu."), status_code=401)
    state.limiter.succeeded(username.strip().lower())
    request.session.clear()  # a new session at login: a token planted before it is worthless
    request.session.update({"uid": user.id, "csrf": secrets.token_urlsafe(32)})
    return RedirectResponse("/ho-so", status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# --- submissions ----------------------------------------------------------------------------------------------


def _rows(s: Session, user: User, agency: str | None, status: str | None, verdict: str | None) -> list[dict]:
    query = _visible(select(Submission).join(Agency), user).order_by(Submission.updated_at.desc())
    if agency:
        query = query.where(Agency.name == agency)
    if status:
        query = query.where(Submission.status == status)
    rows = []
    for sub in s.scalars(query.limit(1000)):
        last = sub.versions[-1] if sub.versions else None
        if verdict and (last is None or last.verdict != verdict):
            continue
        rows.append({"id": sub.public_id, "title": sub.title, "agency": sub.agency.name, "status": sub.status,
                     "status_label": STATUSES.get(sub.status, sub.status), "versions": len(sub.versions),
                     "state": last.state if last else None, "state_label": JOB_STATES.get(last.state, "") if last else "",
                     "verdict": last.verdict if last else None,
                     "verdict_label": VERDICTS.get(last.verdict or "", "") if last else "",
                     "updated": sub.updated_at.strftime("%d/%m/%Y %H:%M") if sub.updated_at else ""})
    return rows


@router.get("/ho-so", response_class=HTMLResponse)
async def submissions(request: Request, state: Annotated[AppState, Depends(get_state)], agency: str | None = None,
                      status: str | None = None, verdict: str | None = None) -> str:
    """The submissions list: an agency's own; for a reviewer every agency's, filtered by agency, status, verdict."""
    user = _user(request)
    with state.db.session() as s:
        rows = _rows(s, user, agency, status, verdict)
        agencies = [a.name for a in s.scalars(select(Agency).order_by(Agency.name))] if user.role in REVIEWERS else []
    return render("submissions.html", rows=rows, agencies=agencies, statuses=STATUSES, verdicts=VERDICTS,
                  filters={"agency": agency, "status": status, "verdict": verdict}, reviewer=user.role in REVIEWERS,
                  entries=state.library.entries(), levels=LEVELS)


async def _new_version(state: AppState, user: User, sub_id: str | None, child: Any, parent_id: str | None,
                       title: str | None, agency: str | None, level: str | None) -> tuple[str, int]:
    """Store an upload as a new version (queued for its audit); a new submission when `sub_id` is None."""
    if not is_file(child):
        raise WebError(422, "Chưa chọn tệp dự thảo kế hoạch (.docx, .pdf hoặc .txt).")
    agency, level = clean_options(agency, level)
    if parent_id and state.library.get(parent_id) is None:
        raise WebError(404, "Không tìm thấy kế hoạch cấp trên đã chọn trong thư viện.")
    with state.db.session() as s:
        queued = s.scalar(select(func.count()).select_from(Version).where(Version.state == "queued")) or 0
    if queued >= state.settings.max_queued:
        raise WebError(429, "Hàng đợi kiểm tra đang đầy; hãy thử lại sau ít phút.", headers={"Retry-After": "60"})
    folder = state.uploads.new_request()
    try:
        path = await save_upload(child, folder, state.settings.max_upload_bytes, CHILD_FALLBACK)
        data, name = path.read_bytes(), path.name
    finally:
        state.uploads.discard(folder)
    sha = state.db.put_file(data)
    with state.db.session() as s:
        if sub_id is None:
            if user.role in REVIEWERS:
                if not agency:
                    raise WebError(422, "Hãy ghi tên cơ quan lập kế hoạch.")
                owner = agency_named(s, agency, level)
            else:
                owner = s.get(Agency, user.agency_id)
            if owner is None:
                raise WebError(403, "Tài khoản chưa gắn với cơ quan nào; hãy liên hệ quản trị.")
            sub = Submission(public_id=secrets.token_urlsafe(12), agency_id=owner.id,
                             title=(title or "").strip()[:300] or name, parent_library_id=parent_id or None,
                             created_by=user.id)
            s.add(sub)
            s.flush()
            number = 1
        else:
            sub = _submission(s, user, sub_id)
            if user.role == "agency" and sub.agency_id != user.agency_id:
                raise WebError(404, "Không tìm thấy hồ sơ này (hoặc bạn không có quyền xem).")
            number = (max((v.number for v in sub.versions), default=0)) + 1
            sub.status = "du_thao"  # a new draft is a draft again until reviewed
        sub.updated_at = utcnow()
        s.add(Version(submission_id=sub.id, number=number, file_name=name, file_sha256=sha,
                      parent_library_id=parent_id or sub.parent_library_id,
                      agency_name=agency or (sub.agency.name if sub.agency else None), level=level,
                      uploaded_by=user.id))
        log(s, user.id, "upload", sub.public_id, f"version {number}: {name}")
        public_id = sub.public_id
    state.runner.poke()
    return public_id, number


async def store_self_check(state: AppState, user: User | None, child: Any, outcome: Any, parent_id: str | None,
                           agency: str | None, level: str | None) -> str | None:
    """Keep a finished `/api/audit` of the shared service as a new submission (one audited version) of the user's
    agency — of the agency named in the form for a reviewer or admin, who have none; None when not stored."""
    if user is None or not is_file(child):
        return None
    agency, level = clean_options(agency, level)
    if user.role == "agency" and user.agency_id is None:
        return None
    if user.role in REVIEWERS and not agency:
        return None
    await child.seek(0)  # the upload is still open: its bytes were checked against the size limit already
    data = await child.read(state.settings.max_upload_bytes + 1)
    audit = outcome.audit
    name = str((audit.get("child") or {}).get("path") or child.filename or CHILD_FALLBACK)[:255]
    sha = state.db.put_file(data)
    used_parent = parent_id or (outcome.suggested.id if outcome.suggested is not None else None)
    with state.db.session() as s:
        owner = s.get(Agency, user.agency_id) if user.role == "agency" else agency_named(s, agency, level)
        sub = Submission(public_id=secrets.token_urlsafe(12), agency_id=owner.id, title=f"Tự kiểm tra: {name}"[:300],
                         parent_library_id=used_parent, created_by=user.id)
        s.add(sub)
        s.flush()
        version = Version(submission_id=sub.id, number=1, file_name=name, file_sha256=sha,
                          parent_library_id=used_parent, agency_name=owner.name, level=level, state="done",
                          audit=audit, verdict=(audit.get("summary") or {}).get("verdict"), uploaded_by=user.id,
                          finished_at=utcnow())
        s.add(version)
        s.flush()
        log(s, user.id, "self-check", sub.public_id, name)
        public_id, created = sub.public_id, version.created_at
    if state.dashboards is not None:
        state.dashboards.version_done(used_parent, created)
    return public_id


@router.post("/ho-so")
async def create_submission(request: Request, state: Annotated[AppState, Depends(get_state)],
                            child: Annotated[UploadFile | None, File()] = None,
                            parent_id: Annotated[str | None, Form(max_length=100)] = None,
                            title: Annotated[str | None, Form(max_length=300)] = None,
                            agency: Annotated[str | None, Form(max_length=200)] = None,
                            level: Annotated[str | None, Form(max_length=10)] = None) -> Response:
    """A new submission with its first version."""
    pid, number = await _new_version(state, _user(request), None, child, parent_id, title, agency, level)
    return RedirectResponse(f"/ho-so/{pid}/v/{number}", status_code=303)


@router.post("/ho-so/{pid}/phien-ban")
async def add_version(pid: str, request: Request, state: Annotated[AppState, Depends(get_state)],
                      child: Annotated[UploadFile | None, File()] = None,
                      parent_id: Annotated[str | None, Form(max_length=100)] = None) -> Response:
    """Upload a new version of a submission."""
    pid, number = await _new_version(state, _user(request), pid, child, parent_id, None, None, None)
    return RedirectResponse(f"/ho-so/{pid}/v/{number}", status_code=303)


@router.get("/ho-so/{pid}")
async def submission(pid: str, request: Request, state: Annotated[AppState, Depends(get_state)]) -> Response:
    """A submission opens on its latest version."""
    with state.db.session() as s:
        sub = _submission(s, _user(request), pid)
        number = sub.versions[-1].number if sub.versions else 1
    return RedirectResponse(f"/ho-so/{pid}/v/{number}", status_code=303)


def _decisions(s: Session, version: Version) -> dict[str, Decision]:
    return {d.finding_key: d for d in s.scalars(select(Decision).where(Decision.version_id == version.id))}


@router.get("/ho-so/{pid}/v/{number}", response_class=HTMLResponse)
async def version_page(pid: str, number: int, request: Request,
                       state: Annotated[AppState, Depends(get_state)]) -> str:
    """One version: its state, verdict, findings with the reviewer's decisions, and what changed since the last."""
    user = _user(request)
    with state.db.session() as s:
        sub = _submission(s, user, pid)
        version = _version(sub, number)
        previous = next((v for v in reversed(sub.versions) if v.number < number and v.state == "done"), None)
        decided = _decisions(s, version)
        changes = diff(previous.audit, version.audit) if previous is not None and version.state == "done" else None
        findings = [{**f, "key": finding_key(f), "decision": decided.get(finding_key(f))}
                    for f in notable(version.audit)]
        summary = (version.audit or {}).get("summary") or {}
        return render("version.html", sub=sub, version=version, versions=sub.versions, previous=previous,
                      changes=changes, findings=findings, summary=summary, statuses=STATUSES,
                      states=JOB_STATES, verdicts=VERDICTS, severities=SEVERITIES,
                      reviewer=user.role in REVIEWERS, entries=state.library.entries())


@router.post("/ho-so/{pid}/v/{number}/quyet-dinh")
async def decide(pid: str, number: int, request: Request, state: Annotated[AppState, Depends(get_state)],
                 key: Annotated[str, Form(max_length=500)], decision: Annotated[str, Form(max_length=10)],
                 comment: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """A reviewer accepts or dismisses one finding, with a comment."""
    user = _user(request)
    with state.db.session() as s:
        sub = _submission(s, user, pid)
        require_role(user, *REVIEWERS)
        if decision not in ("accept", "dismiss"):
            raise WebError(422, "Quyết định không hợp lệ: chọn giữ hoặc bỏ.")
        version = _version(sub, number)
        if key not in {finding_key(f) for f in notable(version.audit)}:
            raise WebError(404, "Không có nhận xét này trong phiên bản.")
        row = _decisions(s, version).get(key)
        if row is None:
            s.add(Decision(version_id=version.id, finding_key=key, decision=decision, comment=comment.strip(),
                           user_id=user.id))
        else:
            row.decision, row.comment, row.user_id = decision, comment.strip(), user.id
        log(s, user.id, "decision", pid, f"v{number} {decision} {key}")
    return RedirectResponse(f"/ho-so/{pid}/v/{number}#nhan-xet", status_code=303)


@router.post("/ho-so/{pid}/trang-thai")
async def set_status(pid: str, request: Request, state: Annotated[AppState, Depends(get_state)],
                     status: Annotated[str, Form(max_length=20)]) -> Response:
    """A reviewer moves a submission along: dự thảo → đã góp ý → đạt."""
    user = _user(request)
    with state.db.session() as s:
        sub = _submission(s, user, pid)
        require_role(user, *REVIEWERS)
        if status not in STATUSES:
            raise WebError(422, "Trạng thái không hợp lệ.")
        sub.status, sub.updated_at = status, utcnow()
        log(s, user.id, "status", pid, status)
        number = sub.versions[-1].number if sub.versions else 1
    return RedirectResponse(f"/ho-so/{pid}/v/{number}", status_code=303)


FILES = {"bao-cao.html": "html", "bang-tinh.xlsx": "xlsx", "thu-gop-y.docx": "docx"}


@router.get("/ho-so/{pid}/v/{number}/tep")
async def original(pid: str, number: int, request: Request, state: Annotated[AppState, Depends(get_state)]) -> Response:
    """The uploaded draft itself."""
    with state.db.session() as s:
        version = _version(_submission(s, _user(request), pid), number)
        name, sha = version.file_name, version.file_sha256
    return Response(state.db.read_file(sha), media_type="application/octet-stream",
                     headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


@router.get("/ho-so/{pid}/v/{number}/{name}")
async def version_file(pid: str, number: int, name: str, request: Request,
                       state: Annotated[AppState, Depends(get_state)]) -> Response:
    """The report (stored at audit time), the workbook, or the letter written from the reviewer's decisions."""
    from cascade.web.headers import report_csp

    ext = FILES.get(name)
    if ext is None:
        raise WebError(404, NOT_FOUND)
    with state.db.session() as s:
        version = _version(_submission(s, _user(request), pid), number)
        if version.state != "done" or version.audit is None:
            raise WebError(404, "Phiên bản này chưa kiểm tra xong.")
        audit, report = version.audit, version.report_sha256
        decisions = {k: d.decision for k, d in _decisions(s, version).items()}
    if ext == "html" and report:
        body = state.db.read_file(report)
    else:
        body = await build_download(state, letter_audit(audit, decisions) if ext == "docx" else audit, ext)
    media, kind = DOWNLOADS[ext]
    plain, vietnamese = download_names(audit, kind, ext, dt.date.today())
    inline = ext == "html" and "download" not in request.query_params
    headers = {"Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{plain}"; '
                                      f"filename*=UTF-8''{quote(vietnamese)}"}
    if ext == "html":
        headers["Content-Security-Policy"] = report_csp(body.decode("utf-8", "replace"))
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return Response(body, media_type=media, headers=headers)


# --- JSON API (the load benchmark and scripts) ----------------------------------------------------------------


def _version_json(v: Version) -> dict[str, Any]:
    return {"number": v.number, "state": v.state, "verdict": v.verdict, "error": v.error, "file": v.file_name}


@api.get("/submissions", summary="Hồ sơ mà tài khoản được xem")
async def api_submissions(request: Request, state: Annotated[AppState, Depends(get_state)],
                          agency: str | None = None, status: str | None = None,
                          verdict: str | None = None) -> list[dict[str, Any]]:
    """Submissions visible to the logged-in user."""
    with state.db.session() as s:
        return _rows(s, _user(request), agency, status, verdict)


@api.get("/submissions/{pid}", summary="Một hồ sơ và các phiên bản")
async def api_submission(pid: str, request: Request, state: Annotated[AppState, Depends(get_state)]) -> dict[str, Any]:
    """A submission with its versions' audit states (poll until `done` or `failed`)."""
    with state.db.session() as s:
        sub = _submission(s, _user(request), pid)
        return {"id": sub.public_id, "title": sub.title, "agency": sub.agency.name, "status": sub.status,
                "versions": [_version_json(v) for v in sub.versions]}


@api.post("/submissions", status_code=202, summary="Nộp dự thảo (phiên bản 1 của một hồ sơ mới)")
async def api_create(request: Request, state: Annotated[AppState, Depends(get_state)],
                     child: Annotated[UploadFile, File()], parent_id: Annotated[str | None, Form(max_length=100)] = None,
                     title: Annotated[str | None, Form(max_length=300)] = None,
                     agency: Annotated[str | None, Form(max_length=200)] = None,
                     level: Annotated[str | None, Form(max_length=10)] = None) -> dict[str, Any]:
    """Queue a new submission's first version for its audit."""
    pid, number = await _new_version(state, _user(request), None, child, parent_id, title, agency, level)
    return {"id": pid, "version": number, "state": "queued"}


@api.post("/submissions/{pid}/versions", status_code=202, summary="Nộp phiên bản mới")
async def api_add_version(pid: str, request: Request, state: Annotated[AppState, Depends(get_state)],
                          child: Annotated[UploadFile, File()],
                          parent_id: Annotated[str | None, Form(max_length=100)] = None) -> dict[str, Any]:
    """Queue a new version of a submission."""
    pid, number = await _new_version(state, _user(request), pid, child, parent_id, None, None, None)
    return {"id": pid, "version": number, "state": "queued"}
