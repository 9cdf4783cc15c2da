"""The short Vietnamese summary `cascade audit` prints on the terminal.

Everything it says is read from the audit's `summary` (verdict, notes, score, counts): the terminal, the report,
the workbook and the letter tell the same story. Display words come from the one label table (cascade.vocab).
"""

from __future__ import annotations

from typing import Any

from cascade.vocab import Severity, label, table


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s  # keep acronyms ("PCI") as written


def render(summary: dict[str, Any], parent_name: str, child_name: str, *, parent_items: int | None = None,
           child_items: int | None = None) -> str:
    """A few lines: verdict and notes; then score, what to fix and counts, or — when the items were not judged —
    what was compared."""
    counts = summary.get("counts", {})
    verdict = summary.get("verdict", "")
    verdict_vi = summary.get("verdict_label") or label("verdicts", verdict)
    lines = [
        f"Kế hoạch cấp trên: {parent_name}",
        f"Kế hoạch cấp dưới: {child_name}",
        f"Kết luận: {verdict_vi.upper()} — {summary.get('conclusion') or summary.get('verdict_text', '')}",
    ]
    if "conclusion" in summary:  # older audits carry the notes inside verdict_text already
        lines += [f"Lưu ý: {n['message']}" for n in summary.get("notes") or []]
    if not summary.get("judged", summary.get("related")):
        compared = f"Đã so sánh: {parent_name} với {child_name}"
        if parent_items is not None and child_items is not None:
            compared += f" ({parent_items} và {child_items} nội dung)"
        reason = summary.get("relatedness_reason")
        lines.append(compared + (f"; {reason}." if reason else "."))
        return "\n".join(lines)
    by_sev = counts.get("by_severity", {})
    lines.append(f"Điểm tuân thủ: {summary.get('score')}/100; {summary.get('links', 0)} cặp nội dung được đối chiếu.")
    n_err, n_warn = by_sev.get("error", 0), by_sev.get("warning", 0)
    if n_err or n_warn:
        lines.append(f"Những điểm cần sửa: {n_err} lỗi, {n_warn} cảnh báo (xem báo cáo HTML hoặc văn bản góp ý).")
    by_type = counts.get("items_by_type", counts.get("by_type", {}))
    if by_type:
        lines.append("Phát hiện (số nội dung): " + ", ".join(
            f"{_lower_first(label('finding_types', t, t))} {n}" for t, n in by_type.items()) + ".")
    lines.append("Mức độ: " + ", ".join(f"{_lower_first(label('severities', s))} {by_sev.get(s, 0)}"
                                        for s in Severity) + ".")
    missing = counts.get("missing_by_applicability") or {}
    if missing:
        status_vi = table("applicability_phrases")  # in a sentence: "bắt buộc 3, nên thể hiện 2"
        line = "Nội dung thiếu: " + ", ".join(f"{status_vi[s]} {n}" for s, n in missing.items() if s in status_vi)
        if missing.get("not_applicable"):
            line += " (nội dung không áp dụng không tính là thiếu)"
        if counts.get("groups"):
            line += f"; các nội dung không bắt buộc được gộp thành {counts['groups']} nhóm theo lĩnh vực"
        lines.append(line + ".")
    return "\n".join(lines)
