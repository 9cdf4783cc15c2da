"""Problems found while building a plan hierarchy: reported to the official, never raised."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# kind → severity; the Vietnamese titles are in the one label table (`hierarchy_problems`).
KINDS: dict[str, str] = {
    "unreadable": "error",
    "parent_not_in_batch": "error",
    "orphan": "warning",
    "cycle": "error",
    "duplicate": "warning",
    "expected_missing": "error",
    "manifest_parent": "error",
    "level_mismatch": "warning",
}


@dataclass
class Problem:
    """One problem: `kind` (a key of KINDS), the nodes it concerns and a Vietnamese message naming the files."""

    kind: str
    message: str
    nodes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        """"error" or "warning" (machine value; shown through the label table)."""
        return KINDS.get(self.kind, "warning")

    @property
    def title(self) -> str:
        """The Vietnamese title of the kind of problem."""
        from cascade.vocab import label

        return label("hierarchy_problems", self.kind, "Vấn đề khác")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity
        d["title"] = self.title
        return d


def level_conflict(document_level: str | None, given_level: str | None, agency: str | None = None,
                   given_by: str = "cấp được chọn") -> str | None:
    """A Vietnamese warning when a level given by hand (`--level`, a manifest) contradicts the document's own,
    else None. The given level is still used: the official may know better than the header.

    >>> level_conflict("so", "huyen", "Sở Tư pháp")
    'Cấp được chọn (cấp huyện) khác cấp của văn bản (cấp sở — Sở Tư pháp); kết quả theo cấp huyện.'
    """
    from cascade.vocab import level_phrase

    if not document_level or not given_level or document_level == given_level:
        return None
    who = f" — {agency}" if agency else ""
    return (f"{given_by[:1].upper()}{given_by[1:]} ({level_phrase(given_level)}) khác cấp của văn bản "
            f"({level_phrase(document_level)}{who}); kết quả theo {level_phrase(given_level)}.")
