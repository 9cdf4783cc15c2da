"""Narrative sections → indicators (chỉ tiêu) and directives (nhiệm vụ bullets).

A plan's body says what to achieve (II. Mục tiêu, chỉ tiêu) and what to do (III. Nhiệm vụ cụ thể, or per
area "a) Chỉ tiêu … b) Nhiệm vụ …"). Area headings are matched by name; where a scraped copy lost them, a
restart of the bullet letters marks a new area and its content says which one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.model import Item
from cascade.parse import cells as C
from cascade.parse.areas import infer_area, match_heading
from cascade.parse.tables import TableContext, _new_id
from cascade.parse.targets import find_level_targets, find_targets
from cascade.read.document import Block
from cascade.read.txt import fold

_TOP = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
_NUM_HEAD = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$")

_OBJECTIVES = ("muc tieu", "chi tieu", "cac chi tieu")
_TASKS = ("nhiem vu", "cac nhiem vu", "nhiem vu, giai phap", "giai phap", "noi dung")
# Sections with no reform-area bullets. "Tổ chức thực hiện" / "Trách nhiệm" (who does what) and the reporting part
# after it are read by cascade.parse.organisation instead.
_SKIP = ("muc dich", "kinh phi", "to chuc thuc hien", "trach nhiem", "che do bao cao", "dieu khoan")
_LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class _State:
    mode: str | None = None  # "objectives" | "tasks" | None (ignored section)
    sub: str | None = None  # inside an area: "indicator" (a) Chỉ tiêu) | "directive" (b) Nhiệm vụ)
    indicators_here: bool = False  # in "2. Chỉ tiêu cụ thể" of the objectives section
    area: str | None = None
    area_title: str | None = None
    path: list[str] = field(default_factory=list)  # numbering path for ids: ["III", "2"]
    last: Item | None = None
    last_letter: str | None = None
    seg: list[Item] = field(default_factory=list)
    segments: list[tuple[str | None, list[Item]]] = field(default_factory=list)


def _section_mode(title: str) -> str | None:
    f = fold(title)
    if f.startswith(_SKIP):
        return None
    if "nhiem vu" in f or "giai phap" in f:
        return "tasks"
    if f.startswith(_OBJECTIVES):
        return "objectives"
    return None


def narrative_items(blocks: list[Block], ctx: TableContext, order_start: int) -> list[Item]:
    """Indicators and directives from the paragraphs before the appendices."""
    st = _State()
    items: list[Item] = []

    def new_segment(area: str | None, title: str | None) -> None:
        if st.seg:
            st.segments.append((st.area, st.seg))
        st.seg = []
        st.area, st.area_title = area, title
        st.last, st.last_letter = None, None

    for block in blocks:
        if block.kind != "para":
            continue
        text = block.text.strip()
        f = fold(text)
        if f.startswith(("phu luc", "phu bieu")) and len(text) < 40:
            break  # appendices: their tables are read elsewhere
        m = _TOP.match(text)
        if m and len(text) < 120 and not C.LETTER_BULLET.match(text):
            mode = _section_mode(m.group(2))
            area = match_heading(m.group(2))
            if area and st.mode == "tasks":
                new_segment(area, m.group(2))
                st.path = [st.path[0] if st.path else "", m.group(1)]
                continue
            new_segment(None, None)
            st.mode, st.sub, st.indicators_here = mode, None, False
            st.path = [m.group(1)]
            if mode == "tasks" and "chi tieu" in fold(m.group(2)):
                st.sub = None  # "CÁC CHỈ TIÊU, NHIỆM VỤ CHỦ YẾU": per-area a) Chỉ tiêu / b) Nhiệm vụ
            continue
        if st.mode is None and _looks_like_section(text):
            # Plans without roman section numbers ("1. Mục tiêu:", "1. Công tác chỉ đạo, điều hành:").
            mh = _NUM_HEAD.match(text)
            head = mh.group(2) if mh else text
            area = match_heading(head)
            if area:
                st.mode = "tasks"
                new_segment(area, head)
                st.path = ["", mh.group(1) if mh else ""]
                continue
        if st.mode is None:
            continue
        if (text.startswith("(") and ("phụ lục" in text.casefold() or "phụ biểu" in text.casefold())) or f.startswith(
            ("kinh phi thuc hien", "kinh phi")
        ):
            # "(Nội dung nhiệm vụ cụ thể tại Phụ lục 2 kèm theo)": the section ends; what follows (funding,
            # who does what) is not a task list even when a scraped copy lost its heading.
            new_segment(None, None)
            st.mode = None
            continue
        mh = _NUM_HEAD.match(text)
        if mh and len(text) < 140 and not C.LETTER_BULLET.match(text):
            head = mh.group(2).strip()
            fh = fold(head)
            area = match_heading(head)
            if area:
                if st.mode == "objectives":
                    st.mode = "tasks"
                if "." in mh.group(1) and st.area == area:
                    st.path = st.path[:2] + [mh.group(1)]
                    st.last, st.last_letter = None, None
                    continue  # a sub-heading inside the same area ("1.2. Công tác tuyên truyền …")
                new_segment(area, head)
                st.path = [st.path[0] if st.path else "", mh.group(1)]
                st.sub = None
                continue
            if st.mode == "objectives":
                st.indicators_here = fh.startswith("chi tieu")
                st.path = [st.path[0] if st.path else "", mh.group(1)]
                st.last, st.last_letter = None, None
                continue
            if st.mode == "tasks" and fh.startswith(_SKIP):
                st.mode = None
                continue
        # "a) Chỉ tiêu" / "b) Nhiệm vụ" sub-headings inside an area.
        mb = C.LETTER_BULLET.match(text)
        if mb and len(text) < 40:
            fb = fold(mb.group(2))
            if fb.startswith("chi tieu"):
                st.sub = "indicator"
                st.last, st.last_letter = None, None
                continue
            if fb.startswith(("nhiem vu", "giai phap")):
                st.sub = "directive"
                st.last, st.last_letter = None, None
                continue
        if st.mode == "objectives" and not st.indicators_here:
            continue
        kind = "indicator" if (st.mode == "objectives" or st.sub == "indicator") else "directive"
        label, body = C.split_label(text)
        is_bullet = bool(mb) or bool(C.DASH_BULLET.match(text))
        if not is_bullet:
            if st.last is not None and not text.startswith("("):
                st.last.text = f"{st.last.text} {text}".strip()  # a bullet's continuation line
                _refresh_targets(st.last)
            continue
        if mb:
            letter = mb.group(1)
            if st.mode == "tasks" and st.last_letter and letter == "a" and st.last_letter != "a" and st.sub is None:
                new_segment(None, None)  # letters restart: an area whose heading is missing
            st.last_letter = letter
        parent = None
        if not mb and st.last is not None and st.last.label and kind == "directive" and st.sub is None:
            parent = st.last.id if st.last.parent is None else st.last.parent
        order = order_start + len(items)
        path = ".".join(p for p in st.path if p)
        lab = f"{path}.{label}" if label else None
        prefix = "ind" if kind == "indicator" else "dir"
        item = Item(
            id=_new_id(prefix, lab, st.area, ctx, order),
            kind=kind,
            label=label,
            text=body,
            section=st.area,
            section_title=st.area_title,
            parent=parent,
            source=block.source,
            order=order,
        )
        if kind == "indicator":
            _refresh_targets(item)
        items.append(item)
        st.seg.append(item)
        if label or parent is None:
            st.last = item
    new_segment(None, None)
    _fill_areas(st.segments)
    # A lettered bullet whose "-" bullets carry the content is a heading, not an obligation of its own.
    parents = {it.parent for it in items if it.parent}
    for it in items:
        if it.id in parents and len(it.text) < 120:
            it.group = True
    return items


def _refresh_targets(item: Item) -> None:
    if item.kind != "indicator":
        return
    targets = find_targets(item.text)
    item.target = targets[0] if targets else None
    if item.target is not None and len(targets) > 1:
        item.target.extra = item.target.extra + targets[1:]  # keep a rank's own extras (the regional group)
    item.level_targets = find_level_targets(item.text)


def _looks_like_section(text: str) -> bool:
    return len(text) < 120 and bool(_NUM_HEAD.match(text)) and not C.LETTER_BULLET.match(text)


def _fill_areas(segments: list[tuple[str | None, list[Item]]]) -> None:
    """Items of the objectives section and of areas whose heading is missing get an area by content."""
    used = {a for a, _ in segments if a}
    for area, seg in segments:
        if area:
            continue
        kinds = {it.kind for it in seg}
        if kinds == {"indicator"}:
            for it in seg:
                it.section = infer_area([it.text])
            continue
        guess = infer_area([it.text for it in seg], exclude=used)
        for it in seg:
            it.section = guess
        if guess:
            used.add(guess)
