"""Group the low-stakes "missing" findings so a reviewer reads a handful of notes, not dozens.

A province plan has many narrative bullets that a child only should consider (advisory) or that concern others
(not applicable). Each keeps its own `missing` finding in the JSON (the contract names one parent item per
finding); findings of the same kind, status and reform area are gathered into one group that the summary, the
terminal and the report show as a single note listing them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from cascade.audit import messages as msg
from cascade.model import Finding, Plan
from cascade.vocab import ApplicabilityStatus, table

# Statuses whose missing bullets are grouped; a required item always stands alone.
GROUPED_STATUSES = (ApplicabilityStatus.ADVISORY.value, ApplicabilityStatus.NOT_APPLICABLE.value)
# Kinds grouped: narrative bullets. A table row is a numbered task the reviewer looks up one by one.
GROUPED_KINDS = ("directive",)
MIN_GROUP = 2


@dataclass
class Group:
    """Missing items of one reform area and status, reported as one note."""

    id: str
    area: str
    area_name: str
    status: str
    severity: str
    parents: list[str]
    message: str

    def to_dict(self) -> dict:
        return {"id": self.id, "area": self.area, "area_name": self.area_name, "status": self.status,
                "severity": self.severity, "parents": list(self.parents), "message": self.message}


def group_missing(findings: list[Finding], parent: Plan, area_names: dict[str, str],
                  parent_side: str, child_side: str) -> list[Group]:
    """Gather grouped missing findings per (area, status); mark each member with `details["group"]`."""
    items = {it.id: it for it in parent.items}
    buckets: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        it = items.get(f.parent or "")
        status = f.details.get("status")
        if f.type != "missing" or it is None or it.kind not in GROUPED_KINDS or status not in GROUPED_STATUSES:
            continue
        buckets[(it.section or "khac", status, f.severity)].append(f)
    groups: list[Group] = []
    for (area, status, severity), members in buckets.items():
        if len(members) < MIN_GROUP:
            continue
        gid = f"nhom:{area}:{status}"
        name = msg.area_name(area, area_names) if area != "khac" else "Nội dung khác"
        quoted = "; ".join(msg.quote(items[f.parent].text, 12) for f in members)  # type: ignore[index]
        phrase = table("applicability_phrases")[status]
        message = (f"Lĩnh vực “{name}”: {len(members)} nội dung {phrase} của {parent_side} không có "
                   f"trong kế hoạch của {child_side}: {quoted}.")
        for f in members:
            f.details["group"] = gid
        groups.append(Group(gid, area, name, status, severity, [f.parent for f in members], message))  # type: ignore[misc]
    order = {it.id: it.order for it in parent.items}
    return sorted(groups, key=lambda g: order.get(g.parents[0], 0))
