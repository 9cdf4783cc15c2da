"""The skeleton's document layout as a list of blocks, shared by the text and Word renderers.

The layout follows Nghị định 30/2020/NĐ-CP (header, quốc hiệu, title, căn cứ, parts I–IV, nơi nhận and signature)
and the way plans are read back (cascade.parse): indicators under "II. CHỈ TIÊU" / "1. Chỉ tiêu cụ thể" and in an
indicator table, each reform area of "III. NHIỆM VỤ" with its bullets and a task table opened by the area's roman
row, duties under a heading naming the agency's units in "IV. TỔ CHỨC THỰC HIỆN", then the appendices: the
advisory list (tables, so they are read as items: keeping a row is carrying the item) and the items that do not
apply (a table whose header names no task or indicator column, so it is not read as items).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cascade.draft.skeleton import ORGANISATION, Draft, DraftArea, DraftItem

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
# Vietnamese bullet letters skip f, j, w and z and use đ (DOMAIN.md).
LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
TASK_HEADER = ["TT", "Nhiệm vụ", "Kết quả/sản phẩm", "Đơn vị chủ trì", "Thời gian hoàn thành"]
ACTIVITY_HEADER = "Hoạt động"
TARGET_HEADER = "Chỉ tiêu phấn đấu"
INDICATOR_HEADER = ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu", "Đơn vị chủ trì thực hiện"]
# A "Ghi chú" column is a note for the parser: the advisory tables keep the reason there.
NOTE_HEADER = "Ghi chú (lý do cân nhắc)"
# No column here is a task or indicator column (cascade.parse.tables.column_roles): the rows are not read as items.
NOT_APPLICABLE_HEADER = ["STT", "Vị trí trong kế hoạch cấp trên", "Trích nội dung", "Lý do không áp dụng"]
KIND_WORDS = {"task": "nhiệm vụ", "indicator": "chỉ tiêu", "directive": "mục"}


@dataclass
class Block:
    """One piece of the document.

    kind: header | title | subtitle | para | part (I., II.: Word numbering level 0) | head (1., 2.: level 1) |
    bullet (a), b): label printed) | dash ("-"/"+" in `label`) | reason (an advisory item's reason) | table |
    signature | appendix | note
    """

    kind: str
    text: str = ""
    label: str = ""
    rows: list[list[str]] = field(default_factory=list)  # table: header first; header block: two columns
    section_rows: list[int] = field(default_factory=list)  # table rows that are area headings (merged, bold)
    widths: list[float] = field(default_factory=list)  # table column widths (cm)
    lines: list[str] = field(default_factory=list)  # signature: nơi nhận lines; `rows[0]` the signer lines


def letter(n: int) -> str:
    """The n-th (0-based) Vietnamese bullet letter: a, b, c, d, đ, e, g, …; aa … after y."""
    return LETTERS[n % len(LETTERS)] * (n // len(LETTERS) + 1)


def roman(n: int) -> str:
    """1 → "I" (up to 15; areas and parts never go further)."""
    return ROMAN[min(n, len(ROMAN)) - 1]


def _directive_text(it: DraftItem) -> str:
    text = it.text.rstrip()
    if it.deadline:
        # cascade.parse.prose reads "… Thời gian thực hiện: Quý II/2024." as the paragraph's deadline.
        end = "" if text.endswith((".", ";", ":")) else "."
        text = f"{text}{end} Thời gian thực hiện: {it.deadline}."
    return text


def _reason(it: DraftItem) -> Block:
    # A paragraph opening with "(" is neither a bullet nor its continuation for the parser: the reason stays
    # out of the item's text.
    return Block("reason", f"(Lý do cân nhắc: {it.reason})")


def _task_table(area_no: int, area: DraftArea, tasks: list[DraftItem], start: int, activities: bool,
                advisory: bool) -> tuple[Block, int]:
    header = list(TASK_HEADER)
    targets = any(it.target for it in tasks)
    if activities:
        header.insert(2, ACTIVITY_HEADER)
    if targets:
        # A task row with per-level values ("cấp huyện đạt 68%, cấp xã đạt 42%") shows the agency's own one.
        header.insert(2, TARGET_HEADER)
    if advisory:
        header.append(NOTE_HEADER)
    rows = [header, [roman(area_no), area.name.upper()] + [""] * (len(header) - 2)]
    n = start
    labels: dict[str, str] = {}  # parent item id → the row label printed here
    subs: dict[str, int] = {}
    for it in tasks:
        top = labels.get(it.parent_item or "")
        if top is not None and it.parent_label and "." in it.parent_label:
            subs[top] = subs.get(top, 0) + 1
            label = f"{top}.{subs[top]}"  # the parent numbers its sub-rows "7.1", "7.2": so does the draft
        elif top is not None:
            label = ""  # a "- …" row belongs to the numbered row above it; its TT cell stays empty
        else:
            n += 1
            label = str(n)
        labels[it.parent_id] = label or top or ""
        row = [label, it.text if label else f"- {it.text}"]
        if targets:
            row.append(it.target or "")
        if activities:
            row.append("\n".join(f"- {a}" for a in it.activities))
        row += [it.product or "", "", it.deadline or ""]
        if advisory:
            row.append(it.reason)
        rows.append(row)
    widths = [1.0, 6.5, 4.0, 2.5, 2.5]
    if activities:
        widths = [1.0, 4.5, 3.5, 3.0, 2.5, 2.0]
    if targets:
        widths = widths[:2] + [2.5] + widths[2:]
    if advisory:
        widths = [w * 0.8 for w in widths] + [sum(widths) * 0.2]
    return Block("table", rows=rows, section_rows=[1], widths=widths), n


def _indicator_table(areas: list[DraftArea], advisory: bool) -> Block | None:
    """Table indicators grouped by area: a group row "1 | Cải cách thủ tục hành chính" files the rows "1.1",
    "1.2" below it in that area (cascade.parse.tables), as the parent files them."""
    header = list(INDICATOR_HEADER) + ([NOTE_HEADER] if advisory else [])
    rows, groups = [header], []
    n = 0
    for area in areas:
        items = [it for it in area.items if it.kind == "indicator" and it.in_table]
        if not items:
            continue
        n += 1
        groups.append(len(rows))
        rows.append([str(n), area.name] + [""] * (len(header) - 2))
        for k, it in enumerate(items, start=1):
            rows.append([f"{n}.{k}", it.text, it.target or "", ""] + ([it.reason] if advisory else []))
    if n == 0:
        return None
    widths = [1.2, 7.8, 4.5, 3.0] if not advisory else [1.2, 6.3, 3.8, 2.2, 3.5]
    return Block("table", rows=rows, section_rows=groups, widths=widths)


def _bullets(items: list[DraftItem], advisory: bool, lettered: bool) -> list[Block]:
    """Bullets of one area: lettered ("a)", "b)") with "-" sub-bullets, or "-" with "+" sub-bullets below a
    lettered sub-heading; each advisory bullet followed by its reason."""
    blocks: list[Block] = []
    n = 0
    shown: set[str] = set()
    for it in items:
        sub = it.parent_item in shown
        shown.add(it.parent_id)
        if sub:
            blocks.append(Block("dash", _directive_text(it), "-" if lettered else "+"))
        elif lettered and n < len(LETTERS):
            blocks.append(Block("bullet", _directive_text(it), f"{letter(n)})"))
            n += 1
        else:  # past "y)" a bullet letter would not read back: plain dashes
            blocks.append(Block("dash", _directive_text(it), "-"))
        if advisory:
            blocks.append(_reason(it))
    return blocks


def _areas(areas: list[DraftArea], advisory: bool, task_no: int) -> tuple[list[Block], int]:
    """Each area: its heading, "a) Chỉ tiêu" (narrative indicators) and "b) Nhiệm vụ" when it has both, the
    bullets, then its task table."""
    out: list[Block] = []
    activities = _with_activities([it for a in areas for it in a.items])
    for k, area in enumerate(areas, start=1):
        out.append(Block("head", area.name, f"{k}."))
        indicators = [it for it in area.items if it.kind == "indicator" and not it.in_table]
        bullets = [it for it in area.items if it.kind == "directive"]
        tasks = [it for it in area.items if it.kind == "task"]
        if indicators:
            # A narrative chỉ tiêu reads back as one only under "a) Chỉ tiêu" (or when it states a number).
            out.append(Block("bullet", "Chỉ tiêu", "a)"))
            out += _bullets(indicators, advisory, lettered=False)
            if bullets:
                out.append(Block("bullet", "Nhiệm vụ", "b)"))
                out += _bullets(bullets, advisory, lettered=False)
        else:
            out += _bullets(bullets, advisory, lettered=True)
        if tasks:
            table, task_no = _task_table(k, area, tasks, task_no, activities, advisory)
            out.append(table)
    return out, task_no


def _with_activities(items: list[DraftItem]) -> bool:
    return any(it.activities for it in items if it.kind == "task")


def _where(it: DraftItem) -> str:
    """Where the parent prints the item: "Cải cách thể chế\nđiểm b)", "Cải cách thể chế\nnhiệm vụ 2.3"."""
    label = it.parent_label or ""
    if it.in_table:
        where = f"{KIND_WORDS.get(it.kind, 'mục')} {label}".strip()
    elif label and not label[0].isdigit():
        where = f"điểm {label})"
    else:
        where = f"mục {label}".strip() if label else ""
    return "\n".join(x for x in (it.section_name, where) if x and x != "mục")


def _subtitle(title: str) -> str:
    """ "Kế hoạch cải cách hành chính …" under "KẾ HOẠCH" reads "Cải cách hành chính …"."""
    rest = title[len("Kế hoạch "):] if title.startswith("Kế hoạch ") else title
    return rest[:1].upper() + rest[1:]


def layout(d: Draft) -> list[Block]:
    """The skeleton as blocks in reading order."""
    t = d.texts
    out: list[Block] = [
        Block("header", rows=[[d.header_top or "", QUOC_HIEU], [d.header_agency, TIEU_NGU],
                              [f"Số: {d.number}", f"{d.place or '……'}, ngày …… tháng …… năm ……"]]),
        Block("title", "KẾ HOẠCH"),
        Block("subtitle", _subtitle(d.title)),
        Block("para", d.citation),
        Block("para", d.intro),
        Block("part", "MỤC ĐÍCH, YÊU CẦU", "I."),
        Block("head", "Mục đích", "1."),
        *(Block("dash", p, "-") for p in d.purpose),
        Block("head", "Yêu cầu", "2."),
        *(Block("dash", p, "-") for p in d.requirements),
        Block("part", "CHỈ TIÊU", "II."),
    ]
    table = _indicator_table(d.areas, advisory=False)
    narrative = any(it.kind == "indicator" and not it.in_table for a in d.areas for it in a.items)
    if table is not None:
        out += [Block("para", t["indicators_table"]), table]
    if narrative:
        out.append(Block("para", t["indicators_in_areas"]))
    if table is None and not narrative:
        out.append(Block("para", t["no_indicators"]))

    out.append(Block("part", "NHIỆM VỤ", "III."))
    blocks, task_no = _areas(d.areas, advisory=False, task_no=0)
    out += blocks or [Block("para", t["no_tasks"])]

    part = 4
    if d.advisory:
        out += [Block("part", t["advisory_title"], f"{roman(part)}."), Block("note", t["advisory_note"])]
        table = _indicator_table(d.advisory, advisory=True)
        if table is not None:
            out += [Block("para", t["advisory_indicators"]), table]
        blocks, _ = _areas([a for a in d.advisory if a.key != ORGANISATION], advisory=True, task_no=task_no)
        out += blocks
        part += 1

    out.append(Block("part", "TỔ CHỨC THỰC HIỆN", f"{roman(part)}."))
    duties = [it for it in d.duties]
    advisory_duties = [it for a in d.advisory if a.key == ORGANISATION for it in a.items]
    n = 0
    if duties:
        n += 1
        out.append(Block("head", d.units, f"{n}."))
        out += [Block("dash", _directive_text(it), "-") for it in duties]
    if advisory_duties:
        n += 1
        out.append(Block("head", f"{d.units} {t['advisory_duties']}", f"{n}."))
        for it in advisory_duties:
            out += [Block("dash", _directive_text(it), "-"), _reason(it)]
    if n:
        out.append(Block("head", "Tổ chức thực hiện Kế hoạch", f"{n + 1}."))
    out += [Block("para", p) for p in d.organisation]
    out.append(Block("para", d.closing))
    out.append(Block("signature", rows=[d.signature], lines=d.recipients))
    if d.not_applicable:
        out += [Block("appendix", t["not_applicable_heading"]), Block("title", t["not_applicable_title"]),
                Block("note", t["not_applicable_note"])]
        rows = [NOT_APPLICABLE_HEADER]
        for k, it in enumerate(d.not_applicable, start=1):
            rows.append([str(k), _where(it), it.parent_text, it.reason])
        out.append(Block("table", rows=rows, widths=[1.2, 3.3, 7.5, 4.5]))
    return out
