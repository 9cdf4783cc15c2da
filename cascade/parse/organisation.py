"""The "Tổ chức thực hiện" section → one directive per duty, with the agency it binds as `lead`.

This section says who does what. Sub-headings name an agency or a group ("2. Sở Nội vụ", "1. Các sở, ban
ngành; UBND các huyện, thị xã, thành phố") and the "- " or "a)" bullets (or plain paragraphs) below them are
its duties; a paragraph "Sở Tư pháp: chủ trì …" names the agency and its duties at once; a numbered sentence
"1. Căn cứ …, các sở, ban, ngành … có trách nhiệm …" names it inside the sentence. The audit reads `lead`
(with `cascade.agencies.parse_agency_list`) to decide whom a duty binds, so the lead is that name as printed,
without a trailing "có trách nhiệm" or a remark in brackets. A bullet that names its own doer ("- Văn phòng
Sở tham mưu …", "- Đề nghị Ngân hàng Nhà nước … chỉ đạo …") binds that doer rather than the whole heading group.

Closing boilerplate ("Trên đây là …", "Trong quá trình …, nếu có khó khăn …"), the recipients ("Nơi nhận"),
the signature and the appendices end the section or are skipped: they assign no duty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.model import Item
from cascade.parse import cells as C
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import narrative_words, organisation_words
from cascade.read.document import Block
from cascade.rules import rules_cached
from cascade.text import fold, nfc, words_pattern

SECTION = "to_chuc_thuc_hien"

_ROMAN_HEAD = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
_NUM_HEAD = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$", re.S)

# Bullets inside one "Agency: …" paragraph: a dash after a line break or after ":" ";" "." (not "kinh tế - xã hội").
_INNER_BULLET = re.compile(r"(?:^|\n|(?<=[:;.])\s+)[-–+•]\s+")
_TERMINAL = (".", ";", ":", "!", "?", "…")


@dataclass(frozen=True)
class _Names:
    """The compiled agency and verb patterns of rules/organisation.yaml."""

    subject: re.Pattern[str]  # where a doer's name starts, after an optional "Đề nghị", "Giao" …
    agency_at: re.Pattern[str]  # an agency or group name starts here
    verb: re.Pattern[str]  # the first duty verb: where the doer's name ends
    # a heading's tail that is not part of the name: "2. Sở Nội vụ có trách nhiệm", "… (Cơ quan thường trực …)"
    head_tail: re.Pattern[str]


@rules_cached
def _names() -> _Names:
    w = organisation_words()

    def word(name: str) -> str:
        # "ban" but not "ban hành", "phòng" but not "phòng, chống": a negative look-ahead per word with followers
        followers = w.not_agency_when_followed_by.get(name)
        if not followers:
            return re.escape(name)
        alts = "|".join((r",\s+" + re.escape(f[1:].strip())) if f.startswith(",") else (r"\s+" + re.escape(f))
                        for f in followers)
        return f"{re.escape(name)}(?!(?:{alts}))"

    agency_word = (
        rf"(?:(?:{words_pattern(w.agency_quantifiers)})\s+)?(?:{'|'.join(word(a) for a in w.agency_words)})"
        r"(?=[\s,;.:]|$)"
    )
    handing = rf"(?:{words_pattern(w.handing_words)})\s+"
    return _Names(
        subject=re.compile(rf"(?:{handing})?(?={agency_word})", re.I),
        agency_at=re.compile(agency_word, re.I),
        verb=re.compile(r"(?<=\s)(?:" + words_pattern(w.duty_verbs) + r")(?=[\s,;.:]|$)"),
        head_tail=re.compile(r"(?:\s*\([^()]*\))+$|\s+(?:" + _spaced(w.heading_tails) + r")$"),
    )


def _spaced(phrases: tuple[str, ...]) -> str:
    """An alternation of phrases as printed, longest first, any whitespace between their words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


@rules_cached
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Folded section headings, intro endings and follow-on headings (the section's entry in
    rules/reform_areas.yaml). A rules directory without the entry reads no such section; an entry without one of
    the three lists is an error naming the file and the key."""
    from cascade.rules import RulePack, rule_pack

    pack = rule_pack("reform_areas")
    areas = pack.data.get("areas") if isinstance(pack.data, dict) else None
    index, entry = next(((i, a) for i, a in enumerate(areas or []) if isinstance(a, dict) and a.get("key") == SECTION),
                        (None, None))
    if entry is None:
        return (), (), ()
    sub = RulePack(pack.name, entry, prefix=f"areas[{index}].")

    def words(key: str) -> tuple[str, ...]:
        return tuple(fold(h) for h in sub.strings(key))

    return words("section_headings"), words("intro_endings"), words("follow_on_headings")


@dataclass
class _Head:
    label: str | None  # "2", "a", or None for an unnumbered heading
    lead: str | None  # the agency or group it names; None for a topic heading ("4. Chế độ báo cáo")


@dataclass
class _State:
    heads: list[_Head] = field(default_factory=list)  # numbered heading, then a lettered one inside it
    last: Item | None = None  # the item a continuation line belongs to
    counts: dict[str, int] = field(default_factory=dict)  # unlabelled items per heading path, for ids
    used: set[str] = field(default_factory=set)
    strict: bool = False  # in a reporting part: only sentences that name their doer are duties
    part: str | None = None  # the roman numeral of a follow-on part, which heads its ids


def organisation_items(blocks: list[Block], order_start: int) -> list[Item]:
    """Directives (section `to_chuc_thuc_hien`) from the "Tổ chức thực hiện" section, in document order.

    Their ids are final ("dir:to_chuc_thuc_hien:2.a", "dir:to_chuc_thuc_hien:1-3" for the third unlettered
    bullet under heading 1): no other item can share the section key, so they need no renumbering.
    """
    found = _find_start(blocks)
    if found is None:
        return []
    start, title = found
    st = _State()
    items: list[Item] = []
    for block in blocks[start:]:
        if block.kind != "para":
            break  # a table: the appendices or the signature block
        text = nfc(block.text).strip()
        if not text:
            continue
        f = fold(text)
        if f.startswith(organisation_words().end_openers) or _is_signature(text):
            break
        mr = _ROMAN_HEAD.match(text)
        if mr and len(text) < SETTINGS.section_heading_max and not C.LETTER_BULLET.match(text):
            if not fold(mr.group(2)).strip(" :.").startswith(_vocabulary()[2]):
                break  # the next part of the plan
            # "VI. CHẾ ĐỘ BÁO CÁO" after the section: its reporting duties bind the agencies it names
            # (the part's numeral heads its ids: "dir:to_chuc_thuc_hien:VI.1", apart from the section's own "1")
            st.heads, st.last, st.strict, st.part = [], None, True, mr.group(1)
            continue
        if _is_closing(f):
            if f.startswith(organisation_words().body_end_opener):
                break  # "Trên đây là Kế hoạch …": the last sentence of the body
            st.last = None
            continue
        new = _read_paragraph(text, st)
        for label, body, lead in new:
            order = order_start + len(items)
            item = Item(
                id=_unique(_id(st, label), st.used),
                kind="directive",
                label=label,
                text=body,
                section=SECTION,
                section_title=title,
                lead=[lead] if lead else [],
                source=block.source,
                order=order,
            )
            items.append(item)
            st.last = item
    return items


def _find_start(blocks: list[Block]) -> tuple[int, str | None] | None:
    """Index of the first block after the section heading (or intro line) and the heading as printed."""
    heads, intros, _ = _vocabulary()
    intro: int | None = None
    for i, block in enumerate(blocks):
        if block.kind != "para":
            continue
        text = nfc(block.text).strip()
        f = fold(text).strip(" :.")
        if f.startswith(narrative_words().appendix_titles) and len(text) < SETTINGS.label_line_max:
            break
        m = _ROMAN_HEAD.match(text)
        if m and len(text) < SETTINGS.organisation_heading_max and fold(m.group(2)).strip(" :.").startswith(heads):
            return i + 1, m.group(2).strip(" :.")
        mn = _NUM_HEAD.match(text)
        if mn and fold(mn.group(2)).strip(" :.") in heads:
            return i + 1, mn.group(2).strip(" :.")
        if intro is None and len(text) < SETTINGS.organisation_intro_max and fold(text).endswith(intros):
            intro = i + 1
    return (intro, None) if intro is not None else None


def _read_paragraph(text: str, st: _State) -> list[tuple[str | None, str, str | None]]:
    """The items (label, text, lead) one paragraph gives; updates the heading stack and continuations."""
    mb = C.LETTER_BULLET.match(text)
    mn = None if mb else _NUM_HEAD.match(text)
    md = None if (mb or mn) else C.DASH_BULLET.match(text)
    if mn or mb:
        label, body = (mn or mb).group(1), (mn or mb).group(2).strip()  # type: ignore[union-attr]
        depth = 0 if mn else 1
        if _is_closing(fold(body)):
            st.last = None
            return []
        head = _heading_lead(body)
        if head is not None:
            _push(st, depth, _Head(label, head))
            st.last = None
            return []
        inherited = _inherited(st, depth)
        colon = _lead_in(body)
        if colon is not None:
            lead, duties = colon
            _push(st, depth, _Head(label, lead))
            if not duties:
                st.last = None
                return []
            parts = _split_duties(duties)
            return [(label if len(parts) == 1 else None, p, lead) for p in parts]
        own = _subject(body, anywhere=depth == 0 or inherited is None)
        if own is None and depth == 0 and _is_topic(body):
            _push(st, depth, _Head(label, None))  # "4. Chế độ báo cáo": its paragraphs must name their doer
            st.last = None
            return []
        lead = own or (inherited if depth == 1 else None)
        _push(st, depth, _Head(label, lead))
        if lead is None and st.strict:
            st.last = None
            return []  # "1. Báo cáo quý: trước ngày 15 …": a rule, not an agency's duty
        return [(label, body, lead)]
    if md:
        body = md.group(1).strip()
        if _continues(st.last, body, dash=True):
            assert st.last is not None
            st.last.text = f"{st.last.text} {text[0]} {body}"  # "kinh tế" + "- xã hội …" split by a line wrap
            return []
        return _unlabelled(body, st, anywhere=False)
    if _continues(st.last, text, dash=False):
        assert st.last is not None
        st.last.text = f"{st.last.text} {text}"
        return []
    head = _heading_lead(text)
    if head is not None:
        _push(st, 0, _Head(None, head))  # an unnumbered heading line ("Sở Nội vụ:")
        st.last = None
        return []
    if text.endswith(":") and _lead_in(text) is None:
        st.last = None
        return []  # an intro line ("Ủy ban nhân dân tỉnh giao:")
    return _unlabelled(text, st, anywhere=True)


def _unlabelled(body: str, st: _State, *, anywhere: bool) -> list[tuple[str | None, str, str | None]]:
    """Items from an unlettered bullet or a plain paragraph under the current heading."""
    inherited = _inherited(st, 2)
    colon = _lead_in(body)
    if colon is not None:
        lead, duties = colon
        return [(None, p, lead) for p in _split_duties(duties)] if duties else []
    lead = _subject(body, anywhere=anywhere and inherited is None) or inherited
    if lead is None and (anywhere or not st.heads):
        return []  # prose that binds nobody: funding, reporting rules without an addressee, boilerplate
    return [(None, body, lead)]


def _push(st: _State, depth: int, head: _Head) -> None:
    st.heads = st.heads[:depth] + [head]


def _inherited(st: _State, depth: int) -> str | None:
    """The lead of the innermost heading above `depth` that names an agency."""
    for h in reversed(st.heads[:depth]):
        if h.lead:
            return h.lead
    return None


def _id(st: _State, label: str | None) -> str:
    path = ([st.part] if st.part else []) + [h.label for h in st.heads if h.label]
    if label:
        if path and path[-1] == label:
            path = path[:-1]  # the item is itself the innermost heading's paragraph
        return f"dir:{SECTION}:" + ".".join([*path, label])
    key = ".".join(path)
    st.counts[key] = st.counts.get(key, 0) + 1
    return f"dir:{SECTION}:{key}-{st.counts[key]}"


def _unique(base: str, used: set[str]) -> str:
    cand, k = base, 2
    while cand in used:
        cand, k = f"{base}~{k}", k + 1
    used.add(cand)
    return cand


def _clean_lead(name: str) -> str:
    name = name.strip(" ,;:.-–")
    while True:
        trimmed = _names().head_tail.sub("", name).strip(" ,;:.-–")
        if trimmed == name:
            return name
        name = trimmed


def _heading_lead(body: str) -> str | None:
    """The agency a heading line names ("Sở Nội vụ có trách nhiệm", "Sở Thông tin và Truyền thông:"), else None.

    A heading is a name, not a sentence: short, no full stop, no duty verb once its tail is trimmed.
    """
    b = body.strip()
    if len(b) > SETTINGS.agency_heading_max or b.endswith(".") or ". " in b:
        return None
    name = _clean_lead(b.rstrip(":"))
    if ":" in name or not _names().agency_at.match(name) or _names().verb.search(name):
        return None
    return name


def _lead_in(body: str) -> tuple[str, str] | None:
    """("Sở Tư pháp", "chủ trì …") for "Sở Tư pháp: chủ trì …"; None when the text before the colon is no name."""
    m = re.match(rf"^([^:]{{2,{SETTINGS.agency_heading_max}}}?)\s*:\s*(.*)$", body, re.S)
    if not m:
        return None
    name = _clean_lead(m.group(1))
    if not _names().agency_at.match(name) or _names().verb.search(name) or ". " in name:
        return None
    return name, m.group(2).strip()


def _split_duties(duties: str) -> list[str]:
    """One text per "- " bullet inside an "Agency: …" paragraph (the whole text when there is none)."""
    parts = [p.strip() for p in _INNER_BULLET.split(duties) if p.strip()]
    return parts or [duties.strip()]


def _subject(text: str, *, anywhere: bool) -> str | None:
    """The doer a sentence names before its first duty verb ("Văn phòng Sở" in "Văn phòng Sở tham mưu …").

    With `anywhere`, also after a comma or colon ("Căn cứ …, các sở, ban, ngành … có trách nhiệm …"); there the name
    must start with "các" or a capital, so a possessive "… của cơ quan, đơn vị, địa phương …" is not taken.
    """
    starts = [0] + ([m.end() for m in re.finditer(r"[,:]\s+", text)] if anywhere else [])
    for s in starts:
        rest = text[s:]
        if s and not (rest[:1].isupper() or rest.casefold().startswith(organisation_words().inner_doer_opener + " ")):
            continue
        m = _names().subject.match(rest)
        if not m:
            continue
        verb = _names().verb.search(rest, m.end())
        if not verb:
            continue
        name = _clean_lead(rest[m.end():verb.start()])
        if 2 < len(name) <= SETTINGS.doer_name_max and ". " not in name and _names().agency_at.match(name):
            return name
    return None


def _is_topic(body: str) -> bool:
    """A short heading that names a topic, not a doer ("Chế độ báo cáo", "Kinh phí thực hiện")."""
    return len(body) < SETTINGS.topic_heading_max and not body.rstrip().endswith((".", ";"))


def _continues(last: Item | None, text: str, *, dash: bool) -> bool:
    """A line that carries on the previous item: it starts in lower case, or (a plain line) the item is unfinished."""
    if last is None:
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower():
        return not dash or not last.text.rstrip().endswith(_TERMINAL)
    return not dash and not last.text.rstrip().endswith(_TERMINAL)


def _is_closing(f: str) -> bool:
    w = organisation_words()
    if f.startswith(w.closing_openers):
        return True
    return f.startswith(w.request_opener) and any(d in f for d in w.difficulty_words)


def _is_signature(text: str) -> bool:
    """"GIÁM ĐỐC", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN": a short line in capitals that no number opens."""
    return len(text) < SETTINGS.signature_line_max and text.isupper() and not _NUM_HEAD.match(text) and not _ROMAN_HEAD.match(text)
