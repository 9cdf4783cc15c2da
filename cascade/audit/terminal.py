"""The short Vietnamese summary `cascade audit` prints on the terminal."""

from __future__ import annotations

from typing import Any

TYPE_VI = {
    "missing": "thiếu",
    "weakened_target": "chỉ tiêu thấp hơn",
    "weakened_deadline": "thời hạn muộn hơn",
    "weakened_wording": "lời văn nhẹ hơn",
    "narrowed": "thu hẹp phạm vi",
    "moved": "chuyển lĩnh vực",
    "renumbered": "đánh số lại",
    "added": "bổ sung",
    "deadline_dependent": "thời hạn phụ thuộc văn bản khác",
    "target_changed": "chỉ tiêu cần xem lại",
}
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
STATUS_VI = {"required": "bắt buộc", "advisory": "nên thể hiện", "not_applicable": "không áp dụng"}
VERDICT_VI = {"dat": "ĐẠT", "can_sua": "CẦN SỬA", "khong_lien_quan": "KHÔNG LIÊN QUAN"}


def render(summary: dict[str, Any], parent_name: str, child_name: str) -> str:
    """A few lines: verdict, score, counts by finding type and by severity."""
    counts = summary.get("counts", {})
    by_type = counts.get("by_type", {})
    by_sev = counts.get("by_severity", {})
    lines = [
        f"Kế hoạch cấp trên: {parent_name}",
        f"Kế hoạch cấp dưới: {child_name}",
        f"Kết luận: {VERDICT_VI.get(summary.get('verdict', ''), summary.get('verdict', ''))} — "
        f"{summary.get('verdict_text', '')}",
    ]
    if summary.get("related"):
        lines.append(f"Điểm tuân thủ: {summary.get('score')}/100; {summary.get('links', 0)} cặp nội dung được đối chiếu.")
        if by_type:
            lines.append("Phát hiện: " + ", ".join(f"{TYPE_VI.get(t, t)} {n}" for t, n in by_type.items()) + ".")
        lines.append("Mức độ: " + ", ".join(f"{SEVERITY_VI[s]} {by_sev.get(s, 0)}" for s in SEVERITY_VI) + ".")
        missing = counts.get("missing_by_applicability") or {}
        if missing:
            line = "Nội dung thiếu: " + ", ".join(f"{STATUS_VI[s]} {n}" for s, n in missing.items() if s in STATUS_VI)
            if counts.get("groups"):
                line += f" (các nội dung không bắt buộc được gộp thành {counts['groups']} nhóm theo lĩnh vực)"
            lines.append(line + ".")
    return "\n".join(lines)
