"""Problems found while building a plan hierarchy: reported to the official, never raised."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# kind → (severity, Vietnamese title shown in the dashboard and the tree)
KINDS: dict[str, tuple[str, str]] = {
    "unreadable": ("error", "Không đọc được tệp"),
    "parent_not_in_batch": ("error", "Kế hoạch cấp trên được viện dẫn không có trong bộ hồ sơ"),
    "orphan": ("warning", "Không xác định được kế hoạch cấp trên"),
    "cycle": ("error", "Quan hệ cấp trên – cấp dưới khép vòng"),
    "duplicate": ("warning", "Một cơ quan có hai kế hoạch cùng năm"),
    "expected_missing": ("error", "Cơ quan chưa có kế hoạch"),
    "manifest_parent": ("error", "Kế hoạch cấp trên ghi trong danh sách không có trong bộ hồ sơ"),
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
        return KINDS.get(self.kind, ("warning", ""))[0]

    @property
    def title(self) -> str:
        return KINDS.get(self.kind, ("", self.kind))[1]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity
        d["title"] = self.title
        return d
