"""One request end to end: save the uploads in the server's upload area, read and audit them in a worker process
under a time limit (`cascade.web.pool`), hide server paths in what goes back, delete the uploads. Shared by the
JSON API and the HTML form."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.model import Plan
from cascade.vocab import table
from cascade.web.errors import WebError
from cascade.web.library import Entry
from cascade.web.state import AppState
from cascade.web.uploads import save_upload

log = logging.getLogger(__name__)

LEVELS = table("level_choices")
MAX_AGENCY = 200
FAULTS = ("hang", "bug", "oom")
CHILD_FALLBACK, PARENT_FALLBACK = "du-thao.txt", "ke-hoach-cap-tren.txt"
NO_PARENT = "Chưa chọn kế hoạch cấp trên: hãy chọn một kế hoạch trong thư viện hoặc tải tệp lên."
NO_CHILD = "Chưa chọn tệp dự thảo kế hoạch cấp dưới (.docx, .pdf hoặc .txt)."


@dataclass
class AuditOutcome:
    """The audit dict (server paths replaced by file names) and, when the parent was uploaded, its library entry;
    `suggested` is the library parent picked from the draft's citations when none was chosen."""

    audit: dict[str, Any]
    parent_entry: Entry | None = None
    suggested: Entry | None = None


@dataclass
class FormFiles:
    """The files a form submit used, kept after an error so the user need not choose them again."""

    token: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # role (child, parent) → file name


def clean_options(agency: str | None, level: str | None) -> tuple[str | None, str | None]:
    """The optional agency and level as the auditor wants them (blank = read from the document)."""
    agency = unicodedata.normalize("NFC", agency or "").strip() or None
    if agency and (len(agency) > MAX_AGENCY or any(ord(c) < 32 for c in agency)):
        raise WebError(422, f"Tên cơ quan không hợp lệ (tối đa {MAX_AGENCY} ký tự, một dòng).")
    level = (level or "").strip() or None
    if level is not None and level not in LEVELS:
        raise WebError(422, "Cấp của kế hoạch không hợp lệ; chọn một trong: " + ", ".join(LEVELS) + ".")
    return agency, level


def is_file(upload: Any) -> bool:
    """Whether a form value is a chosen file (an empty file input arrives as an UploadFile with no name)."""
    return hasattr(upload, "read") and bool(getattr(upload, "filename", ""))


def _fault(state: AppState, name: str) -> str | None:
    """The test fault a child file name asks for, when the test hook is on (`Settings.test_faults`)."""
    if not state.settings.test_faults:
        return None
    return next((f for f in FAULTS if name.startswith(f"__{f}__")), None)


def hide_paths(audit: dict[str, Any], names: dict[str, str], folder: Path | None) -> dict[str, Any]:
    """The audit with every `path` replaced by the file's own name (and `names` for the plans), and any mention of
    the request's folder removed: the API never shows where the server keeps files."""
    prefix = str(folder) + "/" if folder is not None else None

    def walk(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str):
            if key == "path" and value:
                return Path(value).name
            if prefix and prefix in value:
                return value.replace(prefix, "")
        return value

    out = walk(audit)
    for role, name in names.items():
        if isinstance(out.get(role), dict):
            out[role]["path"] = name
    return out


def _scrub(exc: WebError, folder: Path) -> WebError:
    exc.message_vi = exc.message_vi.replace(str(folder) + "/", "").replace(str(folder), "")
    return exc


async def add_parent(state: AppState, upload: Any, user_id: int | None = None) -> Entry:
    """Parse an uploaded parent plan in a worker and add it to the library (in the service: recorded with who
    added it, and written to the audit log)."""
    if not is_file(upload):
        raise WebError(422, "Chưa chọn tệp kế hoạch cấp trên để thêm vào thư viện.")
    folder = state.uploads.new_request()
    try:
        path = await save_upload(upload, folder, state.settings.max_upload_bytes, PARENT_FALLBACK)
        async with state.pool.session() as turn:
            plan, _ = await turn.run("parse", str(path), state.settings.max_docx_uncompressed, True)
        entry = state.library.add(path, plan)
        if state.db is not None:  # the service's library is in its database too (who added what, by hash)
            from cascade.service.accounts import log
            from cascade.service.models import ParentPlan

            sha = state.db.put_file(path.read_bytes())
            with state.db.session() as s:
                s.add(ParentPlan(library_id=entry.id, file_name=entry.name, sha256=sha, label=entry.label,
                                 uploaded_by=user_id))
                log(s, user_id, "library-add", entry.id, entry.label)
        return entry
    except WebError as exc:
        raise _scrub(exc, folder) from None
    finally:
        state.uploads.discard(folder)


async def suggest_parent(state: AppState, upload: Any) -> dict[str, Any]:
    """Read an uploaded draft in a worker and name the library plan it cites (for pre-selecting the parent)."""
    if not is_file(upload):
        raise WebError(422, NO_CHILD)
    folder = state.uploads.new_request()
    try:
        path = await save_upload(upload, folder, state.settings.max_upload_bytes, CHILD_FALLBACK)
        async with state.pool.session() as turn:
            _, meta = await turn.run("parse", str(path), state.settings.max_docx_uncompressed, False,
                                     _fault(state, path.name))
    except WebError as exc:
        raise _scrub(exc, folder) from None
    finally:
        state.uploads.discard(folder)
    entry = state.library.cited_parent(meta)
    cited = [c.number for c in meta.citations if c.number]
    return {"parent_id": entry.id if entry else None, "label": entry.label if entry else None, "cited": cited}


async def _take(state: AppState, upload: Any, kept: dict[str, Path], role: str, reuse: bool, folder: Path,
                fallback: str) -> Path | None:
    """The file for `role`: a new upload, else the one kept from the previous submit (when `reuse`)."""
    if is_file(upload):
        return await save_upload(upload, folder, state.settings.max_upload_bytes, fallback)
    if reuse and role in kept:
        target = folder / kept[role].name
        if target.exists():
            target = folder / f"2-{target.name}"
        shutil.move(str(kept[role]), target)
        return target
    return None


async def audit_uploads(state: AppState, child: Any, parent: Any, parent_id: str | None, agency: str | None,
                        level: str | None, keep_parent: bool, form: FormFiles | None = None,
                        reuse: tuple[str, ...] = ()) -> AuditOutcome:
    """Audit the uploaded child against the uploaded parent, the library's `parent_id`, or — neither given — the
    library plan the draft cites. With `form`, files are taken from and, after an error, kept in `form.token`."""
    settings, library, area = state.settings, state.library, state.uploads
    folder = area.new_request()
    used: dict[str, Path] = {}
    try:
        kept = area.kept(form.token) if form is not None else {}
        for role, upload, fallback in (("child", child, CHILD_FALLBACK), ("parent", parent, PARENT_FALLBACK)):
            path = await _take(state, upload, kept, role, role in reuse, folder, fallback)
            if path is not None:
                used[role] = path
        agency, level = clean_options(agency, level)
        child_path, parent_path = used.get("child"), used.get("parent")
        if child_path is None:
            raise WebError(422, NO_CHILD)
        fixed: Plan | None = None
        fixed_name = ""
        if parent_path is None and parent_id:
            hit = library.get(parent_id)
            if hit is None:
                raise WebError(404, "Không tìm thấy kế hoạch cấp trên đã chọn trong thư viện (có thể đã bị xoá khỏi "
                                    "phiên làm việc); hãy chọn lại hoặc tải tệp lên.")
            fixed, fixed_name = hit[1], hit[0].name
        fault = _fault(state, child_path.name)
        max_docx = settings.max_docx_uncompressed
        suggested = None
        async with state.pool.session() as turn:
            if parent_path is None and fixed is None:
                # no parent chosen: the one of the library the draft cites, read in the same turn
                child_plan, meta = await turn.run("parse", str(child_path), max_docx, True, fault)
                suggested = library.cited_parent(meta)
                hit = library.get(suggested.id) if suggested else None
                if hit is None:
                    raise WebError(422, NO_PARENT[:-1] + " (dự thảo không viện dẫn kế hoạch nào có trong thư viện).")
                fixed, fixed_name = hit[1], hit[0].name
                audit, parent_plan = await turn.run("audit", fixed, child_plan, agency, level, max_docx)
            else:
                parent_arg: Plan | str = fixed if fixed is not None else str(parent_path)
                audit, parent_plan = await turn.run("audit", parent_arg, str(child_path), agency, level, max_docx,
                                                    fault)
        names = {"child": child_path.name, "parent": parent_path.name if parent_path else fixed_name}
        audit = hide_paths(audit, names, folder)
        entry = None
        if keep_parent and parent_path is not None and parent_plan is not None:
            entry = library.add(parent_path, parent_plan)
        if form is not None:
            area.drop(form.token)
            form.token, form.names = None, {}
        return AuditOutcome(audit, entry, suggested)
    except WebError as exc:
        if form is not None:
            # keep what was chosen (not a file refused for its size: that one is cut short)
            keep = {r: p for r, p in used.items() if p.is_file() and exc.status != 413}
            form.token = area.keep(keep, form.token)
            form.names = {r: p.name for r, p in keep.items()}
        raise _scrub(exc, folder) from None
    finally:
        area.discard(folder)


async def build_download(state: AppState, audit: dict[str, Any], ext: str) -> bytes:
    """A report file of a finished audit, built in a worker under the time limit."""
    folder = state.uploads.new_request()
    try:
        async with state.pool.session() as turn:
            return await turn.run("build", audit, ext, str(folder))
    finally:
        state.uploads.discard(folder)


def _ascii_slug(text: str, limit: int = 60) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].rstrip("-")


def download_names(audit: dict[str, Any], kind: str, ext: str, today: dt.date | None = None) -> tuple[str, str]:
    """(ASCII name, Vietnamese name) of a download: its kind, the drafting agency and the date of the check, so
    letters for several agencies, or for one agency on several days, do not overwrite each other."""
    summary = audit.get("summary") or {}
    agency = summary.get("child_agency") or (audit.get("child") or {}).get("agency") or "du thao"
    when = (today or dt.date.today()).strftime("%d-%m-%Y")
    agency_vi = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", agency).strip()[:80].strip()
    ascii_kind = _ascii_slug(kind)
    return f"{ascii_kind}_{_ascii_slug(agency) or 'du-thao'}_{when}.{ext}", f"{kind} - {agency_vi} - {when}.{ext}"
