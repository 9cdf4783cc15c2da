"""Reform areas: recognised by name in headings whatever their numbering, inferred from content otherwise."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cascade.model import Item
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import generic_heading_openers
from cascade.rules import RulePack, rule_key_error, rule_pack, rules_cached
from cascade.text import fold_label as fold

# "III.", "3.", "3.1.", and lettered headings "a)", "B." (a letter needs its stop: "A Lưới" is a name).
_PREFIX = re.compile(r"^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]?|[a-zđA-ZĐ][.)])\s+")


@dataclass(frozen=True)
class ReformArea:
    """One entry of rules/reform_areas.yaml `areas`, its phrases folded (the shared loaded dict is not touched)."""

    key: str
    name: str
    headings: tuple[str, ...]  # longest first
    keywords: tuple[str, ...]


@rules_cached
def _areas() -> tuple[ReformArea, ...]:
    pack = rule_pack("reform_areas")
    entries = pack.data.get("areas") if isinstance(pack.data, dict) else None
    if not isinstance(entries, list):
        raise rule_key_error(pack.file, "areas", "list of area entries", entries, missing=entries is None)
    out = []
    for i, entry in enumerate(entries):
        sub = RulePack(pack.name, entry if isinstance(entry, dict) else {}, prefix=f"areas[{i}].")
        out.append(ReformArea(
            key=sub.string("key"),
            name=sub.string("name"),
            headings=tuple(sorted({fold(h) for h in sub.strings("headings")}, key=len, reverse=True)),
            keywords=tuple(fold(k) for k in sub.strings("keywords")),
        ))
    return tuple(out)


# Every line of a plan is asked whether it is an area heading, and a batch's children repeat their parent's lines.
@rules_cached(maxsize=8192)
def match_heading(text: str) -> str | None:
    """The area a heading line names ("III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "3. Cải cách TTHC:"), else None."""
    body = fold(_PREFIX.sub("", text)).strip(" :;.")
    if not body or len(body) > SETTINGS.area_heading_max:
        return None
    best: tuple[int, str] | None = None
    for a in _areas():
        for h in a.headings:
            if body.startswith(h) or (body.startswith(generic_heading_openers()) and h in body):
                if best is None or len(h) > best[0]:
                    best = (len(h), a.key)
                break
    return best[1] if best else None


def infer_area(texts: list[str], exclude: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The area whose keywords the texts mention most (a heading is missing), skipping `exclude`."""
    scores: Counter[str] = Counter()
    for t in texts:
        for key, found in _keyword_counts(t):
            if key in exclude:
                continue
            scores[key] += found
    if not scores:
        return None
    order = _area_order()
    key, score = max(scores.items(), key=lambda kv: (kv[1], -order[kv[0]]))
    return key if score > 0 else None


@rules_cached(maxsize=8192)
def _keyword_counts(text: str) -> tuple[tuple[str, int], ...]:
    """(area key, how many of its keywords the text mentions) for every area, in the pack's order: item texts are
    scored again for each run they are tried in, and a batch's children repeat their parent's."""
    f = fold(text)
    return tuple((a.key, sum(1 for k in a.keywords if k in f)) for a in _areas())


@rules_cached
def _area_order() -> dict[str, int]:
    """Each area key's first position in the pack: the earlier area wins a tie."""
    order: dict[str, int] = {}
    for i, a in enumerate(_areas()):
        order.setdefault(a.key, i)
    return order


# A run of items read under one heading: the area the heading names (None when it names none or is missing).
Segment = tuple[str | None, list[Item]]


def fill_areas(segments: list[Segment], *, retry_anywhere: bool = False) -> None:
    """Give the items of each run the area their content points to where no heading named it.

    A run under an area heading keeps it (items a group row left without area are inferred one by one), as does a
    run of indicators (each indicator by its own text: an objectives list spans areas). A run of tasks without a
    heading (a scraped copy lost it) takes, as a whole, the area its texts mention most that no other run has;
    with `retry_anywhere` (tables), an area already used when every unused one scores nothing.
    """
    used = {a for a, _ in segments if a}
    for area, seg in segments:
        if not seg:
            continue
        if area or all(it.kind == "indicator" for it in seg):
            for it in seg:
                if it.section is None:
                    it.section = infer_area([it.text])
            continue
        guess = infer_area([f"{it.text} {it.product or ''}" for it in seg], exclude=used)
        if guess is None and retry_anywhere:
            guess = infer_area([it.text for it in seg])
        for it in seg:
            it.section = guess
        if guess:
            used.add(guess)
