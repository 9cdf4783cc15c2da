"""The views of an item that the matcher compares: main text, product, cited numbers, position."""

from __future__ import annotations

from dataclasses import dataclass

from cascade import text as vtext
from cascade.model import Item
from cascade.rules import rules_cached

# Numbers every CCHC plan cites (the national programme); they say nothing about which item is which.
_UBIQUITOUS = {"76/NQ-CP"}


@rules_cached(maxsize=4096)
def _numbers(s: str) -> frozenset[str]:
    return frozenset(vtext.doc_numbers(s)) - _UBIQUITOUS


@rules_cached(maxsize=4096)
def term_set(raw: str) -> frozenset[tuple[str, ...]]:
    """Content words and word pairs of a text (the distinctive-overlap signal)."""
    words = vtext.content_tokens(raw)
    return frozenset([(w,) for w in words] + list(zip(words, words[1:], strict=False)))


@dataclass
class ItemView:
    """Precomputed strings and sets of one item."""

    item: Item
    main: str  # normalized main text
    product: str  # normalized product / activities
    numbers: frozenset[str]  # cited document numbers
    rank: float  # position among the items of its kind, 0..1
    table: bool  # a table row (vs a narrative bullet)
    terms: frozenset[tuple[str, ...]]  # content words and word pairs, for the distinctive-overlap signal


def views(items: list[Item]) -> list[ItemView]:
    """One ItemView per item, in the given order."""
    n = max(len(items) - 1, 1)
    out = []
    for pos, it in enumerate(items):
        raw = it.text or ""
        prod = " ".join([it.product or "", *it.activities])
        nums = _numbers(raw + " " + prod)
        out.append(
            ItemView(
                item=it,
                main=vtext.normalize_for_match(raw),
                product=vtext.normalize_for_match(prod) if prod.strip() else "",
                numbers=nums,
                rank=pos / n,
                table=it.source.table is not None or bool(it.label and "." in it.label and it.kind == "task"),
                terms=term_set(raw),
            )
        )
    return out
