"""A flattened STT | Nhiệm vụ | … table: one cell per line, rows of the header's width, each opened by its STT cell."""

from __future__ import annotations

from cascade.read.document import Row
from cascade.read.text_layouts.cells import FLAT_ROW_NUMBER, append_cells, continues_row, fold
from cascade.read.text_layouts.cursor import Cursor


def read_flat_numbered(cur: Cursor, start: int, body: int, rows: list[Row], piped: bool) -> int:
    """A flattened STT | Nhiệm vụ | … table: rows of the header's width, each opened by its STT cell.

    A row is cut after as many cells as the header has, or earlier where a bare row number (or area
    numeral) follows a row that already has its text (a copy that dropped the empty cells at the end of
    a row). The header repeated after a page break is dropped; a row with an empty STT cell that goes
    on with the text of the numbered row above is joined to it.
    """
    header = rows[0].cells
    ncols = len(header)
    folded_header = [fold(c) for c in header]
    cells, end = cur.flat_cells(body, piped)
    chunks: list[list[tuple[str, int]]] = []
    open_row: list[tuple[str, int]] | None = None
    i = 0
    while i < len(cells):
        if [fold(c) for c, _ in cells[i:i + ncols]] == folded_header:
            i += ncols  # the header repeated on a new page
            if open_row is not None:
                chunks.append(open_row)
                open_row = None
            continue
        cell, k = cells[i]
        if open_row is not None and (
            len(open_row) >= ncols
            or (FLAT_ROW_NUMBER.match(cell) and len(open_row) >= 2 and any(c for c, _ in open_row[1:]))
        ):
            chunks.append(open_row)
            open_row = None
        if open_row is None:
            open_row = []
        open_row.append((cell, k))
        i += 1
    if open_row is not None:
        chunks.append(open_row)
    for chunk in chunks:
        row_cells = [c for c, _ in chunk]
        while row_cells and not row_cells[-1]:
            row_cells.pop()
        if not any(row_cells):
            continue
        if len(rows) > 1 and continues_row(row_cells, rows[-1].cells):
            rows[-1] = Row(append_cells(rows[-1].cells, row_cells), rows[-1].source)
        else:
            rows.append(Row(row_cells, cur.ref(chunk[0][1], len(rows))))
    cur.emit_table(rows, start)
    return end
