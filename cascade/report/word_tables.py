"""Word tables that look the same in Word and LibreOffice (shared by the feedback letter and the plan skeleton)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Cm


def fix_widths(table: Any, widths_cm: Sequence[float]) -> None:
    """Give the table's grid the widths of its cells, with a fixed layout.

    python-docx writes an even grid (2 × 8.25 cm); Word follows the cells but LibreOffice follows the grid, so a
    6.5/9.5 cm header wrapped the quốc hiệu and the date line there. A row with merged cells has fewer cells than
    columns: its cells take the first widths.
    """
    tbl = table._tbl
    for col, cm in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(Cm(cm).twips))
    for row in table.rows:
        for cell, cm in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(cm)
    pr = tbl.tblPr
    for tag, attrs in (("w:tblLayout", {"w:type": "fixed"}),
                       ("w:tblW", {"w:w": str(sum(Cm(cm).twips for cm in widths_cm)), "w:type": "dxa"})):
        el = pr.find(qn(tag))
        if el is None:
            el = pr.makeelement(qn(tag), {})
            pr.append(el)
        for key, value in attrs.items():
            el.set(qn(key), value)
