"""Narrative chỉ tiêu statements in a tasks section (issue 12, point 7) through the audit."""

from __future__ import annotations

from pathlib import Path

from cascade.align import restatements
from cascade.audit import audit_files
from cascade.parse import parse_file

KEYS = Path(__file__).resolve().parent / "keys"
YB = KEYS / "yenbai-huyen-2022"


def test_a_narrative_target_that_restates_a_table_row_goes_with_that_row():
    parent = parse_file(YB / "parent.txt")
    restated = restatements(parent)
    ind_d = next(it for it in parent.items if it.kind == "indicator" and it.label == "d")
    task = next(it for it in parent.items if it.id == restated.get(ind_d.id))
    # "d) Tỷ lệ hồ sơ công việc … cấp tỉnh 84%, cấp huyện 68%, cấp xã 42%" is appendix row G5 in prose.
    assert task.kind == "task" and task.section == "chinh_quyen_so" and "84%" in task.text


def test_the_district_carrying_the_row_is_not_told_the_restated_target_is_missing():
    result = audit_files(YB / "parent.txt", YB / "child.docx", level="huyen")
    parent = result.parent
    ind_d = next(it for it in parent.items if it.kind == "indicator" and it.label == "d")
    row = next(it for it in parent.items if it.id == restatements(parent)[ind_d.id])
    assert any(lk.parent == row.id for lk in result.links)  # the district's task 27 carries G5
    assert not [f for f in result.findings if f.type == "missing" and f.parent == ind_d.id]


def test_an_indicator_table_row_is_not_a_restatement():
    # Bình Định's PHỤ LỤC 1 rows name who monitors and who implements: obligations of their own.
    parent = parse_file(Path(__file__).resolve().parents[1] / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt")
    indicators = {it.id for it in parent.items if it.kind == "indicator"}
    assert indicators and not indicators & set(restatements(parent))


def test_bullets_after_chi_tieu_cu_the_are_indicators(tmp_path: Path) -> None:
    # "… Chỉ tiêu cụ thể:" closing an objectives paragraph announces the indicators below it, even those that open
    # with an action ("Hoàn thành 100% …") rather than the measure.
    plan = tmp_path / "huyen.txt"
    plan.write_text(
        "ỦY BAN NHÂN DÂN HUYỆN PHÙ CÁT\nSố: 12/KH-UBND\nPhù Cát, ngày 10 tháng 01 năm 2024\nKẾ HOẠCH\n"
        "Cải cách hành chính năm 2024 của Ủy ban nhân dân huyện Phù Cát\nI. MỤC TIÊU\n"
        "Nâng cao chất lượng phục vụ người dân, doanh nghiệp. Chỉ tiêu cụ thể:\n"
        "- Hoàn thành 100% kế hoạch kiểm tra công tác cải cách hành chính năm 2024.\n"
        "- Giải quyết đúng hạn 98% hồ sơ thủ tục hành chính.\n"
        "II. NHIỆM VỤ\n1. Cải cách thể chế\na) Rà soát văn bản quy phạm pháp luật do huyện ban hành.\n",
        encoding="utf-8")
    items = parse_file(plan).items
    assert [(it.kind, it.target.value if it.target else None) for it in items if it.kind == "indicator"] == [
        ("indicator", 100), ("indicator", 98)]
    assert [it.kind for it in items if it.text.startswith("Rà soát")] == ["directive"]
