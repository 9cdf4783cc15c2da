"""What a table cell or a line looks like: a row label, an agency list, a deadline, a target.

Tables copied out of web pages lose merged cells, so the parser places ragged cells by their look.
These are deliberately cheap regex tests, run on every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import cell_words, deadline_words
from cascade.rules import rules_cached
from cascade.text import words_pattern

ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
LABEL = re.compile(r"^(\d{1,4}(?:\.\d{1,3})*)\.?$")
LABELLED_TEXT = re.compile(r"^(\d{1,4}(?:\.\d{1,3})*)[.)]\s+(\S.*)$", re.S)
LETTER_BULLET = re.compile(r"^([a-zđ])\)\s*(\S.*)$", re.S)
ROMAN_TEXT = re.compile(r"^([IVXLC]+)[.)]?\s+(\S.*)$", re.S)
DASH_BULLET = re.compile(r"^[-+•*–]\s*(\S.*)$", re.S)


@dataclass(frozen=True)
class _Looks:
    """The compiled tests of rules/cells.yaml."""

    agency_start: re.Pattern[str]
    time_words: re.Pattern[str]
    target: re.Pattern[str]
    dated_clause: re.Pattern[str]


@rules_cached
def _looks() -> _Looks:
    w = cell_words()
    # the date words of rules/deadlines.yaml
    day_w, quarter_w, month_w = (re.escape(x) for x in (deadline_words().day_word, deadline_words().quarter_word,
                                                        deadline_words().month_word))
    return _Looks(
        agency_start=re.compile(
            rf"^(?:[-+–]\s*)?(?:(?:{words_pattern(w.agency_quantifiers)})\s+)?(?:{words_pattern(w.agency_heads)})"
            r"(?=[\s,;.]|$)",
            re.I,
        ),
        time_words=re.compile(r"\b(?:" + "|".join([words_pattern(w.time_words), *w.time_patterns]) + ")", re.I),
        target=re.compile("|".join(f"(?:{p})" for p in w.target_patterns), re.I),
        # "… trước ngày 30/01/2024", "… chậm nhất ngày 10/12/2024", "… trong Quý I/2024": a dated clause.
        dated_clause=re.compile(
            rf"\b(?:{words_pattern(w.dated_clause_openers)})\s+(?:{day_w}\s+\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?|"
            rf"{quarter_w}\s+[IV]+|{month_w}\s+\d{{1,2}})",
            re.I,
        ),
    )


def is_label(cell: str) -> bool:
    """A row number as printed in the STT column: "12", "1.1", "7.4.", "IV"."""
    c = cell.strip()
    return bool(LABEL.match(c) or ROMAN.match(c.rstrip(".")))


def looks_agency(cell: str) -> bool:
    """An agency or a list of agencies ("Sở Nội vụ", "Các sở, ban, ngành; UBND cấp huyện")."""
    c = cell.strip()
    if not c or len(c) > SETTINGS.agency_cell_max:
        return False
    if c.casefold().lstrip("-–+ ").startswith(cell_words().agency_false_starts):
        return False  # a report or meeting (a product), not the newspaper or association
    return bool(_looks().agency_start.match(c)) and not looks_deadline(c)


def looks_deadline(cell: str) -> bool:
    """A time phrase short enough to be a deadline cell ("Tháng 3", "Quý I/2024", "Cả năm")."""
    c = cell.strip()
    if not c or len(c) > SETTINGS.deadline_cell_max:
        return False
    if c.casefold().startswith(cell_words().deadline_starts):
        return True
    return bool(_looks().time_words.search(c)) and len(c) <= SETTINGS.deadline_words_max and not looks_target(c)


def dated_line(cell: str) -> bool:
    """A short line of a deadline cell that names its deliverable before the date ("- Ban hành Kế hoạch theo dõi
    thi hành pháp luật trước ngày 30/01/2024.")."""
    c = cell.strip()
    return bool(c) and len(c) <= SETTINGS.deadline_cell_max and bool(_looks().dated_clause.search(c))


def looks_target(cell: str) -> bool:
    """A target value ("90%", "Trong nhóm 20 …", "Hoàn thành chỉ tiêu …", "ở mức tốt")."""
    c = cell.strip()
    return bool(c) and bool(_looks().target.search(c)) and not _looks().agency_start.match(c)


def split_label(text: str) -> tuple[str | None, str]:
    """ "1. Ban hành …" → ("1", "Ban hành …"); "a) Tiếp tục …" → ("a", "Tiếp tục …"); "- X" → (None, "X")."""
    t = text.strip()
    for rx in (LABELLED_TEXT, LETTER_BULLET):
        m = rx.match(t)
        if m:
            return m.group(1), m.group(2).strip()
    m = DASH_BULLET.match(t)
    if m:
        return None, m.group(1).strip()
    return None, t
