"""The audit summary: verdict, compliance score, counts and coverage per reform area."""

from __future__ import annotations

from collections import Counter

from cascade.audit.applicability import STATUSES, Applicability
from cascade.audit.grouping import Group
from cascade.audit.notes import PlanNote
from cascade.model import FINDING_TYPES, SEVERITIES, Finding, Link, Plan

# Deduction per finding on a parent obligation (an item counts at most once).
PENALTY = {"error": 1.0, "warning": 0.5, "info": 0.0}
SCORE_METHOD = (
    "Điểm = 100 × (số nội dung cấp trên áp dụng cho đơn vị − khấu trừ) / (số nội dung áp dụng); "
    "mỗi nội dung có lỗi (error) trừ 1, có cảnh báo (warning) trừ 0,5, tối đa trừ 1 cho mỗi nội dung; "
    "nội dung không áp dụng và tiêu đề nhóm không tính."
)
# Findings that call for a correction of the child plan.
TO_FIX = ("missing", "weakened_target", "weakened_deadline", "weakened_wording", "narrowed", "moved")


def _score(parent: Plan, findings: list[Finding], applicability: dict[str, Applicability]) -> int:
    applicable = [it.id for it in parent.items
                  if not it.group and applicability.get(it.id, Applicability("required", "")).status != "not_applicable"]
    if not applicable:
        return 100
    deduction: dict[str, float] = {}
    for f in findings:
        if f.parent in applicable:
            deduction[f.parent] = min(1.0, deduction.get(f.parent, 0.0) + PENALTY.get(f.severity, 0.0))
    return round(100 * max(0.0, len(applicable) - sum(deduction.values())) / len(applicable))


def _coverage(parent: Plan, links: list[Link], applicability: dict[str, Applicability],
              area_names: dict[str, str]) -> list[dict]:
    carried = {lk.parent for lk in links}
    areas = list(parent.areas) + sorted({it.section for it in parent.items if it.section} - set(parent.areas))
    rows = []
    for area in areas + [None]:
        items = [it for it in parent.items if it.section == area and not it.group
                 and applicability.get(it.id, Applicability("required", "")).status != "not_applicable"]
        if area is None and not items:
            continue
        n_carried = sum(1 for it in items if it.id in carried)
        rows.append({"area": area or "khac", "area_name": area_names.get(area or "", "Nội dung khác"),
                     "required": len(items), "carried": n_carried, "missing": len(items) - n_carried})
    return rows


def _missing_by_status(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.details.get("status", "required") for f in findings if f.type == "missing")
    return {s: counts[s] for s in STATUSES if counts[s]}


def _items_by_status(parent: Plan, applicability: dict[str, Applicability]) -> dict[str, int]:
    counts = Counter(applicability[it.id].status for it in parent.items if not it.group and it.id in applicability)
    return {s: counts[s] for s in STATUSES if counts[s]}


def build_summary(parent: Plan, child: Plan, links: list[Link], findings: list[Finding],
                  applicability: dict[str, Applicability], area_names: dict[str, str], *, related: bool,
                  relatedness: float, relatedness_reason: str, child_agency: str | None, child_level: str | None,
                  parent_level: str | None, notes: list[PlanNote] | None = None,
                  groups: list[Group] | None = None) -> dict:
    """The `summary` object of the cascade-audit/1 JSON (keys the report relies on).

    `notes` (checks on the pair as a whole) lead the verdict text; a blocking one keeps the verdict from "dat".
    """
    notes = [n for n in notes or [] if related or n.code != "other_year"]  # the reason already says the year
    groups = groups or []
    by_type = Counter(f.type for f in findings)
    # What an official reads: a group of missing bullets is one note, however many bullets it lists.
    reported = [f for f in findings if "group" not in f.details]
    by_sev = Counter([f.severity for f in reported] + [g.severity for g in groups])
    by_sev_items = Counter(f.severity for f in findings)
    types = list(FINDING_TYPES) + sorted(set(by_type) - set(FINDING_TYPES))
    to_fix = [f.severity for f in reported if f.type in TO_FIX and f.severity in ("error", "warning")]
    to_fix += [g.severity for g in groups if g.severity in ("error", "warning")]
    who = child_agency or "kế hoạch cấp dưới"
    if not related:
        verdict = "khong_lien_quan"
        text = (f"Hai văn bản có vẻ không liên quan ({relatedness_reason}): không đối chiếu từng nhiệm vụ. "
                "Kiểm tra lại kế hoạch cấp trên đã chọn.")
    elif to_fix:
        verdict = "can_sua"
        n_err = to_fix.count("error")
        text = (f"Cần sửa: {who} còn {n_err} lỗi và {len(to_fix) - n_err} cảnh báo "
                "(thiếu nhiệm vụ, chỉ tiêu thấp hơn, thời hạn muộn hơn hoặc lời văn nhẹ hơn kế hoạch cấp trên).")
    elif any(n.blocking for n in notes):
        verdict = "can_sua"
        text = f"Cần xem lại trước khi duyệt: {who} chưa thể đánh giá là đạt."
    else:
        verdict = "dat"
        text = f"Đạt: {who} thể hiện đầy đủ các nhiệm vụ, chỉ tiêu của kế hoạch cấp trên áp dụng cho đơn vị."
    if notes:
        text = " ".join(n.message for n in notes) + " " + text
    return {
        "verdict": verdict,
        "verdict_text": text,
        "notes": [{"code": n.code, "message": n.message} for n in notes],
        "score": _score(parent, findings, applicability) if related else 0,
        "score_method": SCORE_METHOD,
        "counts": {
            "by_type": {t: by_type[t] for t in types if by_type[t]},
            "by_severity": {s: by_sev[s] for s in SEVERITIES if by_sev[s]},
            "by_severity_items": {s: by_sev_items[s] for s in SEVERITIES if by_sev_items[s]},
            "missing_by_applicability": _missing_by_status(findings),
            "parent_items_by_applicability": _items_by_status(parent, applicability),
            "groups": len(groups),
        },
        "groups": [g.to_dict() for g in groups],
        "coverage": _coverage(parent, links, applicability, area_names) if related else [],
        "applicability": {k: {"status": v.status, "reason": v.reason} for k, v in applicability.items()},
        "child_agency": child_agency,
        "child_level": child_level,
        "parent_level": parent_level,
        "related": related,
        "relatedness": relatedness,
        "relatedness_reason": relatedness_reason,
        "links": len(links),
    }
