"""`read_document`: check the file, sniff its format from content and hand it to the matching reader.

Every problem becomes a `ReadError` (`ReadError.for_file`) with a Vietnamese message naming the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cascade.errors import CascadeError, ReadError
from cascade.read.document import Document
from cascade.vocab import count_vi

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
# Paragraphs plus table rows a document may have. Real plans have a few hundred (the longest seed 291 lines);
# parsing costs about 0.5 ms a unit and a plan is refused past 1,000 items anyway (cascade.align.MAX_ITEMS), so
# a larger document is refused before the parser spends seconds on it.
MAX_UNITS = 10_000


def _has_text(doc: Document) -> bool:
    return any(
        b.text.strip() if b.kind == "para" else any(c.strip() for r in b.rows for c in r.cells) for b in doc.blocks
    )


def read_document(path: str | Path, max_bytes: int = MAX_BYTES, max_uncompressed: int | None = None) -> Document:
    """Read a plan file into a Document, choosing the reader by content (docx, pdf or text; doc and odt are
    converted to docx by LibreOffice headless first, see cascade.read.convert).

    Raises ReadError (Vietnamese `message_vi` naming the file) for a missing file, a directory, an empty, binary,
    oversized, corrupt or encrypted file, a scanned PDF when Tesseract OCR is not installed or finds no text (a scan
    is otherwise read by OCR, see cascade.read.ocr), or a format we do not read. `max_uncompressed` lowers the
    bound on what a .docx or .odt may inflate to (the web service sets its own); every zip goes through
    cascade.read.zipguard, the one zip-bomb check.
    """
    p = Path(path)
    if not p.exists():
        if p.is_symlink():
            raise ReadError.for_file(p, "đây là một liên kết (symlink) trỏ tới tệp không có hoặc trỏ vòng về chính nó",
                         f"dangling or looping symlink: {p}", "missing")
        raise ReadError.for_file(p, "không tìm thấy tệp (kiểm tra lại đường dẫn)", f"no such file: {p}", "missing")
    if p.is_dir():
        raise ReadError.for_file(p, "đây là một thư mục, không phải tệp kế hoạch", f"is a directory: {p}", "directory")
    if not p.is_file():
        # A FIFO would block the read forever, a device would never end: neither is a plan.
        raise ReadError.for_file(p, "đây không phải là tệp thông thường (ống dẫn hoặc thiết bị), không đọc được",
                     f"not a regular file: {p}", "io")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError.for_file(p, "không truy cập được tệp", f"stat failed: {exc}", "io") from exc
    # refuse before reading: a 20 MB+ "plan" is a wrong file, and reading it all would be slow
    if size > max_bytes:
        raise ReadError.for_file(
            p,
            f"tệp quá lớn ({size / 1024 / 1024:.1f} MB, tối đa {max_bytes / 1024 / 1024:.0f} MB)",
            f"file is {size} bytes, limit {max_bytes}",
            "too_large",
        )
    if size == 0:
        raise ReadError.for_file(p, "tệp rỗng, không có nội dung", "file is empty (0 bytes)", "empty")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError.for_file(p, "không đọc được nội dung tệp", f"read failed: {exc}", "io") from exc

    from cascade.read.sniff import sniff

    kind = sniff(data, p)
    try:
        doc = _read(kind, data, p, max_uncompressed)
    except CascadeError:
        raise
    except Exception as exc:  # a library choking on a damaged file must not reach the user as a traceback
        log.debug("reader %s failed on %s", kind, p, exc_info=True)
        raise ReadError.for_file(
            p, f"tệp {kind.upper()} bị hỏng hoặc không đúng định dạng", f"{kind} reader failed: {exc!r}", "corrupt"
        ) from exc
    if not _has_text(doc):
        raise ReadError.for_file(p, "tệp không có nội dung văn bản", f"no text in {kind} document", "empty")
    units = sum(1 if b.kind == "para" else len(b.rows) for b in doc.blocks)
    if units > MAX_UNITS:
        raise ReadError.for_file(
            p,
            f"tệp có quá nhiều đoạn văn và dòng bảng ({count_vi(units)} đoạn/dòng, tối đa {count_vi(MAX_UNITS)}); một kế "
            "hoạch chỉ có vài trăm, hãy kiểm tra lại tệp",
            f"{units} paragraphs and table rows, limit {MAX_UNITS}",
            "too_large",
        )
    return doc


def _read(kind: str, data: bytes, p: Path, max_uncompressed: int | None = None) -> Document:
    if kind == "docx":
        # python-docx loads lazily: `cascade --help` and text plans do not pay for it.
        from cascade.read.docx import MAX_UNCOMPRESSED, read_docx

        return read_docx(p, data, min(max_uncompressed or MAX_UNCOMPRESSED, MAX_UNCOMPRESSED))
    if kind in ("doc", "odt"):
        return _read_converted(kind, data, p, max_uncompressed)
    if kind == "pdf":
        from cascade.read.pdf import read_pdf

        return read_pdf(p, data)
    from cascade.read.encodings import decode_text_notes

    text, encoding, notes = decode_text_notes(data, p)
    if not text.strip():
        raise ReadError.for_file(p, "tệp chỉ có khoảng trắng, không có nội dung", "file holds only whitespace", "empty")
    from cascade.read.txt import read_text

    doc = read_text(text, str(p), encoding)
    doc.warnings[:0] = notes  # lines read in another encoding: said first, the official checks them against the original
    return doc


def _read_converted(kind: str, data: bytes, p: Path, max_uncompressed: int | None = None) -> Document:
    """A .doc or .odt read as the .docx LibreOffice makes of it; the Document keeps the original path and says
    it was converted (its format is "doc"/"odt", and a warning tells the official)."""
    from cascade.read.convert import convert_to_docx
    from cascade.read.docx import MAX_UNCOMPRESSED, MAX_XML_ELEMENTS, MAX_XML_PART, read_docx
    from cascade.read.zipguard import check_archive

    limit = min(max_uncompressed or MAX_UNCOMPRESSED, MAX_UNCOMPRESSED)
    if kind == "odt":  # an .odt is a zip too: LibreOffice must not be the one to inflate a lying member
        check_archive(data, p, "OpenDocument (.odt)", limit, MAX_XML_PART, MAX_XML_ELEMENTS)
    converted = convert_to_docx(p, data, kind)
    try:
        doc = read_docx(p, converted, limit)
    except ReadError as exc:  # the .docx reader's messages speak of a .docx the user never had
        raise ReadError.for_file(
            p, f"tệp .{kind} bị hỏng hoặc không đúng định dạng (sau khi chuyển sang .docx)", exc.detail_en, exc.code
        ) from exc
    doc.format = kind
    doc.warnings.insert(0, f"Tệp đã chuyển đổi từ .{kind} sang .docx bằng LibreOffice để đọc.")
    return doc
