"""Stable, readable item ids, given once the reform areas are known.

Table rows: "task:12", "task:1.1", "ind:7.3", sub-rows "ind:7.4-2"; where numbering restarts in each area
(Yên Bái) the area joins the id: "task:tthc:3". Narrative bullets: "dir:the_che:a", "ind:tthc:d", unlabelled
ones numbered in their area: "dir:cong_vu:-2". Ids depend only on the document, so re-runs give the same ids.
"""

from __future__ import annotations

from collections import Counter

from cascade.model import Item

_PREFIX = {"task": "task", "indicator": "ind", "directive": "dir"}


def assign_ids(items: list[Item]) -> None:
    """Give every item its final id and rewrite parent references to match."""
    table_labels = Counter((it.kind, it.label) for it in items if it.source.table is not None and it.label)
    old_to_new: dict[str, str] = {}
    used: set[str] = set()
    unlabelled: Counter[tuple[str, str | None, str | None]] = Counter()
    for it in items:
        prefix = _PREFIX[it.kind]
        area = it.section or "khac"
        if it.source.table is not None:
            if it.label:
                base = f"{prefix}:{it.label}" if table_labels[(it.kind, it.label)] == 1 else f"{prefix}:{area}:{it.label}"
            else:
                parent = next((old_to_new[p] for p in [it.parent] if p in old_to_new), None)
                stem = parent.split(":", 1)[1] if parent else f"{area}:"
                unlabelled[(it.kind, it.parent, stem)] += 1
                base = f"{prefix}:{stem}-{unlabelled[(it.kind, it.parent, stem)]}"
        else:
            if it.label:
                base = f"{prefix}:{area}:{it.label}"
            else:
                unlabelled[(it.kind, area, None)] += 1
                base = f"{prefix}:{area}:-{unlabelled[(it.kind, area, None)]}"
        cand, k = base, 2
        while cand in used:
            cand, k = f"{base}~{k}", k + 1
        used.add(cand)
        old_to_new[it.id] = cand
        it.id = cand
    for it in items:
        if it.parent is not None:
            it.parent = old_to_new.get(it.parent, it.parent)
