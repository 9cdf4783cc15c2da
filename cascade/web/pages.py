"""The browser pages (Vietnamese, self-contained): upload form, result with downloads, library; report files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from cascade.vocab import table
from cascade.web.auth import current_user, require_role
from cascade.web.errors import WebError
from cascade.web.headers import report_csp
from cascade.web.service import LEVELS, FormFiles, add_parent, audit_uploads, build_download, download_names
from cascade.web.state import AppState, get_state

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"
STATIC = TEMPLATES / "static"  # under templates/ so the package data glob ships it

# ext → (media type, kind of document: the start of the download's name)
DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "Báo cáo kiểm tra"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Bảng tính kiểm tra"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Thư góp ý"),
}
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@lru_cache(maxsize=1)
def _env() -> Environment:
    from cascade.web.auth import CURRENT

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",), default=True))
    env.globals["who"] = CURRENT.get  # the logged-in user and CSRF token in the shared service, else None
    return env


def render(name: str, **context: Any) -> str:
    """Render one of the app's templates (autoescaped)."""
    return _env().get_template(name).render(**context)


def render_error(message: str, status: int) -> str:
    """The error page shown to a browser."""
    return render("error.html", message=message, status=status)


def _index(state: AppState, error: str | None = None, form: dict[str, Any] | None = None) -> str:
    return render("index.html", entries=state.library.entries(), levels=LEVELS, error=error, form=form or {},
                  max_mb=state.settings.max_upload_bytes // (1024 * 1024))


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The app's stylesheet and script (its pages have no inline code: the CSP allows only these)."""
    path = STATIC / name
    if "/" in name or path.suffix not in STATIC_TYPES or not path.is_file():
        raise WebError(404, "Không tìm thấy trang hoặc tài liệu này (có thể liên kết đã hết hạn).")
    return Response(path.read_bytes(), media_type=STATIC_TYPES[path.suffix],
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/", response_class=HTMLResponse)
async def index(state: Annotated[AppState, Depends(get_state)], parent_id: str | None = None) -> str:
    """The upload form; `parent_id` pre-selects a library plan (the library page links here)."""
    return _index(state, form={"parent_id": parent_id})


@router.post("/audit")
async def audit_form(
    state: Annotated[AppState, Depends(get_state)],
    child: Annotated[UploadFile | None, File()] = None,
    parent: Annotated[UploadFile | None, File()] = None,
    parent_id: Annotated[str | None, Form(max_length=100)] = None,
    agency: Annotated[str | None, Form(max_length=200)] = None,
    level: Annotated[str | None, Form(max_length=10)] = None,
    kept: Annotated[str | None, Form(max_length=100)] = None,
    reuse_child: Annotated[str | None, Form(max_length=10)] = None,
    reuse_parent: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    """Run the audit of the form; on an error, show the form again with its fields and its files kept."""
    files = FormFiles(kept)
    reuse = tuple(role for role, flag in (("child", reuse_child), ("parent", reuse_parent)) if flag)
    try:
        # in the shared service only reviewers add to the province's library (through its page)
        outcome = await audit_uploads(state, child, parent, parent_id, agency, level,
                                      keep_parent=not state.settings.service, form=files, reuse=reuse)
    except WebError as exc:
        form = {"parent_id": parent_id, "agency": agency, "level": level, "kept": files.token, "files": files.names}
        return HTMLResponse(_index(state, exc.message_vi, form), status_code=exc.status, headers=exc.headers)
    token = state.reports.put(outcome.audit)
    return RedirectResponse(f"/result/{token}", status_code=303)


def _audit(state: AppState, token: str) -> dict[str, Any]:
    audit = state.reports.get(token)
    if audit is None:
        raise WebError(404, "Kết quả kiểm tra này không còn (liên kết đã hết hạn); hãy kiểm tra lại dự thảo.")
    return audit


@router.get("/result/{token}", response_class=HTMLResponse)
async def result(token: str, state: Annotated[AppState, Depends(get_state)]) -> str:
    """The result page: verdict, counts, downloads and the report in a frame."""
    from cascade.report.labels import labels

    audit = _audit(state, token)
    names = {ext: download_names(audit, kind, ext)[1] for ext, (_, kind) in DOWNLOADS.items()}
    return render("result.html", token=token, audit=audit, summary=audit.get("summary", {}),
                  severities=labels().get("severities", {}), names=names)


@router.get("/report/{token}.{ext}")
async def report_file(token: str, ext: str, state: Annotated[AppState, Depends(get_state)],
                      download: bool = False) -> Response:
    """The report (inline, or as a download), the workbook or the letter of a finished audit."""
    if ext not in DOWNLOADS:
        raise WebError(404, "Không có loại tệp này; chỉ có báo cáo (.html), bảng tính (.xlsx) và thư góp ý (.docx).")
    audit = _audit(state, token)
    body = await build_download(state, audit, ext)
    media, kind = DOWNLOADS[ext]
    plain, vietnamese = download_names(audit, kind, ext)
    inline = ext == "html" and not download
    headers = {"Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{plain}"; '
                                      f"filename*=UTF-8''{quote(vietnamese)}"}
    if ext == "html":
        # the result page frames the report: allow this site only, and exactly the report's own scripts
        headers["Content-Security-Policy"] = report_csp(body.decode("utf-8", "replace"))
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return Response(body, media_type=media, headers=headers)


@router.get("/library", response_class=HTMLResponse)
async def library(state: Annotated[AppState, Depends(get_state)]) -> str:
    """The library page: every parent plan, and a form to add one."""
    return render("library.html", entries=state.library.entries(), saved=state.settings.library_dir is not None,
                  draft_levels=DRAFT_LEVELS)


DRAFT_LEVELS = table("level_choices")


@router.get("/library/{plan_id}/draft")
async def library_draft(plan_id: str, state: Annotated[AppState, Depends(get_state)], agency: str = "",
                        level: str = "", format: str = "docx") -> Response:  # noqa: A002 — the query's own name
    """"Tải khung kế hoạch": an agency's plan skeleton from this parent (cascade draft), as a download."""
    import asyncio

    from cascade.agencies import agency_level
    from cascade.draft import FORMATS, MEDIA_TYPES, build_draft, render

    found = state.library.get(plan_id)
    if found is None:
        raise WebError(404, "Không có kế hoạch này trong thư viện.")
    entry, parent = found
    agency = " ".join(agency.split())[:200]
    if not agency:
        raise WebError(422, "Hãy ghi tên cơ quan lập kế hoạch (ví dụ “Sở Tư pháp”, “UBND huyện Phù Cát”).")
    level = level if level in DRAFT_LEVELS else (agency_level(agency) or "")
    if level not in DRAFT_LEVELS:
        raise WebError(422, f"Không xác định được cấp của “{agency}”; hãy chọn cấp: sở, huyện, phòng hoặc xã.")
    if format not in FORMATS:
        raise WebError(422, "Định dạng khung kế hoạch phải là docx, txt hoặc json.")
    # Building the Word file takes a fraction of a second: a thread keeps the server answering meanwhile.
    body = await asyncio.to_thread(lambda: render(build_draft(parent, agency, level), format))
    year = parent.year or entry.year
    name = f"Khung kế hoạch CCHC {year or ''} - {agency}".replace("  ", " ")
    plain = f"khung-ke-hoach-cchc-{year or 'nam'}-{_ascii_name(agency)}.{format}"
    return Response(body, media_type=MEDIA_TYPES[format], headers={
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name + '.' + format)}"})


def _ascii_name(text: str) -> str:
    from cascade.text import slug

    return slug(text, 60) or "co-quan"


@router.post("/library")
async def library_add(request: Request, state: Annotated[AppState, Depends(get_state)],
                      file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Add an uploaded parent plan to the library (in the shared service: reviewers and admins only)."""
    user = require_role(current_user(request), "reviewer", "admin") if state.settings.service else None
    try:
        await add_parent(state, file, user.id if user is not None else None)
    except WebError as exc:
        page = render("library.html", entries=state.library.entries(), saved=state.settings.library_dir is not None,
                      error=exc.message_vi, draft_levels=DRAFT_LEVELS)
        return HTMLResponse(page, status_code=exc.status, headers=exc.headers)
    return RedirectResponse("/library", status_code=303)
