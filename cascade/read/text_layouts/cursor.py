"""A cursor over the kept lines of a text plan: line access, source references, paragraphs and tables emitted."""

from __future__ import annotations

import bisect

from cascade.model import SourceRef
from cascade.read.document import Block, Document, Row
from cascade.read.text_layouts.cells import clean_cell, fold, looks_like_page_footer, text_headers


class Cursor:
    """The lines of a text plan after duplicate passages are dropped, and the document being built from them."""

    def __init__(self, doc: Document, lines: list[str], keep: list[int], starts: list[int] | None = None,
                 removed: list[int] | None = None):
        self.doc = doc
        self.lines = lines
        self.keep = keep
        self.starts = starts or []  # line-number correction for shortened blank runs (see txt._shorten_blank_runs)
        self.removed = removed or []
        self.ntables = 0

    def line(self, k: int) -> str:
        """The k-th kept line."""
        return self.lines[self.keep[k]]

    def ref(self, k: int, row: int | None = None) -> SourceRef:
        """Where the k-th kept line is in the file (and, for a table row, which row of the next table)."""
        return SourceRef(
            path=self.doc.path, line=self.file_line(self.keep[k]), table=None if row is None else self.ntables, row=row
        )

    def file_line(self, index: int) -> int:
        """1-based line number in the file of line `index` of the (blank-run-shortened) text."""
        if not self.starts:
            return index + 1
        k = bisect.bisect_right(self.starts, index) - 1
        return index + 1 + (self.removed[k] if k >= 0 else 0)

    def para(self, text: str, k: int) -> None:
        """Emit a paragraph read from the k-th kept line (nothing for an empty cell)."""
        text = clean_cell(text)
        if text:
            self.doc.blocks.append(Block("para", text=text, source=self.ref(k)))

    def flat_cell(self, k: int) -> str | None:
        """The cell held by line k in a flattened table, or None for a separator line."""
        line = self.line(k)
        if line.strip() in ("", "\u00a0") and "|" not in line:
            return None
        s = line.rstrip()
        if s.endswith("|"):
            s = s[:-1]
        return clean_cell(s)

    def flat_cells(self, body: int, piped: bool) -> tuple[list[tuple[str, int]], int]:
        """The cells of a flattened table from line `body` on, with the line each comes from, and the end.

        Empty cells are kept (a lone " |", or a lone no-break space between blank lines) because rows are
        cut by their number of cells. Page marks ("Trang 3") are dropped.
        """
        cells: list[tuple[str, int]] = []
        k, n = body, len(self.keep)
        while k < n:
            line = self.line(k)
            stripped = line.strip()
            if looks_like_page_footer(stripped):
                break
            if not line.strip(" \t"):
                k += 1
                continue
            if text_headers().page_mark.match(fold(stripped)):
                k += 1
                continue
            if piped:
                if "|" not in line:
                    break  # the flattened " |" table ends at the first line without a cell marker
                cells.append((self.flat_cell(k) or "", k))
            else:
                cells.append((clean_cell(stripped), k))
            k += 1
        return cells, k

    def emit_table(self, rows: list[Row], start: int) -> None:
        """Emit a table whose header is the `start`-th kept line, numbering its rows."""
        for i, row in enumerate(rows):
            row.source.table = self.ntables
            row.source.row = i
        self.doc.blocks.append(Block("table", rows=rows, source=self.ref(start, None)))
        self.ntables += 1
