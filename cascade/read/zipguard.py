"""Zip archives (.docx, .odt) checked by the bytes their members actually inflate to, before anything reads them.

A zip member declares its uncompressed size, but nothing holds the compressed stream to it: a 1 MB member can
declare 1,000 bytes and inflate to 1 GiB. `zipfile` trims what it returns to the declared size, yet its
`read()` (what python-docx calls) inflates everything the compressed stream holds in one call before trimming, so
the declaration protects nothing. Here every member is inflated as a stream, a bounded chunk at a time, counting
the bytes really produced and stopping at the first byte past the member's declared size or the archive's cap.
The output is thrown away: memory stays at one chunk whatever the archive holds. After this check, a later full
read of a member inflates exactly the bytes counted here (the same compressed bytes, the same codec).
"""

from __future__ import annotations

import io
import struct
import xml.parsers.expat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from cascade.errors import ReadError

# Inflated bytes produced per step: bounds the memory of the check.
_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50


def _mb(n: int) -> str:
    mb = n / 1024 / 1024
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB".replace(".", ",")


# Said after every bound a member passes: a file built to exhaust the reader is the likely cause.
_MALICIOUS = ", có thể là tệp độc hại"


def _refuse_large(path: Path, problem_vi: str, detail_en: str) -> ReadError:
    return ReadError.for_file(path, problem_vi, detail_en, "too_large", warning_vi=_MALICIOUS)


class _TooManyElements(Exception):
    pass


def _element_counter(limit: int) -> tuple[Any, list[int]]:
    """An expat parser that counts start tags and stops past `limit` (streaming: memory stays small)."""
    parser = xml.parsers.expat.ParserCreate()
    count = [0]

    def start(name: str, attrs: dict) -> None:
        count[0] += 1
        if count[0] > limit:
            raise _TooManyElements

    parser.StartElementHandler = start
    return parser, count


def _inflated_size(raw: memoryview, limit: int, parser: Any = None) -> int:
    """Bytes a raw deflate stream inflates to, counted up to `limit` + 1 (then counting
    stops); each chunk is fed to `parser` when given."""
    d = zlib.decompressobj(-15)
    produced = 0
    pos = 0
    while pos < len(raw) or d.unconsumed_tail:
        if d.unconsumed_tail:
            data = d.unconsumed_tail
        else:
            data = raw[pos : pos + _CHUNK]
            pos += len(data)
        chunk = d.decompress(data, _CHUNK)
        produced += len(chunk)
        if produced > limit:
            return produced
        if parser is not None:
            parser.Parse(chunk, False)
        if d.eof:
            break
    return produced


def check_archive(data: bytes, path: str | Path, label: str, max_total: int, max_xml: int | None = None,
                  max_elements: int | None = None) -> None:
    """Refuse an archive whose members inflate past their declared sizes, past `max_total` bytes together, or
    (XML parts, when `max_xml` is set) past `max_xml` bytes each, or (when `max_elements` is set) hold more than
    `max_elements` XML elements each (counted by a streaming parser: an element costs the tree far more memory
    than its bytes, `<w:p/>` is 6 bytes). `label` names the format in messages ("Word
    (.docx)"). Raises ReadError: code "too_large" past a bound, else "corrupt" or "encrypted"."""
    p = Path(path)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        raise ReadError.for_file(p, f"tệp {label} bị hỏng, không mở được (không phải tệp nén hợp lệ)",
                          f"bad zip: {exc}", "corrupt") from exc  # fmt: skip
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        raise _refuse_large(p, f"tệp {label} giải nén ra quá lớn ({_mb(declared)}, tối đa {_mb(max_total)})",
                         f"declared uncompressed size {declared} exceeds cap {max_total} (zip bomb guard)")
    view = memoryview(data)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError.for_file(p, f"tệp {label} được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi gửi lại",
                              f"encrypted member {info.filename}", "encrypted")  # fmt: skip
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ReadError.for_file(p, f"tệp {label} dùng kiểu nén lạ mà Word không dùng, có thể đã bị sửa đổi",
                              f"member {info.filename} uses compression {info.compress_type}", "corrupt")  # fmt: skip
        start = info.header_offset
        try:
            sig, *_, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, start)
        except struct.error as exc:
            raise ReadError.for_file(p, f"tệp {label} bị hỏng, không mở được", f"truncated local header: {exc}",
                              "corrupt") from exc  # fmt: skip
        if sig != _LOCAL_SIGNATURE:
            raise ReadError.for_file(p, f"tệp {label} bị hỏng, không mở được",
                              f"bad local header for {info.filename}", "corrupt")  # fmt: skip
        begin = start + _LOCAL_HEADER.size + name_len + extra_len
        raw = view[begin : begin + info.compress_size]
        is_xml = max_elements is not None and info.filename.lower().endswith((".xml", ".rels"))
        parser = _element_counter(max_elements)[0] if is_xml and max_elements is not None else None
        try:
            if info.compress_type == zipfile.ZIP_STORED:
                size = len(raw)
                for at in range(0, len(raw), _CHUNK) if parser is not None else ():
                    parser.Parse(bytes(raw[at : at + _CHUNK]), False)
            else:
                size = _inflated_size(raw, info.file_size, parser)
        except zlib.error as exc:
            raise ReadError.for_file(p, f"tệp {label} bị hỏng, không giải nén được",
                              f"member {info.filename}: {exc}", "corrupt") from exc  # fmt: skip
        except _TooManyElements as exc:
            raise _refuse_large(
                p,
                f"phần nội dung {info.filename} của tệp {label} có quá nhiều thành phần (hơn "
                f"{max_elements:,} thẻ XML)".replace(",", "."),
                f"XML member {info.filename} has more than {max_elements} elements",
            ) from exc
        except xml.parsers.expat.ExpatError:
            # malformed XML is python-docx's to report (a corrupt file); the size is still counted, unparsed
            size = len(raw) if info.compress_type == zipfile.ZIP_STORED else _inflated_size(raw, info.file_size)
        if size > info.file_size:
            raise _refuse_large(
                p,
                f"một thành phần của tệp {label} ({info.filename}) khai báo {info.file_size:,} byte nhưng giải nén "
                "ra nhiều hơn thế".replace(",", "."),
                f"member {info.filename} declares {info.file_size} bytes but inflates past that (lying zip bomb)",
            )
        total += size
        if total > max_total:
            raise _refuse_large(p, f"tệp {label} giải nén ra quá lớn (hơn {_mb(max_total)})",
                             f"inflated size passes cap {max_total} (zip bomb guard)")
        if max_xml is not None and size > max_xml and info.filename.lower().endswith((".xml", ".rels")):
            raise _refuse_large(
                p,
                f"phần nội dung {info.filename} của tệp {label} quá lớn ({_mb(size)}, tối đa {_mb(max_xml)})",
                f"XML member {info.filename} inflates to {size} bytes, cap {max_xml}",
            )


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most `limit` bytes of a member, inflated a bounded chunk at a time (for peeking at small members, such
    as an OpenDocument's "mimetype", without trusting its declared size)."""
    with archive.open(name) as member:
        return member.read(limit)
