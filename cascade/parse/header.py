"""The document header: issuing body (and the body above it), "Số: …" and "place, ngày … tháng … năm …".

Vietnamese official documents print the header as a two-column borderless table:

    ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    HUYỆN VĂN YÊN              Độc lập - Tự do - Hạnh phúc
    Số: 35/KH-UBND             Văn Yên, ngày 10 tháng 01 năm 2022

A .docx keeps it as a table; a PDF's text layer gives the two cells side by side on one line ("UBND TỈNH HẢI DƯƠNG
CỘNG HÒA XÃ HỘI …"); a text rendering has "cell | cell" rows (read as one paragraph per cell) or one cell per line.
`read_header` gathers the header's pieces from any of these: it splits lines at the right column's fixed phrases
(the national motto and the place-date line), sorts every piece into agency line, number or place-date, and
joins the agency lines into named bodies ("UBND TỈNH BÌNH ĐỊNH" + "SỞ TƯ PHÁP" → Ủy ban nhân dân tỉnh Bình Định,
above Sở Tư pháp).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cascade.agencies import agency_level, canonical_agency
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import header_words
from cascade.read.document import Document
from cascade.rules import load_rules, rules_cached
from cascade.text import fold, nfc

_RULE_LINE = re.compile(r"^[\s\-–—_=*.~]+$")  # "-------", "___", "***" under a cell


@dataclass(frozen=True)
class _Rx:
    """The header's patterns (rules/header.yaml `patterns`), compiled on first use."""

    motto: re.Pattern[str]  # the right column's fixed lines, on folded text
    number_start: re.Pattern[str]  # "Số: …"
    place_date: re.Pattern[str]  # ", ngày … tháng … năm …"
    connector_end: re.Pattern[str]  # a line that ends on one of these continues on the next line


@rules_cached
def _rx() -> _Rx:
    w = header_words()
    return _Rx(
        motto=re.compile(w.pattern("motto")),
        number_start=re.compile(w.pattern("number_start"), re.I),
        place_date=re.compile(w.pattern("place_date"), re.I),
        connector_end=re.compile(w.pattern("connector_end")),
    )


@dataclass
class Body:
    """One body named in the agency cell: "Ủy ban nhân dân huyện Văn Yên" (level huyen, territory "Văn Yên")."""

    name: str
    level: str | None = None
    unit: str | None = None  # "tỉnh", "huyện" … for a people's committee or council
    territory: str | None = None  # "Văn Yên"
    complete: bool = True  # False for a bare "ỦY BAN NHÂN DÂN" whose territory is not printed in the cell


@dataclass
class Header:
    """What the header says; every field None or empty when it is not printed."""

    agency_lines: list[str] = field(default_factory=list)
    number_text: str | None = None  # "Số: 35/KH-UBND"
    place_date_text: str | None = None  # "Văn Yên, ngày 10 tháng 01 năm 2022"
    bodies: list[Body] = field(default_factory=list)

    @property
    def issuer(self) -> Body | None:
        """The body that issues the document: the last one in the agency cell."""
        return self.bodies[-1] if self.bodies else None

    @property
    def parent(self) -> Body | None:
        """The body above the issuer ("UBND TỈNH BÌNH ĐỊNH" over "SỞ TƯ PHÁP"), if printed."""
        return self.bodies[-2] if len(self.bodies) > 1 else None


@dataclass(frozen=True)
class PlaceDate:
    place: str
    day: int | None
    month: int | None
    year: int | None


def parse_place_date(text: str) -> PlaceDate | None:
    """ "Văn Yên, ngày 10 tháng 01 năm 2022" → PlaceDate; blanks of a draft ("ngày … tháng 01 năm 2024") give None."""
    m = _rx().place_date.search(text)
    if not m:
        return None
    place = _place_before(text[: m.start()])
    if not place:
        return None
    day, month, year = (int(g) if g else None for g in m.groups())
    return PlaceDate(place, day, month, year)


def _place_before(text: str) -> str:
    """The place name that ends `text`: its last capitalised words ("Số: 15/KH-SNV Bình Định" → "Bình Định")."""
    words = text.split()
    out: list[str] = []
    for w in reversed(words):
        if len(out) >= SETTINGS.place_words_max:
            break
        lowered_unit = fold(w) in header_words().place_lower_syllables  # "Thành phố Hồ Chí Minh", "Thị xã …"
        if (w[:1].isupper() and (len(w) == 1 or not w.isupper() or w.endswith("."))) or (out and lowered_unit):
            out.append(w)
        else:
            break
    return " ".join(reversed(out))


# --- finding the header's lines -----------------------------------------------------------------------------------
def _is_title(text: str) -> bool:
    return text.isupper() and fold(text).strip(" :.") in header_words().document_titles


def _is_motto_fragment(text: str) -> bool:
    """A piece of the motto broken over lines ("CỘNG" above "HÒA XÃ HỘI …")."""
    f = fold(text)
    return any(m.startswith(f) or (len(f) > 8 and m.endswith(f)) for m in header_words().mottos)


def _split(line: str) -> list[str]:
    """A line cut where right-column text starts: the motto, the place-date ("… Bình Định, ngày …")."""
    line = nfc(line)
    folded = fold(line)
    if len(folded) != len(line):  # folding changed the length (rare combining marks): do not cut
        return [line]
    cuts: set[int] = set()
    for m in _rx().motto.finditer(folded):
        cuts.update((m.start(), m.end()))
    pd = _rx().place_date.search(line)
    if pd:
        place = _place_before(line[: pd.start()])
        if place:
            cuts.add(line.rfind(place, 0, pd.start()))
    pieces = []
    last = 0
    for c in sorted(cuts) + [len(line)]:
        piece = line[last:c].strip(" |")
        if piece:
            pieces.append(piece)
        last = c
    return pieces


def _header_lines(doc: Document) -> list[str]:
    """The header's lines: from a header table (column by column) or from the paragraphs around the motto."""
    blocks = doc.blocks[:SETTINGS.header_blocks]
    end = next((i for i, b in enumerate(blocks) if b.kind == "para" and _is_title(b.text)), len(blocks))
    for b in blocks[:end]:
        if b.kind != "table" or not b.rows:
            continue
        flat = " ".join(c for r in b.rows for c in r.cells)
        if _rx().motto.search(fold(flat)):
            width = max(len(r.cells) for r in b.rows)
            return [ln for col in range(width) for r in b.rows if col < len(r.cells)
                    for ln in r.cells[col].split("\n")]
    paras = [b.text for b in blocks[:end] if b.kind == "para"]
    anchor = next((i for i, t in enumerate(paras) if _rx().motto.search(fold(t))), None)
    if anchor is None:
        return []
    start = anchor
    # the agency cell's lines above the motto (a text rendering puts the first row's cells one per line), with the
    # rule printed under them and the number when the left cell is rendered whole before the right one
    while start > 0 and anchor - start < SETTINGS.header_lines_above_motto and (_looks_like_agency(paras[start - 1]) or _RULE_LINE.match(
            paras[start - 1]) or _rx().number_start.match(paras[start - 1])):
        start -= 1
    lines = paras[start:anchor + SETTINGS.header_lines_below_motto]
    # the legal basis ("Căn cứ …", "Thực hiện …") follows the header
    openers = tuple(header_words().citation_relations)
    stop = next((i for i, t in enumerate(lines) if fold(t).startswith(openers)), len(lines))
    return lines[:stop]


def _looks_like_agency(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) < SETTINGS.header_line_max and t.isupper() and not _RULE_LINE.match(t)


def read_header(doc: Document) -> Header:
    """The header of a document (an empty Header when none is found)."""
    header = Header()
    for line in _header_lines(doc):
        for piece in _split(line):
            if _RULE_LINE.match(piece) or _rx().motto.search(fold(piece)) or _is_motto_fragment(piece):
                continue
            if _rx().number_start.match(piece):
                header.number_text = header.number_text or piece
            elif parse_place_date(piece):
                header.place_date_text = header.place_date_text or piece
            elif _looks_like_agency(piece) and not _is_title(piece):
                header.agency_lines.append(piece)
    header.bodies = bodies(header.agency_lines)
    return header


# --- the agency cell ------------------------------------------------------------------------------------------------
def _head(folded: str) -> str | None:
    """The body or territory word that opens a folded line, if any."""
    w = header_words()
    for h in (*w.body_heads, *sorted(w.units, key=len, reverse=True)):
        if folded == h or folded.startswith(h + " "):
            return h
    return None


def _merge_broken_heads(lines: list[str]) -> list[str]:
    """ "ỦY" + "BAN NHÂN DÂN" → "ỦY BAN NHÂN DÂN": a lead phrase broken over two lines."""
    out: list[str] = []
    for line in lines:
        if out:
            prev = fold(out[-1])
            joined = f"{prev} {fold(line)}"
            if _head(prev) is None and any(joined == h or joined.startswith(h + " ") for h in header_words().body_heads
                                           if " " in h and h.startswith(prev + " ")):
                out[-1] = f"{out[-1]} {line}"
                continue
        out.append(line)
    return out


def bodies(lines: list[str]) -> list[Body]:
    """The bodies the agency cell's lines name, top (the parent) to bottom (the issuer).

    A line opens a new body when it starts with a body word (ỦY BAN NHÂN DÂN, SỞ, PHÒNG …); a territory line
    ("HUYỆN VĂN YÊN") completes a people's committee printed above it; any other line, or any line after one
    that ends on "VÀ" / "," / "-", continues the name above ("TỈNH BÌNH" / "ĐỊNH").
    """
    segments: list[list[str]] = []
    for line in _merge_broken_heads([nfc(x) for x in lines if x.strip()]):
        head = _head(fold(line))
        prev = segments[-1] if segments else None
        if prev is None:
            segments.append([line])
        elif _rx().connector_end.search(prev[-1]) or head is None:
            prev.append(line)
        elif head in header_words().units:
            prev_head = _head(fold(prev[0]))
            councils = header_words().councils
            council_without_place = prev_head in councils and fold(" ".join(prev)) == prev_head
            if council_without_place or prev_head not in councils:
                prev.append(line)  # "ỦY BAN NHÂN DÂN" / "HUYỆN VĂN YÊN"; "SỞ LAO ĐỘNG - …" / "XÃ HỘI"
            else:
                segments.append([line])
        else:
            segments.append([line])
    return [_body(" ".join(seg)) for seg in segments]


def _body(text: str) -> Body:
    text = nfc(text)
    folded = fold(text)
    head = _head(folded)
    w = header_words()
    if head in w.councils or head in w.units:
        council = w.councils.get(head, w.committee_name)
        # a council names its territory after its own words; a bare territory line names the territory's committee
        rest = " ".join(text.split()[len(head.split()):]) if head in w.councils else text
        unit, territory = _unit_and_name(rest)
        if not unit:
            return Body(council, None, complete=False)
        level = w.units[fold(unit)]
        if fold(unit) == w.city_unit and territory and fold(territory) in _provinces():
            level = "tinh"  # a centrally-run city (Hà Nội, Đà Nẵng …)
        return Body(f"{council} {unit} {territory}", level, unit, territory)
    canonical = canonical_agency(text)
    name = canonical or _sentence_case(text)
    return Body(name, agency_level(name))


def _unit_and_name(text: str) -> tuple[str | None, str | None]:
    """ "HUYỆN VĂN YÊN" → ("huyện", "Văn Yên")."""
    folded = fold(text)
    w = header_words()
    for unit in sorted(w.units, key=len, reverse=True):
        if folded.startswith(unit + " "):
            name = text.split(None, len(unit.split()))[-1]
            return w.unit_words[unit], _proper(name)
    return None, None


def _proper(name: str) -> str:
    """ "VĂN YÊN" → "Văn Yên"; "BÀ RỊA-VŨNG TÀU" → "Bà Rịa-Vũng Tàu"; a name already in mixed case is kept."""
    if not name.isupper():
        return name
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in name.split())


@rules_cached
def _provinces() -> frozenset[str]:
    return frozenset(fold(p) for p in load_rules("scope_words").get("provinces", []))


@rules_cached
def _abbreviations() -> dict[str, str]:
    return {nfc(a["short"]): nfc(a["long"]) for a in load_rules("abbreviations").get("abbreviations", [])}


def _sentence_case(text: str) -> str:
    """An upper-case name the catalogue does not know, as Vietnamese writes names: the body word and the first word
    of its own name capitalised, abbreviations spelled out, a trailing place in title case
    ("PHÒNG NỘI VỤ HUYỆN VĂN YÊN" → "Phòng Nội vụ huyện Văn Yên")."""
    if not text.isupper():
        return text
    words = text.split()
    out: list[str] = []
    head = _head(fold(text)) or ""
    head_len = len(head.split())
    i = 0
    while i < len(words):
        unit, place = _unit_and_name(" ".join(words[i:])) if i > head_len else (None, None)
        if unit and place and i > head_len:
            out += [unit, place]
            break
        w = words[i]
        long = _abbreviations().get(w)
        if long:
            out.append(long)
        elif i == 0 or i == head_len:
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(w.lower())
        i += 1
    return " ".join(out)
