"""The audit summary: verdict, compliance score, counts and coverage per reform area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cascade.audit.applicability import Applicability
from cascade.audit.grouping import Group
from cascade.audit.notes import PlanNote
from cascade.errors import CascadeError
from cascade.model import FINDING_TYPES, SEVERITIES, Finding, Link, Plan
from cascade.rules import RulePack, load_rules, rules_dir
from cascade.vocab import NOT_JUDGED as _NOT_JUDGED
from cascade.vocab import TO_FIX as _TO_FIX
from cascade.vocab import ApplicabilityStatus, Severity, Verdict, label

# Findings that call for a correction of the child plan (cascade.vocab.TO_FIX, in the contract's type order).
TO_FIX = tuple(t for t in FINDING_TYPES if t in _TO_FIX)
# Verdicts under which the items were not judged: no score, no item-by-item table in the reports.
NOT_JUDGED = tuple(v.value for v in Verdict if v in _NOT_JUDGED)
SEVERITY_ORDER = SEVERITIES
SCORING_FILE = "scoring.yaml"


@dataclass(frozen=True)
class Scoring:
    """The score's rule pack (`rules/scoring.yaml`): a deduction per severity, capped per parent item."""

    penalties: dict[str, float]
    max_per_item: float
    method: str  # the sentence every report prints under the score, the penalties filled in


def _number(value: object, key: str) -> float:
    if value is None:
        raise CascadeError(
            f"Tệp quy tắc {SCORING_FILE} thiếu khóa “{key}” (cần một số không âm).",
            detail_en=f"rule file {SCORING_FILE}: missing key '{key}' (expected a non-negative number)",
            path=str(rules_dir() / SCORING_FILE), code="rules")
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CascadeError(
            f"Tệp quy tắc {SCORING_FILE}: khóa “{key}” phải là một số không âm (có “{value}”).",
            detail_en=f"rule file {SCORING_FILE}: key '{key}' must be a non-negative number, not {value!r}",
            path=str(rules_dir() / SCORING_FILE), code="rules")
    return float(value)


def _vi_number(x: float) -> str:
    return f"{x:g}".replace(".", ",")  # 0.5 → "0,5", 1.0 → "1"


def validate_scoring(pack: RulePack) -> Scoring:
    """The checked scoring pack: a penalty for every severity, numbers where numbers belong, the method sentence."""
    section = pack.section("penalties")
    penalties = {s.value: _number(section.data.get(s.value), f"penalties.{s.value}") for s in Severity}
    cap = _number(pack.data.get("max_per_item"), "max_per_item")
    method = pack.string("method")
    try:
        method = method.format(error=_vi_number(penalties["error"]), warning=_vi_number(penalties["warning"]),
                               max=_vi_number(cap))
    except (KeyError, IndexError, ValueError) as exc:
        raise CascadeError(
            f"Tệp quy tắc {SCORING_FILE}: khóa “method” chỉ được dùng {{error}}, {{warning}}, {{max}} ({exc}).",
            detail_en=f"rule file {SCORING_FILE}: key 'method' has an unknown placeholder: {exc}",
            path=str(rules_dir() / SCORING_FILE), code="rules") from exc
    return Scoring(penalties, cap, method)


# The checked pack by the identity of the parsed file (kept alive beside it, so an id is never reused): checked once
# per file load_rules hands out, not once per audit, and again when a province's rules directory is loaded.
_CHECKED: dict[int, tuple[object, Scoring]] = {}


def scoring() -> Scoring:
    """The checked `rules/scoring.yaml` (read on first use, not at import)."""
    data = load_rules("scoring")
    hit = _CHECKED.get(id(data))
    if hit is None or hit[0] is not data:
        hit = (data, validate_scoring(RulePack("scoring", data)))
        _CHECKED[id(data)] = hit
    return hit[1]


def decide_verdict(*, related: bool, relatedness_reason: str, notes: list[PlanNote], errors: int, warnings: int,
                   who: str) -> tuple[str, str]:
    """The verdict code and its conclusion sentence (without the notes), the one definition every output reads.

    Unrelated plans and plan-level notes that make the comparison meaningless come first: the items are not judged.
    Then errors and warnings to fix, then a blocking note (no task table), else the plan passes.
    """
    if not related:
        return Verdict.KHONG_LIEN_QUAN.value, (f"Hai văn bản có vẻ không liên quan ({relatedness_reason}): không đối chiếu từng "
                                   "nhiệm vụ. Kiểm tra lại kế hoạch cấp trên đã chọn.")
    if any(n.suppresses for n in notes):
        return Verdict.KIEM_TRA_LAI.value, ("Chưa đánh giá từng nhiệm vụ, chỉ tiêu và không chấm điểm: cần xem lại hai tệp "
                                "đã chọn trước khi đối chiếu.")
    if errors or warnings:
        parts = [f"{n} {word}" for n, word in ((errors, "lỗi"), (warnings, "cảnh báo")) if n]
        need = "cần sửa" if errors else "cần xem xét"
        return Verdict.CAN_SUA.value, (f"{who} còn {' và '.join(parts)} {need} (thiếu nhiệm vụ, chỉ tiêu thấp hơn, thời hạn "
                           "muộn hơn hoặc lời văn nhẹ hơn kế hoạch cấp trên).")
    if any(n.blocking for n in notes):
        return Verdict.CAN_SUA.value, f"Cần xem lại trước khi duyệt: {who} chưa thể đánh giá là đạt."
    return Verdict.DAT.value, f"{who} thể hiện đầy đủ các nhiệm vụ, chỉ tiêu của kế hoạch cấp trên áp dụng cho đơn vị."


def in_table(*, group: bool, linked: bool, has_findings: bool, status: str) -> bool:
    """Whether a parent item is a row of the side-by-side table (the reports and `items_by_type` agree on it).

    A heading that only groups sub-rows says nothing on its own; an item that does not apply to the child and
    that it does not carry is listed apart ("Nội dung không áp dụng").
    """
    if group and not linked and not has_findings:
        return False
    return not (status == "not_applicable" and not linked)


def _score(parent: Plan, findings: list[Finding], applicability: dict[str, Applicability]) -> int:
    applicable = [it.id for it in parent.items
                  if not it.group and applicability.get(it.id, Applicability("required", "")).status != "not_applicable"]
    if not applicable:
        return 100
    rules = scoring()
    deduction: dict[str, float] = {}
    counted = set(applicable)
    for f in findings:
        if f.parent in counted:
            deduction[f.parent] = min(rules.max_per_item,
                                      deduction.get(f.parent, 0.0) + rules.penalties.get(f.severity, 0.0))
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
    return {s.value: counts[s] for s in ApplicabilityStatus if counts[s]}


def _items_by_status(parent: Plan, applicability: dict[str, Applicability]) -> dict[str, int]:
    counts = Counter(applicability[it.id].status for it in parent.items if not it.group and it.id in applicability)
    return {s.value: counts[s] for s in ApplicabilityStatus if counts[s]}


def _points(findings: list[Finding], groups: list[Group]) -> list[dict]:
    """What must be fixed, one entry per reported finding (a group of missing bullets once): errors, then warnings,
    each in the parent's order. The report's "Những điểm cần sửa" lists exactly these."""
    by_id = {g.id: g for g in groups}
    seen: set[str] = set()
    out: list[dict] = []
    for f in findings:
        if f.severity not in ("error", "warning"):
            continue
        gid = f.details.get("group")
        if gid in by_id:
            if gid in seen:
                continue
            seen.add(gid)
            g = by_id[gid]
            out.append({"severity": g.severity, "type": f.type, "parent": g.parents[0], "child": None, "group": gid})
            continue
        out.append({"severity": f.severity, "type": f.type, "parent": f.parent, "child": f.child})
    rank = {s: k for k, s in enumerate(SEVERITY_ORDER)}
    return sorted(out, key=lambda p: rank[p["severity"]])  # stable: document order within a severity


def _items_by_type(parent: Plan, links: list[Link], findings: list[Finding],
                   applicability: dict[str, Applicability], types: list[str]) -> dict[str, int]:
    """Per finding type, the rows of the side-by-side table that show it (added: the child's extra items)."""
    linked = {lk.parent for lk in links}
    with_findings: dict[str, set[str]] = {}
    for f in findings:
        if f.parent is not None:
            with_findings.setdefault(f.parent, set()).add(f.type)
    rows: Counter[str] = Counter()
    for it in parent.items:
        status = applicability.get(it.id, Applicability("required", "")).status
        types_here = with_findings.get(it.id)
        if types_here and in_table(group=it.group, linked=it.id in linked, has_findings=True, status=status):
            rows.update(types_here)
    rows["added"] = sum(1 for f in findings if f.type == "added")
    return {t: rows[t] for t in types if rows[t]}


def build_summary(parent: Plan, child: Plan, links: list[Link], findings: list[Finding],
                  applicability: dict[str, Applicability], area_names: dict[str, str], *, related: bool,
                  relatedness: float, relatedness_reason: str, child_agency: str | None, child_level: str | None,
                  parent_level: str | None, notes: list[PlanNote] | None = None,
                  groups: list[Group] | None = None) -> dict:
    """The `summary` object of the cascade-audit/1 JSON: computed once, read by every output.

    `notes` (checks on the pair as a whole) lead the verdict text and decide the verdict (`decide_verdict`).
    `points` is the list of what to fix; `counts.items_by_type` counts rows of the side-by-side table.
    """
    notes = list(notes or [])
    if not related:
        # the relatedness reason already says the year; a note on how items were compared does not apply
        notes = [n for n in notes if n.suppresses and n.code != "other_year"]
    groups = groups or []
    by_type = Counter(f.type for f in findings)
    # What an official reads: a group of missing bullets is one note, however many bullets it lists.
    reported = [f for f in findings if "group" not in f.details]
    by_sev = Counter([f.severity for f in reported] + [g.severity for g in groups])
    by_sev_items = Counter(f.severity for f in findings)
    types = list(FINDING_TYPES) + sorted(set(by_type) - set(FINDING_TYPES))
    to_fix = [f.severity for f in reported if f.type in TO_FIX and f.severity in ("error", "warning")]
    to_fix += [g.severity for g in groups if g.severity in ("error", "warning")]
    who = child_agency or "Kế hoạch cấp dưới"
    verdict, conclusion = decide_verdict(related=related, relatedness_reason=relatedness_reason, notes=notes,
                                         errors=to_fix.count("error"), warnings=to_fix.count("warning"), who=who)
    judged = verdict not in NOT_JUDGED
    text = " ".join([n.message for n in notes] + [conclusion])
    # For scripts (`cascade audit --fail-on`): a pair that could not be judged is as bad as an error.
    worst = "error" if not judged or any(n.blocking for n in notes) else next(
        (s for s in SEVERITY_ORDER if by_sev_items[s]), None)
    return {
        "verdict": verdict,
        "verdict_label": label("verdicts", verdict),
        "verdict_text": text,
        "conclusion": conclusion,
        "judged": judged,
        "worst_severity": worst,
        "notes": [{"code": n.code, "message": n.message, "blocking": n.blocking, "suppresses": n.suppresses}
                  for n in notes],
        "score": _score(parent, findings, applicability) if judged else None,
        "score_method": scoring().method,
        "points": _points(findings, groups) if judged else [],
        "counts": {
            "by_type": {t: by_type[t] for t in types if by_type[t]},
            "items_by_type": _items_by_type(parent, links, findings, applicability, types),
            "by_severity": {s: by_sev[s] for s in SEVERITIES if by_sev[s]},
            "by_severity_items": {s: by_sev_items[s] for s in SEVERITIES if by_sev_items[s]},
            "missing_by_applicability": _missing_by_status(findings),
            "parent_items_by_applicability": _items_by_status(parent, applicability),
            "groups": len(groups),
        },
        "groups": [g.to_dict() for g in groups],
        "coverage": _coverage(parent, links, applicability, area_names) if judged else [],
        "applicability": {k: {"status": v.status, "reason": v.reason} for k, v in applicability.items()},
        "child_agency": child_agency,
        "child_level": child_level,
        "parent_level": parent_level,
        "related": related,
        "relatedness": relatedness,
        "relatedness_reason": relatedness_reason,
        "links": len(links),
    }
