"""Vietnamese wording of findings: every message names both items and quotes what each document says."""

from __future__ import annotations

from functools import lru_cache

from cascade import text as vtext
from cascade.model import Item
from cascade.vocab import label

QUOTE_WORDS = 12


def side(level: str | None, fallback: str) -> str:
    """The short name of a plan's level in a sentence ("tỉnh giao 90%, Sở ghi 80%"), e.g. "tỉnh", "Sở"."""
    return label("level_short", level, fallback)


def kind_word(kind: str | None) -> str:
    """An item's kind inside a sentence: "nhiệm vụ", "chỉ tiêu", "nội dung"; "mục" when unknown."""
    word = label("kinds", kind, "mục")
    return word[:1].lower() + word[1:]


@lru_cache(maxsize=8192)
def quote(s: str | None, n: int = QUOTE_WORDS) -> str:
    """The first words of a text in Vietnamese quotes, with an ellipsis when cut (remembered: a batch quotes the
    parent's items for every child)."""
    ws = vtext.nfc(s or "").split()
    body = " ".join(ws[:n]) + ("…" if len(ws) > n else "")
    return f"“{body}”"


def ref(item: Item, capital: bool = False) -> str:
    """"nhiệm vụ 23", "chỉ tiêu 7.2", "nội dung c)" or, without a label, the kind and a quote."""
    kind = kind_word(item.kind)
    if capital:
        kind = kind[0].upper() + kind[1:]
    if item.label:
        label = item.label if any(ch.isdigit() for ch in item.label) or len(item.label) > 2 else f"{item.label})"
        return f"{kind} {label}"
    return f"{kind} {quote(item.text, 8)}"


def area_name(key: str | None, names: dict[str, str]) -> str:
    return names.get(key or "", key or "không rõ lĩnh vực")
