"""Bounds on what reading a PDF may cost: bytes a stream decodes to, and drawing work per page.

A PDF is a program. pdfminer (under pdfplumber) decodes each stream in one call (`zlib.decompress`, whole LZW and
RunLength decoders) and runs every content stream and every form XObject it draws, as often as it is drawn. So a
1 MB file can hold a FlateDecode stream of 1 GiB, and a few hundred bytes of forms that draw each other ten times
over nine levels ask for 10⁹ operators. Three bounds, all deterministic (the same file is refused the same way on
any machine, whatever its load):

- every stream decodes through capped decoders (MAX_STREAM bytes each, MAX_DECODED per document); output past
  the cap is never produced, so memory stays at the cap;
- the content a page executes, its forms counted each time they are drawn, is limited (MAX_PAGE_CONTENT bytes,
  each execution counted at least EXECUTE_COST), and so is the document's (MAX_DOCUMENT_CONTENT);
- the characters and graphics one page may produce are limited (MAX_PAGE_CHARS, MAX_PAGE_GRAPHICS): each becomes
  a Python object, and the table finder compares graphics pairwise;
- an image on a page without text (which goes to OCR, where PDFium decodes it whole) may decode to MAX_IMAGE bytes
  at most, judged from its declared size before anything renders it.

Why in process and not a subprocess with a memory/CPU rlimit: an rlimit kills the reader without saying why, its
figures vary with the machine and the libraries' allocation habits (address space is not memory), and it would
cost a process start for every PDF; these bounds name the cause in the message and cost nothing on a real plan
(a plan page executes tens of KB of content and draws a few thousand characters). The web app's worker-process
deadline remains the backstop for anything not foreseen here.

The decoders are installed into pdfminer once, process-wide (`install()`); the per-document budget is a context
variable set by `budget()`, so concurrent reads in threads keep their own counts.
"""

from __future__ import annotations

import contextvars
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cascade.errors import ReadError

MAX_STREAM = 32 * 1024 * 1024
MAX_DECODED = 128 * 1024 * 1024
MAX_PAGE_CONTENT = 8 * 1024 * 1024
MAX_DOCUMENT_CONTENT = 256 * 1024 * 1024
EXECUTE_COST = 1024
MAX_PAGE_CHARS = 30_000
MAX_PAGE_GRAPHICS = 20_000
# Bytes an image of a page without text decodes to (width × height × components × bits / 8): such a page goes to
# OCR, where PDFium decodes the image whole. A 600-dpi colour scan of an A4 page is about 100 MB.
MAX_IMAGE = 128 * 1024 * 1024
_CHUNK = 1 << 20


class PdfLimit(Exception):
    """A bound was passed; `kind` says which ("stream", "decoded", "content", "chars", "graphics", "image"),
    `page` where.
    Creating one records it in the current budget: pdfplumber re-raises pdfminer's errors wrapped, and a reader
    that swallowed one must still be refused."""

    def __init__(self, kind: str, detail: str, page: int | None = None) -> None:
        super().__init__(detail)
        self.kind = kind
        self.page = page
        b = _BUDGET.get()
        if b is not None and b.tripped is None:
            b.tripped = self


@dataclass
class Budget:
    """What one document has spent so far."""

    decoded: int = 0
    content: int = 0
    page: int = 0  # 1-based number of the page being laid out, 0 outside a page
    page_content: int = 0
    page_chars: int = 0
    page_graphics: int = 0
    tripped: PdfLimit | None = None  # the first bound passed (a library may wrap or swallow the exception)

    def start_page(self, number: int) -> None:
        self.page = number
        self.page_content = self.page_chars = self.page_graphics = 0


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("cascade_pdf_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """Count decoding and drawing against fresh per-document limits while the block runs."""
    b = Budget()
    token = _BUDGET.set(b)
    try:
        yield b
    finally:
        _BUDGET.reset(token)


def _decoded(n: int) -> None:
    b = _BUDGET.get()
    if b is None:
        return
    b.decoded += n
    if b.decoded > MAX_DECODED:
        raise PdfLimit("decoded", f"streams decode to more than {MAX_DECODED} bytes in all", b.page or None)


def _check_stream(n: int) -> None:
    if n > MAX_STREAM:
        b = _BUDGET.get()
        raise PdfLimit("stream", f"a stream decodes to more than {MAX_STREAM} bytes", b.page or None if b else None)


# --- capped decoders -----------------------------------------------------------------------------------------------
def _drain(d: Any, data: bytes, out: list[bytes], size: int) -> int:
    """Feed `data` to the decompressor a bounded chunk at a time into `out`; the decoded size so far, checked."""
    chunk = d.decompress(data, _CHUNK)
    while True:
        size += len(chunk)
        _check_stream(size)
        out.append(chunk)
        if not d.unconsumed_tail:
            return size
        chunk = d.decompress(d.unconsumed_tail, _CHUNK)


def _inflate(data: bytes, d: Any) -> bytes:
    out: list[bytes] = []
    size = _drain(d, data, out, 0)
    tail = d.flush()
    size += len(tail)
    _check_stream(size)
    out.append(tail)
    result = b"".join(out)
    _decoded(len(result))
    return result


class _CappedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes: `decompress` inflates a bounded chunk at a time
    and stops at MAX_STREAM; an invalid stream raises zlib.error exactly as before (pdfminer's recovery path)."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        d = zlib.decompressobj()
        result = _inflate(data, d)
        if not d.eof:  # truncated stream: zlib.decompress raises here and pdfminer falls back to its recovery
            raise zlib.error("incomplete or truncated stream")
        return result

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> Any:
        return zlib.decompressobj(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's recovery for a stream with a bad checksum, capped: inflate what can be inflated, keep it."""
    d = zlib.decompressobj()
    out = []
    size = 0
    pos = 0
    try:
        while pos < len(data):
            piece = data[pos : pos + 4096]
            pos += len(piece)
            size = _drain(d, piece, out, size)
    except zlib.error:
        if not out:
            raise
    result = b"".join(out)
    _decoded(len(result))
    return result


def _lzw(data: bytes) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    out = []
    size = 0
    try:
        for chunk in LZWDecoder(BytesIO(data)).run():
            size += len(chunk)
            _check_stream(size)
            out.append(chunk)
    except PdfLimit:
        raise
    except Exception:  # pdfminer's own lzwdecode keeps what was decoded before a corrupt code
        pass
    result = b"".join(out)
    _decoded(len(result))
    return result


def _runlength(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7 §7.4.5), capped: each 2-byte run may expand to 128 bytes."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            if i + 1 >= n:
                break
            out += bytes([data[i + 1]]) * (257 - length)
            i += 2
        _check_stream(len(out))
    _decoded(len(out))
    return bytes(out)


def check_images(images: list[dict], page: int) -> None:
    """Refuse a page whose images (pdfplumber's `page.images`) would decode past MAX_IMAGE bytes each."""
    for image in images:
        try:
            width, height = (int(v) for v in image.get("srcsize") or (0, 0))
            bits = int(image.get("bits") or 8)
        except (TypeError, ValueError):
            continue
        size = width * height * 4 * max(bits, 1) // 8  # up to 4 components (CMYK), whatever the colour space says
        if size > MAX_IMAGE:
            raise PdfLimit("image", f"an image of {width}x{height} decodes to about {size} bytes", page)


_ORIGINAL: dict[str, Any] = {}
_INSTALL = threading.Lock()


def install() -> None:
    """Put the capped decoders and the work counters into pdfminer (once per process)."""
    with _INSTALL:
        if not _ORIGINAL:
            _install()


def _install() -> None:
    from pdfminer import converter, pdfinterp, pdftypes

    _ORIGINAL.update(zlib=pdftypes.zlib, corrupted=pdftypes.decompress_corrupted, lzw=pdftypes.lzwdecode,
                     rl=pdftypes.rldecode, execute=pdfinterp.PDFPageInterpreter.execute,
                     char=converter.PDFLayoutAnalyzer.render_char, path=converter.PDFLayoutAnalyzer.paint_path,
                     image=converter.PDFLayoutAnalyzer.render_image)  # fmt: skip
    pdftypes.zlib = _CappedZlib()
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzw
    pdftypes.rldecode = _runlength
    execute = _ORIGINAL["execute"]

    def counted_execute(self: Any, streams: Any) -> Any:
        b = _BUDGET.get()
        if b is not None:
            cost = 0
            for obj in streams:
                stream = pdftypes.stream_value(obj)
                cost += EXECUTE_COST + len(stream.get_data() or b"")
            b.page_content += cost
            b.content += cost
            if b.page_content > MAX_PAGE_CONTENT:
                raise PdfLimit("content", f"page executes more than {MAX_PAGE_CONTENT} bytes of content", b.page)
            if b.content > MAX_DOCUMENT_CONTENT:
                raise PdfLimit("content", f"document executes more than {MAX_DOCUMENT_CONTENT} bytes", b.page)
        return execute(self, streams)

    def counter(original: Any, field: str, limit: int, kind: str) -> Any:
        def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            b = _BUDGET.get()
            if b is not None:
                value = getattr(b, field) + 1
                setattr(b, field, value)
                if value > limit:
                    raise PdfLimit(kind, f"page draws more than {limit} {kind}", b.page)
            return original(self, *args, **kwargs)

        return counted

    pdfinterp.PDFPageInterpreter.execute = counted_execute
    la = converter.PDFLayoutAnalyzer
    la.render_char = counter(_ORIGINAL["char"], "page_chars", MAX_PAGE_CHARS, "chars")
    la.paint_path = counter(_ORIGINAL["path"], "page_graphics", MAX_PAGE_GRAPHICS, "graphics")
    la.render_image = counter(_ORIGINAL["image"], "page_graphics", MAX_PAGE_GRAPHICS, "graphics")


_KIND_VI = {
    "stream": "một luồng dữ liệu nén trong tệp giải nén ra quá lớn (hơn {mb} MB)",
    "decoded": "các luồng dữ liệu nén trong tệp giải nén ra quá lớn (tổng hơn {mb} MB)",
    "content": "nội dung vẽ của trang quá nhiều (lệnh vẽ lặp lại hoặc lồng nhau quá mức)",
    "chars": "trang có quá nhiều ký tự (hơn {chars} ký tự, một trang văn bản chỉ có vài nghìn)",
    "graphics": "trang có quá nhiều đối tượng đồ họa (hơn {graphics} đường, hình)",
    "image": "trang có hình ảnh quá lớn (giải nén ra hơn {mb} MB)",
}


def refusal(exc: PdfLimit, path: Any) -> ReadError:
    """The Vietnamese refusal for a bound passed while reading `path`."""
    mb = {"stream": MAX_STREAM, "decoded": MAX_DECODED, "image": MAX_IMAGE}.get(exc.kind, 0) // (1024 * 1024)
    what = _KIND_VI[exc.kind].format(mb=mb, chars=f"{MAX_PAGE_CHARS:,}".replace(",", "."),
                                     graphics=f"{MAX_PAGE_GRAPHICS:,}".replace(",", "."))  # fmt: skip
    where = f" (trang {exc.page})" if exc.page else ""
    return ReadError.for_file(path, f"{what}{where}", f"PDF limit {exc.kind} passed{where}: {exc}", "too_large",
                              warning_vi=", có thể là tệp độc hại hoặc không phải văn bản kế hoạch")
