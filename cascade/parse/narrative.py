"""Narrative sections → indicators (chỉ tiêu) and directives (nhiệm vụ bullets).

A plan's body says what to achieve (II. Mục tiêu, chỉ tiêu) and what to do (III. Nhiệm vụ cụ thể, or per
area "a) Chỉ tiêu … b) Nhiệm vụ …"). Area headings are matched by name; where a scraped copy lost them, a
restart of the bullet letters marks a new area and its content says which one.

Commune and district plans often write their tasks as numbered paragraphs under each area ("1. Công tác chỉ
đạo, điều hành" / "1.1. Phối hợp … Thời gian: Quý IV/2022."): each paragraph is a directive labelled as
printed, with its time clause read as its deadline (cascade.parse.prose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.model import Item
from cascade.parse import cells as C
from cascade.parse import prose
from cascade.parse.areas import Segment, fill_areas, match_heading
from cascade.parse.context import TableContext, new_id
from cascade.parse.settings import SETTINGS
from cascade.parse.targets import find_level_targets, find_targets, has_targets, states_target
from cascade.parse.vocab import narrative_words
from cascade.read.document import Block
from cascade.rules import rules_cached
from cascade.text import fold as fold_plain
from cascade.text import fold_label as fold
from cascade.text import words_pattern

_TOP = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
# "A. CẢI CÁCH THỂ CHẾ", "B) …": lettered area headings (taken only when they name an area).
_LETTER_HEAD = re.compile(r"^([A-ZĐ])[.)]\s+(.+)$")
_NUM_HEAD = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+)$")


@rules_cached
def _indicators_follow() -> re.Pattern[str]:
    """ "… Chỉ tiêu cụ thể:" closing an objectives paragraph: the bullets after it are the indicators."""
    return re.compile(r"\b(?:" + words_pattern(narrative_words().indicators_follow) + r")\s*:\s*$")


@dataclass
class _State:
    mode: str | None = None  # "objectives" | "tasks" | None (ignored section)
    sub: str | None = None  # inside an area: "indicator" (a) Chỉ tiêu) | "directive" (b) Nhiệm vụ)
    indicators_here: bool = False  # in "2. Chỉ tiêu cụ thể" of the objectives section
    area: str | None = None
    area_title: str | None = None
    area_label: str | None = None  # the area heading's number as printed ("1", "II", "a"): paragraphs sit below it
    targets_here: bool = False  # objectives section titled "… chỉ tiêu" with no numbered sub-heading yet
    numbered: Item | None = None  # the numbered paragraph ("1.1. …") that letter bullets below it belong to
    path: list[str] = field(default_factory=list)  # numbering path for ids: ["III", "2"]
    last: Item | None = None
    last_letter: str | None = None
    seg: list[Item] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def _section_mode(title: str) -> str | None:
    w = narrative_words()
    f = fold(title)
    if f.startswith(w.skipped_titles):
        return None
    if any(word in f for word in w.tasks_title_words):
        return "tasks"
    if f.startswith(w.objectives_titles):
        return "objectives"
    return None


def narrative_items(blocks: list[Block], ctx: TableContext, order_start: int) -> list[Item]:
    """Indicators and directives from the paragraphs before the appendices."""
    st = _State()
    items: list[Item] = []
    w = narrative_words()

    def new_segment(area: str | None, title: str | None) -> None:
        if st.seg:
            st.segments.append((st.area, st.seg))
        st.seg = []
        st.area, st.area_title = area, title
        st.last, st.last_letter, st.numbered = None, None, None

    def add_item(kind: str, label: str | None, body: str, parent: str | None, source) -> Item:
        order = order_start + len(items)
        path = ".".join(p for p in st.path if p)
        lab = f"{path}.{label}" if label else None
        prefix = "ind" if kind == "indicator" else "dir"
        deadline = None
        if kind == "directive":
            body, deadline = prose.split_deadline(body, ctx.year)
        item = Item(
            id=new_id(prefix, lab, st.area, ctx, order),
            kind=kind,
            label=label,
            text=body,
            section=st.area,
            section_title=st.area_title,
            parent=parent,
            deadline=deadline,
            source=source,
            order=order,
        )
        if kind == "indicator":
            _refresh_targets(item)
        items.append(item)
        st.seg.append(item)
        return item

    for block in blocks:
        if block.kind != "para":
            continue
        text = block.text.strip()
        f = fold(text)
        if f.startswith(w.appendix_titles) and len(text) < SETTINGS.label_line_max:
            break  # appendices: their tables are read elsewhere
        m = _TOP.match(text)
        if m and len(text) < SETTINGS.section_heading_max and not C.LETTER_BULLET.match(text):
            mode = _section_mode(m.group(2))
            area = match_heading(m.group(2))
            if area and st.mode == "tasks":
                new_segment(area, m.group(2))
                st.path = [st.path[0] if st.path else "", m.group(1)]
                st.area_label = m.group(1)
                continue
            new_segment(None, None)
            st.mode, st.sub, st.indicators_here = mode, None, False
            st.targets_here = mode == "objectives" and w.indicators_word in fold(m.group(2))
            st.area_label = None
            st.path = [m.group(1)]
            if mode == "tasks" and w.indicators_word in fold(m.group(2)):
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
                st.area_label = mh.group(1) if mh else None
                continue
        if st.mode is None:
            continue
        if (text.startswith("(") and any(a in text.casefold() for a in w.appendix_titles_lower)) or f.startswith(
            w.funding_titles
        ):
            # "(Nội dung nhiệm vụ cụ thể tại Phụ lục 2 kèm theo)": the section ends; what follows (funding,
            # who does what) is not a task list even when a scraped copy lost its heading.
            new_segment(None, None)
            st.mode = None
            continue
        if st.last is not None and _attach_to_last(text, st.last, ctx.year):
            continue  # "Thời gian: Quý IV/2022." / "- Cơ quan chủ trì: …" on a line of its own
        numbered = prose.numbered(text)
        if numbered and not C.LETTER_BULLET.match(text) and _is_paragraph(numbered, st):
            # "1.1. Phối hợp với …": a task (or, in the objectives, a chỉ tiêu) of its own, not a heading.
            label, body = numbered
            kind = "directive" if st.mode == "tasks" else "indicator"
            item = add_item(kind, label, body, None, block.source)
            if kind == "directive":
                lead = prose.subject_lead(item.text)
                item.lead = [lead] if lead else []
            st.last, st.numbered, st.last_letter = item, item if kind == "directive" else None, None
            continue
        mh = _NUM_HEAD.match(text)
        if mh and len(text) < SETTINGS.numbered_heading_max and not C.LETTER_BULLET.match(text):
            head = mh.group(2).strip()
            fh = fold(head)
            area = match_heading(head)
            if area:
                if st.mode == "objectives":
                    st.mode = "tasks"
                if "." in mh.group(1) and st.area == area:
                    st.path = st.path[:2] + [mh.group(1)]
                    st.last, st.last_letter, st.numbered = None, None, None
                    st.area_label = mh.group(1)
                    continue  # a sub-heading inside the same area ("1.2. Công tác tuyên truyền …")
                new_segment(area, head)
                st.path = [st.path[0] if st.path else "", mh.group(1)]
                st.area_label = mh.group(1)
                st.sub = None
                continue
            if st.mode == "objectives":
                st.indicators_here = fh.startswith(w.indicators_word)
                st.targets_here = False
                st.path = [st.path[0] if st.path else "", mh.group(1)]
                st.last, st.last_letter = None, None
                continue
            if st.mode == "tasks" and fh.startswith(w.skipped_titles):
                st.mode = None
                continue
        # "a) Chỉ tiêu" / "b) Nhiệm vụ" sub-headings inside an area.
        mb = C.LETTER_BULLET.match(text)
        if mb and len(text) < SETTINGS.label_line_max:
            fb = fold(mb.group(2))
            if fb.startswith(w.indicators_word):
                st.sub = "indicator"
                st.last, st.last_letter = None, None
                continue
            if fb.startswith(w.directives_subheadings):
                st.sub = "directive"
                st.last, st.last_letter = None, None
                continue
        lh = _LETTER_HEAD.match(text) or mb
        if lh and st.mode == "tasks" and st.sub is None and _names_area(lh.group(2)):
            # "a) Cải cách thể chế" / "B. CẢI CÁCH THỦ TỤC HÀNH CHÍNH": a lettered area heading, not a bullet.
            new_segment(match_heading(lh.group(2)), lh.group(2))
            st.path = [st.path[0] if st.path else "", lh.group(1)]
            st.area_label = lh.group(1)
            continue
        if st.mode == "objectives" and not st.indicators_here:
            if _indicators_follow().search(fold_plain(text)):  # the colon is the signal: keep it
                st.indicators_here = True  # "… Chỉ tiêu cụ thể:" — the bullets below are the indicators
                continue
            body = C.split_label(text)[1]
            # An objectives bullet is a chỉ tiêu when the section says so or the bullet states one itself.
            if not (_is_bullet(text) and (st.targets_here and has_targets(body) or states_target(body))):
                continue
        kind = "indicator" if (st.mode == "objectives" or st.sub == "indicator") else "directive"
        label, body = C.split_label(text)
        if kind == "directive" and st.sub is None and _is_bullet(text) and states_target(body):
            # A tasks section that does not split "a) Chỉ tiêu" from "b) Nhiệm vụ" still states targets.
            kind = "indicator"
        is_bullet = bool(mb) or bool(C.DASH_BULLET.match(text))
        if not is_bullet:
            if st.last is not None and not text.startswith("("):
                st.last.text = f"{st.last.text} {text}".strip()  # a bullet's continuation line
                _refresh_targets(st.last)
                if st.last.kind == "directive" and st.last.deadline is None:
                    st.last.text, st.last.deadline = prose.split_deadline(st.last.text, ctx.year)
            continue
        if mb:
            letter = mb.group(1)
            if st.mode == "tasks" and st.last_letter and letter == "a" and st.last_letter != "a" and st.sub is None:
                new_segment(None, None)  # letters restart: an area whose heading is missing
            st.last_letter = letter
        parent = None
        if not mb and st.last is not None and st.last.label and kind == "directive" and st.sub is None:
            parent = st.last.id  # a "-" bullet under "a)" (or under a numbered paragraph "1.1.")
        elif mb and st.numbered is not None and kind == "directive":
            parent = st.numbered.id  # "a)", "b)" under a numbered paragraph "1.1."
        item = add_item(kind, label, body, parent, block.source)
        if label or parent is None:
            st.last = item
    new_segment(None, None)
    fill_areas(st.segments)
    # A lettered bullet whose "-" bullets carry the content is a heading, not an obligation of its own.
    parents = {it.parent for it in items if it.parent}
    for it in items:
        if it.id in parents and len(it.text) < SETTINGS.section_heading_max:
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


def _is_bullet(text: str) -> bool:
    return bool(C.LETTER_BULLET.match(text) or C.DASH_BULLET.match(text))


def _is_paragraph(numbered: tuple[str, str], st: _State) -> bool:
    """Whether "1.1. …" is a numbered task paragraph (or chỉ tiêu) rather than a heading.

    In the tasks section it must sit below the current area heading ("1.1" under "1.", any number under "II." or
    "a)") and read as a sentence or name no area ("1.2. Công tác tuyên truyền cải cách hành chính" is a
    sub-heading). In the objectives section only a numbered target below a chỉ tiêu heading counts.
    """
    label, body = numbered
    if st.mode == "tasks":
        if st.sub == "indicator" or (st.area is None and "." not in label):
            return False
        if not prose.is_deeper(label, st.area_label):
            return False
        return prose.reads_as_sentence(body) or match_heading(body) is None
    if st.mode == "objectives" and (st.indicators_here or st.targets_here):
        head = st.path[-1] if len(st.path) > 1 else None
        return prose.is_deeper(label, head) and prose.reads_as_sentence(body) and has_targets(body)
    return False


def _names_area(body: str) -> bool:
    """A short heading that names a reform area ("Cải cách thể chế:"), not a task that mentions one."""
    return len(body) < SETTINGS.area_subheading_max and not prose.reads_as_sentence(body) and match_heading(body) is not None


def _attach_to_last(text: str, last: Item, year: int | None) -> bool:
    """Read a line holding only the last task's time or agency into that task; False for any other line."""
    if last.kind != "directive":
        return False
    deadline = prose.deadline_line(text, year)
    if deadline is not None:
        if last.deadline is None:
            last.deadline = deadline
        return True
    role = prose.role_line(text)
    if role is None:
        return False
    field_name, who = role
    getattr(last, field_name).append(who)
    return True


def _looks_like_section(text: str) -> bool:
    return len(text) < SETTINGS.section_heading_max and bool(_NUM_HEAD.match(text)) and not C.LETTER_BULLET.match(text)
