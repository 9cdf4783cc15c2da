"""Softened commitment verbs ("Ban hành" → "Nghiên cứu", "Triển khai" → "Từng bước triển khai").

The vocabulary and strengths are data (`rules/weakening.yaml`); this module only finds them at the start of the
item or of one of its clauses, where the commitment of a Vietnamese task is stated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cascade import text as vtext
from cascade.audit.words import clauses, words
from cascade.rules import load_rules

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


@lru_cache(maxsize=1)
def _vocab() -> tuple[tuple[tuple[str, ...], int, bool], ...]:
    """(folded words, strength, is_soft), longest phrases first so "xây dựng dự thảo" wins over "xây dựng"."""
    data = load_rules("weakening")
    out = []
    for soft, key in ((False, "strong"), (True, "soft")):
        for entry in data.get(key, []):
            out.append((tuple(vtext.fold(entry["phrase"]).split()), int(entry["strength"]), soft))
    return tuple(sorted(out, key=lambda e: (-len(e[0]), e[0])))


@lru_cache(maxsize=8192)
def _lead_phrases(s: str) -> tuple[tuple[str, int, bool], ...]:
    """Commitment phrases found at the start of each clause: (phrase as printed, strength, is_soft)."""
    found = []
    for clause in clauses(s):
        ws = words(clause)[: LEAD_WORDS + 3]
        folded = [f for _, f in ws]
        k = 0
        while k < min(len(folded), LEAD_WORDS):
            for phrase, strength, soft in _vocab():
                n = len(phrase)
                if tuple(folded[k : k + n]) == phrase:
                    found.append((" ".join(w for w, _ in ws[k : k + n]), strength, soft))
                    k += n - 1
                    break
            k += 1
    return tuple(found)


def compare_wording(parent_text: str, child_text: str) -> WordingChange | None:
    """The softer phrase the child uses where the parent commits firmly, or None."""
    p = _lead_phrases(parent_text)
    c = _lead_phrases(child_text)
    parent_soft = {vtext.fold(ph) for ph, _, soft in p if soft}
    new_soft = [(ph, st) for ph, st, soft in c if soft and vtext.fold(ph) not in parent_soft]
    if not new_soft:
        return None
    strong = [(ph, st) for ph, st, soft in p if not soft]
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


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[tuple[str, str], ...]:
    """(phrase as written in the rules, folded words joined by spaces)."""
    data = load_rules("weakening")
    return tuple((q, " ".join(f for _, f in words(q))) for q in data.get("qualifiers", []))


def dropped_qualifiers(parent_text: str, child_text: str) -> list[str]:
    """Commitment qualifiers ("đảm bảo", "kịp thời") the parent states and the child leaves out."""
    p = " " + " ".join(f for _, f in words(parent_text)) + " "
    c = " " + " ".join(f for _, f in words(child_text)) + " "
    return [q for q, f in _qualifiers() if f" {f} " in p and f" {f} " not in c]
