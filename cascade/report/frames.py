"""The audit as pandas tables with Vietnamese headers, shared by the workbook and the CSV export."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cascade.report.view import SEVERITY_RANK, ReportView, Row, build_view


def _raw(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("raw") or "")
    return "" if value is None else str(value)


def _value(ftype: str, value: Any, names: dict[str, str]) -> str:
    """A finding's before/after value as an official reads it: a moved item's reform-area key by its name."""
    raw = _raw(value)
    return names.get(raw, raw) if ftype == "moved" else raw


def _area_names(view: ReportView) -> dict[str, str]:
    names = {a.key: a.name for a in view.areas}
    names.update({c["area"]: c["area_name"] for c in view.coverage if c.get("area")})
    return names


def findings_frame(audit: dict[str, Any], view: ReportView | None = None) -> pd.DataFrame:
    """One row per finding, worst first; none when the audit could not judge the items (as in the report)."""
    view = view or build_view(audit)
    pitems = {it.get("id"): it for it in (audit.get("parent") or {}).get("items", [])}
    citems = {it.get("id"): it for it in (audit.get("child") or {}).get("items", [])}
    names = _area_names(view)
    records = []
    for f in (audit.get("findings") or []) if view.judged else []:
        p, c = pitems.get(f.get("parent"), {}), citems.get(f.get("child"), {})
        details = f.get("details") or {}
        sev, ftype = f.get("severity", ""), f.get("type", "")
        area = p.get("section") or c.get("section")
        records.append({
            "Mức độ": view.labels["severities"].get(sev, sev),
            "Loại phát hiện": view.labels["finding_types"].get(ftype, ftype),
            "Lĩnh vực": names.get(area, area or ""),
            "Số TT cấp trên": p.get("label") or "",
            "Nội dung cấp trên": p.get("text") or "",
            "Số TT cấp dưới": c.get("label") or "",
            "Nội dung cấp dưới": c.get("text") or "",
            "Giá trị cấp trên": _value(ftype, details.get("parent_value"), names),
            "Giá trị cấp dưới": _value(ftype, details.get("child_value"), names),
            "Áp dụng": view.labels["applicability"].get(details.get("status"), details.get("status") or ""),
            "Lý do": details.get("reason") or "",
            "Nhận xét": f.get("message") or "",
            "_rank": SEVERITY_RANK.get(sev, 9),
        })
    columns = ["Mức độ", "Loại phát hiện", "Lĩnh vực", "Số TT cấp trên", "Nội dung cấp trên", "Số TT cấp dưới",
               "Nội dung cấp dưới", "Giá trị cấp trên", "Giá trị cấp dưới", "Áp dụng", "Lý do", "Nhận xét"]
    frame = pd.DataFrame.from_records(records, columns=[*columns, "_rank"])
    frame = frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
    frame.insert(0, "STT", range(1, len(frame) + 1))
    return frame


def _row_records(row: Row, area_name: str, view: ReportView) -> list[dict[str, Any]]:
    p = row.item
    base = {
        "Lĩnh vực": area_name,
        "Loại": view.labels["kinds"].get(p.get("kind"), p.get("kind") or ""),
        "Số TT cấp trên": p.get("label") or "",
        "Nội dung cấp trên": p.get("text") or "",
        "Thời hạn cấp trên": _raw(p.get("deadline")),
        "Chỉ tiêu cấp trên": _raw(p.get("target")),
        "Áp dụng": row.status_vi,
        "Mức độ": view.labels["severities"].get(row.severity, "Phù hợp"),
        "Phát hiện": "; ".join(f.type_vi for f in row.findings),
    }
    empty_child = {"Số TT cấp dưới": "", "Nội dung cấp dưới": "", "Thời hạn cấp dưới": "", "Chỉ tiêu cấp dưới": "",
                   "Điểm liên kết": None, "Căn cứ ghép": ""}
    if not row.children:
        return [{**base, **empty_child}]
    return [{
        **base,
        "Số TT cấp dưới": c.item.get("label") or "",
        "Nội dung cấp dưới": c.item.get("text") or "",
        "Thời hạn cấp dưới": _raw(c.item.get("deadline")),
        "Chỉ tiêu cấp dưới": _raw(c.item.get("target")),
        "Điểm liên kết": round(float(c.score) * 100) if c.score is not None else None,
        "Căn cứ ghép": c.why or "",
    } for c in row.children]


ALIGNMENT_COLUMNS = ["Lĩnh vực", "Loại", "Số TT cấp trên", "Nội dung cấp trên", "Thời hạn cấp trên", "Chỉ tiêu cấp trên",
                     "Số TT cấp dưới", "Nội dung cấp dưới", "Thời hạn cấp dưới", "Chỉ tiêu cấp dưới", "Điểm liên kết",
                     "Căn cứ ghép", "Áp dụng", "Mức độ", "Phát hiện"]


def alignment_frame(audit: dict[str, Any], view: ReportView | None = None) -> pd.DataFrame:
    """One row per parent item and child item it is linked to; missing and not-applicable items get an empty child.

    Empty when the audit could not judge the items: rows of "Phù hợp" would read as compliance.
    """
    view = view or build_view(audit)
    records: list[dict[str, Any]] = []
    if not view.judged:
        return pd.DataFrame.from_records(records, columns=ALIGNMENT_COLUMNS)
    for area in view.areas:
        for row in area.rows:
            records.extend(_row_records(row, area.name, view))
    names = _area_names(view)
    for row in view.not_applicable:
        records.extend(_row_records(row, names.get(row.area, row.area), view))
    return pd.DataFrame.from_records(records, columns=ALIGNMENT_COLUMNS)


def summary_frame(audit: dict[str, Any], view: ReportView | None = None) -> pd.DataFrame:
    """Key facts as two columns: Mục, Giá trị."""
    view = view or build_view(audit)
    rows: list[tuple[str, Any]] = []
    for who, plan in (("cấp trên", view.parent), ("cấp dưới", view.child)):
        rows += [(f"Kế hoạch {who}: số, ký hiệu", plan.number), (f"Kế hoạch {who}: cơ quan", plan.agency),
                 (f"Kế hoạch {who}: cấp", plan.level), (f"Kế hoạch {who}: ngày", plan.date)]
    rows += [("Kết luận", view.verdict_vi), ("Nhận xét chung", view.conclusion)]
    rows += [("Lưu ý", note) for note in view.notes]
    if not view.judged:
        rows += [("Điểm tuân thủ (0–100)", "Không chấm điểm"),
                 ("Đã so sánh", f"{view.parent_items} nội dung cấp trên với {view.child_items} nội dung cấp dưới"
                                + (f"; {view.relatedness_reason}" if view.relatedness_reason else ""))]
        return pd.DataFrame(rows, columns=["Mục", "Giá trị"])
    rows += [("Điểm tuân thủ (0–100)", view.score), ("Cách tính điểm", view.score_method)]
    rows += [(f"Số phát hiện mức {name.lower()}", n) for _, name, n in view.counts_by_severity]
    rows += [(f"Số nội dung: {name[:1].lower() + name[1:]}", n) for _, name, n in view.counts_by_type]
    rows += [(f"Điểm cần sửa {k}", f"{p.severity_vi} — {p.ref}: {p.type_vi}" + (f" — {p.detail}" if p.detail else "")
              + (f" (“{p.text}”)" if p.text else "")) for k, p in enumerate(view.points, start=1)]
    return pd.DataFrame(rows, columns=["Mục", "Giá trị"])


def coverage_frame(audit: dict[str, Any], view: ReportView | None = None) -> pd.DataFrame:
    """Required / carried / missing per reform area."""
    view = view or build_view(audit)
    return pd.DataFrame(
        [(c.get("area_name"), c.get("required", 0), c.get("carried", 0), c.get("missing", 0)) for c in view.coverage],
        columns=["Lĩnh vực cải cách", "Phải thể hiện", "Đã thể hiện", "Còn thiếu"],
    )
