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

from cascade.draft.skeleton import Draft, DraftArea, DraftItem

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
# Vietnamese bullet letters skip f, j, w and z and use đ (DOMAIN.md).
LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
TASK_HEADER = ["TT", "Nhiệm vụ", "Kết quả/sản phẩm", "Đơn vị chủ trì", "Thời gian hoàn thành"]
ACTIVITY_HEADER = "Hoạt động"
INDICATOR_HEADER = ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu", "Đơn vị chủ trì thực hiện"]
ADVISORY_TASK_HEADER = ["TT", "Nhiệm vụ", "Kết quả/sản phẩm", "Thời gian hoàn thành", "Ghi chú (lý do cân nhắc)"]
ADVISORY_INDICATOR_HEADER = ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu", "Ghi chú (lý do cân nhắc)"]
# No column here is a task or indicator column (cascade.parse.tables.column_roles): the rows are not read as items.
NOT_APPLICABLE_HEADER = ["STT", "Mục của kế hoạch cấp trên", "Trích nội dung", "Lý do không áp dụng"]


@dataclass
class Block:
    """One piece of the document.

    kind: header | title | subtitle | para | part (I., II.: Word numbering level 0) | head (1., 2.: level 1) |
    bullet (a), b): label printed) | dash ("-": Word bullet level 2) | table | signature | appendix | note
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


def _product(it: DraftItem) -> str:
    return it.product or ""


def _with_activities(items: list[DraftItem]) -> bool:
    return any(it.activities for it in items if it.kind == "task")


def _task_table(area_no: int, area: DraftArea, tasks: list[DraftItem], start: int,
                activities: bool) -> tuple[Block, int]:
    header = list(TASK_HEADER)
    if activities:
        header.insert(2, ACTIVITY_HEADER)
    rows = [header, [roman(area_no), area.name.upper()] + [""] * (len(header) - 2)]
    n = start
    for it in tasks:
        if it.sub:
            label = "-"
        else:
            n += 1
            label = str(n)
        row = [label, it.text]
        if activities:
            row.append("\n".join(f"- {a}" for a in it.activities))
        row += [_product(it), "", it.deadline or ""]
        rows.append(row)
    widths = [1.0, 6.5, 4.0, 2.5, 2.5] if not activities else [1.0, 4.5, 3.5, 3.0, 2.5, 2.0]
    return Block("table", rows=rows, section_rows=[1], widths=widths), n


def _indicator_rows(items: list[DraftItem], extra: str | None = None) -> list[list[str]]:
    rows = []
    for k, it in enumerate(items, start=1):
        row = [str(k), it.text, it.target or ""]
        row.append(extra and it.reason or "")
        rows.append(row)
    return rows


def layout(d: Draft) -> list[Block]:
    """The skeleton as blocks in reading order."""
    out: list[Block] = [
        Block("header", rows=[[d.header_top or "", QUOC_HIEU], [d.header_agency, TIEU_NGU],
                              [f"Số: {d.number}", f"{d.place or '……'}, ngày …… tháng …… năm ……"]]),
        Block("title", "KẾ HOẠCH"),
        Block("subtitle", d.title[len("Kế hoạch "):] if d.title.startswith("Kế hoạch ") else d.title),
        Block("para", d.citation),
        Block("para", d.intro),
        Block("part", "MỤC ĐÍCH, YÊU CẦU", "I."),
        Block("head", "Mục đích", "1."),
        *(Block("dash", p) for p in d.purpose),
        Block("head", "Yêu cầu", "2."),
        *(Block("dash", p) for p in d.requirements),
        Block("part", "CHỈ TIÊU", "II."),
    ]
    narrative = [it for it in d.indicators if not it.in_table]
    tabled = [it for it in d.indicators if it.in_table]
    if not d.indicators:
        out.append(Block("para", "(Kế hoạch cấp trên không có chỉ tiêu bắt buộc đối với đơn vị.)"))
    if narrative:
        out.append(Block("head", "Chỉ tiêu cụ thể", "1."))
        out += _bullets(narrative)
    if tabled:
        out.append(Block("head", "Chỉ tiêu theo kế hoạch cấp trên" if narrative else "Chỉ tiêu cụ thể",
                         "2." if narrative else "1."))
        out.append(Block("table", rows=[INDICATOR_HEADER, *_indicator_rows(tabled)], widths=[1.2, 8.8, 3.5, 3.0]))

    out.append(Block("part", "NHIỆM VỤ", "III."))
    activities = _with_activities([it for a in d.areas for it in a.items])
    task_no = 0
    for k, area in enumerate(d.areas, start=1):
        out.append(Block("head", area.name, f"{k}."))
        bullets = [it for it in area.items if it.kind != "task"]
        tasks = [it for it in area.items if it.kind == "task"]
        out += _bullets(bullets)
        if tasks:
            table, task_no = _task_table(k, area, tasks, task_no, activities)
            out.append(table)
    if not d.areas:
        out.append(Block("para", "(Kế hoạch cấp trên không có nhiệm vụ bắt buộc đối với đơn vị.)"))

    out.append(Block("part", "TỔ CHỨC THỰC HIỆN", "IV."))
    if d.duties:
        out.append(Block("head", d.units, "1."))
        out += [Block("dash", _directive_text(it)) for it in d.duties]
        out.append(Block("head", "Tổ chức thực hiện Kế hoạch", "2."))
    out += [Block("para", p) for p in d.organisation]
    out.append(Block("para", d.closing))
    out.append(Block("signature", rows=[d.signature], lines=d.recipients))
    out += _appendices(d)
    return out


def _bullets(items: list[DraftItem]) -> list[Block]:
    """Lettered bullets ("a)", "b)"), a sub-bullet ("-") under the bullet before it."""
    blocks: list[Block] = []
    n = 0
    for it in items:
        if it.sub and blocks:
            blocks.append(Block("dash", _directive_text(it)))
            continue
        blocks.append(Block("bullet", _directive_text(it), f"{letter(n)})"))
        n += 1
    return blocks


def _appendices(d: Draft) -> list[Block]:
    t = d.texts
    out: list[Block] = []
    if d.advisory:
        out += [Block("appendix", t["advisory_heading"]), Block("title", t["advisory_title"]),
                Block("note", t["advisory_note"])]
        indicators = [it for a in d.advisory for it in a.items if it.kind == "indicator"]
        if indicators:
            rows = [[str(k), it.text, it.target or "", it.reason] for k, it in enumerate(indicators, start=1)]
            out.append(Block("para", "A. Chỉ tiêu"))
            out.append(Block("table", rows=[ADVISORY_INDICATOR_HEADER, *rows], widths=[1.2, 7.8, 3.0, 4.5]))
        areas = [(a, [it for it in a.items if it.kind != "indicator"]) for a in d.advisory]
        areas = [(a, items) for a, items in areas if items]
        if areas:
            out.append(Block("para", "B. Nhiệm vụ" if indicators else "Nhiệm vụ"))
            rows = [ADVISORY_TASK_HEADER]
            sections = []
            n = 0
            for k, (area, items) in enumerate(areas, start=1):
                sections.append(len(rows))
                rows.append([roman(k), area.name.upper(), "", "", ""])
                for it in items:
                    n += 1
                    rows.append([str(n), it.text, _product(it), it.deadline or "", it.reason])
            out.append(Block("table", rows=rows, section_rows=sections, widths=[1.0, 6.0, 3.5, 2.3, 3.7]))
    if d.not_applicable:
        out += [Block("appendix", t["not_applicable_heading"] if d.advisory else t["advisory_heading"]),
                Block("title", t["not_applicable_title"]), Block("note", t["not_applicable_note"])]
        rows = [NOT_APPLICABLE_HEADER]
        for k, it in enumerate(d.not_applicable, start=1):
            rows.append([str(k), it.parent_label or "", it.parent_text, it.reason])
        out.append(Block("table", rows=rows, widths=[1.2, 2.3, 8.0, 5.0]))
    return out
