"""Deadline cells ("Thời gian thực hiện") → comparable `Deadline`, and the parent/child comparison.

The vocabulary lives in rules/deadlines.yaml; it is loaded and compiled once, on first use (batch audits parse
thousands of cells; importing the module reads no file). Matching runs on a diacritic-folded copy of the cell that
keeps every character at its position, so a phrase found in the folded text can be cut out of the printed text
unchanged.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from cascade.model import Deadline
from cascade.parse.memo import copy_deadline
from cascade.parse.vocab import deadline_words
from cascade.rules import rules_cached
from cascade.text import clean_text, fold_aligned, phrase_pattern

_WS = re.compile(r"\s+")


def prepare_cell(raw: str | None) -> tuple[str, str] | None:
    """(cleaned text, its aligned fold) of a cell to parse, or None when it holds no word."""
    if raw is None:
        return None
    text = clean_text(raw)
    if not text or not re.search(r"\w", text):
        return None
    return text, fold_aligned(text)


# ---------------------------------------------------------------- compiled vocabulary

_DATE_SHORT = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_ROMAN = r"(?:iv|iii|ii|i|[1-4])\b"
_QUARTER_NUM = re.compile(_ROMAN)
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class _Rx:
    """The patterns compiled from rules/deadlines.yaml (on first use), matched on the aligned fold of a cell."""

    dep_prefix: re.Pattern[str]
    dep_marker: re.Pattern[str]
    recurring: re.Pattern[str]
    cont_in_year: re.Pattern[str]
    whole_year: re.Pattern[str]
    before_short: re.Pattern[str]
    before_long: re.Pattern[str]
    date_long: re.Pattern[str]
    quarter: re.Pattern[str]
    first_half: re.Pattern[str]
    second_half: re.Pattern[str]
    month: re.Pattern[str]
    year_after_word: re.Pattern[str]
    periods: dict[str, int]  # folded phrase → months
    period_re: re.Pattern[str] | None
    time_start: re.Pattern[str]


@rules_cached
def _rx() -> _Rx:
    w = deadline_words()
    month_w = phrase_pattern([w.month_word])
    quarter_w = phrase_pattern([w.quarter_word])
    year_w = phrase_pattern([w.year_word])
    day_w = phrase_pattern([w.day_word])
    before_w = phrase_pattern(w.before_words)
    year_suffix = rf"(?:\s*(?:/|-|{year_w})\s*(\d{{4}}))?"
    joins = phrase_pattern(w.quarter_range_words)
    return _Rx(
        dep_prefix=re.compile(r"^[\W_]*(?:" + phrase_pattern(w.dependent_prefixes) + r")\b\s*(.*)$"),
        dep_marker=re.compile(r"\b(?:" + phrase_pattern(w.dependent_markers) + r")\b\s*(.+)$"),
        recurring=re.compile(r"\b(?:" + phrase_pattern(w.recurring) + r")\b"),
        cont_in_year=re.compile(r"\b(?:" + phrase_pattern([w.continuous_in_year]) + r")\b"),
        whole_year=re.compile(r"\b(?:" + phrase_pattern(w.whole_year) + r")\b"),
        before_short=re.compile(
            rf"\b(?:{before_w})\s*(?:{day_w}\s*)?(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})(?:\s*[/.\-]\s*(\d{{4}}))?(?![\d/])"
        ),
        before_long=re.compile(
            rf"\b(?:{before_w})\s*(?:{day_w}\s*)?(\d{{1,2}})\s*{month_w}\s*(\d{{1,2}})(?:\s*{year_w}\s*(\d{{4}}))?"
        ),
        date_long=re.compile(rf"\b{day_w}\s*(\d{{1,2}})\s*{month_w}\s*(\d{{1,2}})\s*{year_w}\s*(\d{{4}})"),
        quarter=re.compile(
            rf"\b{quarter_w}\s*({_ROMAN}(?:\s*(?:,|\+|-|–|{joins})\s*(?:{quarter_w}\s*)?{_ROMAN})*){year_suffix}"
        ),
        first_half=re.compile(r"(?:" + phrase_pattern(w.first_half) + r")" + year_suffix),
        second_half=re.compile(r"(?:" + phrase_pattern(w.second_half) + r")" + year_suffix),
        month=re.compile(rf"\b{month_w}\s*(\d{{1,2}})(?!\d)(?!\s*/\s*\d{{1,2}}/)" + year_suffix),
        year_after_word=re.compile(rf"\b{year_w}\s*((?:19|20)\d{{2}})(?!\d)"),
        periods={fold_aligned(clean_text(k)): int(v) for k, v in w.periods.items()},
        period_re=re.compile(r"\b(?:" + phrase_pattern(list(w.periods)) + r")\b") if w.periods else None,
        time_start=re.compile(r"\b(?:" + phrase_pattern(w.part_time_words) + r")\b|\d"),
    )


# ---------------------------------------------------------------- parsing


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _blank(text: str, m: re.Match[str]) -> str:
    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]


def _spans(folded: str, year: int | None) -> tuple[list[tuple[date, date]], bool]:
    """Dated spans named in the cell, and whether any time expression was seen at all (even without a year)."""
    spans: list[tuple[date, date]] = []
    seen = False
    text = folded
    for rx in (_rx().before_short, _rx().before_long):
        for m in list(rx.finditer(text)):
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            yy = int(y) if y else year
            seen = True
            if yy is not None and (end := _day(yy, mo, d)):
                spans.append((date(yy, 1, 1), end))
            text = _blank(text, m)
    for rx in (_DATE_SHORT, _rx().date_long):
        for m in list(rx.finditer(text)):
            if end := _day(int(m.group(3)), int(m.group(2)), int(m.group(1))):
                seen = True
                spans.append((date(end.year, 1, 1), end))
                text = _blank(text, m)
    # A month or quarter without its own year takes the year printed elsewhere in the cell, else the plan's.
    found = _ANY_YEAR.search(text)
    default_year = int(found.group(1)) if found else year
    for m in list(_rx().quarter.finditer(text)):
        qs = [_ROMAN_VALUE[q] for q in _QUARTER_NUM.findall(m.group(1))]
        yy = int(m.group(2)) if m.group(2) else default_year
        if qs:
            seen = True
            if yy is not None:
                spans.append((date(yy, 3 * min(qs) - 2, 1), _month_end(yy, 3 * max(qs))))
        text = _blank(text, m)
    for rx, (m1, m2) in ((_rx().first_half, (1, 6)), (_rx().second_half, (7, 12))):
        for m in list(rx.finditer(text)):
            seen = True
            yy = int(m.group(1)) if m.group(1) else default_year
            if yy is not None:
                spans.append((date(yy, m1, 1), _month_end(yy, m2)))
            text = _blank(text, m)
    for m in _rx().month.finditer(text):
        mo = int(m.group(1))
        if not 1 <= mo <= 12:
            continue
        seen = True
        yy = int(m.group(2)) if m.group(2) else default_year
        if yy is not None:
            spans.append((date(yy, mo, 1), _month_end(yy, mo)))
    return spans, seen


def _year_interval(raw: str, folded: str, year: int | None, kind: str = "interval") -> Deadline:
    found = _rx().year_after_word.search(folded) or _ANY_YEAR.search(folded)
    yy = int(found.group(1)) if found else year
    if yy is None:
        return Deadline(raw=raw, kind=kind, vague=kind == "interval")
    return Deadline(raw=raw, kind=kind, start=f"{yy}-01-01", end=f"{yy}-12-31", vague=kind == "interval")


def parse_deadline(raw: str | None, year: int | None = None) -> Deadline | None:
    """Parse a deadline cell ("Tháng 3", "Quý I/2024", "Cả năm", "Theo Kế hoạch của UBND tỉnh").

    `year` is the plan's year, used when the cell gives none. Returns None for an empty cell and a Deadline of
    kind "unknown" for text that is not a time (a product name in the time column). Never raises.
    """
    if raw is None:
        return None
    d = _remembered_deadline(raw, year)
    return copy_deadline(d) if d is not None else None  # the caller may change it: never the remembered one


@rules_cached(maxsize=8192)
def _remembered_deadline(raw: str, year: int | None) -> Deadline | None:
    # the same cells ("Quý IV/2024", "Thường xuyên") come back in every plan and every child of a batch
    return _parse_deadline(raw, year)


def _parse_deadline(raw: str | None, year: int | None) -> Deadline | None:
    prepared = prepare_cell(raw)
    if prepared is None:
        return None
    text, folded = prepared

    if m := _rx().dep_prefix.match(folded):
        act = text[m.start(1) :].strip(" .;,") or None
        return Deadline(raw=text, kind="dependent", depends_on=act)
    if _rx().cont_in_year.search(folded):
        return _year_interval(text, folded, year)
    if _rx().recurring.search(folded):
        found = _ANY_YEAR.search(folded)
        yy = int(found.group(1)) if found else year
        if yy is None:
            return Deadline(raw=text, kind="continuous")
        return Deadline(raw=text, kind="continuous", start=f"{yy}-01-01", end=f"{yy}-12-31")

    depends_on = None
    if m := _rx().dep_marker.search(folded):
        depends_on = text[m.start(1) :].strip(" .;,") or None
    spans, seen = _spans(folded, year)
    if spans:
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        return Deadline(raw=text, kind="interval", start=start.isoformat(), end=end.isoformat(), depends_on=depends_on)
    if seen:
        return Deadline(raw=text, kind="interval", depends_on=depends_on)
    if _rx().whole_year.search(folded) or _rx().year_after_word.search(folded):
        return _year_interval(text, folded, year)
    if depends_on:
        return Deadline(raw=text, kind="dependent", depends_on=depends_on)
    return Deadline(raw=text, kind="unknown")


# ---------------------------------------------------------------- activity parts of one cell

_PART_BREAK = re.compile(r"\n|;|(?:^|(?<=[.\s]))[-–+•]\s+")


def deadline_parts(raw: str | None, year: int | None = None) -> list[tuple[str, Deadline]]:
    """The activities of a deadline cell, each with its own time: "- Ban hành Kế hoạch trước ngày 30/01/2024.
    - Báo cáo kết quả trong Quý IV" → [("Ban hành Kế hoạch", …30/01), ("Báo cáo kết quả", …Quý IV)].

    The label is what the part says before its time expression ("" when the part is only a time). Parts without
    any time are left out. One part for an ordinary cell.
    """
    if not raw:
        return []
    out = []
    for part in _PART_BREAK.split(unicodedata.normalize("NFC", raw)):
        part = part.strip(" .;,-–+•\t")
        d = parse_deadline(part, year)
        if d is None or d.kind == "unknown":
            continue
        m = _rx().time_start.search(fold_aligned(part.lower()))
        label = part[: m.start()].strip(" :,-") if m else ""
        out.append((label, d))
    return out
