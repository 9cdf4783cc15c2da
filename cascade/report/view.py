"""Turn a cascade-audit/1 dict into the rows every output shows (HTML, workbook, CSV, letter).

The auditor may omit any optional key; everything here reads with `.get` and falls back to something readable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.report.diff import Segment, word_diff
from cascade.report.labels import area_names, labels

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
# finding types whose before/after values are short enough to show as "cũ → mới"
CHANGE_TYPES = ("weakened_target", "weakened_deadline", "weakened_wording", "level_target", "moved", "renumbered")
OTHER_AREA = "_khac"


@dataclass
class FindingView:
    type: str
    type_vi: str
    severity: str
    severity_vi: str
    message: str
    parent: str | None
    child: str | None
    field_vi: str | None = None  # "Thời hạn", when the finding has a short before/after
    before: str | None = None
    after: str | None = None
    status: str | None = None
    reason: str | None = None


@dataclass
class ChildCell:
    item: dict[str, Any]
    score: float | None
    why: str | None
    text_segments: list[Segment]
    parent_segments: list[Segment]


@dataclass
class Row:
    """One parent item and the child item(s) that carry it."""

    item: dict[str, Any]
    area: str
    children: list[ChildCell]
    findings: list[FindingView]
    status: str  # required | advisory | not_applicable
    status_vi: str
    reason: str | None

    @property
    def severity(self) -> str:
        """The worst severity among the row's findings, "ok" when there is none."""
        if not self.findings:
            return "ok"
        return min((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK.get(s, 9))

    @property
    def types(self) -> list[str]:
        return sorted({f.type for f in self.findings})

    @property
    def missing(self) -> bool:
        return not self.children


@dataclass
class AreaView:
    key: str
    name: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class PlanView:
    number: str
    agency: str
    level: str
    date: str
    title: str
    place: str | None
    year: int | None


@dataclass
class ReportView:
    parent: PlanView
    child: PlanView
    verdict: str
    verdict_vi: str
    verdict_text: str
    score: float | None
    score_method: str
    counts_by_type: list[tuple[str, str, int]]  # (type, Vietnamese name, count)
    counts_by_severity: list[tuple[str, str, int]]
    coverage: list[dict[str, Any]]
    areas: list[AreaView]
    not_applicable: list[Row]
    added: list[tuple[dict[str, Any] | None, FindingView]]
    labels: dict[str, Any]
    total_findings: int

    @property
    def rows(self) -> list[Row]:
        return [row for area in self.areas for row in area.rows]

    def required_revisions(self) -> list[Row]:
        """Rows with an error: what the drafting agency must change."""
        return [row for row in self.rows if row.severity == "error"]

    def advisory_revisions(self) -> list[Row]:
        return [row for row in self.rows if row.severity == "warning"]


def iso_to_vi(date: str | None) -> str:
    """"2023-12-29" → "29/12/2023"; anything else unchanged; empty when missing."""
    if not date:
        return ""
    parts = str(date).split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return str(date)


def _plan_view(plan: dict[str, Any], lab: dict[str, Any]) -> PlanView:
    return PlanView(
        number=plan.get("number") or "(chưa có số)",
        agency=plan.get("agency") or "(không rõ cơ quan)",
        level=lab["levels"].get(plan.get("level") or "", plan.get("level") or "(không rõ cấp)"),
        date=iso_to_vi(plan.get("date")) or "(chưa ghi ngày)",
        title=plan.get("title") or plan.get("doc_type") or "",
        place=plan.get("place"),
        year=plan.get("year"),
    )


def _finding_view(f: dict[str, Any], lab: dict[str, Any]) -> FindingView:
    details = f.get("details") or {}
    ftype, sev = f.get("type", ""), f.get("severity", "info")
    view = FindingView(
        type=ftype,
        type_vi=lab["finding_types"].get(ftype, ftype),
        severity=sev,
        severity_vi=lab["severities"].get(sev, sev),
        message=f.get("message") or "",
        parent=f.get("parent"),
        child=f.get("child"),
        status=details.get("status"),
        reason=details.get("reason"),
    )
    if ftype in CHANGE_TYPES and ("parent_value" in details or "child_value" in details):
        view.field_vi = lab["change_fields"].get(ftype, "Giá trị")
        view.before = _text(details.get("parent_value"))
        view.after = _text(details.get("child_value"))
    return view


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(không ghi)"
    if isinstance(value, dict):
        return str(value.get("raw") or value)
    return str(value)


def build_view(audit: dict[str, Any], template_dir: str | Path | None = None) -> ReportView:
    """Group the audit's parent items by reform area with their links and findings."""
    lab = labels(template_dir)
    parent, child = audit.get("parent") or {}, audit.get("child") or {}
    summary = audit.get("summary") or {}
    names = area_names()
    for cov in summary.get("coverage") or []:
        names.setdefault(cov.get("area"), cov.get("area_name") or cov.get("area"))
    child_items = {it["id"]: it for it in child.get("items", []) if "id" in it}
    findings = [_finding_view(f, lab) for f in audit.get("findings") or []]
    by_parent: dict[str, list[FindingView]] = {}
    for f in findings:
        if f.parent is not None:
            by_parent.setdefault(f.parent, []).append(f)
    links_by_parent: dict[str, list[dict[str, Any]]] = {}
    for link in audit.get("links") or []:
        links_by_parent.setdefault(link.get("parent"), []).append(link)
    applicability = summary.get("applicability") or {}

    areas: dict[str, AreaView] = {}
    not_applicable: list[Row] = []
    for item in parent.get("items", []):
        pid = item.get("id")
        row_findings = sorted(by_parent.get(pid, []), key=lambda f: SEVERITY_RANK.get(f.severity, 9))
        links = links_by_parent.get(pid, [])
        # a heading row that only groups sub-rows says nothing on its own
        if item.get("group") and not links and not row_findings:
            continue
        appl = applicability.get(pid) or {}
        status = appl.get("status") or next((f.status for f in row_findings if f.status), None) or "required"
        reason = appl.get("reason") or next((f.reason for f in row_findings if f.reason), None)
        cells = []
        for link in links:
            citem = child_items.get(link.get("child"), {"id": link.get("child"), "text": ""})
            p_seg, c_seg = word_diff(item.get("text", ""), citem.get("text", ""))
            cells.append(ChildCell(citem, link.get("score"), link.get("why"), c_seg, p_seg))
        area_key = item.get("section") or OTHER_AREA
        row = Row(item, area_key, cells, row_findings, status, lab["applicability"].get(status, status), reason)
        if status == "not_applicable" and not cells:
            not_applicable.append(row)
            continue
        if area_key not in areas:
            name = names.get(area_key) or item.get("section_title") or "Nội dung khác"
            areas[area_key] = AreaView(area_key, name)
        areas[area_key].rows.append(row)

    order = list(parent.get("areas") or []) + list(names)
    ordered = sorted(areas.values(), key=lambda a: order.index(a.key) if a.key in order else len(order))

    added = [(child_items.get(f.child or ""), f) for f in findings if f.parent is None]
    counts = summary.get("counts") or {}
    by_type = counts.get("by_type") or Counter(f.type for f in findings)
    by_sev = counts.get("by_severity") or Counter(f.severity for f in findings)
    type_order = list(lab["finding_types"]) + sorted(set(by_type) - set(lab["finding_types"]))
    verdict = summary.get("verdict") or ""
    return ReportView(
        parent=_plan_view(parent, lab),
        child=_plan_view(child, lab),
        verdict=verdict,
        verdict_vi=lab["verdicts"].get(verdict, verdict or "Chưa kết luận"),
        verdict_text=summary.get("verdict_text") or "",
        score=summary.get("score"),
        score_method=summary.get("score_method") or "",
        counts_by_type=[(t, lab["finding_types"].get(t, t), int(by_type.get(t, 0))) for t in type_order if by_type.get(t)],
        counts_by_severity=[(s, lab["severities"].get(s, s), int(by_sev.get(s, 0))) for s in SEVERITY_RANK],
        coverage=[{**c, "area_name": c.get("area_name") or names.get(c.get("area"), c.get("area"))}
                  for c in summary.get("coverage") or []],
        areas=ordered,
        not_applicable=not_applicable,
        added=added,
        labels=lab,
        total_findings=len(findings),
    )
