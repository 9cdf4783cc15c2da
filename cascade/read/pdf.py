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
from cascade.read.document import Block, Document, Row

log = logging.getLogger(__name__)

# Words of a plan table's header row: a text-aligned (ruling-less) table is only believed when it has them.
_HEADER_WORDS = re.compile(r"\b(S?TT|Nhiệm vụ|Nội dung|Chỉ tiêu|Chủ trì|Thời gian|Sản phẩm|Phối hợp)\b", re.IGNORECASE)
# a line holding only a page number ("3", "- 3 -", "Trang 3"): not content, and it would split continued tables
_PAGE_NUMBER = re.compile(r"^(trang\s*)?[-–\s]*\d{1,4}[-–\s]*(/\s*\d{1,4})?$", re.IGNORECASE)
# a line that opens a new item even when the line above ran to the margin: "a) …", "1.2. …", "II. …", "- …"
_LIST_START = re.compile(r"^([a-zđ]\)|\d+(\.\d+)*[.)]\s|[IVXLC]+\.\s|[-+•–]\s)")


def _error(path: Path, problem_vi: str, detail_en: str, code: str) -> ReadError:
    return ReadError(f"Không đọc được tệp “{path.name}”: {problem_vi}.", f"{path.name}: {detail_en}", str(path), code)


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
    def norm(cells: list[str]) -> list[str]:
        return [re.sub(r"\s+", " ", c).strip().lower() for c in cells]

    return norm(a) == norm(b)


def read_pdf(path: str | Path, data: bytes | None = None) -> Document:
    """Read a PDF with a text layer. Raises ReadError for a scanned (text-less), encrypted or corrupt PDF."""
    p = Path(path)
    if data is None:
        data = p.read_bytes()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer wraps syntax, EOF and password problems alike
        if b"/Encrypt" in data:
            raise _error(p, "tệp PDF được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi gửi lại", f"encrypted PDF: {exc!r}",
                         "encrypted") from exc  # fmt: skip
        raise _error(p, "tệp PDF bị hỏng, không mở được", f"pdfminer failed: {exc!r}", "corrupt") from exc
    doc = Document(path=str(p), format="pdf")
    chars = 0
    table_no = -1
    last_line_continues = False
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise _error(p, "tệp PDF bị hỏng, không đọc được các trang", f"page tree: {exc!r}", "corrupt") from exc
        for page_no, page in enumerate(pages, start=1):
            chars += sum(1 for c in page.chars if c.get("text", "").strip())
            tables = _find_tables(page)
            items: list[tuple[float, int, object]] = [(ln.top, 1, ln) for ln in _text_lines(page, tables)]
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
    if chars == 0:
        raise _error(
            p,
            "tệp PDF không có lớp chữ (bản quét); cần nhận dạng ký tự (OCR) trước khi kiểm tra",
            "PDF has no text layer (scanned image?)",
            "scanned",
        )
    return doc


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
