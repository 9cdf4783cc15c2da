"""Target phrases → `Target` (stub: replaced by the full parser)."""

from __future__ import annotations

from cascade.model import Target


def parse_target(raw: str | None) -> Target | None:
    """Parse a target ("90%", "tối thiểu 80%", "95% - 100%", "nhóm 20 địa phương dẫn đầu", "ở mức tốt")."""
    if raw is None or not raw.strip():
        return None
    return Target(raw=raw.strip())
