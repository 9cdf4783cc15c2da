"""Delimited tables: `cell | cell |` rows (merged cells leave empty `|` runs; a row may continue on lines starting
with `|`) and tab-separated rows (the header repeated on each page, a row continued after a page break)."""

from __future__ import annotations

from cascade.read.document import Row
from cascade.read.text_layouts.cells import (
    RULE_LINE,
    append_cells,
    clean_cell,
    continues_row,
    fold,
    is_continuation,
    is_header_cells,
    is_label_column,
    is_subheader_cells,
    merge_header,
    split_pipes,
    text_headers,
)
from cascade.read.text_layouts.cursor import Cursor


def read_delimited(cur: Cursor, start: int, sep: str) -> int:
    """The table whose header row is line `start` (cells split at `sep`); returns the position after it."""
    first_line = cur.line(start).strip()
    # "| a | b |" rows (every row opens with a pipe): the empty cell before the first pipe is no cell.
    bordered = sep == "|" and first_line.startswith("|")
    header = _row_cells(first_line, sep, bordered)
    numbered = is_label_column(header)
    rows: list[Row] = [Row(header, cur.ref(start, 0))]
    raw: list[str] = []  # pipe rows are re-split after continuation lines are joined
    k = start + 1
    n = len(cur.keep)
    after_header = True  # a sub-header line can only follow a header line
    while k < n:
        line = cur.line(k)
        if not line.strip() or (sep == "|" and RULE_LINE.match(line.strip())):
            k += 1
            continue
        if sep not in line:
            # The table ends at the first plain line, unless it is a page mark and the table goes on.
            if text_headers().page_mark.match(fold(line)) and _table_goes_on(cur, k + 1, sep):
                k += 1
                continue
            break
        cells = _row_cells(line, sep, bordered)
        if is_header_cells(cells):
            k += 1  # header repeated on a new page
            after_header = True
            continue
        if after_header and is_subheader_cells(cells):
            if len(rows) == 1:
                rows[0] = Row(merge_header(rows[0].cells, cells), rows[0].source)
            k += 1
            continue
        after_header = False
        if (sep == "|" and not bordered and line.lstrip().startswith("|") and len(rows) > 1
                and raw[-1].count("|") < len(rows[0].cells)):
            # The rest of the row above (a line break inside one of its cells split the row), which
            # an unfinished row can take; after a complete row, a line opening with a pipe is a row
            # whose first (STT) cell is empty.
            raw[-1] += " " + line.strip()
            rows[-1] = Row(split_pipes(raw[-1]), rows[-1].source)
        elif len(rows) > 1 and (
            (sep == "\t" and is_continuation(cells)) or (numbered and continues_row(cells, rows[-1].cells))
        ):
            rows[-1] = Row(append_cells(rows[-1].cells, cells), rows[-1].source)
            raw[-1] = " | ".join(rows[-1].cells) + " |"
        else:
            raw.append(line.strip())
            rows.append(Row(cells, cur.ref(k, len(rows))))
        k += 1
    cur.emit_table(rows, start)
    return k


def _cells(line: str, sep: str) -> list[str]:
    if sep == "|":
        return split_pipes(line)
    cells = [clean_cell(c) for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _row_cells(line: str, sep: str, bordered: bool) -> list[str]:
    cells = _cells(line, sep)
    if bordered and line.lstrip().startswith("|") and cells:
        cells = cells[1:]
    return cells


def _table_goes_on(cur: Cursor, k: int, sep: str) -> bool:
    """Is the next non-blank line from k a row of the same (delimited) table?"""
    n = len(cur.keep)
    while k < n and not cur.line(k).strip():
        k += 1
    return k < n and sep in cur.line(k)
