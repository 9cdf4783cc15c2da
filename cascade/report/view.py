"""Turn a cascade-audit/1 dict into the rows every output shows (HTML, workbook, CSV, letter).

The verdict, the score, the counts and the list of points to fix are read from the audit's `summary`
(`cascade.audit.summary` computes them once); nothing here recounts them, so every output tells the same story.
The auditor may omit any optional key (an audit saved by an older version); everything here reads with `.get`
and falls back to something readable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.report.diff import Segment, word_diff
from cascade.report.labels import area_names, labels
from cascade.vocab import NOT_JUDGED, FindingType, Severity

SEVERITY_RANK = {s.value: k for k, s in enumerate(Severity)}  # worst first
NO_DEADLINE = "(không ghi thời hạn)"
# finding types whose before/after values are short enough to show as "cũ → mới"
CHANGE_TYPES = frozenset({FindingType.WEAKENED_TARGET, FindingType.WEAKENED_DEADLINE, FindingType.WEAKENED_WORDING,
                          FindingType.LEVEL_TARGET, FindingType.MOVED, FindingType.RENUMBERED})
OTHER_AREA = "_khac"


def _severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, 9)


def _finding_rank(f: FindingView) -> int:
    return SEVERITY_RANK.get(f.severity, 9)


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
    anchor: str = ""  # the HTML id the "Những điểm cần sửa" list links to
    # Worked out once from the findings and children (the report reads each several times per row; a row is not
    # changed once built):
    severities: list[str] = field(init=False)  # every severity among the findings (the filter matches any)
    severity: str = field(init=False)  # the worst of them, "ok" when there is none
    in_order: bool = field(init=False)  # nothing to fix on this row (no error, no warning)
    types: list[str] = field(init=False)  # the findings' types, sorted
    missing: bool = field(init=False)  # no child item carries the parent item

    def __post_init__(self) -> None:
        self.missing = not self.children
        if not self.findings:  # most rows
            self.severities, self.severity, self.in_order, self.types = [], "ok", True, []
            return
        sevs = {f.severity for f in self.findings}
        self.severities = sorted(sevs, key=_severity_rank)
        # min over the findings in their order (not over the set): equal ranks keep the first, as always
        self.severity = min((f.severity for f in self.findings), key=_severity_rank)
        self.in_order = "error" not in sevs and "warning" not in sevs
        self.types = sorted({f.type for f in self.findings})


@dataclass
class PointView:
    """One line of "Những điểm cần sửa": what to fix, linking to its row of the side-by-side table."""

    severity: str
    severity_vi: str
    type: str
    type_vi: str
    ref: str  # "Nhiệm vụ 16"
    text: str  # the parent item's text, shortened at a word
    detail: str  # "Thời hạn: Tháng 2 → Trong năm", a group's list, or the applicability reason
    anchor: str | None


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
    judged: bool = True
    conclusion: str = ""
    notes: list[str] = field(default_factory=list)
    points: list[PointView] = field(default_factory=list)
    relatedness_reason: str = ""
    parent_items: int = 0
    child_items: int = 0

    @property
    def rows(self) -> list[Row]:
        return [row for area in self.areas for row in area.rows]

    @property
    def points_by_severity(self) -> dict[str, int]:
        return {s: sum(1 for p in self.points if p.severity == s) for s in ("error", "warning")}

    def filter_counts(self) -> dict[str, int]:
        """Rows of the side-by-side table per finding type: what each type filter will show."""
        counts: Counter[str] = Counter()
        for row in self.rows:
            counts.update(set(row.types))
        return dict(counts)


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


def _is_deadline(value: Any) -> bool:
    """Whether a child's deadline cell holds a date at all: a product written in the deadline column
    ("Phần mềm quản lý dữ liệu TTHC của UBND tỉnh") is read as kind "unknown" and means no deadline was given."""
    return not (isinstance(value, dict) and value.get("kind") == "unknown")


def _finding_view(f: dict[str, Any], lab: dict[str, Any], child_item: dict[str, Any] | None = None,
                  area_names: dict[str, str] | None = None) -> FindingView:
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
        if ftype == "weakened_deadline" and child_item is not None and not _is_deadline(child_item.get("deadline")):
            view.after = NO_DEADLINE
        if ftype == "moved" and area_names:  # the values are reform-area keys: show their names
            view.before = area_names.get(view.before, view.before)
            view.after = area_names.get(view.after, view.after)
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
    findings = [_finding_view(f, lab, child_items.get(f.get("child") or ""), names) for f in audit.get("findings") or []]
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
    anchors: dict[str, str] = {}
    status_names = lab["applicability"]
    for item in parent.get("items", []):
        pid = item.get("id")
        row_findings = by_parent.get(pid)
        row_findings = sorted(row_findings, key=_finding_rank) if row_findings else []
        links = links_by_parent.get(pid, [])
        appl = applicability.get(pid) or {}
        status = appl.get("status") or next((f.status for f in row_findings if f.status), None) or "required"
        reason = appl.get("reason") or next((f.reason for f in row_findings if f.reason), None)
        # a heading row that only groups sub-rows says nothing on its own
        if item.get("group") and not links and not row_findings:
            continue
        cells = []
        for link in links:
            citem = child_items.get(link.get("child"), {"id": link.get("child"), "text": ""})
            p_seg, c_seg = word_diff(item.get("text", ""), citem.get("text", ""))
            cells.append(ChildCell(citem, link.get("score"), link.get("why"), c_seg, p_seg))
        area_key = item.get("section") or OTHER_AREA
        row = Row(item, area_key, cells, row_findings, status, status_names.get(status, status), reason,
                  anchor=f"dong-{len(anchors) + 1}")
        anchors[pid] = row.anchor
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
    # rows per finding type; an audit saved before the summary counted them: this table's rows, counted here
    by_type = counts.get("items_by_type")
    if by_type is None:
        by_type = Counter(t for area in areas.values() for row in area.rows for t in set(row.types))
        by_type["added"] = len(added)
    by_sev = counts.get("by_severity") or Counter(f.severity for f in findings)
    type_order = list(lab["finding_types"]) + sorted(set(by_type) - set(lab["finding_types"]))
    verdict = summary.get("verdict") or ""
    judged = summary.get("judged", summary.get("related", True) and verdict not in NOT_JUDGED)
    notes = [n.get("message", "") for n in summary.get("notes") or [] if n.get("message")]
    items = {it.get("id"): it for it in parent.get("items", [])}
    points = [_point_view(p, items, anchors, by_parent, summary, lab) for p in _points(summary, audit)] if judged else []
    return ReportView(
        parent=_plan_view(parent, lab),
        child=_plan_view(child, lab),
        verdict=verdict,
        verdict_vi=lab["verdicts"].get(verdict) or summary.get("verdict_label") or "Chưa kết luận",
        verdict_text=summary.get("verdict_text") or "",
        score=summary.get("score") if judged else None,
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
        judged=bool(judged),
        # an audit saved before the summary kept its conclusion apart shows its whole verdict text
        conclusion=summary.get("conclusion") or summary.get("verdict_text") or "",
        notes=notes if "conclusion" in summary else [],
        points=points,
        relatedness_reason=summary.get("relatedness_reason") or "",
        parent_items=len(parent.get("items") or []),
        child_items=len(child.get("items") or []),
    )


def _points(summary: dict[str, Any], audit: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary's points to fix; for an audit saved before it listed them, its error and warning findings
    (a group of missing bullets once), errors first."""
    if "points" in summary:
        return list(summary["points"])
    seen: set[str] = set()
    out = []
    for f in audit.get("findings") or []:
        if f.get("severity") not in ("error", "warning"):
            continue
        gid = (f.get("details") or {}).get("group")
        if gid:
            if gid in seen:
                continue
            seen.add(gid)
        out.append({"severity": f["severity"], "type": f.get("type"), "parent": f.get("parent"),
                    "child": f.get("child"), **({"group": gid} if gid else {})})
    return sorted(out, key=lambda p: SEVERITY_RANK[p["severity"]])


def shorten(text: str, limit: int = 110) -> str:
    """A text cut at a word boundary with an ellipsis, never mid-word."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–(")
    return cut + "…"


def _point_view(p: dict[str, Any], items: dict[str, Any], anchors: dict[str, str],
                by_parent: dict[str, list[FindingView]], summary: dict[str, Any], lab: dict[str, Any]) -> PointView:
    item = items.get(p.get("parent")) or {}
    ftype, sev = p.get("type") or "", p.get("severity") or "warning"
    kind = lab["kinds"].get(item.get("kind"), "Nội dung")
    ref = f"{kind} {item['label']}" if item.get("label") else kind
    detail = ""
    if p.get("group"):
        group = next((g for g in summary.get("groups") or [] if g.get("id") == p["group"]), {})
        n = len(group.get("parents") or [])
        ref = f"{n} nội dung" if n else ref
        item = {}  # the group's line names its area; quoting its first bullet would single one out
        detail = f"Lĩnh vực “{group.get('area_name') or ''}”: các nội dung {lab['applicability'].get(group.get('status'), '').lower()} chưa có trong dự thảo"
    else:
        f = next((f for f in by_parent.get(p.get("parent") or "", []) if f.type == ftype and f.child == p.get("child")
                  and f.severity == sev), None)
        if f is not None and f.field_vi:
            detail = f"{f.field_vi}: {f.before} → {f.after}"
        elif f is not None and ftype == "missing":
            detail = "Dự thảo chưa có nội dung tương ứng"
        elif f is not None:
            detail = shorten(f.message, 160)
    return PointView(sev, lab["severities"].get(sev, sev), ftype, lab["finding_types"].get(ftype, ftype), ref,
                     shorten(item.get("text") or ""), detail, anchors.get(p.get("parent") or ""))
