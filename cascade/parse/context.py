"""State shared by the table and narrative readers while one document is parsed: the plan year and the ids used."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TableContext:
    """State shared with the rest of the parser while items are made."""

    year: int | None
    path: str
    used_ids: set[str] = field(default_factory=set)


def new_id(prefix: str, label: str | None, area: str | None, ctx: TableContext, order: int) -> str:
    """A provisional item id, unique within the document ("task:12", "task:tthc:3", "ind:r7", "dir:x:a~2").

    `cascade.parse.ids.assign_ids` gives the final ids once the areas are known; these only keep items apart.
    """
    base = f"{prefix}:{label}" if label else f"{prefix}:r{order}"
    if base in ctx.used_ids and label:
        base = f"{prefix}:{area or 'x'}:{label}"
    cand, k = base, 2
    while cand in ctx.used_ids:
        cand, k = f"{base}~{k}", k + 1
    ctx.used_ids.add(cand)
    return cand
