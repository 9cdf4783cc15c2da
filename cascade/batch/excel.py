"""The Excel summary of a batch: agencies, one coverage matrix per parent plan, problems.

Every cell an official reads is in Vietnamese words from the label table: kinds ("Nhiệm vụ", not "task"), cell
statuses, severities ("Lỗi", not "error"), yes/no ("Có", not TRUE); sheet names say which parent plan a matrix is
for within Excel's 31 characters ("Ma trận 4935-QĐ-UBND").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cascade.batch.matrix import STATUS_VI
from cascade.batch.tables import CoverageTable, agency_frame, coverage_tables, problem_frame
from cascade.outputs import GENERATOR, atomic_output
from cascade.report.labels import label, yes_no

if TYPE_CHECKING:
    import pandas as pd

    from cascade.batch.runner import BatchResult
    from cascade.hierarchy.graph import Hierarchy

SHEET_MAX = 31  # Excel refuses longer sheet names
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _fits(name: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters, cut at a word boundary."""
    name = " ".join(_FORBIDDEN.sub("-", name).split())
    if len(name) <= SHEET_MAX:
        return name
    cut = name[:SHEET_MAX]
    return cut[:cut.rfind(" ")] if " " in cut[8:] else cut


def _sheet_name(text: str, used: set[str]) -> str:
    """`text` as a sheet name not used yet (a number added to a repeated one)."""
    name = _fits(text)
    base, k = name, 2
    while name in used:
        suffix = f" ({k})"
        name = _fits(base)[: SHEET_MAX - len(suffix)].rstrip() + suffix
        k += 1
    used.add(name)
    return name


def short_agency(name: str) -> str:
    """An agency name with the usual abbreviations ("Ủy ban nhân dân tỉnh Bình Định" → "UBND tỉnh Bình Định")."""
    from cascade.rules import load_rules

    pairs = sorted(((a["long"], a["short"]) for a in load_rules("abbreviations").get("abbreviations", [])
                    if a["long"][:1].isupper()), key=lambda p: len(p[0]), reverse=True)
    for long, short in pairs:
        name = re.sub(re.escape(long), short, name, flags=re.IGNORECASE)
    return name


def matrix_sheet_title(h: Hierarchy, parent_node: str) -> str:
    """The sheet title of a parent's coverage matrix: its document number, else its issuer and year."""
    attrs = h.graph.nodes[parent_node]
    number = attrs.get("number") or ""
    if "/" in number and number.split("/")[0].strip(" .…_"):
        return f"Ma trận {number}"
    who = short_agency(attrs.get("agency") or "") or Path(attrs.get("path") or parent_node).stem
    year = attrs.get("year") or ""
    with_year = f"Ma trận {who} {year}".strip()
    return with_year if len(with_year) <= SHEET_MAX else f"Ma trận {who}"


# Excel's last column is XFD (16,384): wider matrices continue on a second sheet for the next agencies.
EXCEL_COLUMNS = 16_384
_HEAD = ["Số TT", "Loại", "Nội dung"]
_TAIL = ["Số đơn vị thể hiện", "Số đơn vị làm yếu", "Số đơn vị thiếu", "Số đơn vị phải thể hiện",
         "Không đơn vị nào thể hiện"]


def _rows_of(frame: pd.DataFrame) -> Iterator[list[Any]]:
    yield list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        yield [None if isinstance(v, float) and v != v else v for v in values]  # NaN: an empty cell


def _sheet(book: Any, title: str, rows: Iterable[list[Any]]) -> None:
    """A write-only sheet: rows streamed to the file, never a cell object per value kept in memory. Text stays
    text (never a formula), the header row bold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = book.create_sheet(title)
    bold = Font(bold=True)
    for k, values in enumerate(rows):
        cells = []
        for v in values:
            if isinstance(v, str) and v.startswith("="):
                c = WriteOnlyCell(ws, value=v)
                c.data_type = "s"  # openpyxl reads "=…" as a formula: a task written "=HYPERLINK(…)" stays words
            elif k == 0:
                c = WriteOnlyCell(ws, value=v)
            else:
                cells.append(v)
                continue
            if k == 0:
                c.font = bold
            cells.append(c)
        ws.append(cells)


def _matrix_rows(t: CoverageTable, first: int, last: int) -> Iterator[list[Any]]:
    last = min(last, len(t.columns))
    yield _HEAD + t.columns[first:last] + _TAIL
    words = {s: STATUS_VI.get(s, s) for s in (*STATUS_VI, "")}
    for row in t.rows:
        yield ([row["label"], label("kinds", row["kind"]), row["text"]]
               + [words.get(t.status(row, k), "") for k in range(first, last)]
               + [row["n_carried"], row["n_weakened"], row["n_missing"], row["n_applicable"],
                  yes_no(row["uncovered"])])


def write_summary(result: BatchResult, path: str | Path) -> None:
    """Write summary.xlsx (Vietnamese headers and values, no machine keys), streamed with openpyxl's write-only
    mode: memory stays flat however many agencies a matrix has."""
    from openpyxl import Workbook

    used: set[str] = set()
    book = Workbook(write_only=True)
    book.properties.creator = GENERATOR  # marks the file as ours: a re-run may replace it
    _sheet(book, _sheet_name("Tổng hợp", used), _rows_of(agency_frame(result)))
    width = EXCEL_COLUMNS - len(_HEAD) - len(_TAIL)
    for t in coverage_tables(result):
        title = matrix_sheet_title(result.hierarchy, t.parent_node)
        for first in range(0, max(len(t.columns), 1), width):
            _sheet(book, _sheet_name(title, used), _matrix_rows(t, first, first + width))
    _sheet(book, _sheet_name("Vấn đề", used), _rows_of(problem_frame(result)))
    with atomic_output(path) as tmp:
        book.save(tmp)
