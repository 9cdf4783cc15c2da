"""Comparing a child's deadline or target with its parent's: the judgement behind weakened_deadline,
deadline_dependent and weakened_target findings, as an administrative officer would make it.

Parsing says what a cell states (cascade.parse.deadlines, cascade.parse.targets); the audit judges whether the
child's statement is weaker. Both comparisons return the one `Change` type. The word lists they need (recurrence
periods, "thường xuyên trong năm", qualitative levels, the rank-step unit) are the parse modules' compiled
vocabulary, read through them so the two stay one vocabulary.
"""

from __future__ import annotations

from datetime import date

from cascade.audit.change import Change, ChangeVerdict
from cascade.model import Deadline, Target
from cascade.parse import deadlines as dl
from cascade.parse import targets as tg
from cascade.parse.targets import NUMERIC_KINDS, format_target
from cascade.parse.vocab import deadline_words
from cascade.text import clean_text, fold_aligned

__all__ = ["Change", "ChangeVerdict", "compare_deadlines", "compare_targets"]

# ---------------------------------------------------------------- deadlines

_SENTINEL_YEAR = 2000  # leap year, so "29/02" of an undated cell still resolves


def _year_of(d: Deadline) -> int | None:
    return int(d.start[:4]) if d.start else None


def _resolve(d: Deadline, fallback_year: int | None) -> tuple[date, date] | None:
    """The deadline's dates; an undated one ("Tháng 3" in a plan of unknown year) is read in `fallback_year`."""
    if d.start and d.end:
        return date.fromisoformat(d.start), date.fromisoformat(d.end)
    again = dl.parse_deadline(d.raw, fallback_year or _SENTINEL_YEAR)
    if again and again.start and again.end:
        return date.fromisoformat(again.start), date.fromisoformat(again.end)
    return None


def _q(d: Deadline) -> str:
    return d.raw


def _period(raw: str) -> tuple[int, str] | None:
    """How often recurring work is due, in months, and the words that say so ("6 tháng" → 6); the most frequent
    when a cell names several ("Định kỳ 6 tháng, năm" → 6)."""
    rx = dl._rx()
    if rx.period_re is None:
        return None
    text = clean_text(raw)
    found = [(rx.periods.get(dl._WS.sub(" ", m.group(0)), 12), text[m.start():m.end()])
             for m in rx.period_re.finditer(fold_aligned(text))]
    return min(found) if found else None


def compare_deadlines(parent: Deadline | None, child: Deadline | None) -> Change:
    """Compare a child's deadline with the parent's, as an administrative officer would.

    A later end date, or a month/quarter turned into a whole year or "Thường xuyên", is weakened; equal or earlier
    is same/stronger; a child deadline that follows another act is "dependent" (legitimate for an implementing
    task); under a dependent or continuous parent nothing the child dates is weakened; a parent deadline with no
    readable child deadline is "missing"; no parent deadline is "not_comparable".
    """
    if parent is None or parent.kind == "unknown":
        return Change("not_comparable", "cấp trên không có thời hạn rõ ràng")
    if child is None:
        return Change("missing", f"cấp dưới không ghi thời hạn (cấp trên: {_q(parent)})")
    if child.kind == "unknown":
        return Change("missing", f"cấp dưới ghi “{child.raw}”, không phải thời hạn (cấp trên: {_q(parent)})")
    if child.kind == "dependent":
        return Change("dependent", f"thời hạn theo văn bản khác: {_q(child)} (cấp trên: {_q(parent)})")
    if parent.kind == "dependent":
        return Change(
            "not_comparable", f"thời hạn cấp trên phụ thuộc văn bản khác ({_q(parent)}); cấp dưới: {_q(child)}"
        )
    if parent.kind == "continuous" or dl._rx().cont_in_year.search(fold_aligned(clean_text(parent.raw))):
        pp, cp = _period(parent.raw), _period(child.raw)
        if pp and cp and cp[0] > pp[0]:
            names = deadline_words().period_names
            return Change("weakened", f"tần suất giảm từ {names.get(pp[0], pp[1])} ({_q(parent)}) xuống "
                                              f"{names.get(cp[0], cp[1])} ({_q(child)})")
        # "Thường xuyên trong năm 2020" in a 2022 plan: recurring work, whatever year a copy-edit left in it.
        return Change("same", f"cấp trên thực hiện thường xuyên ({_q(parent)}); cấp dưới: {_q(child)}")
    # parent is an interval from here on
    if child.kind == "continuous":
        if parent.vague:
            return Change("same", f"cả hai thực hiện trong cả năm ({_q(parent)}, {_q(child)})")
        return Change("weakened", f"thời hạn lùi từ {_q(parent)} sang {_q(child)} (không còn mốc cụ thể)")
    p = _resolve(parent, _year_of(child))
    c = _resolve(child, _year_of(parent) or (p[0].year if p else None))
    if p is None or c is None:
        if not parent.vague and child.vague:
            return Change("weakened", f"thời hạn lùi từ {_q(parent)} sang {_q(child)} (kém cụ thể hơn)")
        return Change("not_comparable", f"không xác định được năm để so sánh {_q(parent)} với {_q(child)}")
    if c[1] > p[1]:
        if child.depends_on and not parent.depends_on:
            # "Tháng 01/2022, sau khi UBND tỉnh ban hành Kế hoạch": the child dates its step after the act it implements.
            return Change("dependent", f"thời hạn theo văn bản khác: {_q(child)} (cấp trên: {_q(parent)})")
        return Change("weakened", f"thời hạn lùi từ {_q(parent)} sang {_q(child)}")
    if child.vague and not parent.vague:
        return Change("weakened", f"thời hạn lùi từ {_q(parent)} sang {_q(child)} (kém cụ thể hơn)")
    if c[1] < p[1]:
        return Change("stronger", f"thời hạn sớm hơn: từ {_q(parent)} sang {_q(child)}")
    return Change("same", f"thời hạn tương đương: {_q(parent)} và {_q(child)}")


# ---------------------------------------------------------------- targets


def _qualitative_rank(t: Target) -> int | None:
    level = fold_aligned(clean_text(t.unit or ""))
    for i, name in enumerate(tg._rx().levels_q):
        if fold_aligned(name) == level:
            return i
    return None


def _cmp(parent_value: float, child_value: float, higher_is_stronger: bool) -> ChangeVerdict:
    if child_value == parent_value:
        return "same"
    return "stronger" if (child_value > parent_value) == higher_is_stronger else "weakened"


def compare_targets(parent: Target | None, child: Target | None) -> Change:
    """Compare a child's target with the parent's.

    Lower percent/count → weakened (a range is met from its lower bound: "95% - 100%" → 90% weakened, 95% same);
    a comparator change at the same value is "same"; rank: a larger group is weakened, a smaller one stronger;
    a change of kind (rank ↔ qualitative, completion ↔ anything) is "qualitative_change" and differing units are
    "not_comparable" — never "weakened"; a numeric parent target without a child target is "missing".
    """
    if parent is None or parent.kind == "unknown":
        return Change("not_comparable", "cấp trên không có chỉ tiêu")
    if child is None or child.kind == "unknown":
        if parent.kind in NUMERIC_KINDS:
            return Change("missing", f"cấp dưới không ghi chỉ tiêu (cấp trên: {format_target(parent)})")
        return Change("not_comparable", f"cấp trên: “{parent.raw}”; cấp dưới không ghi chỉ tiêu")
    p_txt, c_txt = format_target(parent), format_target(child)
    if parent.kind != child.kind or "completion" in (parent.kind, child.kind):
        if parent.kind == child.kind == "completion":
            return Change("same", "cả hai: hoàn thành chỉ tiêu theo văn bản đã giao")
        if {parent.kind, child.kind} == {"percent", "count"}:
            return Change("not_comparable", f"khác đơn vị đo: {p_txt} và {c_txt}")
        return Change("qualitative_change", f"chỉ tiêu đổi dạng từ “{parent.raw}” sang “{child.raw}”")
    if parent.kind == "qualitative":
        pr, cr = _qualitative_rank(parent), _qualitative_rank(child)
        if pr is None or cr is None:
            return Change("not_comparable", f"không so sánh được “{parent.raw}” với “{child.raw}”")
        verdict = _cmp(-pr, -cr, higher_is_stronger=True)
    elif parent.kind == "rank":
        if (parent.unit == tg._rx().step_unit) != (child.unit == tg._rx().step_unit):
            return Change("not_comparable", f"khác cách xếp hạng: {p_txt} và {c_txt}")
        if parent.scope and child.scope and fold_aligned(parent.scope) != fold_aligned(child.scope):
            return Change("qualitative_change", f"đổi phạm vi xếp hạng: “{parent.scope}” sang “{child.scope}”")
        verdict = _cmp(parent.value or 0, child.value or 0, higher_is_stronger=parent.unit == tg._rx().step_unit)
    else:
        if parent.kind == "count" and fold_aligned(parent.unit or "") != fold_aligned(child.unit or ""):
            return Change("not_comparable", f"khác đơn vị đo: {p_txt} và {c_txt}")
        lower_is_better = parent.comparator in ("<=", "<")
        verdict = _cmp(parent.value or 0, child.value or 0, higher_is_stronger=not lower_is_better)
    if verdict == "same":
        return Change("same", f"chỉ tiêu giữ nguyên: {p_txt}" + (f" / {c_txt}" if c_txt != p_txt else ""))
    if parent.kind == "rank" and parent.unit != tg._rx().step_unit:
        word = "mở rộng" if verdict == "weakened" else "thu hẹp"
        return Change(verdict, f"nhóm xếp hạng {word} từ {p_txt} sang {c_txt}")
    if parent.comparator in ("<=", "<") and parent.kind != "rank":  # "tối đa 15 phút": a higher cap is weaker
        word = "nới" if verdict == "weakened" else "siết"
        return Change(verdict, f"chỉ tiêu {word} từ tối đa {p_txt} sang {c_txt}")
    if verdict == "weakened":
        return Change(verdict, f"chỉ tiêu giảm từ {p_txt} xuống {c_txt}")
    return Change(verdict, f"chỉ tiêu tăng từ {p_txt} lên {c_txt}")
