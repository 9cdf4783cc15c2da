"""Who is competent for what (rules/competence.yaml): an agency's own field, its own products, what it oversees.

Applicability asks three questions of an item's text when its cells do not settle it: is this the child's own
field (required), another agency's own function or product (not applicable), or something another agency runs
over every agency (advisory)? And: is it a product of the province itself ("Hệ thống … của tỉnh")?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.agencies import compile_phrases, match_view, same_agency
from cascade.rules import load_rules, rules_cached
from cascade.text import fold, nfc

_MORE_LEVELS = re.compile(r" *(?:va )?(?:cap )?(?:huyen|xa)\b")


@dataclass(frozen=True)
class Competence:
    """One agency's field: names it goes by (the agency and the offices that mirror it) and its phrase sets."""

    agency: str
    names: tuple[str, ...]
    subjects: re.Pattern[str]
    own: re.Pattern[str]
    products: re.Pattern[str]
    oversight: re.Pattern[str]
    others: frozenset[str]


@dataclass(frozen=True)
class Claim:
    """Another agency's claim on an item: `kind` is "own" or "oversight"; `phrase` the words that matched."""

    kind: str
    agency: str
    phrase: str


@rules_cached(maxsize=1)
def _table() -> tuple[tuple[Competence, ...], re.Pattern[str]]:
    data = load_rules("competence")
    others = frozenset((data.get("defaults") or {}).get("others") or ("so", "phong"))
    comps = []
    for a in data.get("agencies", []):
        comps.append(Competence(
            agency=nfc(a["agency"]),
            names=tuple(nfc(n) for n in [a["agency"], *(a.get("mirrors") or [])]),
            subjects=compile_phrases(a.get("subjects") or []),
            own=compile_phrases(a.get("own") or []),
            products=compile_phrases(a.get("products") or []),
            oversight=compile_phrases(a.get("oversight") or []),
            others=frozenset(a.get("others") or others),
        ))
    pp = data.get("province_products") or {}
    nouns = compile_phrases(pp.get("nouns") or []).pattern
    markers = compile_phrases(pp.get("markers") or []).pattern
    provinces = sorted((fold(p) for p in load_rules("scope_words").get("provinces", [])), key=len, reverse=True)
    # "tỉnh Gia Lai" after a product names its owner; "trên địa bàn tỉnh Gia Lai" only its territory.
    place = r"(?<![\w&])(?<!dia ban )tinh (?:" + "|".join(re.escape(p) for p in provinces) + r")(?![\w&])" if provinces else "(?!x)x"
    window = int(pp.get("window", 8))
    product = re.compile(rf"{nouns}(?: +\S+){{0,{window}}}? +(?:{markers}|{place})")
    return tuple(comps), product


@rules_cached(maxsize=256)
def competence_of(agency: str | None) -> Competence | None:
    """The competence entry of an agency or of an office that mirrors one ("Phòng Tư pháp" → Sở Tư pháp's)."""
    if not agency:
        return None
    for comp in _table()[0]:
        if any(same_agency(agency, name) for name in comp.names):
            return comp
    return None


def _hit(pattern: re.Pattern[str], text: str, view: str) -> str | None:
    """The matched words as printed (the folded view keeps the positions of the text)."""
    m = pattern.search(view)
    return text[m.start():m.end()] if m else None


@rules_cached(maxsize=4096)
def _phrase(text: str, agency: str | None, fields: tuple[str, ...]) -> str | None:
    """The first words of the text matched by the agency's phrase sets `fields`, in that order, else None."""
    comp = competence_of(agency)
    if comp is None or not text:
        return None
    text = nfc(text)
    view = match_view(text)
    for name in fields:
        found = _hit(getattr(comp, name), text, view)
        if found:
            return found
    return None


def own_subject(text: str, agency: str | None) -> str | None:
    """The phrase of the text that lies in the agency's own field (subjects or products), else None."""
    return _phrase(text, agency, ("subjects", "own"))


def product_of(text: str, agency: str | None) -> str | None:
    """The words naming a concrete output the agency makes for everyone (rules: products), else None."""
    return _phrase(text, agency, ("products",))


@rules_cached(maxsize=4096)
def other_claim(text: str, agency: str | None, level: str | None) -> Claim | None:
    """Another agency's own product ("own") or oversight ("oversight") that the text is about, for this child.

    Only for children of the levels the rules name (a district government runs every field itself); never for
    the child's own field.
    """
    if not text:
        return None
    mine = competence_of(agency)
    text = nfc(text)
    view = match_view(text)
    own: Claim | None = None
    for comp in _table()[0]:
        if comp is mine or level not in comp.others:
            continue
        # What another agency runs over every agency concerns the child even when it is also that agency's product.
        phrase = _hit(comp.oversight, text, view)
        if phrase:
            return Claim("oversight", comp.agency, phrase)
        phrase = _hit(comp.own, text, view)
        if phrase and own is None:
            own = Claim("own", comp.agency, phrase)
    return own


@rules_cached(maxsize=4096)
def province_product(text: str) -> str | None:
    """The words naming a product of the province itself ("hệ thống quản lý giao việc của UBND tỉnh"), else None."""
    if not text:
        return None
    text = nfc(text)
    view = match_view(text)
    for m in _table()[1].finditer(view):
        # "hệ thống … cấp tỉnh, huyện, xã" serves every level: a system each of them runs, not the province's own.
        if _MORE_LEVELS.match(view, m.end()):
            continue
        return text[m.start():m.end()]
    return None
