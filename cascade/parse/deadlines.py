"""Deadline phrases → comparable `Deadline` (stub: replaced by the full parser)."""

from __future__ import annotations

from cascade.model import Deadline


def parse_deadline(raw: str | None, year: int | None = None) -> Deadline | None:
    """Parse a deadline cell ("Tháng 3", "Quý I/2024", "Cả năm", "Theo Kế hoạch của UBND tỉnh")."""
    if raw is None or not raw.strip():
        return None
    return Deadline(raw=raw.strip())
