"""Word-level views of Vietnamese text shared by the wording and scope checks."""

from __future__ import annotations

import re
from functools import lru_cache

from cascade import text as vtext

_WORD = re.compile(r"[\w%]+(?:[/.,-][\w%]+)*", re.UNICODE)


@lru_cache(maxsize=4096)
def _fold_word(w: str) -> str:
    return vtext.fold(w)


@lru_cache(maxsize=4096)
def words(s: str) -> tuple[tuple[str, str], ...]:
    """(original word, folded word) pairs in reading order; punctuation dropped, numbers kept whole (cached)."""
    return tuple((w, _fold_word(w)) for w in _WORD.findall(vtext.nfc(s or "")))


def clauses(s: str) -> list[str]:
    """The text cut at sentence and clause breaks (; . : and line breaks), as printed."""
    return [c.strip() for c in re.split(r"[;:\n]|\.\s", vtext.nfc(s or "")) if c.strip()]
