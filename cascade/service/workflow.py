"""The review workflow's pure parts: a finding's stable key, what changed between two versions, the audit the
letter is written from (the reviewer's dismissed findings left out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cascade.vocab import Verdict, label, table

VERDICTS = {v.value: label("verdicts", v) for v in Verdict if v is not Verdict.LOI}
SEVERITIES = table("severities")


def finding_key(finding: dict[str, Any]) -> str:
    """A finding's key within its version (type, parent item, child item): what a decision is attached to."""
    return "|".join((finding.get("type") or "", finding.get("parent") or "", finding.get("child") or ""))


def _diff_key(finding: dict[str, Any]) -> str:
    # across versions the parent item is the anchor: the child's numbering may change when the draft is edited
    return "|".join((finding.get("type") or "", finding.get("parent") or finding.get("child") or ""))


def notable(audit: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The findings an official acts on: errors and warnings."""
    return [f for f in (audit or {}).get("findings") or [] if f.get("severity") in ("error", "warning")]


@dataclass
class VersionDiff:
    """Findings of a version compared with the previous one."""

    fixed: list[dict[str, Any]] = field(default_factory=list)  # in the previous version, gone now
    new: list[dict[str, Any]] = field(default_factory=list)  # not in the previous version
    still_open: list[dict[str, Any]] = field(default_factory=list)  # in both


def diff(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> VersionDiff:
    """What changed between two audits of the same submission (errors and warnings only)."""
    before = {_diff_key(f): f for f in notable(previous)}
    after = {_diff_key(f): f for f in notable(current)}
    return VersionDiff(fixed=[f for k, f in before.items() if k not in after],
                       new=[f for k, f in after.items() if k not in before],
                       still_open=[f for k, f in after.items() if k in before])


def letter_audit(audit: dict[str, Any], decisions: dict[str, str]) -> dict[str, Any]:
    """The audit the feedback letter is written from: the findings the reviewer dismissed are dropped
    (`decisions` maps a finding key to accept | dismiss; an undecided finding stays)."""
    kept = [f for f in audit.get("findings") or [] if decisions.get(finding_key(f)) != "dismiss"]
    return {**audit, "findings": kept}
