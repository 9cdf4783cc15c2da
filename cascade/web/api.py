"""The JSON API: `POST /api/audit` (two files → cascade-audit/1), the parent library, and errors as {"error": …}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from pydantic import BaseModel

from cascade.web.auth import current_user, require_role
from cascade.web.service import add_parent, audit_uploads, suggest_parent
from cascade.web.state import AppState, get_state

router = APIRouter(prefix="/api", tags=["api"])


class ErrorBody(BaseModel):
    """Every refusal: a Vietnamese message for the user."""

    error: str


class LibraryEntry(BaseModel):
    """A parent plan the audit can be run against (pass its `id` as `parent_id`)."""

    id: str
    source: str
    name: str
    label: str
    number: str | None = None
    agency: str | None = None
    level: str | None = None
    year: int | None = None
    title: str | None = None
    items: int


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in {
        400: "Yêu cầu không đọc được", 404: "Không tìm thấy kế hoạch cấp trên", 413: "Tệp quá lớn",
        422: "Tệp không đọc được, không phải kế hoạch, quá thời gian xử lý, hoặc thiếu trường",
        429: "Máy chủ đang bận; thử lại sau số giây ở tiêu đề Retry-After",
    }.items()
}


class ParentSuggestion(BaseModel):
    """The library plan an uploaded draft cites, if any."""

    parent_id: str | None = None
    label: str | None = None
    cited: list[str] = []


@router.post(
    "/audit", responses={200: {"description": "Kết quả kiểm tra theo hợp đồng cascade-audit/1"}, **ERRORS},
    summary="Kiểm tra dự thảo kế hoạch cấp dưới so với kế hoạch cấp trên",
)
async def api_audit(
    request: Request,
    response: Response,
    state: Annotated[AppState, Depends(get_state)],
    child: Annotated[UploadFile, File(description="Dự thảo kế hoạch cấp dưới (.docx, .pdf, .txt)")],
    parent: Annotated[UploadFile | None, File(description="Kế hoạch cấp trên (.docx, .pdf, .txt)")] = None,
    parent_id: Annotated[str | None, Form(max_length=100, description="Mã kế hoạch cấp trên trong thư viện")] = None,
    agency: Annotated[str | None, Form(max_length=200, description="Tên cơ quan lập kế hoạch cấp dưới")] = None,
    level: Annotated[str | None, Form(max_length=10, description="Cấp: so, huyen, phong, xa")] = None,
) -> dict[str, Any]:
    """Audit `child` against `parent` (a file), `parent_id` (from `GET /api/library`) or, with neither, the library
    plan the draft cites; the body is the `cascade-audit/1` object, with file names where the plans' paths were.
    Uploads are deleted after the request; nothing is kept — except in the shared service, where the draft and its
    result are stored as a new submission of the user's agency (a reviewer's or admin's only when `agency` is
    given), named in the `X-Cascade-Submission` header."""
    outcome = await audit_uploads(state, child, parent, parent_id, agency, level, keep_parent=False)
    if state.settings.service:
        from cascade.web.province import store_self_check

        pid = await store_self_check(state, current_user(request), child, outcome, parent_id, agency, level)
        if pid is not None:
            response.headers["X-Cascade-Submission"] = pid
            response.headers["Location"] = f"/ho-so/{pid}"
    return outcome.audit


@router.post("/parent-suggestion", response_model=ParentSuggestion, responses=ERRORS,
             summary="Kế hoạch cấp trên trong thư viện mà dự thảo viện dẫn")
async def api_parent_suggestion(
    state: Annotated[AppState, Depends(get_state)],
    child: Annotated[UploadFile, File(description="Dự thảo kế hoạch cấp dưới (.docx, .pdf, .txt)")],
) -> dict[str, Any]:
    """Read the draft and name the library plan it cites ("Căn cứ Quyết định số 4935/QĐ-UBND …"), so the form can
    pre-select it; `parent_id` is null when it cites none of them."""
    return await suggest_parent(state, child)


@router.get("/library", response_model=list[LibraryEntry], summary="Danh sách kế hoạch cấp trên trong thư viện")
async def api_library(state: Annotated[AppState, Depends(get_state)]) -> list[dict[str, Any]]:
    """The bundled province plans and the parents uploaded while this server runs."""
    return [e.to_dict() for e in state.library.entries()]


@router.post("/library", response_model=LibraryEntry, responses=ERRORS, summary="Thêm kế hoạch cấp trên")
async def api_library_add(
    request: Request,
    state: Annotated[AppState, Depends(get_state)],
    file: Annotated[UploadFile, File(description="Kế hoạch cấp trên (.docx, .pdf, .txt)")],
) -> dict[str, Any]:
    """Parse a parent plan and add it to this server's library (memory only unless --library-dir is set; in the
    shared service, reviewers and admins only)."""
    user = require_role(current_user(request), "reviewer", "admin") if state.settings.service else None
    entry = await add_parent(state, file, user.id if user is not None else None)
    return entry.to_dict()
