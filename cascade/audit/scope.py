"""Narrowed scope: a phrase of the parent item that the child dropped.

"Kế hoạch phổ biến, giáo dục pháp luật, hòa giải ở cơ sở, …" → "Kế hoạch phổ biến, giáo dục pháp luật năm 2024"
drops "hòa giải ở cơ sở". Level and place words a child legitimately adapts ("tỉnh Bình Định" → "của Sở") are
ignored (`rules/weakening.yaml`, `narrowing`).
"""

from __future__ import annotations

from functools import lru_cache

from cascade import text as vtext
from cascade.audit.words import words
from cascade.rules import load_rules


@lru_cache(maxsize=1)
def _config() -> tuple[frozenset[str], int]:
    cfg = load_rules("weakening").get("narrowing", {})
    ignore = frozenset(vtext.fold(w) for w in cfg.get("ignore_words", []))
    return ignore, int(cfg.get("min_new_words", 2))


def dropped_phrases(parent_text: str, child_text: str, places: tuple[str, ...] = ()) -> list[str]:
    """Phrases of the parent (as printed) whose content words the child lacks; empty when the scope is kept."""
    ignore, min_new = _config()
    ignore = ignore | {w for p in places if p for _, w in words(p)}
    pw = words(parent_text)
    cw = [f for _, f in words(child_text)]
    c_words = set(cw)
    c_pairs = set(zip(cw, cw[1:], strict=False))
    # Mark each parent word pair the child does not contain; a run of such pairs is a candidate dropped phrase.
    absent = [(pw[k][1], pw[k + 1][1]) not in c_pairs for k in range(len(pw) - 1)]
    out: list[str] = []
    k = 0
    while k < len(absent):
        if not absent[k]:
            k += 1
            continue
        start = k
        while k < len(absent) and absent[k]:
            k += 1
        span = pw[start : k + 1]
        new = [w for w, f in span if f not in ignore and f not in c_words and not f.isdigit()]
        if len(new) >= min_new:
            # Trim words the child kept at both ends so the quote shows only what was dropped.
            lo, hi = 0, len(span)
            while lo < hi and span[lo][1] in c_words:
                lo += 1
            while hi > lo and span[hi - 1][1] in c_words:
                hi -= 1
            out.append(" ".join(w for w, _ in span[lo:hi]))
    return out
