"""Target cells and narrative chỉ tiêu → `Target`, per-level values → `LevelTarget`, and the comparison.

The vocabulary (comparator words, rank and level phrases, count nouns, government levels) lives in
rules/targets.yaml and is compiled on first use. Numbers only count as targets when they carry a "%", a rank
phrase or a known noun, so years, document numbers ("76/NQ-CP"), dates and section numbers never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.model import LevelTarget, Target
from cascade.parse.deadlines import prepare_cell
from cascade.parse.memo import copy_level_target, copy_target
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import target_words
from cascade.rules import rules_cached
from cascade.text import clean_text, fold_aligned, phrase_pattern

NUMERIC_KINDS: tuple[str, ...] = ("percent", "count", "rank")

_NUM = r"\d+(?:[.,]\d+)?"
_LEFT = r"(?<![\d.,/])"  # a number that is not the tail of "76/NQ", "1.600" or "0,5"
_ABBREV = re.compile(r"\s+([A-ZĐ]{2,})\b")
_CLAUSE_END = re.compile(r";|\.(?=\s+\S)|\.$|\n")
_SENTENCE_END = re.compile(r"\.(?=\s+[^\s\da-zđ])|\n")


@dataclass(frozen=True)
class _Rx:
    """The patterns compiled from rules/targets.yaml (on first use), matched on the aligned fold of the text."""

    percent: re.Pattern[str]
    rank_group: re.Pattern[str]
    rank_step: re.Pattern[str]
    levels_q: list[str]  # qualitative levels, strongest first, NFC
    qualitative: re.Pattern[str]
    completion: re.Pattern[str]
    completion_scope: re.Pattern[str]
    count: re.Pattern[str]
    reference: str  # folded "số": a number after it is a reference
    after_ge: re.Pattern[str]
    after_le: re.Pattern[str]
    before: list[tuple[str, re.Pattern[str]]]
    trail: re.Pattern[str]
    level_keys: dict[str, str]
    level_rx: re.Pattern[str]
    statement: re.Pattern[str]
    step_unit: str  # the unit of a rank step ("tăng 2 bậc"), NFC as printed


@rules_cached
def _rx() -> _Rx:
    w = target_words()
    range_sep = phrase_pattern(w.range_separators)
    rank_lead = phrase_pattern(w.rank_lead_words)
    at_least = phrase_pattern(w.comparators_after.get(">=", ()))  # "trở lên"
    fillers = phrase_pattern(w.value_fillers)
    levels_q = [clean_text(x) for x in w.qualitative_levels]
    level_keys: dict[str, str] = {}
    for level, phrases in w.levels.items():
        for p in phrases:
            level_keys[re.sub(r"\s", "", fold_aligned(clean_text(p)))] = level
    ands = "|".join(dict.fromkeys(x for a in w.and_words for x in (clean_text(a), fold_aligned(clean_text(a)))))
    return _Rx(
        percent=re.compile(rf"{_LEFT}({_NUM})\s*%?\s*(?:{range_sep})\s*({_NUM})\s*%|{_LEFT}({_NUM})\s*%"),
        rank_group=re.compile(
            rf"\b{phrase_pattern([w.rank_group_word])}\s*(\d{{1,3}})\b\s*([^;.%\d]{{0,{SETTINGS.rank_group_unit_max}}}?)\s*"
            rf"\b(?:{rank_lead})\b"
        ),
        rank_step=re.compile(
            rf"\b(?:{phrase_pattern(w.rank_step_verbs)})\s*(?:{phrase_pattern([w.rank_step_from])}\s*)?(\d{{1,3}})\s*"
            rf"{phrase_pattern([w.rank_step_word])}\b(\s*{at_least})?"
        ),
        levels_q=levels_q,
        qualitative=re.compile(
            rf"\b(?:{phrase_pattern(w.qualitative_markers)})\s*({phrase_pattern(levels_q)})\b(\s*{at_least})?"
        ),
        completion=re.compile(r"\b(?:" + phrase_pattern(w.completion) + r")\b"),
        completion_scope=re.compile(rf"\b{phrase_pattern([w.completion_scope_word])}\b\s*"),
        count=re.compile(rf"{_LEFT}(\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d/%,.]\d)\s*({phrase_pattern(w.count_units)})\b"),
        reference=fold_aligned(clean_text(w.reference_word)),
        after_ge=re.compile(r"^\s*(?:" + at_least + r")\b"),
        after_le=re.compile(r"^\s*(?:" + phrase_pattern(w.comparators_after.get("<=", ())) + r")\b"),
        before=[
            (op, re.compile(r"(?:^|[^\w])(" + phrase_pattern(words) + rf")\s*(?:(?:{fillers})\s*)?$"))
            for op, words in w.comparators_before.items()
        ],
        trail=re.compile(rf"[\s,;.:]*(?:\b(?:{ands})\b)?[\s,;.:]*$", re.IGNORECASE),
        level_keys=level_keys,
        level_rx=re.compile(r"\b(?:" + phrase_pattern([p for ps in w.levels.values() for p in ps]) + r")\b"),
        statement=re.compile(r"^(?:\d|(?:" + phrase_pattern(w.statement_openers) + r")\b)"),
        step_unit=clean_text(w.rank_step_word),
    )


def _number(s: str) -> float:
    # "1.600" is a thousands separator, "0,5" and "99.5" are decimals.
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    return float(s.replace(",", "."))


def _comparator(folded: str, start: int, end: int, default: str = "=") -> str:
    """The comparator set by the words right before (tối thiểu, phấn đấu, trên …) or after (trở lên) a value."""
    after = folded[end : end + SETTINGS.comparator_after_window]
    if _rx().after_ge.match(after):
        return ">="
    if _rx().after_le.match(after):
        return "<="
    window = folded[max(0, start - SETTINGS.comparator_before_window) : start]
    best: tuple[int, str] | None = None
    for op, rx in _rx().before:
        if (m := rx.search(window)) and (best is None or m.start(1) < best[0]):
            best = (m.start(1), op)
    return best[1] if best else default


def _rank_targets(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, Target]]:
    found = list(_rx().rank_group.finditer(folded, lo, hi))
    out = []
    for i, m in enumerate(found):
        scope_end = found[i + 1].start() if i + 1 < len(found) else hi
        scope = _rx().trail.sub("", text[m.end() : scope_end]).strip() or None
        unit = text[m.start(2) : m.end(2)].strip() or None
        t = Target(raw="", kind="rank", value=float(m.group(1)), comparator="<=", unit=unit, scope=scope)
        out.append((m.start(), scope_end, t))
    return out


def _step_targets(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, Target]]:
    out = []
    for m in _rx().rank_step.finditer(folded, lo, hi):
        op = ">=" if m.group(2) else "="
        out.append((m.start(), m.end(),
                    Target(raw="", kind="rank", value=float(m.group(1)), comparator=op, unit=_rx().step_unit)))
    return out


def _percent_targets(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, Target]]:
    out = []
    for m in _rx().percent.finditer(folded, lo, hi):
        if m.group(3):
            v = _number(m.group(3))
            t = Target(raw="", kind="percent", value=v, comparator=_comparator(folded, m.start(), m.end()), unit="%")
        else:
            a, b = _number(m.group(1)), _number(m.group(2))
            if a < b:
                t = Target(raw="", kind="percent", value=a, upper=b, comparator="range", unit="%")
            else:  # "2023 - 100%" and the like: only the number with the sign is a value
                t = Target(raw="", kind="percent", value=b, comparator="=", unit="%")
        out.append((m.start(), m.end(), t))
    return out


def _count_targets(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, Target]]:
    out = []
    for m in _rx().count.finditer(folded, lo, hi):
        before = folded[max(0, m.start() - 4) : m.start()].rstrip()
        if before.endswith(_rx().reference) or before.endswith("/"):  # "số 10 …" is a reference, "30 phút/ 01 hồ sơ" a rate
            continue
        unit = text[m.start(2) : m.end(2)]
        end = m.end()
        if ab := _ABBREV.match(text, end, hi):
            unit, end = f"{unit} {ab.group(1)}", ab.end()
        op = _comparator(folded, m.start(), m.end())
        out.append((m.start(), end, Target(raw="", kind="count", value=_number(m.group(1)), comparator=op, unit=unit)))
    return out


def _qualitative_targets(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, int, Target]]:
    out = []
    for m in _rx().qualitative.finditer(folded, lo, hi):
        scope = _rx().trail.sub("", text[m.end() : hi]).strip() or None
        if scope and len(scope) > SETTINGS.qualitative_scope_max:
            scope = None
        op = ">=" if m.group(2) else "="
        t = Target(raw="", kind="qualitative", comparator=op, unit=text[m.start(1) : m.end(1)], scope=scope)
        out.append((m.start(), m.end(), t))
    return out


def _completion_scope(text: str, folded: str, lo: int, hi: int) -> str | None:
    m = _rx().completion_scope.search(folded[lo:hi])
    if m is None:
        return None
    return _rx().trail.sub("", text[lo + m.end() : hi]).strip() or None


def _disjoint(found: list[tuple[int, int, Target]], taken: list[tuple[int, int]]) -> list[tuple[int, int, Target]]:
    out = []
    for s, e, t in found:
        if all(e <= a or s >= b for a, b in taken):
            out.append((s, e, t))
            taken.append((s, e))
    return out


def _targets_in(text: str, folded: str, lo: int, hi: int) -> list[tuple[int, Target]]:
    """Every target between lo and hi, by position; rank groups of one span are one target with `extra`."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, Target]] = []
    ranks = _disjoint(_rank_targets(text, folded, lo, hi), taken)
    if ranks:
        main = ranks[0][2]
        main.extra = [t for _, _, t in ranks[1:]]
        found.append((ranks[0][0], ranks[-1][1], main))
    for finder in (_step_targets, _percent_targets, _count_targets, _qualitative_targets):
        found += _disjoint(finder(text, folded, lo, hi), taken)
    if not found and (m := _rx().completion.search(folded, lo, hi)):
        found.append((m.start(), hi, Target(raw="", kind="completion", scope=_completion_scope(text, folded, m.start(), hi))))
    found.sort(key=lambda x: x[0])
    return [(s, t) for s, _, t in found]


def parse_target(raw: str | None) -> Target | None:
    """Parse a target cell ("90%", "tối thiểu 80%", "95% - 100%", "nhóm 20 địa phương dẫn đầu", "ở mức tốt").

    The first target of the cell is returned; further ones ("… và nhóm 03 địa phương dẫn đầu khu vực …",
    "100% …, 100% …") go to its `extra`. None for an empty cell, kind "unknown" for text with no target.
    Never raises.
    """
    if raw is None:
        return None
    t = _remembered_target(raw)
    return copy_target(t) if t is not None else None  # the caller may change it: never the remembered one


@rules_cached(maxsize=8192)
def _remembered_target(raw: str) -> Target | None:
    # target cells ("100%", "Đạt 100%") repeat across the rows of a plan and the children of a batch
    return _parse_target(raw)


def _parse_target(raw: str | None) -> Target | None:
    prepared = prepare_cell(raw)
    if prepared is None:
        return None
    text, folded = prepared
    found = [t for _, t in _targets_in(text, folded, 0, len(text))]
    if not found:
        return Target(raw=text, kind="unknown")
    main = found[0]
    main.extra = main.extra + found[1:]
    for t in [main, *main.extra]:
        t.raw = text
    return main


def _clauses(text: str, rx: re.Pattern[str]) -> list[tuple[int, int]]:
    out, lo = [], 0
    for m in rx.finditer(text):
        if m.start() > lo:
            out.append((lo, m.start()))
        lo = m.end()
    if lo < len(text):
        out.append((lo, len(text)))
    return out


def _prepared(text: str) -> tuple[str, str]:
    # Keep line breaks (clause boundaries) but collapse the other whitespace, so positions stay aligned.
    lines = [clean_text(line) for line in (text or "").splitlines()]
    t = "\n".join(line for line in lines if line)
    return t, fold_aligned(t)


def states_target(text: str) -> bool:
    """Whether a narrative bullet is a chỉ tiêu statement: it opens with the measure ("Tỷ lệ …", "30% cán bộ
    …", "Phấn đấu …") and states a target. "Tiếp tục triển khai 100% thủ tục …" opens with an action: a task.
    """
    t, folded = _prepared(text)
    return bool(_rx().statement.match(folded.lstrip())) and has_targets(text)


def has_targets(text: str) -> bool:
    """Whether a narrative text states any target (`find_targets` not empty), without copying them."""
    return bool(_remembered_targets(text))


def find_targets(text: str) -> list[Target]:
    """Every target stated in a narrative text, in order.

    "Tỷ lệ số hóa hồ sơ … đạt 80%; tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%." gives two percent
    targets. Each target's `raw` is the clause it was stated in. Years, document numbers, dates and section
    numbers are never read as targets.
    """
    return [copy_target(t) for t in _remembered_targets(text)]


# A batch's children repeat their parent's sentences, and the audit reads targets from the same item texts again.
@rules_cached(maxsize=8192)
def _remembered_targets(text: str) -> tuple[Target, ...]:
    return tuple(_find_targets(text))


def _find_targets(text: str) -> list[Target]:
    t, folded = _prepared(text)
    out = []
    for lo, hi in _clauses(t, _CLAUSE_END):
        clause = t[lo:hi].strip()
        for _, target in _targets_in(t, folded, lo, hi):
            target.raw = clause
            for x in target.extra:
                x.raw = clause
            out.append(target)
    return out


# ---------------------------------------------------------------- government levels


def level_of_row(label: str) -> str | None:
    """The government level a per-level row or phrase names ("- Ủy ban nhân dân các xã, phường, thị trấn." → "xa").

    The earliest level phrase in the label decides ("Các phòng, ban … thuộc Ủy ban nhân dân các huyện …" → "huyen":
    a district's offices carry the district value). None when no level is named.
    """
    if not label:
        return None
    m = _rx().level_rx.search(fold_aligned(clean_text(label)))
    return _rx().level_keys.get(re.sub(r"\s", "", m.group(0))) if m else None


def _level_in(folded: str, lo: int, hi: int, last: bool) -> tuple[str, int, int] | None:
    found = list(_rx().level_rx.finditer(folded, lo, hi))
    if not found:
        return None
    m = found[-1] if last else found[0]
    level = _rx().level_keys.get(re.sub(r"\s", "", m.group(0)))
    return (level, m.start(), m.end()) if level else None


def find_level_targets(text: str) -> list[LevelTarget]:
    """Per-level values stated in one sentence, e.g. "Đạt 90% hồ sơ công việc tại cơ quan cấp tỉnh, 80% đối với
    cơ quan chuyên môn cấp huyện và 60% đối với Ủy ban nhân dân cấp xã" → so 90, huyen 80, xa 60.

    Handles both orders ("90% … cấp tỉnh" and "tại cấp tỉnh 84%, cấp huyện 68%"); a sentence counts only when it
    gives values for at least two different levels. `label` is the words that name the level, as printed.
    """
    return [copy_level_target(lt) for lt in _remembered_level_targets(text)]


@rules_cached(maxsize=8192)
def _remembered_level_targets(text: str) -> tuple[LevelTarget, ...]:
    return tuple(_find_level_targets(text))


def _find_level_targets(text: str) -> list[LevelTarget]:
    t, folded = _prepared(text)
    out: list[LevelTarget] = []
    for lo, hi in _clauses(t, _SENTENCE_END):
        values = [(s, e, tg) for s, e, tg in _percent_targets(t, folded, lo, hi)]
        if len(values) < 2:
            continue
        # Windows between neighbouring values, cut at ";" and limited in length.
        after, before = [], []
        for i, (s, e, _) in enumerate(values):
            nxt = values[i + 1][0] if i + 1 < len(values) else hi
            semi = folded.find(";", e, nxt)
            a_hi = min(semi if semi >= 0 else nxt, e + SETTINGS.level_window)
            after.append(_level_in(folded, e, a_hi, last=False))
            prv = values[i - 1][1] if i else lo
            semi = folded.rfind(";", prv, s)
            b_lo = max(semi + 1 if semi >= 0 else prv, s - SETTINGS.level_window)
            before.append(_level_in(folded, b_lo, s, last=True))
        use_after = sum(x is not None for x in after) >= sum(x is not None for x in before)
        labels = after if use_after else before
        found: dict[str, LevelTarget] = {}
        for (s, e, tg), lab in zip(values, labels, strict=True):
            if lab is None or lab[0] in found:
                continue
            level, ls, le = lab
            # "90% hồ sơ công việc tại cơ quan cấp tỉnh" keeps its words; "tại cấp tỉnh đạt 84%" only the level's.
            label = (_rx().trail.sub("", t[e:le]).strip(" ,;:-") if use_after else "") or t[ls:le]
            tg.raw = t[s:e]
            found[level] = LevelTarget(level=level, label=label, target=tg)
        if len(found) >= 2:
            out.extend(found.values())
    return out


# ---------------------------------------------------------------- rendering


def _fmt_num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}".replace(".", ",")


def format_target(t: Target) -> str:
    """A short Vietnamese rendering of a target's value ("80%", "95%-100%", "213 cơ quan", "nhóm 20", "mức tốt")."""
    if t.kind == "percent" and t.value is not None:
        if t.comparator == "range" and t.upper is not None:
            return f"{_fmt_num(t.value)}%-{_fmt_num(t.upper)}%"
        return f"{_fmt_num(t.value)}%"
    if t.kind == "count" and t.value is not None:
        return f"{_fmt_num(t.value)} {t.unit or ''}".strip()
    if t.kind == "rank" and t.value is not None:
        return f"tăng {_fmt_num(t.value)} {t.unit}" if t.unit == _rx().step_unit else f"nhóm {_fmt_num(t.value)}"
    if t.kind == "qualitative" and t.unit:
        return f"mức {t.unit}"
    return t.raw
