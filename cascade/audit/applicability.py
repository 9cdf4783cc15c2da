"""Which parent items a child must carry (stub: replaced by the rules-driven module)."""

from __future__ import annotations

from dataclasses import dataclass

from cascade.model import Item


@dataclass
class Applicability:
    status: str  # "required" | "advisory" | "not_applicable"
    reason: str  # Vietnamese, e.g. "Sở là cơ quan chủ trì", "nhiệm vụ của cấp xã"


def assess(item: Item, child_agency: str | None, child_level: str | None, parent_level: str | None = None) -> Applicability:
    """Decide whether the child agency (at its level) must carry this parent item, and why."""
    return Applicability("required", "mặc định")
