"""Vietnamese-aware text normalization for matching (stub: replaced by the full module)."""

from __future__ import annotations

import re
import unicodedata

_DOCNO = re.compile(r"\b(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐ][A-ZĐa-zđ]*(?:\s*-\s*[A-ZĐ][A-ZĐa-zđ&]*)*)")


def nfc(text: str) -> str:
    """Unicode NFC with whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ → d: a view that forgives accent typos ("Chuyên đổi số")."""
    t = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return nfc("".join(ch for ch in t if unicodedata.category(ch) != "Mn"))


def normalize_for_match(text: str) -> str:
    """The text as the matcher compares it."""
    return re.sub(r"[^\w\s]", " ", fold(text))


def doc_numbers(text: str) -> set[str]:
    """Document numbers cited in the text, normalized ("153/KH- UBND" → "153/KH-UBND")."""
    out = set()
    for m in _DOCNO.finditer(text):
        num, year, sym = m.groups()
        sym = re.sub(r"\s+", "", sym)
        out.add(f"{num}/{year}/{sym}" if year else f"{num}/{sym}")
    return out
