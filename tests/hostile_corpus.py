"""Hostile and oversized inputs, generated at test time (nothing large is kept on disk in the repository).

Each builder writes one file into a folder and returns its path; the files are small on disk (a few MB at most)
but inflate, decode or align into something large: a .docx whose member lies about its size, PDF stream and token
bombs, very long plans, a file of blank lines, text in mixed encodings. Used by tests/test_hostile_inputs.py and
benchmarks/hostile_bench.py.
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

GIB = 1024 * 1024 * 1024

# Syllables of plan prose: random triples of them make a vocabulary that grows with the number of rows, the worst
# case for anything that builds a matrix of items × words.
_SYLLABLES = ["cải", "cách", "hành", "chính", "thủ", "tục", "công", "chức", "viên", "chức", "số", "hóa", "dữ", "liệu", "chuyển", "đổi", "dịch", "vụ", "trực", "tuyến", "kiểm", "tra", "giám", "sát", "tuyên", "truyền", "phổ", "biến", "pháp", "luật", "văn", "bản", "quy", "phạm", "rà", "soát", "đơn", "giản", "hóa", "tổ", "chức", "bộ", "máy", "sắp", "xếp", "tinh", "giản", "biên", "chế", "tài", "chính", "ngân", "sách", "tự", "chủ", "đơn", "vị", "sự", "nghiệp", "chính", "quyền", "điện", "tử", "nền", "tảng", "hệ", "thống", "thông", "tin", "một", "cửa", "liên", "thông", "tiếp", "nhận", "giải", "quyết", "hồ", "sơ", "đánh", "giá", "chỉ", "số", "hài", "lòng", "người", "dân", "doanh", "nghiệp", "năng", "lực", "cạnh", "tranh", "đào", "tạo", "bồi", "dưỡng", "kỷ", "luật", "kỷ", "cương", "đạo", "đức", "công", "vụ", "phân", "cấp", "phân", "quyền", "ủy", "quyền"]

_HEADER = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 99/KH-UBND | Bình Định, ngày 29 tháng 12 năm 2023 |
KẾ HOẠCH
CẢI CÁCH HÀNH CHÍNH NĂM 2024
I. NHIỆM VỤ CỤ THỂ
TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
"""


def big_plan_text(rows: int, seed: int = 7) -> str:
    """A text plan whose task table has `rows` rows of distinct wording (vocabulary grows with the rows)."""
    rnd = random.Random(seed)
    out = [_HEADER]
    for i in range(1, rows + 1):
        words = " ".join(rnd.choice(_SYLLABLES) for _ in range(12))
        # a made-up word per row: real long plans keep adding names, places and document numbers
        token = "".join(rnd.choice("bcdghklmnpqrstvx") + rnd.choice("aeiouy") for _ in range(3))
        out.append(f"{i} | Triển khai {words} {token} năm 2024 | Sở Nội vụ | Các sở, ngành | Quý {i % 4 + 1} |\n")
    return "".join(out)


def write_big_plan(folder: Path, rows: int, name: str | None = None) -> Path:
    """`big_plan_text(rows)` saved as UTF-8."""
    path = folder / (name or f"ke-hoach-{rows}-dong.txt")
    path.write_text(big_plan_text(rows), encoding="utf-8")
    return path


def write_blank_lines(folder: Path, mib: int = 20) -> Path:
    """`mib` MiB of newlines with one line of plan text at the top (just under the 20 MB file limit)."""
    path = folder / "dong-trong.txt"
    head = _HEADER.encode("utf-8") + "1 | Rà soát thủ tục hành chính | Sở Nội vụ | | Quý 1 |\n".encode()
    with path.open("wb") as f:
        f.write(head)
        chunk = b"\n" * (1024 * 1024)
        for _ in range(mib - 1):
            f.write(chunk)
        f.write(b"\n" * (1024 * 1024 - len(head) - 1))
    return path


# --- .docx whose member lies about its size ----------------------------------------------------------------------
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)


def _deflate_stream(head: bytes, filler: bytes, total: int, tail: bytes = b"") -> tuple[bytes, int, int]:
    """Raw deflate of head + filler repeated up to `total` bytes + tail, built chunk by chunk (never all in
    memory). Returns (compressed, crc32 of the first 1,000 bytes, crc32 of everything)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [comp.compress(head)]
    crc = zlib.crc32(head)
    written = len(head)
    block = filler * (1024 * 1024 // len(filler))
    while written + len(block) + len(tail) <= total:
        out.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
        written += len(block)
    out.append(comp.compress(tail))
    crc = zlib.crc32(tail, crc)
    out.append(comp.flush())
    first = (head + filler * 1000)[:1000]
    return b"".join(out), zlib.crc32(first), crc


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive from (name, raw deflate data, declared size, crc, method) — sizes as declared, not true."""
    local, central = bytearray(), bytearray()
    for name, data, size, crc, method in members:
        fname = name.encode()
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(fname), 0)
        local += fname + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size,
                               len(fname), 0, 0, 0, 0, 0, offset)
        central += fname
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return name, data, len(data), zlib.crc32(data), 0


def write_lying_docx(folder: Path, inflated: int = GIB, declared: int = 1000) -> Path:
    """A .docx (about 1 MB) whose word/document.xml declares `declared` bytes but inflates to `inflated`."""
    body = b"<w:p><w:r><w:t>" + "Cải cách hành chính ".encode() * 3 + b"</w:t></w:r></w:p>"
    data, crc_first, _ = _deflate_stream(_DOC_HEAD, b" " * 4096, inflated, body + b"</w:body></w:document>")
    members = [_stored("[Content_Types].xml", _CONTENT_TYPES), _stored("_rels/.rels", _RELS),
               ("word/document.xml", data, declared, crc_first, 8)]
    path = folder / "noi-sai-kich-thuoc.docx"
    path.write_bytes(_zip(members))
    return path


def write_element_bomb_docx(folder: Path, elements: int = 2_000_000, name: str = "nhieu-the.docx") -> Path:
    """A .docx (tens of KB) whose word/document.xml honestly declares its size but holds `elements` empty
    paragraphs `<w:p/>`: a few MB of XML, a tree of hundreds of MB."""
    body = b"<w:p><w:r><w:t>" + "Cải cách hành chính".encode() + b"</w:t></w:r></w:p>"
    tail = body + b"</w:body></w:document>"
    filler = b"<w:p/>"
    total = len(_DOC_HEAD) + len(filler) * elements + len(tail)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [comp.compress(_DOC_HEAD)]
    crc = zlib.crc32(_DOC_HEAD)
    block = filler * 10_000
    for _ in range(elements // 10_000):
        parts.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
    parts += [comp.compress(tail), comp.flush()]
    crc = zlib.crc32(tail, crc)
    members = [_stored("[Content_Types].xml", _CONTENT_TYPES), _stored("_rels/.rels", _RELS),
               ("word/document.xml", b"".join(parts), total, crc, 8)]
    path = folder / name
    path.write_bytes(_zip(members))
    return path


# --- PDF bombs -----------------------------------------------------------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects (1 = catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", raw_length: int | None = None) -> bytes:
    n = len(data) if raw_length is None else raw_length
    return b"<< /Length " + str(n).encode() + b" /Filter /FlateDecode " + extra + b" >>\nstream\n" + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page_pdf(content: bytes, extra_objects: list[bytes] | None = None, xobjects: bytes = b"") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> " + xobjects + b" >> >>",
        content,
        _FONT,
        *(extra_objects or []),
    ]
    return _pdf(objects)


def write_pdf_flate_bomb(folder: Path, inflated: int = GIB) -> Path:
    """A one-page PDF (about 1 MB) whose content stream inflates to `inflated` bytes of spaces."""
    head = b"BT /F1 12 Tf 72 720 Td (Ke hoach cai cach hanh chinh) Tj ET\n"
    comp = zlib.compressobj(9)
    parts = [comp.compress(head)]
    block = b" " * (1024 * 1024)
    for _ in range(max(1, inflated // len(block))):
        parts.append(comp.compress(block))
    parts.append(comp.flush())
    path = folder / "bom-luong-nen.pdf"
    path.write_bytes(_page_pdf(_stream(b"".join(parts))))
    return path


def write_pdf_form_bomb(folder: Path, depth: int = 9) -> Path:
    """A PDF of about 2 KB whose page draws a form XObject that draws the next one ten times, `depth` levels deep:
    10^(depth-1) text-showing operators from a few hundred bytes of content."""
    # objects: 1 catalog, 2 pages, 3 page, 4 content, 5 font, 6.. forms (6 = top form)
    forms = []
    for level in range(depth):
        n = 6 + level
        if level == depth - 1:
            body = b"BT /F1 1 Tf 0 0 Td (x) Tj ET"
            res = b"<< /Font << /F1 5 0 R >> >>"
        else:
            body = b" ".join([b"/X Do"] * 10)
            res = b"<< /XObject << /X " + str(n + 1).encode() + b" 0 R >> /Font << /F1 5 0 R >> >>"
        comp = zlib.compress(body)
        forms.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + res
                     + b" /Length " + str(len(comp)).encode() + b" /Filter /FlateDecode >>\nstream\n" + comp
                     + b"\nendstream")
    content = _stream(zlib.compress(b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET\n/X Do\n", 9))
    path = folder / "bom-form.pdf"
    path.write_bytes(_page_pdf(content, forms, b"/XObject << /X 6 0 R >>"))
    return path


def write_pdf_token_bomb(folder: Path, what: str = "paths") -> Path:
    """A PDF of a few KB whose one content stream inflates to a few MB of tiny operators: ~450,000 line segments
    ("paths") or one string of 4 million characters ("chars"). Each becomes a Python object in the reader."""
    if what == "paths":
        ops = b"BT /F1 12 Tf 72 720 Td (Ke hoach) Tj ET\n" + b"0 0 m 1 1 l S\n" * 450_000
    else:
        ops = b"BT /F1 1 Tf 0 0 Td (" + b"x" * 4_000_000 + b") Tj ET\n"
    path = folder / f"bom-lenh-{what}.pdf"
    path.write_bytes(_page_pdf(_stream(zlib.compress(ops, 9))))
    return path


def write_pdf_image_bomb(folder: Path, side: int = 40_000) -> Path:
    """A PDF of about 2 MB whose only page (no text, so it goes to OCR) shows a side × side grey image: 1.6 GB
    once decoded."""
    comp = zlib.compressobj(9)
    row = b"\xff" * side
    parts = [comp.compress(row * 64) for _ in range(side // 64)]
    parts.append(comp.flush())
    data = b"".join(parts)
    image = (b"<< /Type /XObject /Subtype /Image /Width " + str(side).encode() + b" /Height " + str(side).encode()
             + b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length "
             + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream")
    content = _stream(zlib.compress(b"q 595 0 0 842 0 0 cm /Im Do Q\n"))
    path = folder / "bom-anh.pdf"
    path.write_bytes(_page_pdf(content, [image], b"/XObject << /Im 6 0 R >>"))
    return path


# --- mixed encodings -----------------------------------------------------------------------------------------------
_MIXED_PLAN = """ỦY BAN NHÂN DÂN HUYỆN TUY PHƯỚC | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 12/KH-UBND | Tuy Phước, ngày 10 tháng 01 năm 2024 |
KẾ HOẠCH
Cải cách hành chính năm 2024
I. NHIỆM VỤ CỤ THỂ
1. Cải cách thể chế
a) Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân huyện ban hành.
b) Tổ chức tuyên truyền, phổ biến giáo dục pháp luật cho cán bộ, công chức và người dân.
2. Cải cách thủ tục hành chính
a) Công khai đầy đủ, kịp thời thủ tục hành chính tại Bộ phận Một cửa huyện và xã.
b) Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.
3. Hiện đại hóa hành chính
a) Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình trên Cổng Dịch vụ công.
b) Triển khai hệ thống quản lý văn bản và điều hành công việc đến cấp xã.
"""
_CP1258_PARAGRAPH = "c) Kiểm tra việc thực hiện kỷ luật, kỷ cương hành chính tại các cơ quan, đơn vị trên địa bàn huyện."


def write_mixed_encoding(folder: Path) -> Path:
    """A UTF-8 plan with one paragraph saved in windows-1258 (line 9 of the file)."""
    from cascade.read.encodings import unicode_to_cp1258

    lines = _MIXED_PLAN.encode("utf-8").split(b"\n")
    lines.insert(8, unicode_to_cp1258(_CP1258_PARAGRAPH))
    path = folder / "tron-bang-ma.txt"
    path.write_bytes(b"\n".join(lines))
    return path


def write_stray_bytes(folder: Path) -> Path:
    """A UTF-8 plan with three stray bytes (not UTF-8) in one line (line 7)."""
    lines = _MIXED_PLAN.encode("utf-8").split(b"\n")
    cut = lines[6].index(b" ", 10) + 1  # between two words, not inside a UTF-8 sequence
    lines[6] = lines[6][:cut] + b"\x81\xfe\x90" + lines[6][cut:]
    path = folder / "byte-lac.txt"
    path.write_bytes(b"\n".join(lines))
    return path


MIXED_CP1258_LINE = 9
STRAY_BYTES_LINE = 7
MIXED_CP1258_TEXT = _CP1258_PARAGRAPH
