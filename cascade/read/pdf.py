"""Reading a PDF's text layer into a `Document`: per page, the tables and the lines of text around them, in reading
order; a table that runs over several pages becomes one table (repeated headers dropped, split rows rejoined)."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from cascade.errors import ReadError
from cascade.model import SourceRef
from cascade.read import pdfguard
from cascade.read.document import Block, Document, Row

log = logging.getLogger(__name__)

# Words of a plan table's header row: a text-aligned (ruling-less) table is only believed when it has them.
_HEADER_WORDS = re.compile(r"\b(S?TT|Nhiệm vụ|Nội dung|Chỉ tiêu|Chủ trì|Thời gian|Sản phẩm|Phối hợp)\b", re.IGNORECASE)
# a line holding only a page number ("3", "- 3 -", "Trang 3"): not content, and it would split continued tables
_PAGE_NUMBER = re.compile(r"^(trang\s*)?[-–\s]*\d{1,4}[-–\s]*(/\s*\d{1,4})?$", re.IGNORECASE)
# a line that opens a new item even when the line above ran to the margin: "a) …", "1.2. …", "II. …", "- …"
_LIST_START = re.compile(r"^([a-zđ]\)|\d+(\.\d+)*[.)]\s|[IVXLC]+\.\s|[-+•–]\s)")


def _cell_text(text: str | None) -> str:
    """A table cell's text: lines the cell width wrapped are rejoined with a space; a line that opens a list item
    ("- …", "+ …", "a) …") keeps its line break, as the author typed it."""
    out = ""
    for line in _clean(text).split("\n"):
        if not out:
            out = line
        elif _LIST_START.match(line):
            out += "\n" + line
        else:
            out += " " + line
    return out


def _clean(text: str | None) -> str:
    if not text:
        return ""
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(ln for ln in lines if ln)


@dataclass
class _PageTable:
    top: float
    rows: list[list[str]]
    bbox: tuple[float, float, float, float]


def _find_tables(page) -> list[_PageTable]:
    """Ruled tables (pdfplumber's line strategy) first; on a page without any, a borderless table laid out on a
    header row of plan column names (pdfplumber's text strategy splits such columns mid-word, so the columns are
    taken from the header's word groups instead)."""
    found = [t for t in page.find_tables() if len(t.rows) >= 1 and len(t.columns) >= 2]
    out = []
    for t in found:
        rows = [[_cell_text(c) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            out.append(_PageTable(t.bbox[1], rows, t.bbox))
    if not found:
        borderless = _borderless_table(page)
        if borderless:
            out.append(borderless)
    return out


def _word_lines(page) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _groups(line: list[dict]) -> list[list[dict]]:
    """Words of a line grouped into cells: a gap wider than about two spaces separates cells."""
    out: list[list[dict]] = []
    for word in line:
        gap = 0.8 * (word["bottom"] - word["top"])
        if out and word["x0"] - out[-1][-1]["x1"] <= gap:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _borderless_table(page) -> _PageTable | None:
    """Columns start where the header's word groups start; a line with an empty first cell continues the row above
    (so cells must be top-aligned: a vertically centred multi-line row is not reassembled)."""
    lines = _word_lines(page)
    for h, line in enumerate(lines):
        groups = _groups(line)
        names = [" ".join(w["text"] for w in g) for g in groups]
        if len(groups) < 3 or sum(bool(_HEADER_WORDS.search(n)) for n in names) < 2:
            continue
        starts = [g[0]["x0"] for g in groups]
        rows = [names]
        bottom = line[-1]["bottom"]
        height = line[0]["bottom"] - line[0]["top"]
        for nxt in lines[h + 1 :]:
            if nxt[0]["top"] - bottom > 2.5 * height:
                break
            cells = [""] * len(starts)
            crossing = False
            for g in _groups(nxt):
                col = max(i for i, x in enumerate(starts) if x <= g[0]["x0"] + 2) if g[0]["x0"] + 2 >= starts[0] else 0
                if col + 1 < len(starts) and g[-1]["x1"] > starts[col + 1] + 2:
                    crossing = True  # running text across the columns: the table has ended
                cells[col] = f"{cells[col]} {' '.join(w['text'] for w in g)}".strip()
            if crossing:
                break
            if not cells[0] and len(rows) > 1:
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]  # a wrapped cell line
            else:
                rows.append(cells)
            bottom = nxt[-1]["bottom"]
        if len(rows) >= 2:
            x1 = max(w["x1"] for w in line)
            return _PageTable(line[0]["top"], rows, (starts[0], line[0]["top"], max(x1, page.bbox[2] - 1), bottom))
    return None


def _text_lines(page, tables: list[_PageTable]) -> list[_Line]:
    rest = page
    for t in tables:
        # shave a hair off so characters on the border stay with the table
        x0, top, x1, bottom = t.bbox
        rest = rest.outside_bbox(
            (max(x0, page.bbox[0]), max(top, page.bbox[1]), min(x1, page.bbox[2]), min(bottom, page.bbox[3]))
        )
    raw = []
    for line in rest.extract_text_lines(return_chars=False):
        text = _clean(line["text"])
        if text and not _PAGE_NUMBER.match(text):
            raw.append((line, text))
    return _join_wrapped(raw, [t.top for t in tables], max((t.bbox[2] for t in tables), default=0.0))


@dataclass
class _Line:
    top: float
    text: str
    may_continue: bool  # ran so close to the right edge that the next line's first word would not have fitted
    starts_left: bool  # begins at the left edge (not indented, not a new list item)


def _join_wrapped(raw: list[tuple[dict, str]], table_tops: list[float], table_right: float) -> list[_Line]:
    """Rejoin a paragraph's wrapped lines: a line continues on the next one when the next line's first word would
    not have fitted after it, unless the next line is indented, starts a list item or a table lies between them."""
    if not raw:
        return []
    # the text column's edges; tables usually span it, which keeps pages of short lines from joining
    right = max(max(line["x1"] for line, _ in raw), table_right)
    left = min(line["x0"] for line, _ in raw)
    out: list[_Line] = []
    prev = None
    for line, text in raw:
        height = line["bottom"] - line["top"]
        char_w = (line["x1"] - line["x0"]) / max(len(text), 1)
        first_word = (text.split() or [""])[0]
        starts_left = line["x0"] <= left + max(4.0, 0.5 * height) and not _LIST_START.match(text)
        if (
            prev is not None
            and out[-1].may_continue
            and starts_left
            and prev["x1"] + char_w * (len(first_word) + 1) >= right - 2 * char_w
            and line["top"] - prev["bottom"] <= 0.9 * height
            and not any(prev["top"] < top < line["top"] for top in table_tops)
        ):
            out[-1].text = f"{out[-1].text} {text}"
        else:
            out.append(_Line(line["top"], text, False, starts_left))
        # the next line's first word is unknown here: allow up to ~15 characters of slack, checked exactly above
        out[-1].may_continue = line["x1"] >= right - 15 * char_w
        prev = line
    return out


def _same_header(a: list[str], b: list[str]) -> bool:
    """The header row repeated on a new page: the same cells, allowing a few characters read differently by OCR
    (an exact match for a text layer is also a match here)."""
    from rapidfuzz import fuzz

    def norm(cells: list[str]) -> str:
        return " | ".join(re.sub(r"\s+", " ", c).strip().lower() for c in cells)

    return len(a) == len(b) and (norm(a) == norm(b) or fuzz.ratio(norm(a), norm(b)) >= 90)


def read_pdf(path: str | Path, data: bytes | None = None) -> Document:
    """Read a PDF: pages with a text layer directly, scanned pages (no text layer) through OCR
    (cascade.read.ocr). Raises ReadError for an encrypted or corrupt PDF, a scan that cannot be OCR'd, or a file
    past the bounds of cascade.read.pdfguard (stream bombs, pages that draw without end; code "too_large")."""
    p = Path(path)
    if data is None:
        data = p.read_bytes()
    pdfguard.install()
    with pdfguard.budget() as spent:
        try:
            return _read_pdf(p, data, spent)
        except pdfguard.PdfLimit as exc:
            raise pdfguard.refusal(exc, p) from exc
        except ReadError:
            raise
        except Exception as exc:  # pdfplumber wraps what pdfminer raised (PdfminerException): a bound may be inside
            if spent.tripped is not None:
                raise pdfguard.refusal(spent.tripped, p) from exc
            raise


def _read_pdf(p: Path, data: bytes, spent: pdfguard.Budget) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer wraps syntax, EOF and password problems alike
        if b"/Encrypt" in data:
            raise ReadError.for_file(p, "tệp PDF được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi gửi lại", f"encrypted PDF: {exc!r}",
                         "encrypted") from exc  # fmt: skip
        raise ReadError.for_file(p, "tệp PDF bị hỏng, không mở được", f"pdfminer failed: {exc!r}", "corrupt") from exc
    doc = Document(path=str(p), format="pdf")
    table_no = -1
    last_line_continues = False
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise ReadError.for_file(p, "tệp PDF bị hỏng, không đọc được các trang", f"page tree: {exc!r}", "corrupt") from exc
        # Each page is laid out once, its tables and lines kept, and its layout objects let go (page.close()):
        # pdfplumber caches every character of every page it has read, which grows with the document.
        read: dict[int, tuple[list[_PageTable], list[_Line]]] = {}
        textless: list[int] = []
        for page_no, page in enumerate(pages, start=1):
            spent.start_page(page_no)
            if not any(c.get("text", "").strip() for c in page.chars):
                pdfguard.check_images(page.images, page_no)  # before OCR renders them (PDFium decodes them whole)
                textless.append(page_no)
            else:
                tables = _find_tables(page)
                read[page_no] = (tables, _text_lines(page, tables))
            page.close()
        spent.start_page(0)
        scanned = _ocr(p, data, textless, len(textless) == len(pages), doc) if textless else {}
        for page_no in range(1, len(pages) + 1):
            if page_no in scanned:
                tables, lines = _ocr_content(scanned[page_no])
            elif page_no not in read:
                continue  # a scanned page of a mostly text PDF, left out when OCR is not installed (see warnings)
            else:
                tables, lines = read[page_no]
            items: list[tuple[float, int, object]] = [(ln.top, 1, ln) for ln in lines]
            items += [(t.top, 0, t) for t in tables]
            items.sort(key=lambda it: (it[0], it[1]))
            for index, (_, _, item) in enumerate(items):
                if isinstance(item, _Line):
                    prev = doc.blocks[-1] if doc.blocks else None
                    if (
                        index == 0
                        and last_line_continues
                        and item.starts_left
                        and prev is not None
                        and prev.kind == "para"
                    ):
                        prev.text = f"{prev.text} {item.text}"  # a paragraph running over the page break
                    else:
                        doc.blocks.append(Block("para", text=item.text, source=SourceRef(str(p), page=page_no)))
                    last_line_continues = item.may_continue
                    continue
                last_line_continues = False
                # a table at the top of a page right after a table that ended the previous page: its continuation
                prev = doc.blocks[-1] if doc.blocks else None
                if (
                    index == 0
                    and page_no > 1
                    and prev is not None
                    and prev.kind == "table"
                    and prev.rows[-1].source.page == page_no - 1
                    and len(prev.rows[0].cells) == len(item.rows[0])
                ):
                    _continue_table(prev, item.rows, page_no, str(p))
                    continue
                table_no += 1
                rows = [
                    Row(cells, SourceRef(str(p), page=page_no, table=table_no, row=i))
                    for i, cells in enumerate(item.rows)
                ]
                doc.blocks.append(Block("table", rows=rows, source=SourceRef(str(p), page=page_no, table=table_no)))
    if scanned and len(scanned) == len(pages) and not doc.blocks:
        raise ReadError.for_file(
            p,
            "tệp PDF không có lớp chữ (bản quét) và nhận dạng ký tự (OCR) không tìm thấy chữ nào trong ảnh quét",
            "PDF has no text layer and OCR found no text",
            "scanned",
        )
    return doc


_NO_OCR_VI = (
    "tệp PDF không có lớp chữ (bản quét); cần nhận dạng ký tự (OCR) trước khi kiểm tra nhưng máy chưa cài "
    "Tesseract OCR tiếng Việt — cài bằng lệnh: {command}"
)


def _ocr(p: Path, data: bytes, page_numbers: list[int], whole: bool, doc: Document) -> dict:
    """OCR the pages without a text layer (cascade.read.ocr). Without Tesseract, a wholly scanned file is refused
    with the install command; a file with only some scanned pages is read without them, and a warning says so."""
    from cascade.read.ocr import INSTALL_COMMAND, OcrUnavailable, ocr_pages

    try:
        pages = ocr_pages(data, page_numbers, p.name)
    except OcrUnavailable as exc:
        if whole:
            raise ReadError.for_file(p, _NO_OCR_VI.format(command=INSTALL_COMMAND),
                         f"PDF has no text layer (scanned image?) and OCR is unavailable: {exc}", "scanned") from exc  # fmt: skip
        log.warning("%s: pages %s have no text layer and OCR is unavailable: %s", p.name, page_numbers, exc)
        doc.warnings.append(
            f"Các trang {', '.join(map(str, page_numbers))} là ảnh quét, không có lớp chữ, nên chưa được đọc "
            f"(cần cài Tesseract OCR tiếng Việt: {INSTALL_COMMAND})."
        )
        return {}
    except Exception as exc:  # Tesseract crashing on one image must not become a traceback
        log.debug("OCR failed on %s", p, exc_info=True)
        raise ReadError.for_file(p, "tệp PDF là bản quét nhưng nhận dạng ký tự (OCR) bị lỗi", f"OCR failed: {exc!r}",
                     "scanned") from exc  # fmt: skip
    doc.warnings.append(
        "Tệp PDF là bản quét: nội dung "
        + ("" if whole else f"các trang {', '.join(map(str, page_numbers))} ")
        + "được đọc bằng nhận dạng ký tự (OCR), có thể sai một số chữ; hãy đối chiếu với bản gốc."
    )
    return pages


def _ocr_content(page) -> tuple[list[_PageTable], list[_Line]]:
    """An OCR'd page (pixel coordinates) as the tables and text lines a text-layer page yields."""
    tables = []
    for t in page.tables:
        rows = [[_cell_text(c) for c in row] for row in t.rows]
        rows = [r for r in rows if any(r)]
        if rows and len(rows[0]) >= 2:
            tables.append(_PageTable(t.top, rows, t.bbox))
    raw = []
    for ln in page.lines:
        text = _clean(ln.text)
        if text and not _PAGE_NUMBER.match(text):
            raw.append(({"x0": ln.x0, "x1": ln.x1, "top": ln.top, "bottom": ln.bottom}, text))
    return tables, _join_wrapped(raw, [t.top for t in tables], max((t.bbox[2] for t in tables), default=0.0))


def _continue_table(table: Block, rows: list[list[str]], page_no: int, path: str) -> None:
    """Append a page's rows to the table begun on the previous page."""
    header = table.rows[0].cells
    if rows and _same_header(rows[0], header):
        rows = rows[1:]  # the header Word repeats on each page
    if rows and not rows[0][0].strip() and len(table.rows) > 1:
        # a row split by the page break: its rest starts with an empty number cell
        last = table.rows[-1]
        last.cells = [
            "\n".join(x for x in (a, b) if x) for a, b in zip(last.cells, rows[0], strict=False)
        ] + last.cells[len(rows[0]) :]
        rows = rows[1:]
    base = len(table.rows)
    table.rows.extend(
        Row(cells, SourceRef(path, page=page_no, table=table.source.table, row=base + i))
        for i, cells in enumerate(rows)
    )
