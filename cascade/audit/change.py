"""The result of comparing a child's deadline or target with its parent's (one type for both comparisons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "dependent" comes only from deadlines (the child dates its step after another act), "qualitative_change" only from
# targets (the kind of target changed: rank ↔ level, completion ↔ number).
ChangeVerdict = Literal["same", "stronger", "weakened", "dependent", "qualitative_change", "missing", "not_comparable"]


@dataclass(frozen=True)
class Change:
    """How a child's deadline or target relates to its parent's.

    verdict: one of `ChangeVerdict`.
    reason_vi: a short Vietnamese phrase for the report ("thời hạn lùi từ Tháng 2 sang Trong năm", "chỉ tiêu giảm
    từ 90% xuống 80%").
    """

    verdict: ChangeVerdict
    reason_vi: str
