"""Findings: what a linked child item changed, which parent items it left out, what it added.

Each finding names both items, quotes both documents in Vietnamese and carries machine-readable before/after
values in `details` for the report's highlighting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from cascade import text as vtext
from cascade.audit import messages as msg
from cascade.audit.applicability import Applicability
from cascade.audit.compare import compare_deadlines, compare_targets
from cascade.audit.scope import dropped_phrases
from cascade.audit.severity import severity
from cascade.audit.wording import compare_wording, dropped_qualifiers
from cascade.model import LEVEL_NAMES_VI, Deadline, Finding, Item, LevelTarget, Link, Plan, Target
from cascade.parse import deadlines as dl
from cascade.parse import targets as tg
from cascade.rules import rules_cached
from cascade.vocab import FindingType

_DIGIT = re.compile(r"\d")
# A child clause must share this much of a parent clause's words (numbers aside) to state the same measure.
COUNTERPART_MIN = 0.60


@dataclass
class Context:
    """What every check needs to know about the two plans."""

    parent: Plan
    child: Plan
    child_level: str | None
    parent_level: str | None
    applicability: dict[str, Applicability]
    area_names: dict[str, str]
    places: tuple[str, ...] = ()
    parent_side: str = field(init=False)
    child_side: str = field(init=False)
    # Items by id (the first of an id, as Plan.item finds it): every link looks up two items.
    parent_items: dict[str, Item] = field(init=False, repr=False)
    child_items: dict[str, Item] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.parent_side = msg.side(self.parent_level, "cấp trên")
        self.child_side = msg.side(self.child_level, "cấp dưới")
        self.parent_items, self.child_items = {}, {}
        for it in self.parent.items:
            self.parent_items.setdefault(it.id, it)
        for it in self.child.items:
            self.child_items.setdefault(it.id, it)

    def status(self, item: Item) -> Applicability:
        return self.applicability.get(item.id) or Applicability("required", "")


def _make(ctx: Context, ftype: FindingType, p: Item | None, c: Item | None, message: str,
          details: dict) -> Finding | None:
    # FindingType(...) refuses a type the vocabulary does not declare: the JSON carries only declared types.
    ftype = FindingType(ftype)
    app = ctx.status(p) if p is not None else Applicability("required", "")
    sev = severity(ftype, app.status)
    if sev is None:
        return None
    details = {k: v for k, v in details.items() if v is not None}
    if p is not None:
        details.setdefault("status", app.status)
        if app.reason:
            details.setdefault("applicability_reason", app.reason)
    return Finding(ftype.value, sev, p.id if p else None, c.id if c else None, message, details)


def _norm_label(label: str | None) -> str | None:
    if not label:
        return None
    return label.strip().rstrip(".)").casefold() or None


def _structure(ctx: Context, p: Item, c: Item) -> list[Finding | None]:
    out: list[Finding | None] = []
    lp, lc = _norm_label(p.label), _norm_label(c.label)
    if lp and lc and lp != lc:
        out.append(_make(ctx, FindingType.RENUMBERED, p, c,
                         f"{msg.ref(p, True)} của {ctx.parent_side} được đánh số {c.label} trong kế hoạch của "
                         f"{ctx.child_side}: {msg.quote(c.text, 8)}.",
                         {"parent_value": p.label, "child_value": c.label}))
    if p.section and c.section and p.section != c.section:
        pa, ca = msg.area_name(p.section, ctx.area_names), msg.area_name(c.section, ctx.area_names)
        out.append(_make(ctx, FindingType.MOVED, p, c,
                         f"{msg.ref(p, True)} của {ctx.parent_side} (lĩnh vực “{pa}”) nằm ở lĩnh vực “{ca}” trong "
                         f"kế hoạch của {ctx.child_side} ({msg.ref(c)}).",
                         {"parent_value": p.section, "child_value": c.section}))
    return out


def _deadline(ctx: Context, p: Item, c: Item) -> Finding | None:
    pd, cd = p.deadline, c.deadline
    if pd is None:
        return None
    parts = _binding_parts(ctx, p, c)
    if parts is not None and not parts:
        return None  # every dated activity of the parent's cell is another agency's act the child does not carry
    parts = parts or [("", pd)]
    c_parts = _dated_parts(c, ctx.child.year or ctx.parent.year)
    # A cell that dates several activities binds each one, each met by the child's date for the same activity.
    if len(parts) + len(c_parts) > 2:
        worst = _part_verdict(compare_deadlines, parts, c_parts)
        if worst is None:
            return None
        pd = worst[0]
        if worst[1] is not None and len(c_parts) > 1:
            cd = worst[1]
    else:
        pd = parts[0][1]
    change = compare_deadlines(pd, cd)
    verdict, reason = change.verdict, change.reason_vi
    c_raw = cd.raw if cd is not None else None
    # A child time column holding no time at all (a product name) loses the parent's concrete deadline.
    if (verdict in ("not_comparable", "missing") and pd.kind == "interval" and p.kind == "task" and c.kind == "task"
            and (cd is None or cd.kind == "unknown")):
        verdict = "weakened"
        reason = reason or "kế hoạch cấp dưới không ghi thời hạn cụ thể"
    head = (f"{msg.ref(p, True)} ({ctx.parent_side}, {pd.raw}) → {msg.ref(c)} "
            f"({ctx.child_side}, {c_raw or 'không ghi thời hạn'})")
    details = {"parent_value": pd.raw, "child_value": c_raw, "reason": reason or None}
    if verdict == "weakened":
        return _make(ctx, FindingType.WEAKENED_DEADLINE, p, c, f"{head}: {reason or 'thời hạn lùi'}.", details)
    if verdict == "dependent" and pd.kind != "dependent":
        return _make(ctx, FindingType.DEADLINE_DEPENDENT, p, c,
                     f"{head}: thời hạn phụ thuộc văn bản khác, cần theo dõi ({reason or pd.raw}).", details)
    return None


_DATED_LINE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}")


def _dated_parts(item: Item, year: int | None) -> list[tuple[str, Deadline]]:
    """The item's dated activities: its deadline cell's parts and the dated activity lines of its product cell."""
    return list(_dated_cells(item.deadline.raw if item.deadline else None, item.product or "", year))


@rules_cached(maxsize=4096)
def _dated_cells(raw: str | None, product: str, year: int | None) -> tuple[tuple[str, Deadline], ...]:
    # The parent's cells are read again for every child of a batch: read them once (the deadlines are only read).
    parts = dl.deadline_parts(raw, year)
    for line in product.splitlines():
        if _DATED_LINE.search(line):
            parts += [(label, d) for label, d in dl.deadline_parts(line, year) if label and not d.vague]
    return tuple(parts)


def _binding_parts(ctx: Context, p: Item, c: Item) -> list[tuple[str, Deadline]] | None:
    """The parent's dated activities that bind the child, or None for an ordinary one-time cell.

    Dated activity lines of the product cell count too ("- Ban hành Kế hoạch … trước ngày 30/01/2024"). A part
    labelled with an act the child item never mentions ("Ban hành kế hoạch trước 31/12/2023" where the child only
    deploys and reports on the province's plan) is the lead agency's own step, unless the child leads the item.
    """
    parts = _dated_parts(p, ctx.parent.year or ctx.child.year)
    if not any(label for label, _ in parts):
        return None
    if _child_leads(ctx, p):
        return parts
    child_words = _folded_words(" ".join([c.text or "", c.product or "", c.deadline.raw if c.deadline else ""]))
    return [(label, d) for label, d in parts if not label or _folded_words(label) <= child_words]


@rules_cached(maxsize=4096)
def _folded_words(s: str) -> frozenset[str]:
    """The folded words of a text, commas apart (remembered: the same cells come back for every child)."""
    return frozenset(vtext.fold(s).replace(",", " ").split())


def _object(label: str) -> tuple[str, ...]:
    """The object of an activity label: the two words after its verb ("Ban hành | Kế hoạch …" → kế hoạch)."""
    return tuple(vtext.fold(label).replace(",", " ").replace(":", " ").split()[2:4])


def _part_verdict(compare, parts: list[tuple[str, Deadline]], c_parts: list[tuple[str, Deadline]]
                  ) -> tuple[Deadline, Deadline | None] | None:
    """The (parent part, child part) whose deadline the child weakened, or None when every binding part is met.

    Labelled parts pair by their object ("Ban hành Kế hoạch …" with "Dự thảo Kế hoạch"); otherwise the child
    meets a part when any of its dates does ("Trong Quý I" met by "Ban hành Kế hoạch trong Quý I; Báo cáo …").
    """
    for label, pd in parts:
        obj = _object(label) if label else ()
        same = [cd for cl, cd in c_parts if obj and cl and _object(cl) == obj]
        cands = same or [cd for _, cd in c_parts]
        if not cands:
            return pd, None
        if not any(compare(pd, cd).verdict in ("same", "stronger", "dependent") for cd in cands):
            return pd, cands[0]
    return None


def _level_value(item: Item, level: str | None) -> Target | None:
    for lt in item.level_targets:
        if level and lt.level == level:
            return lt.target
    return None


def _with_stated_targets(item: Item) -> Item:
    """The item with the targets its own cells state when the parser left the fields empty.

    Task tables often state the target inside the task or product cell ("Kiểm tra từ 30% số cơ quan … trở lên";
    "95% hồ sơ công việc tại cấp tỉnh; 80% … cấp huyện và 60% … cấp xã").
    """
    if item.level_targets or item.target is not None:
        return item
    if not _DIGIT.search((item.text or "") + (item.product or "")):
        return item  # no number, no target: spare the target parser
    levels, target = _stated_targets(item.text or "", item.product or "")
    if levels:
        return replace(item, level_targets=list(levels))
    if target is not None:
        return replace(item, target=target)
    return item


@rules_cached(maxsize=4096)
def _stated_targets(text: str, product: str) -> tuple[tuple[LevelTarget, ...], Target | None]:
    # A province plan's items are compared with every agency's plan in a batch: parse their wording once.
    levels = tg.find_level_targets(product) or tg.find_level_targets(text)
    if levels:
        return tuple(levels), None
    found = tg.find_targets(text)
    return (), (found[0] if len(found) == 1 else None)


def _targets_to_compare(p: Item, c: Item, level: str | None) -> tuple[Target | None, Target | None, str | None]:
    """(parent target, child target, level of the parent value) that must be compared.

    A row that only gives per-level values (7.3: 90% sở, 80% huyện, 60% xã) binds the child to its own level's
    value. A narrative item with a main target and per-level values in another clause compares like with like:
    main target with main target, per-level value with the child's per-level value.
    """
    p_level = _level_value(p, level)
    if p_level is not None:
        c_level = _level_value(c, level)
        if c_level is not None:
            return p_level, c_level, level
        # The main target may be no more than the first level's value ("tại cấp huyện đạt 68%, cấp xã đạt 42%").
        first_level = p.target is not None and p.target.value in {lt.target.value for lt in p.level_targets}
        if (p.target is None or c.target is None or first_level
                or not c.level_targets and p.target.raw == p_level.raw):
            return p_level, c.target, level
    return p.target, c.target, None


def _show(t: Target) -> str:
    """The target as printed when short, else its value ("≥30%" rather than the whole clause)."""
    if len(t.raw) <= 40:
        return t.raw
    return tg.format_target(t)


def _all_targets(item: Item) -> list[Target]:
    """Every target the item states: its own clauses when there are several, else its parsed target. Numbers
    that share a clause get the part of it around their own number as their wording."""
    found = _text_targets(item.text or "")
    if len(found) <= 1 and item.target is not None:
        return _with_own_parts([item.target, *item.target.extra])
    return list(found)


@rules_cached(maxsize=4096)
def _text_targets(text: str) -> tuple[Target, ...]:
    """The targets of the text's own clauses, own parts applied when there are several (remembered per text)."""
    found = _clause_targets(text) if _DIGIT.search(text) else ()
    return tuple(_with_own_parts(list(found))) if len(found) > 1 else found


def _with_own_parts(found: list[Target]) -> list[Target]:
    shared = {t.raw for t in found if sum(1 for u in found if u.raw == t.raw) > 1}
    return [replace(t, raw=_own_part(t)) if t.raw in shared else t for t in found]


_PART = re.compile(r"[,;]\s+|\s+và\s+")


def _own_part(t: Target) -> str:
    """The comma or "và" part of a target's clause that holds its own number ("… đạt ít nhất 45%")."""
    if t.value is None:
        return t.raw
    return _part_with(t.raw, t.value)


@lru_cache(maxsize=4096)
def _part_with(raw: str, value: float) -> str:
    # The parent's clauses come back for every child of a batch: split them once per (clause, number).
    number = f"{value:g}"
    for part in _PART.split(raw):
        if re.search(rf"(?<![\d.,]){re.escape(number)}(?:[.,]0+)?\s*%?(?![\d])", part):
            return part
    return raw


@rules_cached(maxsize=4096)
def _clause_targets(text: str) -> tuple[Target, ...]:
    return tuple(tg.find_targets(text))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*%?")


def _counterpart(pt: Target, children: list[Target]) -> Target | None:
    """The child target that measures the same thing as `pt`: the one whose clause shares most of its words,
    numbers aside ("80% dịch vụ công … toàn trình" ↔ "70% dịch vụ công … toàn trình", not "100% TTHC đủ điều kiện")."""
    k = _counterpart_at(pt.raw, pt.value, tuple((ct.raw, ct.value) for ct in children))
    return None if k is None else children[k]


@rules_cached(maxsize=4096)
def _counterpart_at(raw: str, value: float | None, children: tuple[tuple[str, float | None], ...]) -> int | None:
    """`_counterpart` on the targets' wording and values only, as the index of the child target (remembered: a
    batch pairs the same parent clause with the same child clauses again and again)."""
    key = _NUMBER.sub(" ", vtext.normalize_for_match(raw))
    scored = [(fuzz.token_set_ratio(key, _NUMBER.sub(" ", vtext.normalize_for_match(c_raw))) / 100.0, k)
              for k, (c_raw, _) in enumerate(children)]
    best = max((sc for sc, _ in scored), default=0.0)
    if best < COUNTERPART_MIN:
        return None
    # Two numbers of one clause share its words ("… đạt 55%, … đạt 60%"): among equally close candidates the
    # one that keeps the parent's value is its counterpart, so a tie never reads as a drop.
    close = [k for sc, k in scored if sc >= best - 0.05]
    return max(close, key=lambda k: (children[k][1] is not None and value is not None and children[k][1] >= value,
                                     -abs((children[k][1] or 0) - (value or 0))))


def _paired_target(ctx: Context, p: Item, c: Item) -> tuple[bool, Finding | None]:
    """Several numbers in one item: each parent number against its own counterpart; only a dropped one is flagged.

    Returns (compared, finding): `compared` is False when the item states a single number, for the plain check.
    """
    pts, cts = _all_targets(p), _all_targets(c)
    if len(pts) < 2 and len(cts) < 2:
        return False, None
    for pt in pts:
        ct = _counterpart(pt, cts) if cts else None
        if ct is None:
            continue
        change = compare_targets(pt, ct)
        if change.verdict == "weakened":
            head = (f"{msg.ref(p, True)}: {ctx.parent_side} giao {tg.format_target(pt)} ({msg.quote(pt.raw, 10)}), "
                    f"{ctx.child_side} ghi {tg.format_target(ct)} ({msg.quote(ct.raw, 10)})")
            return True, _make(ctx, FindingType.WEAKENED_TARGET, p, c, f"{head}: {change.reason_vi}.",
                               {"parent_value": tg.format_target(pt), "child_value": tg.format_target(ct),
                                "reason": change.reason_vi})
    return True, None


def _communes_value(ctx: Context, p: Item, c: Item) -> Finding | None:
    """A district runs its communes' targets: the xã value it states must not fall below the parent's."""
    if ctx.child_level != "huyen":
        return None
    pt, ct = _level_value(p, "xa"), _level_value(c, "xa")
    if pt is None or ct is None:
        return None
    change = compare_targets(pt, ct)
    if change.verdict != "weakened":
        return None
    head = (f"{msg.ref(p, True)}: {ctx.parent_side} giao {_show(pt)} cho cấp xã, {ctx.child_side} ghi {_show(ct)} "
            "cho các xã trên địa bàn")
    return _make(ctx, FindingType.WEAKENED_TARGET, p, c, f"{head}: {change.reason_vi}.",
                 {"parent_value": _show(pt), "child_value": _show(ct), "parent_level": "xa",
                  "reason": change.reason_vi})


def _target(ctx: Context, p: Item, c: Item) -> Finding | None:
    p, c = _with_stated_targets(p), _with_stated_targets(c)
    if not p.level_targets:
        compared, finding = _paired_target(ctx, p, c)
        if compared:
            return finding
    found = _own_level_target(ctx, p, c)
    return found or _communes_value(ctx, p, c)


def _own_level_target(ctx: Context, p: Item, c: Item) -> Finding | None:
    pt, ct, p_level = _targets_to_compare(p, c, ctx.child_level)
    if pt is None:
        return None
    change = compare_targets(pt, ct)
    verdict, reason = change.verdict, change.reason_vi
    c_raw = _show(ct) if ct is not None else None
    p_raw = _show(pt)
    level_note = f" cho {LEVEL_NAMES_VI.get(p_level, p_level)}" if p_level else ""
    # Which level's value did the child take, if it took another level's?
    other = None
    if ct is not None and ct.value is not None:
        for lt in p.level_targets:
            if lt.level != ctx.child_level and lt.target.value == ct.value:
                other = lt.level
    head = f"{msg.ref(p, True)}: {ctx.parent_side} giao {p_raw}{level_note}, " + (
        f"{ctx.child_side} ghi {c_raw}" if c_raw else f"{ctx.child_side} không ghi mức")
    if other:
        head += f" (mức của {LEVEL_NAMES_VI.get(other, other)})"
    details = {"parent_value": p_raw, "child_value": c_raw, "parent_level": p_level, "taken_level": other,
               "reason": reason or None}
    if verdict == "weakened":
        return _make(ctx, FindingType.WEAKENED_TARGET, p, c, head + (f": {reason}." if reason else ": thấp hơn."), details)
    if verdict in ("qualitative_change", "missing"):
        return _make(ctx, FindingType.TARGET_CHANGED, p, c, head + ": cần xem lại" + (f" ({reason})." if reason else "."),
                     details)
    return None


def _both_quoted(ctx: Context, p: Item, c: Item) -> str:
    """ "Nhiệm vụ 10 (tỉnh): “…” → nhiệm vụ 6 (Sở): “…”": both documents quoted, for a wording finding."""
    return (f"{msg.ref(p, True)} ({ctx.parent_side}): {msg.quote(p.text, 10)} → {msg.ref(c)} "
            f"({ctx.child_side}): {msg.quote(c.text, 10)}")


def _wording(ctx: Context, p: Item, c: Item) -> Finding | None:
    change = compare_wording(p.text, c.text)
    if change is None:
        # Narrative directives that drop a clause are narrowed, not softened; a task is bound by its qualifiers.
        dropped = dropped_qualifiers(p.text, c.text) if p.kind != "directive" and c.kind != "directive" else []
        if not dropped:
            return None
        quoted = ", ".join(f"“{q}”" for q in dropped)
        return _make(ctx, FindingType.WEAKENED_WORDING, p, c, f"{_both_quoted(ctx, p, c)}: bỏ yêu cầu {quoted}, cam kết nhẹ hơn.",
                     {"parent_value": ", ".join(dropped), "child_value": None, "dropped": dropped})
    p_phrase = change.parent_phrase or "(giao thực hiện)"
    return _make(ctx, FindingType.WEAKENED_WORDING, p, c,
                 f"{_both_quoted(ctx, p, c)}: cam kết nhẹ hơn (“{p_phrase}” → “{change.child_phrase}”).",
                 {"parent_value": p_phrase, "child_value": change.child_phrase})


def _child_leads(ctx: Context, p: Item) -> bool:
    """Whether the child's agency is named in the parent item's lead cell (then it also owns the guiding role)."""
    agency = vtext.fold(ctx.child.agency or "")
    if not agency:
        return False
    return any(agency in vtext.fold(lead) or vtext.fold(lead) in agency for lead in p.lead if lead.strip())


def _narrowed(ctx: Context, p: Item, c: Item) -> Finding | None:
    dropped = dropped_phrases(p.text, c.text, ctx.places, _child_leads(ctx, p))
    if not dropped:
        return None
    quoted = "; ".join(f"“{d}”" for d in dropped)
    return _make(ctx, FindingType.NARROWED, p, c,
                 f"{msg.ref(c, True)} của {ctx.child_side} thu hẹp {msg.ref(p)} của {ctx.parent_side}: bỏ {quoted}. "
                 f"Cấp trên: {msg.quote(p.text, 14)}; cấp dưới: {msg.quote(c.text, 14)}.",
                 {"parent_value": p.text, "child_value": c.text, "dropped": dropped})


def link_findings(ctx: Context, link: Link, split: bool = False) -> list[Finding]:
    """Every change between a parent item and the child item that carries it."""
    p, c = ctx.parent_items[link.parent], ctx.child_items[link.child]
    found: list[Finding | None] = [*_structure(ctx, p, c), _deadline(ctx, p, c), _target(ctx, p, c),
                                   _wording(ctx, p, c)]
    # A parent task split over several child items is carried by them together: a part is not a narrowing.
    if not split:
        found.append(_narrowed(ctx, p, c))
    return [f for f in found if f is not None]


def missing_findings(ctx: Context, linked: set[str]) -> list[Finding]:
    """Parent obligations no child item carries (group headings are containers, not obligations)."""
    out = []
    for p in ctx.parent.items:
        if p.group or p.id in linked:
            continue
        app = ctx.status(p)
        why = f" ({app.reason})" if app.reason else ""
        if app.status == "not_applicable":
            text = f"{msg.ref(p, True)} của {ctx.parent_side} {msg.quote(p.text)} không có trong kế hoạch của " \
                   f"{ctx.child_side}; không áp dụng cho {ctx.child_side}{why}."
        else:
            kind = "bắt buộc" if app.status == "required" else "nên thể hiện"
            text = f"Thiếu {msg.ref(p)} của {ctx.parent_side} {msg.quote(p.text)}: kế hoạch của {ctx.child_side} " \
                   f"không thể hiện ({kind}{why})."
        f = _make(ctx, FindingType.MISSING, p, None, text, {"parent_value": p.text, "reason": app.reason or None})
        if f is not None:
            out.append(f)
    return out


def added_findings(ctx: Context, linked: set[str]) -> list[Finding]:
    """Child items with no parent: the child's own additions."""
    out = []
    for c in ctx.child.items:
        if c.group or c.id in linked:
            continue
        f = _make(ctx, FindingType.ADDED, None, c,
                  f"{msg.ref(c, True)} của {ctx.child_side} {msg.quote(c.text)} không có trong kế hoạch của "
                  f"{ctx.parent_side} (nội dung bổ sung).",
                  {"child_value": c.text})
        if f is not None:
            out.append(f)
    return out
