"""What the plain-text layouts share: cell cleaning, the header vocabulary (rules/table_headers.yaml, the file that
also names the parser's column roles) and the tests on a row's cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cascade.rules import RulePack, rule_pack, rules_cached
from cascade.text import fold_label as fold
from cascade.text import folded_words, lenient_pattern

_TAGS = re.compile(r"</?(?:i|b|u|em|strong|span|p|br)\b[^>]*>", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u200b\ufeff]+")

ROW_LABEL = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\.?$")
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.)]\s+\S")
ROMAN_HEADING = re.compile(r"^[IVXLC]+[.)]?\s+\S")
BULLET = re.compile(r"^[-+•*–]\s*\S")
RULE_LINE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")  # "|---|---|" under a header
FLAT_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,5})\.?$")  # an STT cell: "12", "1.2", "IV"
LETTERED = re.compile(r"^[a-zđ]\)\s")
# A cell of a flattened header ("Cơ quan chủ trì thực hiện"): longer is a row's text even when it opens with a
# header word ("Nội dung …").
FLAT_HEADER_CELL_MAX = 45
# Cells a flattened header is read for at most: no plan table has more columns.
FLAT_HEADER_CELLS_MAX = 12


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
    return _clean_cell(text) if text else ""


# Every line of a text plan is cleaned several times over (as a possible header, a row, a paragraph), and a batch's
# children repeat their parent's lines: the last few thousand are remembered (bounded, for a long batch).
@lru_cache(maxsize=8192)
def _clean_cell(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if "<" in text:
        text = _TAGS.sub("", text)
    if "\n" not in text:  # most cells: one line, often with nothing to collapse (the regexes cost more than tests)
        if "  " in text or "\t" in text or "\u00a0" in text or "\u200b" in text or "\ufeff" in text:
            text = _SPACES.sub(" ", text)  # the characters `_SPACES` would change
        return text.strip()
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def is_header_cells(cells: list[str]) -> bool:
    """Does this row look like the header of a task or indicator table?"""
    return _is_header_cells(tuple(cells))


# Every table row is asked (a header repeats on each page), and a batch's children repeat their parent's rows.
@rules_cached(maxsize=8192)
def _is_header_cells(cells: tuple[str, ...]) -> bool:
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


def split_pipes(line: str) -> list[str]:
    cells = [clean_cell(c) for c in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def merge_header(top: list[str], sub: list[str]) -> list[str]:
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


def is_continuation(cells: list[str]) -> bool:
    """A tab row with no label whose text continues the row above (a cell split by a page break)."""
    if not cells or cells[0]:
        return False
    first = next((c for c in cells if c), "")
    return bool(first) and not BULLET.match(first) and (first[0].islower() or first[0] in "”\"'),.;")


def is_label_column(header: list[str]) -> bool:
    """Does the table's first column hold row numbers (STT/TT)?"""
    return bool(header) and fold(header[0]) in text_headers().label


def continues_row(cells: list[str], prev: list[str]) -> bool:
    """A row with an empty STT cell whose text cell goes on with the numbered task row above.

    A long cell cut by a page break (or a row split in two by a copy) leaves a row with no number whose
    text is the rest of the row above. Bullets ("- Các sở …"), lettered points ("a) …") and numbered
    texts ("2. …") under an empty STT cell are rows of their own, as are rows under an area row.
    """
    if len(cells) < 2 or cells[0] or not cells[1] or not prev or not re.fullmatch(r"\d+(?:\.\d+)*\.?", prev[0]):
        return False
    text = cells[1]
    return not (BULLET.match(text) or NUMBERED.match(text) or LETTERED.match(text) or ROW_LABEL.match(text))


def append_cells(prev: list[str], more: list[str]) -> list[str]:
    out = list(prev) + [""] * max(0, len(more) - len(prev))
    for i, c in enumerate(more):
        if c:
            out[i] = (out[i] + " " + c).strip() if out[i] else c
    return out


def looks_like_page_footer(line: str) -> bool:
    """Web-page furniture after the document body ("HIỆU LỰC VĂN BẢN", "- 1Hiến pháp 2013")."""
    f = fold(line)
    return f.startswith(text_headers().footer_openers) or bool(re.match(r"^- \d+\D", line))
