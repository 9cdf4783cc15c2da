"""The seeds' task tables in every layout real plans use must parse to the same tasks (tests/layout_variants.py).

A pipe table after the signature block, with rows continued under an empty STT cell, Roman-numeral area rows
and the header repeated after a page break, was once read as one item holding all its rows.
"""

from __future__ import annotations

from functools import cache

import pytest
from layout_variants import CLEAN, CLEAN_AREAS, Variant, all_variants, expected_sections, plan_text, seed_table

from cascade.model import Item
from cascade.parse import parse_document
from cascade.read.txt import read_text

VARIANTS = all_variants()


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


@cache
def _table_tasks(variant: Variant) -> list[Item]:
    doc = read_text(plan_text(variant), f"{variant.name}.txt")
    plan = parse_document(doc)
    return [it for it in plan.items if it.kind == "task" and it.source.table is not None]


def _summary(it: Item) -> tuple:
    return (
        it.label,
        _norm(it.text),
        _norm(it.product),
        tuple(_norm(a) for a in it.lead),
        tuple(_norm(a) for a in it.partners),
        _norm(it.deadline.raw if it.deadline else None),
    )


@pytest.mark.parametrize("seed", sorted(CLEAN))
def test_clean_layout_matches_seed(seed: str) -> None:
    """The clean re-written table holds the seed's tasks: the reference the variants are held to is right."""
    table = seed_table(seed)
    tasks = _table_tasks(CLEAN_AREAS[seed])
    assert [it.label for it in tasks] == [cells[0] for _, cells in table.rows]
    assert [_norm(it.text) for it in tasks] == [cells[1] for _, cells in table.rows]
    assert {it.label: it.section for it in tasks} == expected_sections(seed)
    assert [_summary(it) for it in _table_tasks(CLEAN[seed])] == [_summary(it) for it in tasks]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_variant_parses_like_clean_layout(variant: Variant) -> None:
    reference = _table_tasks(CLEAN_AREAS[variant.seed] if variant.areas else CLEAN[variant.seed])
    tasks = _table_tasks(variant)
    want = [_summary(it) for it in reference]
    got = [_summary(it) for it in tasks]
    assert [g[0] for g in got] == [w[0] for w in want], "task labels differ"
    for w, g in zip(want, got, strict=True):
        assert g == w, f"task {w[0]}"
    # No item swallows another row: no task's cells hold the text of a different task.
    texts = {w[0]: w[1] for w in want}
    for it in tasks:
        blob = " ".join([_norm(it.text), _norm(it.product), *it.lead, *it.partners])
        for label, text in texts.items():
            if label != it.label and len(text) > 30 and text not in _norm(it.text):
                assert text not in blob, f"task {it.label} holds the row of task {label}"
    if variant.areas:
        sections = expected_sections(variant.seed)
        assert {it.label: it.section for it in tasks} == sections
        assert all(it.section_title for it in tasks)
