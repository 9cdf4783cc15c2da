"""Plain-text reader: text copied out of web pages and Word files → `Document`.

Real plans arrive as text in several table layouts, all handled here:
- `cell | cell |` rows (merged cells leave empty `|` runs; a row may continue on lines starting with `|`);
- tab-separated rows, with the header repeated on each page and a row continued after a page break;
- a table flattened one cell per line, each ending in ` |` (web scrape);
- a table flattened one cell per line, cells separated by blank lines, rows ended by a lone no-break space.
Tables are found by their header row (STT/TT, Nhiệm vụ, Chỉ tiêu, Cơ quan chủ trì, …); everything else is a
paragraph. Scraped duplicates of whole passages are dropped. Cells may be ragged: aligning them to the
header's columns is the parser's job (it knows what an agency, a deadline or a target looks like).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cascade.errors import ReadError
from cascade.model import SourceRef
from cascade.read.document import Block, Document, Row
from cascade.rules import RulePack, rule_pack, rules_cached
from cascade.text import fold_label as fold
from cascade.text import folded_words, lenient_pattern

_TAGS = re.compile(r"</?(?:i|b|u|em|strong|span|p|br)\b[^>]*>", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u200b\ufeff]+")

_ROW_LABEL = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.?$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.)]\s+\S")
_ROMAN_HEADING = re.compile(r"^[IVXLC]+[.)]?\s+\S")
_BULLET = re.compile(r"^[-+•*–]\s*\S")
_RULE_LINE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")  # "|---|---|" under a header
_FLAT_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,5})\.?$")  # an STT cell: "12", "1.2", "IV"
_LETTERED = re.compile(r"^[a-zđ]\)\s")
# A cell of a flattened header ("Cơ quan chủ trì thực hiện"): longer is a row's text even when it opens with a
# header word ("Nội dung …").
_FLAT_HEADER_CELL_MAX = 45
# Cells a flattened header is read for at most: no plan table has more columns.
_FLAT_HEADER_CELLS_MAX = 12


@dataclass(frozen=True)
class TextHeaders:
    """The header vocabulary of the plain-text reader: the `reader` section of rules/table_headers.yaml (the file
    that also names the parser's column roles), folded; the label column's headers are the `label` role's."""

    text: frozenset[str]
    other: frozenset[str]
    other_starts: tuple[str, ...]
    hint: re.Pattern[str]
    label: frozenset[str]
    subheader_starts: tuple[str, ...]
    spanning: str
    area: str
    objective: str
    page_mark: re.Pattern[str]
    footer_openers: tuple[str, ...]

    @classmethod
    def load(cls, pack: RulePack) -> TextHeaders:
        """Read and validate the pack (a missing or ill-typed key is a CascadeError naming file and key)."""
        r = pack.section("reader")
        roles = pack.data.get("roles") if isinstance(pack.data, dict) else None
        label = next((e for e in roles if isinstance(e, dict) and e.get("role") == "label"), None) if isinstance(
            roles, list) else None
        label_pack = RulePack(pack.name, label or {}, prefix="roles[label].")
        pages = "|".join(re.escape(w) for w in folded_words(r.strings("page_words")))
        return cls(
            text=frozenset(folded_words(r.strings("text_headers"))),
            other=frozenset(folded_words(r.strings("other_headers"))),
            other_starts=folded_words(r.strings("other_header_starts")),
            hint=re.compile(lenient_pattern(r.strings("header_hints")), re.I),
            label=frozenset(folded_words(label_pack.strings("exact"))),
            subheader_starts=folded_words(r.strings("subheader_starts")),
            spanning=fold(r.string("spanning_header")),
            area=fold(r.string("area_header")),
            objective=fold(r.string("objective_header")),
            # "Trang 3", "Page 3/12", "- 3 -", folded
            page_mark=re.compile(rf"^(?:(?:{pages})\s*\d{{1,3}}(?:\s*/\s*\d{{1,3}})?|-\s*\d{{1,3}}\s*-)$"),
            footer_openers=folded_words(r.strings("page_footer_openers")),
        )

    def is_text(self, folded: str) -> bool:
        """Whether a folded cell names the text column."""
        return folded in self.text

    def is_known(self, folded: str) -> bool:
        """Whether a folded cell is any header cell the reader knows."""
        return folded in self.text or folded in self.other or folded.startswith(self.other_starts)


@rules_cached
def text_headers() -> TextHeaders:
    """The `reader` section of rules/table_headers.yaml, validated (read on first use)."""
    return TextHeaders.load(rule_pack("table_headers"))


def clean_cell(text: str) -> str:
    """Cell text without inline markup, NFC, spaces collapsed (line breaks kept)."""
    text = _TAGS.sub("", unicodedata.normalize("NFC", text))
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def is_header_cells(cells: list[str]) -> bool:
    """Does this row look like the header of a task or indicator table?"""
    h = text_headers()
    # cheap test on the raw cells before folding them: every header names its text column
    if not h.hint.search(" ".join(cells)):
        return False
    folded = [fold(c) for c in cells if c.strip()]
    if len(folded) < 3:
        return False
    has_text = any(h.is_text(c) for c in folded)
    known = sum(1 for c in folded if h.is_known(c))
    return has_text and known >= max(3, len(folded) - 1)


def is_subheader_cells(cells: list[str]) -> bool:
    """The second header line under a spanning "Trách nhiệm cụ thể" (Đơn vị theo dõi | Đơn vị thực hiện)."""
    folded = [fold(c) for c in cells if c.strip()]
    starts = text_headers().subheader_starts
    return bool(folded) and len(folded) <= 3 and all(c.startswith(starts) for c in folded)


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

        def vi(n: int) -> str:
            return f"{n:,}".replace(",", ".")

        raise ReadError(
            f"Không đọc được tệp “{name}”: tệp văn bản có quá nhiều dòng ({vi(count)} dòng, tối đa "
            f"{vi(MAX_LINES)}); một kế hoạch chỉ có vài trăm dòng, hãy kiểm tra lại tệp.",
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
    _Reader(doc, lines, keep, starts, removed).run()
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


def _split_pipes(line: str) -> list[str]:
    cells = [clean_cell(c) for c in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


class _Reader:
    """One pass over the kept lines, emitting paragraphs and tables."""

    def __init__(self, doc: Document, lines: list[str], keep: list[int], starts: list[int] | None = None,
                 removed: list[int] | None = None):
        self.doc = doc
        self.lines = lines
        self.keep = keep
        self.starts = starts or []  # line-number correction for shortened blank runs (see _shorten_blank_runs)
        self.removed = removed or []
        self.pos = 0  # index into keep
        self.ntables = 0

    # -- helpers -------------------------------------------------------------------------------
    def _line(self, k: int) -> str:
        return self.lines[self.keep[k]]

    def _ref(self, k: int, row: int | None = None) -> SourceRef:
        return SourceRef(
            path=self.doc.path, line=self._file_line(self.keep[k]), table=None if row is None else self.ntables, row=row
        )

    def _file_line(self, index: int) -> int:
        """1-based line number in the file of line `index` of the (blank-run-shortened) text."""
        if not self.starts:
            return index + 1
        k = bisect.bisect_right(self.starts, index) - 1
        return index + 1 + (self.removed[k] if k >= 0 else 0)

    def _para(self, text: str, k: int) -> None:
        text = clean_cell(text)
        if text:
            self.doc.blocks.append(Block("para", text=text, source=self._ref(k)))

    # -- main loop -----------------------------------------------------------------------------
    def run(self) -> None:
        n = len(self.keep)
        while self.pos < n:
            k = self.pos
            line = self._line(k)
            if "\t" in line and is_header_cells([clean_cell(c) for c in line.split("\t")]):
                self.pos = self._table_delimited(k, "\t")
            elif "|" in line and is_header_cells(_split_pipes(line)):
                self.pos = self._table_delimited(k, "|")
            elif (end := self._flat_header(k)) is not None:
                self.pos = self._table_flat(k, end)
            else:
                if "|" in line:
                    for cell in _split_pipes(line):
                        self._para(cell, k)
                elif "\t" in line:
                    for cell in line.split("\t"):
                        self._para(cell, k)
                else:
                    self._para(line, k)
                self.pos = k + 1

    # -- delimited tables (pipes or tabs) ------------------------------------------------------
    def _cells(self, line: str, sep: str) -> list[str]:
        if sep == "|":
            return _split_pipes(line)
        cells = [clean_cell(c) for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        return cells

    def _table_delimited(self, start: int, sep: str) -> int:
        first_line = self._line(start).strip()
        # "| a | b |" rows (every row opens with a pipe): the empty cell before the first pipe is no cell.
        bordered = sep == "|" and first_line.startswith("|")
        header = self._row_cells(first_line, sep, bordered)
        numbered = _is_label_column(header)
        rows: list[Row] = [Row(header, self._ref(start, 0))]
        raw: list[str] = []  # pipe rows are re-split after continuation lines are joined
        k = start + 1
        n = len(self.keep)
        after_header = True  # a sub-header line can only follow a header line
        while k < n:
            line = self._line(k)
            if not line.strip() or (sep == "|" and _RULE_LINE.match(line.strip())):
                k += 1
                continue
            if sep not in line:
                # The table ends at the first plain line, unless it is a page mark and the table goes on.
                if text_headers().page_mark.match(fold(line)) and self._table_goes_on(k + 1, sep):
                    k += 1
                    continue
                break
            cells = self._row_cells(line, sep, bordered)
            if is_header_cells(cells):
                k += 1  # header repeated on a new page
                after_header = True
                continue
            if after_header and is_subheader_cells(cells):
                if len(rows) == 1:
                    rows[0] = Row(_merge_header(rows[0].cells, cells), rows[0].source)
                k += 1
                continue
            after_header = False
            if (sep == "|" and not bordered and line.lstrip().startswith("|") and len(rows) > 1
                    and raw[-1].count("|") < len(rows[0].cells)):
                # The rest of the row above (a line break inside one of its cells split the row), which
                # an unfinished row can take; after a complete row, a line opening with a pipe is a row
                # whose first (STT) cell is empty.
                raw[-1] += " " + line.strip()
                rows[-1] = Row(_split_pipes(raw[-1]), rows[-1].source)
            elif len(rows) > 1 and (
                (sep == "\t" and _is_continuation(cells)) or (numbered and _continues_row(cells, rows[-1].cells))
            ):
                rows[-1] = Row(_append_cells(rows[-1].cells, cells), rows[-1].source)
                raw[-1] = " | ".join(rows[-1].cells) + " |"
            else:
                raw.append(line.strip())
                rows.append(Row(cells, self._ref(k, len(rows))))
            k += 1
        self._emit_table(rows, start)
        return k

    def _row_cells(self, line: str, sep: str, bordered: bool) -> list[str]:
        cells = self._cells(line, sep)
        if bordered and line.lstrip().startswith("|") and cells:
            cells = cells[1:]
        return cells

    def _table_goes_on(self, k: int, sep: str) -> bool:
        """Is the next non-blank line from k a row of the same (delimited) table?"""
        n = len(self.keep)
        while k < n and not self._line(k).strip():
            k += 1
        return k < n and sep in self._line(k)

    # -- flattened tables (one cell per line) --------------------------------------------------
    def _flat_cell(self, k: int) -> str | None:
        """The cell held by line k in a flattened table, or None for a separator line."""
        line = self._line(k)
        if line.strip() in ("", "\u00a0") and "|" not in line:
            return None
        s = line.rstrip()
        if s.endswith("|"):
            s = s[:-1]
        return clean_cell(s)

    def _flat_header(self, k: int) -> int | None:
        """If a flattened header starts at k, the position just after it."""
        cells: list[str] = []
        j, n = k, len(self.keep)
        while j < n and len(cells) < _FLAT_HEADER_CELLS_MAX:
            line = self._line(j)
            if not line.strip():
                j += 1
                continue
            if "\t" in line or line.count("|") > 1:
                break
            cell = clean_cell(line.rstrip().rstrip("|"))
            if len(cell) > _FLAT_HEADER_CELL_MAX or not text_headers().is_known(fold(cell)):
                break
            cells.append(cell)
            j += 1
        if len(cells) >= 4 and is_header_cells(cells):
            self._flat_columns = cells
            return j
        return None

    def _table_flat(self, start: int, body: int) -> int:
        header = self._flat_columns
        rows: list[Row] = [Row(header, self._ref(start, 0))]
        ncols = len(header)
        has_area_col = fold(header[0]) == text_headers().area
        # Cells a data row holds besides its first (label or text) cell.
        per_row = ncols - 1 - (1 if has_area_col else 0)
        if _is_label_column(header) and not any(fold(c).startswith(text_headers().objective) for c in header):
            # The last header line tells the layout (the header may start after blank lines).
            return self._table_flat_numbered(start, body, rows, "|" in self._line(body - 1))
        if "|" not in self._line(start):
            return self._table_blank_separated(start, body, rows)
        k, n = body, len(self.keep)
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
                    rows.append(Row(cells, cur_ref or self._ref(start)))
            current = None

        while k < n:
            line = self._line(k)
            stripped = line.strip()
            if _looks_like_page_footer(stripped):
                break
            if not stripped:
                k += 1
                continue
            if "|" not in line:
                break  # the flattened " |" table ends at the first line without a cell marker
            cell = self._flat_cell(k) or ""
            # A row starts with a numbered/bulleted cell once the row above is complete.
            m = _NUMBERED.match(cell)
            starts = bool(cell) and (
                current is None
                or len(current) > per_row
                or (m is not None and m.group(1) == str(expect_task) and len(current) >= 3)
            )
            if _ROMAN_HEADING.match(cell) and (current is None or len(current) > per_row or len(current) <= 1):
                flush()
                rows.append(Row([cell], self._ref(k, len(rows))))
                k += 1
                continue
            if starts and (m or _BULLET.match(cell) or current is None or len(current) > per_row):
                flush()
                current, cur_ref = [cell], self._ref(k, len(rows))
                if m:
                    expect_task = int(m.group(1).split(".")[0]) + 1
            elif current is not None:
                if len(current) <= per_row:
                    current.append(cell)
                elif cell:
                    current[-1] = (current[-1] + "\n" + cell).strip()
            k += 1
        flush()
        self._emit_table(rows, start)
        return k

    def _flat_cells(self, body: int, piped: bool) -> tuple[list[tuple[str, int]], int]:
        """The cells of a flattened table from line `body` on, with the line each comes from, and the end.

        Empty cells are kept (a lone " |", or a lone no-break space between blank lines) because rows are
        cut by their number of cells. Page marks ("Trang 3") are dropped.
        """
        cells: list[tuple[str, int]] = []
        k, n = body, len(self.keep)
        while k < n:
            line = self._line(k)
            stripped = line.strip()
            if _looks_like_page_footer(stripped):
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
                cells.append((self._flat_cell(k) or "", k))
            else:
                cells.append((clean_cell(stripped), k))
            k += 1
        return cells, k

    def _table_flat_numbered(self, start: int, body: int, rows: list[Row], piped: bool) -> int:
        """A flattened STT | Nhiệm vụ | … table: rows of the header's width, each opened by its STT cell.

        A row is cut after as many cells as the header has, or earlier where a bare row number (or area
        numeral) follows a row that already has its text (a copy that dropped the empty cells at the end of
        a row). The header repeated after a page break is dropped; a row with an empty STT cell that goes
        on with the text of the numbered row above is joined to it.
        """
        header = rows[0].cells
        ncols = len(header)
        folded_header = [fold(c) for c in header]
        cells, end = self._flat_cells(body, piped)
        chunks: list[list[tuple[str, int]]] = []
        cur: list[tuple[str, int]] | None = None
        i = 0
        while i < len(cells):
            if [fold(c) for c, _ in cells[i:i + ncols]] == folded_header:
                i += ncols  # the header repeated on a new page
                if cur is not None:
                    chunks.append(cur)
                    cur = None
                continue
            cell, k = cells[i]
            if cur is not None and (
                len(cur) >= ncols or (_FLAT_ROW_NUMBER.match(cell) and len(cur) >= 2 and any(c for c, _ in cur[1:]))
            ):
                chunks.append(cur)
                cur = None
            if cur is None:
                cur = []
            cur.append((cell, k))
            i += 1
        if cur is not None:
            chunks.append(cur)
        for chunk in chunks:
            row_cells = [c for c, _ in chunk]
            while row_cells and not row_cells[-1]:
                row_cells.pop()
            if not any(row_cells):
                continue
            if len(rows) > 1 and _continues_row(row_cells, rows[-1].cells):
                rows[-1] = Row(_append_cells(rows[-1].cells, row_cells), rows[-1].source)
            else:
                rows.append(Row(row_cells, self._ref(chunk[0][1], len(rows))))
        self._emit_table(rows, start)
        return end

    def _table_blank_separated(self, start: int, body: int, rows: list[Row]) -> int:
        """Cells separated by blank lines, empty cells as lone no-break spaces (Gia Lai's appendix).

        Row boundaries are not reliable here, so rows are cut where the content says a new row begins:
        an area heading (a roman numeral cell followed by its name), a bare STT number, or the next task
        in sequence ("12. …" after task 11). Each row is [STT, objective, task, rest…] as far as present;
        the parser sorts the ragged rest (activities, products, agencies, dates) by what the cells look like.
        """
        header = rows[0].cells
        folded = [fold(c) for c in header]
        has_objective = any(c.startswith(text_headers().objective) for c in folded)
        k, n = body, len(self.keep)
        cells: list[tuple[str, int]] = []
        while k < n:
            stripped = self._line(k).strip()
            if _looks_like_page_footer(stripped):
                break
            if stripped:
                cells.append((clean_cell(stripped), k))
            k += 1
        is_stt = [bool(re.fullmatch(r"\d+", c)) and has_objective for c, _ in cells]
        # Pass 1: the task right after each STT's objective is certain (the objective may be numbered too).
        anchored: dict[int, int] = {}  # cell index → task number
        for i, flag in enumerate(is_stt):
            if flag:
                j = next((j for j in range(i + 2, min(len(cells), i + 7)) if _NUMBERED.match(cells[j][0])), None)
                if j is not None:
                    anchored[j] = int(_NUMBERED.match(cells[j][0]).group(1).split(".")[0])
        # Pass 2: other numbered cells are tasks only where the anchored sequence leaves a gap for them
        # ("20.", "21." between anchored tasks 19 and 22); elsewhere they are numbered activities.
        anchor_pos = sorted(anchored)
        tasks: dict[int, int] = dict(anchored)
        expect = 1
        for i, (cell, _) in enumerate(cells):
            if i in anchored:
                expect = anchored[i] + 1
                continue
            m = _NUMBERED.match(cell)
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
                rows.append(Row(current, self._ref(cur_k, len(rows))))
            current = None

        while i < len(cells):
            cell, line_k = cells[i]
            if re.fullmatch(r"[IVXLC]+\.?", cell) and i + 1 < len(cells):
                flush()
                rows.append(Row([cell, cells[i + 1][0]], self._ref(line_k, len(rows))))
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
        self._emit_table(rows, start)
        return k

    def _emit_table(self, rows: list[Row], start: int) -> None:
        for i, row in enumerate(rows):
            row.source.table = self.ntables
            row.source.row = i
        self.doc.blocks.append(Block("table", rows=rows, source=self._ref(start, None)))
        self.ntables += 1


def _merge_header(top: list[str], sub: list[str]) -> list[str]:
    """Fold a sub-header row into the header: the spanning cell is replaced by its sub-columns."""
    subs = [c for c in sub if c]
    out: list[str] = []
    replaced = False
    for cell in top:
        if not replaced and fold(cell).startswith(text_headers().spanning):
            out.extend(subs)
            replaced = True
        elif cell:
            out.append(cell)
    if not replaced:
        out.extend(subs)
    return out


def _is_continuation(cells: list[str]) -> bool:
    """A tab row with no label whose text continues the row above (a cell split by a page break)."""
    if not cells or cells[0]:
        return False
    first = next((c for c in cells if c), "")
    return bool(first) and not _BULLET.match(first) and (first[0].islower() or first[0] in "”\"'),.;")


def _is_label_column(header: list[str]) -> bool:
    """Does the table's first column hold row numbers (STT/TT)?"""
    return bool(header) and fold(header[0]) in text_headers().label


def _continues_row(cells: list[str], prev: list[str]) -> bool:
    """A row with an empty STT cell whose text cell goes on with the numbered task row above.

    A long cell cut by a page break (or a row split in two by a copy) leaves a row with no number whose
    text is the rest of the row above. Bullets ("- Các sở …"), lettered points ("a) …") and numbered
    texts ("2. …") under an empty STT cell are rows of their own, as are rows under an area row.
    """
    if len(cells) < 2 or cells[0] or not cells[1] or not prev or not re.fullmatch(r"\d+(?:\.\d+)*\.?", prev[0]):
        return False
    text = cells[1]
    return not (_BULLET.match(text) or _NUMBERED.match(text) or _LETTERED.match(text) or _ROW_LABEL.match(text))


def _append_cells(prev: list[str], more: list[str]) -> list[str]:
    out = list(prev) + [""] * max(0, len(more) - len(prev))
    for i, c in enumerate(more):
        if c:
            out[i] = (out[i] + " " + c).strip() if out[i] else c
    return out


def _looks_like_page_footer(line: str) -> bool:
    """Web-page furniture after the document body ("HIỆU LỰC VĂN BẢN", "- 1Hiến pháp 2013")."""
    f = fold(line)
    return f.startswith(text_headers().footer_openers) or bool(re.match(r"^- \d+\D", line))
