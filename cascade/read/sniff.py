"""Choosing a reader from a file's content (its first bytes), not its extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cascade.errors import ReadError

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc / Excel .xls / PowerPoint .ppt
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_RTF = b"{\\rtf"


def _error(path: str | Path, problem_vi: str, detail_en: str, code: str) -> ReadError:
    name = Path(path).name
    return ReadError(f"Không đọc được tệp “{name}”: {problem_vi}.", f"{name}: {detail_en}", path=str(path), code=code)


def _zip_kind(data: bytes, path: str | Path) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _error(path, "tệp nén (.docx) bị hỏng, không mở được", f"corrupt zip: {exc}", "corrupt") from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        what = "bảng tính Excel (.xlsx)"
    elif "content.xml" in names:
        what = "tài liệu OpenDocument (.odt/.ods)"
    elif any(n.startswith("ppt/") for n in names):
        what = "bản trình chiếu PowerPoint (.pptx)"
    else:
        what = "tệp nén (.zip)"
    raise _error(
        path,
        f"đây là {what}, không phải văn bản Word (.docx); hãy lưu kế hoạch thành .docx, .pdf hoặc .txt",
        f"zip archive without word/document.xml ({sorted(names)[:5]})",
        "unsupported",
    )


def sniff(data: bytes, path: str | Path) -> str:
    """The reader for these bytes: "docx", "pdf" or "txt". Raises ReadError for formats we do not read
    (old binary Word/Excel, RTF, zips that are not .docx, .docx files that are not zips)."""
    head = data[:1024]
    if head.startswith(_OLE2):
        raise _error(
            path,
            "định dạng Word cũ (.doc), hãy lưu lại thành .docx",
            "OLE2 compound file (legacy .doc/.xls), not supported",
            "unsupported",
        )
    if head.startswith(_ZIP):
        return _zip_kind(data, path)
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(_RTF):
        raise _error(path, "định dạng RTF chưa được hỗ trợ, hãy lưu lại thành .docx", "RTF document", "unsupported")
    if Path(path).suffix.lower() in (".docx", ".pdf"):
        kind = Path(path).suffix.lower()
        raise _error(
            path,
            f"tên tệp là {kind} nhưng nội dung không phải {kind} (tệp hỏng hoặc đặt sai phần mở rộng)",
            f"{kind} extension but content is neither zip nor PDF",
            "corrupt",
        )
    return "txt"
