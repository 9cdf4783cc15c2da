"""One audit request end to end: save the uploads in a temporary directory, read and audit them in a worker thread
under a time limit, delete the uploads. Shared by the JSON API and the HTML form."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cascade.errors import CascadeError
from cascade.model import Plan
from cascade.web.errors import WebError
from cascade.web.library import Entry, Library
from cascade.web.settings import Settings
from cascade.web.uploads import check_archive, save_upload

log = logging.getLogger(__name__)

LEVELS = {"so": "Sở, ban, ngành", "huyen": "Huyện, thị xã, thành phố", "phong": "Phòng, ban cấp huyện",
          "xa": "Xã, phường, thị trấn"}
MAX_AGENCY = 200
T = TypeVar("T")


@dataclass
class AuditOutcome:
    """The audit dict and, when the parent was uploaded, its new library entry."""

    audit: dict[str, Any]
    parent_entry: Entry | None = None


def clean_options(agency: str | None, level: str | None) -> tuple[str | None, str | None]:
    """The optional agency and level as the auditor wants them (blank = read from the document)."""
    agency = unicodedata.normalize("NFC", agency or "").strip() or None
    if agency and (len(agency) > MAX_AGENCY or any(ord(c) < 32 for c in agency)):
        raise WebError(422, f"Tên cơ quan không hợp lệ (tối đa {MAX_AGENCY} ký tự, một dòng).")
    level = (level or "").strip() or None
    if level is not None and level not in LEVELS:
        raise WebError(422, "Cấp của kế hoạch không hợp lệ; chọn một trong: " + ", ".join(LEVELS) + ".")
    return agency, level


def _is_file(upload: Any) -> bool:
    # an empty file input arrives as an UploadFile with no name; a plain text field as a str
    return hasattr(upload, "read") and bool(getattr(upload, "filename", ""))


async def run_limited(settings: Settings, fn: Callable[[], T]) -> T:
    """Run blocking `fn` in a worker thread; 504 with a Vietnamese message past the time limit."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(fn), timeout=settings.audit_timeout)
    except TimeoutError as exc:
        # the thread cannot be killed; it finishes on its own and its result is dropped
        raise WebError(504, f"Quá thời gian xử lý ({settings.audit_timeout:.0f} giây). Tệp có thể quá dài hoặc "
                            "phức tạp; hãy thử lại với tệp gọn hơn.", "audit timed out") from exc


def _parse(path: Path) -> Plan:
    from cascade.parse import parse_file

    try:
        return parse_file(path)
    except CascadeError:
        raise
    except Exception as exc:  # a parser bug on an odd file is still the user's file we could not read
        log.exception("parser failed on %s", path.name)
        raise WebError(422, f"Không đọc được tệp “{path.name}” thành kế hoạch: nội dung có cấu trúc bất thường.",
                       repr(exc)) from exc


async def add_parent(settings: Settings, library: Library, upload: Any) -> Entry:
    """Parse an uploaded parent plan and add it to the library."""
    if not _is_file(upload):
        raise WebError(422, "Chưa chọn tệp kế hoạch cấp trên để thêm vào thư viện.")
    with tempfile.TemporaryDirectory(prefix="cascade-web-") as tmp:
        path = await save_upload(upload, Path(tmp), settings.max_upload_bytes, "ke-hoach-cap-tren.txt")
        check_archive(path, settings.max_docx_uncompressed)
        plan = await run_limited(settings, lambda: _parse(path))
        return library.add(path, plan)


async def audit_uploads(settings: Settings, library: Library, child: Any, parent: Any, parent_id: str | None,
                        agency: str | None, level: str | None, keep_parent: bool) -> AuditOutcome:
    """Audit the uploaded child against the uploaded parent or the library's `parent_id`."""
    agency, level = clean_options(agency, level)
    if not _is_file(child):
        raise WebError(422, "Chưa chọn tệp dự thảo kế hoạch cấp dưới (.docx, .pdf hoặc .txt).")
    fixed: Plan | None = None
    if not _is_file(parent):
        if not parent_id:
            raise WebError(422, "Chưa chọn kế hoạch cấp trên: hãy chọn một kế hoạch trong thư viện hoặc tải tệp lên.")
        hit = library.get(parent_id)
        if hit is None:
            raise WebError(404, "Không tìm thấy kế hoạch cấp trên đã chọn trong thư viện (có thể đã bị xoá khỏi "
                                "phiên làm việc); hãy chọn lại hoặc tải tệp lên.")
        fixed = hit[1]
    with tempfile.TemporaryDirectory(prefix="cascade-web-") as tmp:
        d = Path(tmp)
        parent_path = None
        if fixed is None:
            parent_path = await save_upload(parent, d, settings.max_upload_bytes, "ke-hoach-cap-tren.txt")
            check_archive(parent_path, settings.max_docx_uncompressed)
        child_path = await save_upload(child, d, settings.max_upload_bytes, "du-thao.txt")
        check_archive(child_path, settings.max_docx_uncompressed)

        def work() -> tuple[dict[str, Any], Plan]:
            from cascade.audit import audit_plans

            parent_plan = fixed if fixed is not None else _parse(parent_path)
            child_plan = _parse(child_path)
            try:
                return audit_plans(parent_plan, child_plan, agency, level).to_dict(), parent_plan
            except CascadeError:
                raise
            except Exception as exc:
                log.exception("audit failed on %s vs %s", child_path.name, getattr(parent_path, "name", parent_id))
                raise WebError(422, "Không đối chiếu được hai kế hoạch này do nội dung có cấu trúc bất thường; "
                                    "hãy kiểm tra lại tệp.", repr(exc)) from exc

        audit, parent_plan = await run_limited(settings, work)
        entry = library.add(parent_path, parent_plan) if keep_parent and parent_path is not None else None
        return AuditOutcome(audit, entry)
