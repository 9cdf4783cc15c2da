"""Task and indicator tables → items.

Column roles come from the header words. Rows copied out of web pages are often ragged: a cell merged
over several rows appears only in the first of them, so the cells of the next rows slide left. Such rows
are re-aligned by what their cells look like (agency, deadline, target) and the missing cells are taken
from the row above, which is what the merged cell meant.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from cascade.model import Item, LevelTarget, SourceRef
from cascade.parse import cells as C
from cascade.parse.areas import Segment, fill_areas, infer_area, match_heading
from cascade.parse.context import TableContext, new_id
from cascade.parse.deadlines import parse_deadline
from cascade.parse.settings import SETTINGS
from cascade.parse.targets import find_level_targets, find_targets, level_of_row, parse_target
from cascade.parse.vocab import table_headers
from cascade.read.document import Block, Row
from cascade.rules import rules_cached
from cascade.text import fold_label


def column_roles(header: list[str]) -> list[str]:
    """The role of each header column ("label", "text", "lead", …; "other" when unknown)."""
    vocab = table_headers().roles  # in priority order: the first role that matches wins
    roles = []
    for cell in header:
        f = fold_label(cell)
        roles.append(next((r.role for r in vocab if r.matches(f)), "other"))
    if "lead" not in roles and "implement" in roles and "monitor" not in roles:
        # A task table's "Cơ quan thực hiện" is the lead agency.
        roles[roles.index("implement")] = "lead"
    return roles


def table_kind(roles: list[str], header: list[str]) -> str | None:
    """ "task", "indicator", or None when the table is neither (e.g. a header block)."""
    if "text" not in roles:
        return None
    text_header = fold_label(header[roles.index("text")])
    if text_header.startswith(table_headers().indicator_text_headers) or ("target" in roles and "lead" not in roles):
        return "indicator"
    return "task"


_FIT_ROLES = {"target", "lead", "partners", "monitor", "implement", "deadline", "product", "activities", "objective"}


def _fit(cell: str, role: str) -> float:
    """How well a cell suits a column (positive: suits, negative: clashes)."""
    if not cell:
        return 0.0
    ag, dl, tg = C.looks_agency(cell), C.looks_deadline(cell), C.looks_target(cell)
    if role in ("lead", "partners", "monitor", "implement"):
        return 2.0 if ag else (-2.0 if dl or tg else -0.5)
    if role == "deadline":
        return 2.0 if dl else (-2.0 if ag else -1.0)
    if role == "target":
        return 2.0 if tg else (-2.0 if ag or dl else 0.0)
    if role in ("product", "activities", "objective"):
        return -1.0 if ag or dl else 0.5
    return 0.0


def align_row(cells: list[str], roles: list[str]) -> tuple[dict[int, str], set[int]]:
    """Place a row's cells on the columns: {column: cell}, and the columns left out (to inherit).

    A full row maps one to one. A short row (merged cells omitted) keeps its label and text in place
    and puts the other cells on the best-fitting subsequence of the remaining columns.
    """
    n = len(roles)
    if len(cells) >= n:
        placed = {i: cells[i] for i in range(n)}
        if len(cells) > n:
            placed[n - 1] = "\n".join(c for c in cells[n - 1:] if c)
        return placed, set()
    fixed = [i for i, r in enumerate(roles) if r in ("label", "text")]
    head = min(len(cells), (max(fixed) + 1) if fixed else 0)
    placed = {i: cells[i] for i in range(head)}
    rest = cells[head:]
    free = list(range(head, n))
    if not rest:
        return placed, set(free)
    best: tuple[float, tuple[int, ...]] | None = None
    for combo in itertools.combinations(free, len(rest)):
        score = sum(_fit(c, roles[col]) for c, col in zip(rest, combo, strict=True))
        score -= 0.01 * sum(combo)  # prefer filling from the left on ties
        if best is None or score > best[0]:
            best = (score, combo)
    assert best is not None
    for c, col in zip(rest, best[1], strict=True):
        placed[col] = c
    return placed, set(free) - set(best[1])


def _agencies(cell: str | None) -> list[str]:
    if not cell:
        return []
    return list(_split_agencies(cell))


# agency cells repeat down a table and across the children of a batch
@rules_cached(maxsize=8192)
def _split_agencies(cell: str) -> tuple[str, ...]:
    from cascade.agencies import split_agency_cell  # one rule for a dash inside a name ("Phòng Kế hoạch - Tổng hợp")

    return tuple(split_agency_cell(cell))


def table_items(block: Block, ctx: TableContext, order_start: int) -> list[Item]:
    """Items from one table block (empty if it is not a task or indicator table)."""
    if not block.rows:
        return []
    header = block.rows[0].cells
    roles = column_roles(header)
    kind = table_kind(roles, header)
    if kind is None:
        return []
    if "label" not in roles and roles and roles[0] == "area":
        return _area_column_table(block, roles, kind, ctx, order_start)
    if "objective" in roles and "activities" in roles:
        return _objective_table(block, roles, kind, ctx, order_start)
    return _generic_table(block, roles, kind, ctx, order_start)


def _generic_table(block: Block, roles: list[str], kind: str, ctx: TableContext, order_start: int) -> list[Item]:
    """The usual layout: STT | text | … with area heading rows, sub-rows and merged cells.

    Three steps: each row is classified (`classify_row`: an area heading, a data row placed on the columns, or
    nothing), each data row becomes an item with what it inherits from the rows above (`_TableReader.build_item`),
    then the runs of items without an area heading get one by content (`cascade.parse.areas.fill_areas`).
    """
    reader = _TableReader(roles, kind, ctx, order_start)
    for row in block.rows[1:]:
        read = classify_row(row, roles)
        if isinstance(read, AreaHeadingRow):
            reader.start_area(read.title)
        elif isinstance(read, DataRow):
            reader.build_item(read)
    fill_areas(reader.segments, retry_anywhere=True)
    for it in reader.items:
        _targets_from_text(it)
    return reader.items


@dataclass(frozen=True)
class AreaHeadingRow:
    """A row that heads a reform area: "I | CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", or "II CẢI CÁCH THỂ CHẾ" in one cell."""

    title: str


@dataclass(frozen=True)
class DataRow:
    """A row placed on the table's columns.

    placed: column → cell; missing: the columns the row leaves to the row above (a merged or scraped-away cell);
    label: the row number as printed ("3", "1.2"; None for a sub-row); sub_row: an unnumbered row under the last
    numbered one ("- Cấp tỉnh | 90%"); values: role → non-empty cell.
    """

    placed: dict[int, str]
    missing: set[int]
    label: str | None
    text: str
    sub_row: bool
    values: dict[str, str]
    source: SourceRef


def classify_row(row: Row, roles: list[str]) -> AreaHeadingRow | DataRow | None:
    """What one table row is, from its cells alone: an area heading, a data row, or None (empty, or no text)."""
    read = _classify_cells(tuple(row.cells), tuple(row.merged_above[: len(roles)]), tuple(roles))
    if read is None or isinstance(read, AreaHeadingRow):
        return read
    placed, missing, label, text, sub_row, values = read
    # fresh containers for each row: the remembered ones are never handed out
    return DataRow(dict(placed), set(missing), label, text, sub_row, dict(values), row.source)


# Rows repeat across the children of a batch (and a table re-reads none of them): what the cells say is remembered.
@rules_cached(maxsize=8192)
def _classify_cells(cells_in: tuple[str, ...], merged_above: tuple[bool, ...], roles_in: tuple[str, ...]) -> (
        AreaHeadingRow | tuple[dict[int, str], set[int], str | None, str, bool, dict[str, str]] | None):
    roles = list(roles_in)
    cells = [c.strip() for c in cells_in]
    if not any(cells):
        return None
    first = cells[0]
    nonempty = [c for c in cells if c]
    # Area heading rows: "I | CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH" or "II CẢI CÁCH THỂ CHẾ" in one cell.
    m = C.ROMAN_TEXT.match(first) if len(nonempty) == 1 else None
    if (C.ROMAN.match(first.rstrip(".")) and len(nonempty) <= 2) or m:
        return AreaHeadingRow(m.group(2) if m else (cells[1] if len(cells) > 1 else ""))
    placed, missing = align_row(cells, roles)
    # A Word/PDF cell merged down from the row above means the same as a cell missing from a scraped row.
    missing |= {i for i, m in enumerate(merged_above) if m and not placed.get(i)}
    label_cell = placed.get(roles.index("label"), "") if "label" in roles else ""
    text_cell = placed.get(roles.index("text"), "")
    sub_row = False
    if label_cell and not C.is_label(label_cell):
        # No STT cell: the text slid into the label column ("- Các sở, ngành … | 90%").
        shifted = [""] + cells
        placed, missing = align_row(shifted, roles)
        label_cell, text_cell = "", placed.get(roles.index("text"), "")
    if not label_cell:
        sub_row = True
    label, text = (label_cell.rstrip(".") or None), text_cell
    if label is None:
        lab2, text = C.split_label(text_cell)
        if lab2 and re.fullmatch(r"\d+(\.\d+)*", lab2):
            label, sub_row = lab2, False
    if not text:
        return None
    values = {roles[i]: v for i, v in placed.items() if v}
    return placed, missing, label, text, sub_row, values


@dataclass
class _TableReader:
    """What the rows above leave to the next one while a table is read into items."""

    roles: list[str]
    kind: str
    ctx: TableContext
    order_start: int
    items: list[Item] = field(default_factory=list)
    area: str | None = None
    area_title: str | None = None
    prev_full: dict[int, str] = field(default_factory=dict)  # the last full row's cells, for merged cells below it
    last_top: Item | None = None  # the last numbered row: the parent of sub-rows
    sub_count: dict[str, int] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=lambda: [(None, [])])
    seen_labels: set[str] = field(default_factory=set)

    @property
    def prefix(self) -> str:
        return "task" if self.kind == "task" else "ind"

    def start_area(self, title: str) -> None:
        """An area heading row: the rows below belong to the area it names."""
        self.area_title = title
        self.area = match_heading(title) or infer_area([title])
        self.segments.append((self.area, []))

    def build_item(self, row: DataRow) -> Item | None:
        """The item of one data row (None when the row only adds a per-level value to its parent indicator)."""
        kind, roles, label, text, sub_row = self.kind, self.roles, row.label, row.text, row.sub_row
        values = dict(row.values)
        group = bool(kind == "indicator" and label and not sub_row
                     and not any(values.get(r) for r in ("target", "lead", "monitor", "implement", "partners")))
        if group and "." not in (label or ""):
            # Indicator tables group rows by area ("3 | Cải cách thủ tục hành chính"); other group rows
            # ("1 | Kết quả các chỉ số …") leave the area to each item's content.
            self.area = match_heading(text)
            self.area_title = text if self.area else None
        if not sub_row and not group:
            for col in row.missing:
                if col in self.prev_full and roles[col] in _FIT_ROLES:
                    values.setdefault(roles[col], self.prev_full[col])
        if kind == "indicator" and label and "." not in label and not group and not sub_row:
            self.area, self.area_title = None, None  # a top-level indicator outside any area group row
        parent_item = self.last_top if sub_row else None
        if label and not sub_row and "." in label and self.last_top is not None:
            top = label.split(".")[0]
            parent_item = next((it for it in reversed(self.items) if it.label == top), None)
        # Per-level sub-rows: the value belongs to the parent indicator, not a new item.
        if sub_row and kind == "indicator" and parent_item is not None:
            lvl = level_of_row(text)
            if lvl:
                tgt = parse_target(values.get("target")) if values.get("target") else None
                if tgt is not None:
                    parent_item.level_targets.append(LevelTarget(level=lvl, label=text, target=tgt))
                return None
        # A numbering restart without a heading starts a new reform area (scraped tables lose headings).
        if label and not sub_row and "." not in label:
            if label in self.seen_labels and label == "1":
                self.segments.append((None, []))
                self.area = None
                self.area_title = None
                self.seen_labels = set()
            self.seen_labels.add(label)
        item = self._item(row, values, group, parent_item)
        self.items.append(item)
        self.segments[-1][1].append(item)
        if not sub_row:
            self.last_top = item
            if not group:
                self._remember_full_row(row, values)
        return item

    def _item(self, row: DataRow, values: dict[str, str], group: bool, parent_item: Item | None) -> Item:
        order = self.order_start + len(self.items)
        item_label = row.label if not row.sub_row else None
        if row.sub_row and parent_item is not None:
            n = self.sub_count.get(parent_item.id, 0) + 1
            self.sub_count[parent_item.id] = n
            item_id = new_id(self.prefix, f"{parent_item.label}-{n}", self.area, self.ctx, order)
        else:
            item_id = new_id(self.prefix, item_label, self.area, self.ctx, order)
        lead = _agencies(values.get("lead")) + _agencies(values.get("monitor")) + _agencies(values.get("implement"))
        return Item(
            id=item_id,
            kind=self.kind,
            label=item_label,
            text=row.text,
            section=self.area,
            section_title=self.area_title,
            parent=parent_item.id if parent_item else None,
            product=values.get("product"),
            activities=[a for a in (values.get("activities") or "").split("\n") if a],
            lead=lead,
            partners=_agencies(values.get("partners")),
            deadline=parse_deadline(values.get("deadline"), self.ctx.year),
            target=parse_target(values.get("target")),
            objective=values.get("objective"),
            group=group,
            source=row.source,
            order=order,
        )

    def _remember_full_row(self, row: DataRow, values: dict[str, str]) -> None:
        """Keep a full row's cells (and what it inherited itself) for the merged cells of the rows below."""
        self.prev_full = {i: v for i, v in row.placed.items() if v}
        for col in row.missing:
            if col in self.prev_full:
                continue
            if self.roles[col] in values:
                self.prev_full[col] = values[self.roles[col]]


def _area_column_table(block: Block, roles: list[str], kind: str, ctx: TableContext, order_start: int) -> list[Item]:
    """Tables whose first column is "Lĩnh vực" (Yên Bái): the area cell heads a run of rows; data rows
    hold [text, product, lead, partners, deadline]. Read as the usual layout with an empty STT column."""
    rows = [Row(["STT", *block.rows[0].cells[1:]], block.rows[0].source)]
    for r in block.rows[1:]:
        rows.append(Row(r.cells if C.ROMAN_TEXT.match(r.cells[0]) else ["", *r.cells], r.source))
    return _generic_table(Block("table", rows=rows, source=block.source), ["label", *roles[1:]], kind, ctx, order_start)


def _objective_table(block: Block, roles: list[str], kind: str, ctx: TableContext, order_start: int) -> list[Item]:
    """Tables with Mục tiêu | Nhiệm vụ | Hoạt động … (Gia Lai): one task per numbered Nhiệm vụ cell.

    Rows are [STT, objective, task, rest…] where the rest is ragged; its cells are sorted by look:
    agencies (the first list leads, the second co-operates), deadlines, and activities/products.
    """
    items: list[Item] = []
    area: str | None = None
    area_title: str | None = None
    objective: str | None = None
    for row in block.rows[1:]:
        cells = [c.strip() for c in row.cells]
        if len(cells) == 2 and C.ROMAN.match(cells[0].rstrip(".")):
            area_title = cells[1]
            area = match_heading(cells[1]) or infer_area([cells[1]])
            continue
        if len(cells) < 3:
            continue
        stt, obj, task = cells[0], cells[1], cells[2]
        if obj:
            objective = obj
        if not task:
            continue
        label, text = C.split_label(task)
        lead: list[str] = []
        partners: list[str] = []
        deadlines: list[str] = []
        activities: list[str] = []
        products: list[str] = []
        agency_run = 0
        for k, cell in enumerate(cells[3:]):
            if k == 0 and (len(cell) > SETTINGS.activity_cell_min or not C.looks_agency(cell)):
                activities.append(cell)  # the Hoạt động column comes first, even when it names who acts
                continue
            if C.looks_agency(cell) and not cell.startswith("-"):
                (lead if agency_run == 0 else partners).append(cell)
                agency_run += 1
                continue
            agency_run = 0 if not lead else 1
            # After the agency columns only the time column is left: a dated line there is a deadline even
            # when it names its deliverable first.
            if C.looks_deadline(cell) or (lead and C.dated_line(cell)):
                deadlines.append(cell)
            elif C.LABELLED_TEXT.match(cell) or not activities:
                activities.append(cell)
            else:
                products.append(cell)
        order = order_start + len(items)
        items.append(
            Item(
                id=new_id("task", label, area, ctx, order),
                kind=kind,
                label=label,
                text=text,
                section=area,
                section_title=area_title,
                product="\n".join(products) or None,
                activities=activities,
                lead=_dedupe(lead),
                partners=_dedupe(partners),
                # The first date belongs to the first activity, the task's main deliverable; later
                # dates (reports during the year) would otherwise stretch the deadline to year end.
                deadline=parse_deadline(deadlines[0] if deadlines else None, ctx.year),
                objective=(f"{stt}. {objective}" if stt and objective and not objective.startswith(stt) else objective),
                source=row.source,
                order=order,
            )
        )
    for it in items:
        _targets_from_text(it)
    return items


def _targets_from_text(item: Item) -> None:
    """Tasks state their targets in words ("Kiểm tra từ 30% …", "95% hồ sơ công việc tại cấp tỉnh …")."""
    if item.kind != "task" or item.target is not None:
        return
    text = " ".join([item.text, *item.activities, item.product or ""])
    found = find_targets(text)
    if found:
        item.target = found[0]
    if not item.level_targets:
        item.level_targets = find_level_targets(text)


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
