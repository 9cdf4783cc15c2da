"""Softened commitment verbs ("Ban hành" → "Nghiên cứu", "Triển khai" → "Từng bước triển khai").

The vocabulary and strengths are data (`rules/weakening.yaml`); this module only finds them at the start of the
item or of one of its clauses, where the commitment of a Vietnamese task is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade import text as vtext
from cascade.audit.words import clauses, words
from cascade.parse import targets as tg
from cascade.rules import load_rules, rules_cached

# A commitment phrase counts only among the first words of a clause ("Từng bước triển khai …").
LEAD_WORDS = 4
# The strength a task has when it states no verb at all ("Kế hoạch chuyển đổi số …" = produce the plan).
IMPLICIT_STRENGTH = 2


@dataclass(frozen=True)
class WordingChange:
    parent_phrase: str  # the parent's commitment as printed (or "" when implicit)
    child_phrase: str  # the softer phrase the child uses
    parent_strength: int
    child_strength: int


@rules_cached(maxsize=1)
def _vocab() -> tuple[tuple[tuple[str, ...], int, bool], ...]:
    """(folded words, strength, is_soft), longest phrases first so "xây dựng dự thảo" wins over "xây dựng"."""
    data = load_rules("weakening")
    out = []
    for soft, key in ((False, "strong"), (True, "soft")):
        for entry in data.get(key, []):
            out.append((tuple(vtext.fold(entry["phrase"]).split()), int(entry["strength"]), soft))
    return tuple(sorted(out, key=lambda e: (-len(e[0]), e[0])))


def _folded_list(key: str) -> tuple[tuple[str, ...], ...]:
    items = load_rules("weakening").get(key, [])
    return tuple(sorted({tuple(vtext.fold(p).split()) for p in items}, key=lambda p: (-len(p), p)))


@rules_cached(maxsize=1)
def _adverbs() -> tuple[tuple[str, ...], ...]:
    """Words that may precede the commitment verb of a clause ("Tiếp tục", "Chủ động, tích cực")."""
    return _folded_list("lead_adverbs")


@rules_cached(maxsize=1)
def _level_forms() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """(words by which a lower level carries a higher level's act — "tham mưu", "trình" —, words before "trình"
    that make it a noun: "quy trình", "chương trình")."""
    data = load_rules("weakening").get("level_forms", {})
    return _folded_list_of(data.get("words", [])), frozenset(vtext.fold(w) for w in data.get("not_after", []))


def _folded_list_of(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(vtext.fold(p).split()) for p in items}, key=lambda p: (-len(p), p)))


@rules_cached(maxsize=1)
def _target_soft() -> tuple[tuple[str, ...], ...]:
    """Soft words that, before a number, state a target ("Phấn đấu 90%"): the target check owns them."""
    return _folded_list("target_soft")


def _match(folded: list[str], k: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for p in phrases:
        if tuple(folded[k : k + len(p)]) == p:
            return len(p)
    return 0


@rules_cached(maxsize=4096)
def _states_target(clause: str) -> bool:
    """Whether the clause states a number to reach ("90%", "tăng 02 bậc"); "hoàn thành các nhiệm vụ" is no target."""
    return any(ch.isdigit() for ch in clause) and any(t.kind in tg.NUMERIC_KINDS for t in tg.find_targets(clause))


def _segments(clause: str) -> list[list[tuple[str, str]]]:
    """The clause's comma-separated parts as words: a verb list ("Rà soát, đề xuất điều chỉnh") is read part by
    part, so "đề xuất" is a commitment there while "thẩm định dự thảo" only names a draft."""
    return [list(words(part)) for part in clause.split(",") if part.strip()]


@rules_cached(maxsize=4096)
def _clause_phrases(clause: str) -> tuple[tuple[str, int, bool, bool], ...]:
    """Commitment phrases of one clause: (phrase as printed, strength, is_soft, only states a target).

    A phrase counts where a part of the clause's opening verb list starts, after adverbs ("Tiếp tục", "Chủ
    động"), and the verbs chained right after it ("triển khai thực hiện hoàn thành"). Only the parts within the
    first words of the clause are read.
    """
    found = []
    seen = 0
    for part in _segments(clause):
        if seen >= LEAD_WORDS + 3:
            break
        folded = [f for _, f in part]
        seen += len(folded)
        k = 0
        while n := _match(folded, k, _adverbs()):
            k += n
        while k < len(folded):
            hit = next(((ph, st, so) for ph, st, so in _vocab() if tuple(folded[k : k + len(ph)]) == ph), None)
            if hit is None:
                break
            phrase, strength, soft = hit
            n = len(phrase)
            # "Phấn đấu 90%", "phấn đấu thực hiện đạt 90% Kế hoạch", "Phấn đấu Chỉ số … tăng 02 bậc": a target,
            # compared by the target check.
            is_target = soft and bool(_match(folded, k, _target_soft())) and _states_target(clause)
            found.append((" ".join(w for w, _ in part[k : k + n]), strength, soft, is_target))
            k += n
    return tuple(found)


def _level_form(clause: str, parent_verbs: set[tuple[str, ...]]) -> tuple[bool, bool]:
    """(the clause uses its level's form, that form carries the parent's act).

    "tham mưu UBND tỉnh ban hành", "xây dựng, trình cấp có thẩm quyền phê duyệt": a Sở proposes what the province
    issues; then no soft word of the clause softens anything. "tham mưu khen thưởng" alone is still the level's
    form of the act, so "tham mưu" itself is not a softening there either. With no verb of its own, the parent's
    act is carried by any commitment verb after the level word.
    """
    forms, not_after = _level_forms()
    verbs = parent_verbs or {ph for ph, _, soft in _vocab() if not soft}
    folded = [f for _, f in words(clause)]
    used = False
    for k in range(len(folded)):
        if (n := _match(folded, k, forms)) and not (k and folded[k - 1] in not_after):
            used = True
            rest = folded[k + n : k + n + 9]
            if any(tuple(rest[j : j + len(v)]) == v for v in verbs for j in range(len(rest))):
                return True, True
    return used, False


def _opening(clause: str) -> tuple[str, ...]:
    """The first two words of a clause after its adverbs: the verb it commits with."""
    folded = [f for _, f in words(clause)]
    k = 0
    while n := _match(folded, k, _adverbs()):
        k += n
    return tuple(folded[k : k + 2])


# A bullet's lead-in label ("- *Phát triển hạ tầng kỹ thuật:* Xây dựng …"): a heading, not the commitment.
_LABEL = re.compile(r"^[\W_]*[^.;:\n]{1,60}?:[*_]*\s+(?=\S)")


def _without_label(text: str) -> str:
    return _LABEL.sub("", text or "", count=1)


# A batch compares one parent item with the same child wording again and again (children copy the parent's
# text): remember the answer per pair of texts (WordingChange is frozen, so sharing it is safe).
@rules_cached(maxsize=8192)
def compare_wording(parent_text: str, child_text: str) -> WordingChange | None:
    """The softer phrase the child uses where the parent commits firmly, or None.

    Not softening: the level's own form of the parent's act ("Ban hành" → "Tham mưu UBND tỉnh ban hành"); a soft
    word that only states a target ("Phấn đấu 90%"); a soft word in a later clause when the child opens with the
    parent's own verbs ("Rà soát, sửa đổi … ; thẩm định dự thảo …"). Remembered per pair of texts.
    """
    p_clauses, c_clauses = clauses(_without_label(parent_text)), clauses(_without_label(child_text))
    p = [ph for cl in p_clauses for ph in _clause_phrases(cl)]
    parent_soft = {vtext.fold(ph) for ph, _, soft, _ in p if soft}
    strong = [(ph, st) for ph, st, soft, _ in p if not soft]
    parent_verbs = {tuple(vtext.fold(ph).split()) for ph, _ in strong}
    if p_clauses and c_clauses:
        opening = _opening(p_clauses[0])
        first = _clause_phrases(c_clauses[0])
        if opening and _opening(c_clauses[0]) == opening and not any(x[2] for x in first):
            return None
    new_soft = []
    forms = _level_forms()[0]
    for cl in c_clauses:
        phrases = [x for x in _clause_phrases(cl) if x[2] and not x[3] and vtext.fold(x[0]) not in parent_soft]
        if not phrases:
            continue
        used, carried = _level_form(cl, parent_verbs)
        if carried:
            continue
        if used:  # the level word itself is the level's form, not a softer commitment
            phrases = [x for x in phrases if tuple(vtext.fold(x[0]).split()) not in forms]
        new_soft += [(x[0], x[1]) for x in phrases]
    if not new_soft:
        return None
    if strong:
        p_phrase, p_strength = max(strong, key=lambda e: e[1])
    elif parent_soft:
        return None  # the parent itself is soft there: nothing to weaken
    else:
        p_phrase, p_strength = "", IMPLICIT_STRENGTH
    c_phrase, c_strength = min(new_soft, key=lambda e: e[1])
    if c_strength >= p_strength:
        return None
    return WordingChange(p_phrase, c_phrase, p_strength, c_strength)


@rules_cached(maxsize=1)
def _synonyms() -> tuple[tuple[str, str], ...]:
    """(folded variant, folded canonical form): "bảo đảm" and "đảm bảo" are one requirement."""
    data = load_rules("weakening").get("synonyms", {}) or {}
    return tuple((" ".join(f for _, f in words(k)), " ".join(f for _, f in words(v))) for k, v in data.items())


def _canonical(text: str) -> str:
    out = " " + " ".join(f for _, f in words(text)) + " "
    for variant, canonical in _synonyms():
        out = out.replace(f" {variant} ", f" {canonical} ")
    return out


@rules_cached(maxsize=1)
def _qualifiers() -> tuple[tuple[str, str], ...]:
    """(phrase as written in the rules, folded canonical words joined by spaces); synonyms listed once."""
    data = load_rules("weakening")
    out: dict[str, str] = {}
    for q in data.get("qualifiers", []):
        out.setdefault(_canonical(q).strip(), q)
    return tuple((q, f) for f, q in out.items())


def dropped_qualifiers(parent_text: str, child_text: str) -> list[str]:
    """Commitment qualifiers ("đảm bảo", "kịp thời") the parent states and the child leaves out (in any synonym)."""
    return list(_dropped_qualifiers(parent_text, child_text))


@rules_cached(maxsize=8192)
def _dropped_qualifiers(parent_text: str, child_text: str) -> tuple[str, ...]:
    # Remembered per pair of texts: a batch asks the same pair for most of its children.
    p, c = _canonical(parent_text), _canonical(child_text)
    return tuple(q for q, f in _qualifiers() if f" {f} " in p and f" {f} " not in c)
