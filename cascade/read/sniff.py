"""Choosing a reader from a file's content (its first bytes), not its extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cascade.errors import ReadError
from cascade.read.zipguard import read_member

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc / Excel .xls / PowerPoint .ppt
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_RTF = b"{\\rtf"
# Stream names in an OLE2 directory are UTF-16LE; the main stream tells which Office program wrote the file.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_POWERPOINT_STREAM = "PowerPoint Document".encode("utf-16-le")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_SUPPORTED = ".docx, .doc, .odt, .pdf hoặc .txt"


def _zip_kind(data: bytes, path: str | Path) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        # OpenDocument's first entry "mimetype" names the kind exactly (text, spreadsheet, presentation).
        # read through a bounded stream: a "mimetype" member may lie about its size like any other (zipguard)
        mimetype = read_member(archive, "mimetype", 256).strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, NotImplementedError) as exc:
        raise ReadError.for_file(path, "tệp nén (.docx) bị hỏng, không mở được", f"corrupt zip: {exc}", "corrupt") from exc
    if "word/document.xml" in names:
        return "docx"
    if mimetype == _ODT_MIMETYPE:
        return "odt"
    if any(n.startswith("xl/") for n in names):
        what = "bảng tính Excel (.xlsx)"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        what = "bảng tính OpenDocument (.ods)"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument.") or "content.xml" in names:
        what = "tài liệu OpenDocument không phải văn bản (.ods/.odp)"
    elif any(n.startswith("ppt/") for n in names):
        what = "bản trình chiếu PowerPoint (.pptx)"
    else:
        what = "tệp nén (.zip)"
    raise ReadError.for_file(
        path,
        f"đây là {what}, không phải văn bản Word (.docx); hãy lưu kế hoạch thành {_SUPPORTED}",
        f"zip archive without word/document.xml ({sorted(names)[:5]})",
        "unsupported",
    )


def _ole2_kind(data: bytes, path: str | Path) -> str:
    """ "doc" for an old binary Word file; other OLE2 files (Excel .xls, PowerPoint .ppt, damaged) are refused."""
    if _WORD_STREAM in data:
        return "doc"
    if any(s in data for s in _EXCEL_STREAMS):
        what = "bảng tính Excel cũ (.xls)"
    elif _POWERPOINT_STREAM in data:
        what = "bản trình chiếu PowerPoint cũ (.ppt)"
    else:
        raise ReadError.for_file(
            path,
            "tệp Office cũ (.doc) bị hỏng: không có phần nội dung văn bản Word",
            "OLE2 compound file without a WordDocument stream",
            "corrupt",
        )
    raise ReadError.for_file(
        path,
        f"đây là {what}, không phải văn bản Word; hãy lưu kế hoạch thành {_SUPPORTED}",
        "OLE2 compound file of Excel/PowerPoint",
        "unsupported",
    )


def sniff(data: bytes, path: str | Path) -> str:
    """The reader for these bytes: "docx", "doc", "odt", "pdf" or "txt". Raises ReadError for formats we do not
    read (old Excel/PowerPoint, RTF, zips that are neither .docx nor .odt, .docx files that are not zips)."""
    head = data[:1024]
    if head.startswith(_OLE2):
        return _ole2_kind(data, path)
    if head.startswith(_ZIP):
        return _zip_kind(data, path)
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(_RTF):
        raise ReadError.for_file(path, "định dạng RTF chưa được hỗ trợ, hãy lưu lại thành .docx", "RTF document", "unsupported")
    # A text file named .doc is left to the text reader, as before: web pages and plain text saved as .doc exist.
    if Path(path).suffix.lower() in (".docx", ".pdf"):
        kind = Path(path).suffix.lower()
        raise ReadError.for_file(
            path,
            f"tên tệp là {kind} nhưng nội dung không phải {kind} (tệp hỏng hoặc đặt sai phần mở rộng)",
            f"{kind} extension but content is neither zip nor PDF",
            "corrupt",
        )
    return "txt"
