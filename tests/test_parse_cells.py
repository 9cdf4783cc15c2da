"""Cells of flattened task tables: which line is a deadline."""

from __future__ import annotations


def test_a_dated_line_naming_its_deliverable_is_a_deadline_line() -> None:
    from cascade.parse.cells import dated_line

    assert dated_line("- Ban hành Kế hoạch theo dõi thi hành pháp luật trước ngày 30/01/2024.")
    assert dated_line("- Báo cáo kết quả chậm nhất ngày 10/12/2024.")
    assert not dated_line("- Kế hoạch theo dõi thi hành pháp luật của tỉnh.")


def test_gia_lai_task_2_keeps_the_date_of_its_first_deliverable() -> None:
    from pathlib import Path

    from cascade.parse import parse_file

    plan = parse_file(Path(__file__).resolve().parents[1] / "data/gia-lai/2024/tinh-3638-KH-UBND.txt")
    task = plan.item("task:2")
    assert task.deadline is not None and task.deadline.end == "2024-01-30"
    assert "trước ngày 30/01/2024" in task.deadline.raw and "trước ngày 30/01/2024" not in (task.product or "")


def test_recurring_deadlines_compare_by_how_often_they_are_due() -> None:
    from cascade.audit.compare import compare_deadlines
    from cascade.parse.deadlines import parse_deadline

    less_often = compare_deadlines(parse_deadline("Trước ngày 22 của tháng cuối quý", 2022),
                                   parse_deadline("Định kỳ 6 tháng, năm", 2022))
    assert less_often.verdict == "weakened" and "từ hằng quý" in less_often.reason_vi
    assert compare_deadlines(parse_deadline("Định kỳ 6 tháng, năm", 2022),
                             parse_deadline("Hằng quý", 2022)).verdict == "same"
    # ongoing work done only twice a year is done less often
    assert compare_deadlines(parse_deadline("Thường xuyên", 2022),
                             parse_deadline("Định kỳ 6 tháng một lần", 2022)).verdict == "weakened"
    # a stale year left in "Thường xuyên trong năm 2020" of a 2022 plan is still recurring work
    assert compare_deadlines(parse_deadline("Thường xuyên trong năm 2020", 2022),
                             parse_deadline("Thường xuyên trong năm 2022", 2022)).verdict == "same"
