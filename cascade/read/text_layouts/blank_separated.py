"""Cells separated by blank lines, empty cells as lone no-break spaces (Gia Lai's appendix)."""

from __future__ import annotations

import re

from cascade.read.document import Row
from cascade.read.text_layouts.cells import NUMBERED, clean_cell, fold, looks_like_page_footer, text_headers
from cascade.read.text_layouts.cursor import Cursor


def read_blank_separated(cur: Cursor, start: int, body: int, rows: list[Row]) -> int:
    """Cells separated by blank lines, empty cells as lone no-break spaces (Gia Lai's appendix).

    Row boundaries are not reliable here, so rows are cut where the content says a new row begins:
    an area heading (a roman numeral cell followed by its name), a bare STT number, or the next task
    in sequence ("12. …" after task 11). Each row is [STT, objective, task, rest…] as far as present;
    the parser sorts the ragged rest (activities, products, agencies, dates) by what the cells look like.
    """
    header = rows[0].cells
    folded = [fold(c) for c in header]
    has_objective = any(c.startswith(text_headers().objective) for c in folded)
    k, n = body, len(cur.keep)
    cells: list[tuple[str, int]] = []
    while k < n:
        stripped = cur.line(k).strip()
        if looks_like_page_footer(stripped):
            break
        if stripped:
            cells.append((clean_cell(stripped), k))
        k += 1
    is_stt = [bool(re.fullmatch(r"\d+", c)) and has_objective for c, _ in cells]
    # Pass 1: the task right after each STT's objective is certain (the objective may be numbered too).
    anchored: dict[int, int] = {}  # cell index → task number
    for i, flag in enumerate(is_stt):
        if flag:
            j = next((j for j in range(i + 2, min(len(cells), i + 7)) if NUMBERED.match(cells[j][0])), None)
            if j is not None:
                anchored[j] = int(NUMBERED.match(cells[j][0]).group(1).split(".")[0])
    # Pass 2: other numbered cells are tasks only where the anchored sequence leaves a gap for them
    # ("20.", "21." between anchored tasks 19 and 22); elsewhere they are numbered activities.
    anchor_pos = sorted(anchored)
    tasks: dict[int, int] = dict(anchored)
    expect = 1
    for i, (cell, _) in enumerate(cells):
        if i in anchored:
            expect = anchored[i] + 1
            continue
        m = NUMBERED.match(cell)
        if not m or is_stt[i] or "." in m.group(1):
            continue
        num = int(m.group(1))
        nxt = next((anchored[p] for p in anchor_pos if p > i), None)
        if num == expect and (nxt is None or num < nxt) and not (i > 0 and is_stt[i - 1]):
            tasks[i] = num
            expect = num + 1
    current: list[str] | None = None
    cur_k = body
    i = 0

    def flush() -> None:
        nonlocal current
        if current and any(current):
            rows.append(Row(current, cur.ref(cur_k, len(rows))))
        current = None

    while i < len(cells):
        cell, line_k = cells[i]
        if re.fullmatch(r"[IVXLC]+\.?", cell) and i + 1 < len(cells):
            flush()
            rows.append(Row([cell, cells[i + 1][0]], cur.ref(line_k, len(rows))))
            i += 2
            continue
        if is_stt[i]:
            flush()
            j = next((j for j in range(i + 1, len(cells)) if j in tasks or is_stt[j]), len(cells))
            current, cur_k = [cell, "\n".join(c for c, _ in cells[i + 1:j])], line_k
            i = j
            continue
        if i in tasks:
            if current is not None and len(current) == 2 and current[0]:
                current.append(cell)  # the task of the objective row just opened
            else:
                flush()
                current, cur_k = (["", "", cell] if has_objective else ["", cell]), line_k
            i += 1
            continue
        if current is None:
            current, cur_k = (["", "", ""] if has_objective else ["", ""]), line_k
        current.append(cell)
        i += 1
    flush()
    cur.emit_table(rows, start)
    return k
