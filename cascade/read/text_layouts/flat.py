"""Tables flattened one cell per line: found by a header of known cells one per line; a row of the " |" layout
(each cell ending in ` |`, a web scrape) starts at a numbered or bulleted cell once the row above is complete. A
header with an STT column goes to `flat_numbered`, one without cell markers to `blank_separated`."""

from __future__ import annotations

from cascade.model import SourceRef
from cascade.read.document import Row
from cascade.read.text_layouts.blank_separated import read_blank_separated
from cascade.read.text_layouts.cells import (
    BULLET,
    FLAT_HEADER_CELL_MAX,
    FLAT_HEADER_CELLS_MAX,
    NUMBERED,
    ROMAN_HEADING,
    clean_cell,
    fold,
    is_header_cells,
    is_label_column,
    looks_like_page_footer,
    text_headers,
)
from cascade.read.text_layouts.cursor import Cursor
from cascade.read.text_layouts.flat_numbered import read_flat_numbered


def flat_header(cur: Cursor, k: int) -> tuple[int, list[str]] | None:
    """If a flattened header starts at k, the position just after it and its cells."""
    cells: list[str] = []
    j, n = k, len(cur.keep)
    while j < n and len(cells) < FLAT_HEADER_CELLS_MAX:
        line = cur.line(j)
        if not line.strip():
            j += 1
            continue
        if "\t" in line or line.count("|") > 1:
            break
        cell = clean_cell(line.rstrip().rstrip("|"))
        if len(cell) > FLAT_HEADER_CELL_MAX or not text_headers().is_known(fold(cell)):
            break
        cells.append(cell)
        j += 1
    if len(cells) >= 4 and is_header_cells(cells):
        return j, cells
    return None


def read_flat(cur: Cursor, start: int, body: int, header: list[str]) -> int:
    """The flattened table whose header cells run from line `start` to `body`; returns the position after it."""
    rows: list[Row] = [Row(header, cur.ref(start, 0))]
    ncols = len(header)
    has_area_col = fold(header[0]) == text_headers().area
    # Cells a data row holds besides its first (label or text) cell.
    per_row = ncols - 1 - (1 if has_area_col else 0)
    if is_label_column(header) and not any(fold(c).startswith(text_headers().objective) for c in header):
        # The last header line tells the layout (the header may start after blank lines).
        return read_flat_numbered(cur, start, body, rows, "|" in cur.line(body - 1))
    if "|" not in cur.line(start):
        return read_blank_separated(cur, start, body, rows)
    k, n = body, len(cur.keep)
    current: list[str] | None = None
    cur_ref: SourceRef | None = None
    expect_task = 1

    def flush() -> None:
        nonlocal current
        if current is not None:
            cells = list(current)
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                rows.append(Row(cells, cur_ref or cur.ref(start)))
        current = None

    while k < n:
        line = cur.line(k)
        stripped = line.strip()
        if looks_like_page_footer(stripped):
            break
        if not stripped:
            k += 1
            continue
        if "|" not in line:
            break  # the flattened " |" table ends at the first line without a cell marker
        cell = cur.flat_cell(k) or ""
        # A row starts with a numbered/bulleted cell once the row above is complete.
        m = NUMBERED.match(cell)
        starts = bool(cell) and (
            current is None
            or len(current) > per_row
            or (m is not None and m.group(1) == str(expect_task) and len(current) >= 3)
        )
        if ROMAN_HEADING.match(cell) and (current is None or len(current) > per_row or len(current) <= 1):
            flush()
            rows.append(Row([cell], cur.ref(k, len(rows))))
            k += 1
            continue
        if starts and (m or BULLET.match(cell) or current is None or len(current) > per_row):
            flush()
            current, cur_ref = [cell], cur.ref(k, len(rows))
            if m:
                expect_task = int(m.group(1).split(".")[0]) + 1
        elif current is not None:
            if len(current) <= per_row:
                current.append(cell)
            elif cell:
                current[-1] = (current[-1] + "\n" + cell).strip()
        k += 1
    flush()
    cur.emit_table(rows, start)
    return k
