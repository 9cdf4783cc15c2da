"""Plain-text reader: text copied out of web pages and Word files → `Document`.

Real plans arrive as text in several table layouts, each read by its module of `cascade.read.text_layouts`:
- `cell | cell |` rows (merged cells leave empty `|` runs; a row may continue on lines starting with `|`);
- tab-separated rows, with the header repeated on each page and a row continued after a page break;
- a table flattened one cell per line, each ending in ` |` (web scrape);
- a table flattened one cell per line, cells separated by blank lines, rows ended by a lone no-break space.
Tables are found by their header row (STT/TT, Nhiệm vụ, Chỉ tiêu, Cơ quan chủ trì, …); everything else is a
paragraph. Scraped duplicates of whole passages are dropped. Cells may be ragged: aligning them to the
header's columns is the parser's job (it knows what an agency, a deadline or a target looks like).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from cascade.errors import ReadError
from cascade.read.document import Document
from cascade.read.text_layouts.cells import (
    TextHeaders,
    clean_cell,
    is_header_cells,
    is_subheader_cells,
    split_pipes,
    text_headers,
)
from cascade.read.text_layouts.cursor import Cursor
from cascade.read.text_layouts.delimited import read_delimited
from cascade.read.text_layouts.flat import flat_header, read_flat
from cascade.vocab import count_vi

# the reader's vocabulary and row tests, for callers of this module
__all__ = ["MAX_LINES", "TextHeaders", "clean_cell", "is_header_cells", "is_subheader_cells", "read_text",
           "text_headers"]


# Lines of a text plan read at most (after runs of blank lines are shortened): a real plan has a few hundred, the
# longest seed 291 (a table flattened one cell per line, blank lines between cells, takes ~12 lines a row); every
# line becomes objects in the reader and the parser, so a longer file is refused before they are made.
MAX_LINES = 20_000
# A run of more blank lines than this is read as this many: no layout tells more blank lines from fewer, and a
# file of 20 MB of newlines would otherwise be 20 million lines in memory.
MAX_BLANK_RUN = 3
# a character class, not a repeated group: the regex engine keeps state per repetition of a group, which for a
# run of millions of lines took gigabytes
_BLANK_RUN = re.compile(r"\n[\n \t]*\n")


def _shorten_blank_runs(text: str) -> tuple[str, list[int], list[int]]:
    """`text` with each run of blank lines longer than MAX_BLANK_RUN cut to MAX_BLANK_RUN, and the line-number
    correction: for a line index ≥ starts[k] of the shortened text (the first after the k-th cut), add removed[k]
    to get the line index in the file."""
    pieces: list[str] = []
    starts: list[int] = []
    removed: list[int] = []
    pos, line, gone = 0, 0, 0
    for m in _BLANK_RUN.finditer(text):
        breaks = text.count("\n", m.start(), m.end())
        if breaks <= MAX_BLANK_RUN + 1:
            continue
        line += text.count("\n", pos, m.start()) + MAX_BLANK_RUN + 1
        gone += breaks - (MAX_BLANK_RUN + 1)
        pieces.append(text[pos : m.start()])
        pieces.append("\n" * (MAX_BLANK_RUN + 1))
        starts.append(line)
        removed.append(gone)
        pos = m.end()
    if not starts:
        return text, [], []
    pieces.append(text[pos:])
    return "".join(pieces), starts, removed


def read_text(text: str, path: str, encoding: str = "utf-8") -> Document:
    """Read decoded plan text (any seed layout) into paragraphs and tables.

    Raises ReadError (code "too_large") for a text of more than MAX_LINES lines, blank runs shortened."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text, starts, removed = _shorten_blank_runs(text)
    count = text.count("\n") + 1
    if count > MAX_LINES:
        name = Path(path).name
        raise ReadError(
            f"Không đọc được tệp “{name}”: tệp văn bản có quá nhiều dòng ({count_vi(count)} dòng, tối đa "
            f"{count_vi(MAX_LINES)}); một kế hoạch chỉ có vài trăm dòng, hãy kiểm tra lại tệp.",
            f"{name}: {count} lines after shortening blank runs, limit {MAX_LINES}",
            path,
            "too_large",
        )
    # A form feed is a page break: drop it in place so that line numbers stay those of the file.
    lines = [ln.replace("\f", "") for ln in text.split("\n")] if "\f" in text else text.split("\n")
    del text
    keep = _drop_duplicate_passages(lines)
    doc = Document(path=path, format="txt", encoding=encoding)
    if len(keep) < len(lines):
        doc.warnings.append(f"Bỏ {len(lines) - len(keep)} dòng lặp lại (đoạn văn bị sao chép hai lần).")
    _read_lines(Cursor(doc, lines, keep, starts, removed))
    return doc


# Earlier occurrences of a line compared for a repeated passage: a line repeated thousands of times (an agency
# name in a flattened table, a generated file) would otherwise be compared with every one, quadratic in the file.
_MAX_OCCURRENCES = 64


def _drop_duplicate_passages(lines: list[str], min_run: int = 5) -> list[int]:
    """Indexes of the lines to keep: a run of ≥ `min_run` lines repeating an earlier run is dropped.

    Only runs of real prose count (several long lines), so table rows that repeat the same agencies,
    products and deadlines, and repeated table headers, are never taken for a scraped duplicate.
    """
    first_seen: dict[str, list[int]] = {}
    drop: set[int] = set()
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        best = 0
        if line.strip():
            for j in first_seen.get(line, [])[-_MAX_OCCURRENCES:]:
                k = 0
                while i + k < n and j + k < i and lines[i + k] == lines[j + k]:
                    k += 1
                best = max(best, k)
        run = [lines[i + k].strip() for k in range(best)]
        if best >= min_run and sum(map(len, run)) >= 400 and sum(len(x) >= 80 for x in run) >= 2:
            drop.update(range(i, i + best))
            i += best
            continue
        if line.strip():  # blank lines are never looked up: not kept (a file of blank lines would fill this)
            first_seen.setdefault(line, []).append(i)
        i += 1
    return [i for i in range(n) if i not in drop]


def _read_lines(cur: Cursor) -> None:
    """One pass over the kept lines: each table goes to the module of its layout, every other line is a paragraph
    (one per cell of a delimited line)."""
    n = len(cur.keep)
    pos = 0
    while pos < n:
        k = pos
        line = cur.line(k)
        if "\t" in line and is_header_cells([clean_cell(c) for c in line.split("\t")]):
            pos = read_delimited(cur, k, "\t")
        elif "|" in line and is_header_cells(split_pipes(line)):
            pos = read_delimited(cur, k, "|")
        elif (found := flat_header(cur, k)) is not None:
            end, header = found
            pos = read_flat(cur, k, end, header)
        else:
            if "|" in line:
                for cell in split_pipes(line):
                    cur.para(cell, k)
            elif "\t" in line:
                for cell in line.split("\t"):
                    cur.para(cell, k)
            else:
                cur.para(line, k)
            pos = k + 1
