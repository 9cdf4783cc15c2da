"""The audit's steps in order: who the child is → applicability of each parent item → alignment → findings per
link, missing and added → sorted findings → grouped missing → summary.

`audit_plans(parent, child)` → `AuditResult`; `AuditResult.to_json()` is the `cascade-audit/1` object
(contract: ../shared/eval/README.md), byte-identical for the same inputs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.agencies import detect_child
from cascade.align import align
from cascade.audit import applicability as appl
from cascade.audit.applicability import Applicability
from cascade.audit.findings import Context, added_findings, link_findings, missing_findings
from cascade.audit.grouping import group_missing
from cascade.audit.notes import plan_notes
from cascade.audit.summary import build_summary
from cascade.model import FINDING_TYPES, Finding, Link, Plan
from cascade.rules import load_rules

SCHEMA = "cascade-audit/1"

@dataclass
class AuditResult:
    """Everything one audit found; `to_dict()` is the cascade-audit/1 object."""

    parent: Plan
    child: Plan
    links: list[Link]
    findings: list[Finding]
    summary: dict[str, Any]
    applicability: dict[str, Applicability] = field(default_factory=dict)

    def to_dict(self, parent_dict: dict[str, Any] | None = None) -> dict[str, Any]:
        """`parent_dict`: `self.parent.to_dict()` already made (a batch audits hundreds of children against one
        unchanged parent Plan and may make its dict once; it is put in as is, so it must not be changed later)."""
        return {
            "schema": SCHEMA,
            "parent": self.parent.to_dict() if parent_dict is None else parent_dict,
            "child": self.child.to_dict(),
            "links": [{"parent": lk.parent, "child": lk.child, "score": lk.score, "why": lk.why} for lk in self.links],
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary,
        }

    def to_json(self) -> str:
        """Sorted, stable JSON (UTF-8 text, not escaped): the same inputs give the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _area_names() -> dict[str, str]:
    return {a["key"]: a["name"] for a in load_rules("reform_areas").get("areas", [])}


def _sort_findings(findings: list[Finding], parent: Plan, child: Plan) -> list[Finding]:
    op = {it.id: it.order for it in parent.items}
    oc = {it.id: it.order for it in child.items}
    rank = {t: k for k, t in enumerate(FINDING_TYPES)}

    def key(f: Finding) -> tuple:
        return (f.parent is None, op.get(f.parent, 0), f.parent or "", oc.get(f.child, 0), f.child or "",
                rank.get(f.type, len(rank)), f.type, f.message)

    return sorted(findings, key=key)


def audit_plans(parent: Plan, child: Plan, agency: str | None = None, level: str | None = None) -> AuditResult:
    """Audit a child plan against its parent plan."""
    child_agency, child_level = detect_child(child, agency, level)
    parent_level = parent.level or "tinh"
    applicability = {it.id: appl.assess(it, child_agency, child_level, parent_level) for it in parent.items}
    names = _area_names()
    alignment = align(parent, child)
    ctx = Context(parent, child, child_level, parent_level, applicability, names,
                  tuple(p for p in (parent.place, child.place) if p))
    findings: list[Finding] = []
    if alignment.related:
        per_parent: dict[str, int] = {}
        for lk in alignment.links:
            per_parent[lk.parent] = per_parent.get(lk.parent, 0) + 1
        for lk in alignment.links:
            findings += link_findings(ctx, lk, split=per_parent[lk.parent] > 1)
        linked = {lk.parent for lk in alignment.links}
        # A bullet restating a table task is carried, or missing, with that task: report the task only.
        findings += [f for f in missing_findings(ctx, linked) if f.parent not in alignment.restated]
        findings += added_findings(ctx, {lk.child for lk in alignment.links})
    findings = _sort_findings(findings, parent, child)
    groups = group_missing(findings, parent, names, ctx.parent_side, ctx.child_side)
    summary = build_summary(parent, child, alignment.links, findings, applicability, names, groups=groups,
                            related=alignment.related, relatedness=alignment.relatedness,
                            relatedness_reason=alignment.relatedness_reason, child_agency=child_agency,
                            child_level=child_level, parent_level=parent_level,
                            notes=plan_notes(parent, child, child_level, parent_level))
    return AuditResult(parent, child, alignment.links, findings, summary, applicability)


def audit_files(parent_path: str | Path, child_path: str | Path, agency: str | None = None,
                level: str | None = None) -> AuditResult:
    """Read and parse both files, then audit (errors are CascadeError with a Vietnamese message)."""
    from cascade.parse import parse_file

    return audit_plans(parse_file(str(parent_path)), parse_file(str(child_path)), agency, level)
