"""The browser pages (Vietnamese, self-contained): upload form, result with downloads, library; report files."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from cascade.errors import CascadeError
from cascade.web.errors import CODE_STATUS, WebError
from cascade.web.service import LEVELS, add_parent, audit_uploads, run_limited
from cascade.web.state import AppState, get_state

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"

# ext → (media type, download name)
DOWNLOADS = {
    "html": ("text/html; charset=utf-8", "bao-cao-kiem-tra.html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "bang-tinh-kiem-tra.xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "thu-gop-y.docx"),
}


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",), default=True))


def render(name: str, **context: Any) -> str:
    """Render one of the app's templates (autoescaped)."""
    return _env().get_template(name).render(**context)


def render_error(message: str, status: int) -> str:
    """The error page shown to a browser."""
    return render("error.html", message=message, status=status)


def _index(state: AppState, error: str | None = None, form: dict[str, Any] | None = None) -> str:
    return render("index.html", entries=state.library.entries(), levels=LEVELS, error=error, form=form or {},
                  max_mb=state.settings.max_upload_bytes // (1024 * 1024))


@router.get("/", response_class=HTMLResponse)
async def index(state: Annotated[AppState, Depends(get_state)], parent_id: str | None = None) -> str:
    return _index(state, form={"parent_id": parent_id})


@router.post("/audit")
async def audit_form(
    state: Annotated[AppState, Depends(get_state)],
    child: Annotated[UploadFile | None, File()] = None,
    parent: Annotated[UploadFile | None, File()] = None,
    parent_id: Annotated[str | None, Form(max_length=100)] = None,
    agency: Annotated[str | None, Form(max_length=200)] = None,
    level: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    form = {"parent_id": parent_id, "agency": agency, "level": level}
    try:
        outcome = await audit_uploads(state.settings, state.library, child, parent, parent_id, agency, level,
                                      keep_parent=True)
    except WebError as exc:
        return HTMLResponse(_index(state, exc.message_vi, form), status_code=exc.status)
    except CascadeError as exc:
        return HTMLResponse(_index(state, exc.message_vi, form), status_code=CODE_STATUS.get(exc.code, 422))
    token = state.reports.put(outcome.audit)
    return RedirectResponse(f"/result/{token}", status_code=303)


def _audit(state: AppState, token: str) -> dict[str, Any]:
    audit = state.reports.get(token)
    if audit is None:
        raise WebError(404, "Kết quả kiểm tra này không còn (liên kết đã hết hạn); hãy kiểm tra lại dự thảo.")
    return audit


@router.get("/result/{token}", response_class=HTMLResponse)
async def result(token: str, state: Annotated[AppState, Depends(get_state)]) -> str:
    from cascade.report.labels import labels

    audit = _audit(state, token)
    return render("result.html", token=token, audit=audit, summary=audit.get("summary", {}),
                  severities=labels().get("severities", {}))


def _build(audit: dict[str, Any], ext: str) -> bytes:
    from cascade import report

    if ext == "html":
        return report.render_html(audit).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="cascade-web-") as tmp:
        path = Path(tmp) / DOWNLOADS[ext][1]
        (report.write_xlsx if ext == "xlsx" else report.write_letter)(audit, path)
        return path.read_bytes()


@router.get("/report/{token}.{ext}")
async def report_file(token: str, ext: str, state: Annotated[AppState, Depends(get_state)],
                      download: bool = False) -> Response:
    if ext not in DOWNLOADS:
        raise WebError(404, "Không có loại tệp này; chỉ có báo cáo (.html), bảng tính (.xlsx) và thư góp ý (.docx).")
    audit = _audit(state, token)
    body = await run_limited(state.settings, lambda: _build(audit, ext))
    media, name = DOWNLOADS[ext]
    inline = ext == "html" and not download
    headers = {"Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


@router.get("/library", response_class=HTMLResponse)
async def library(state: Annotated[AppState, Depends(get_state)]) -> str:
    return render("library.html", entries=state.library.entries(), saved=state.settings.library_dir is not None)


@router.post("/library")
async def library_add(state: Annotated[AppState, Depends(get_state)],
                      file: Annotated[UploadFile | None, File()] = None) -> Response:
    try:
        await add_parent(state.settings, state.library, file)
    except (WebError, CascadeError) as exc:
        status = exc.status if isinstance(exc, WebError) else CODE_STATUS.get(exc.code, 422)
        page = render("library.html", entries=state.library.entries(), saved=state.settings.library_dir is not None,
                      error=exc.message_vi)
        return HTMLResponse(page, status_code=status)
    return RedirectResponse("/library", status_code=303)
