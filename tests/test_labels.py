"""The one label table (cascade/report/labels.py + templates/labels.yaml): every output takes its words from it."""

from __future__ import annotations

import pytest

from cascade.report.labels import (
    area_name,
    format_date,
    label,
    labels,
    level_name,
    level_phrase,
    shorten,
    table,
    unknown,
    yes_no,
)


@pytest.mark.parametrize(("value", "shown"), [
    ("2023-12-29", "29/12/2023"), ("2024-03", "03/2024"), (None, "chưa ghi ngày"), ("", "chưa ghi ngày"),
    ("Quý I/2024", "Quý I/2024"),
])
def test_dates_as_officials_write_them(value: str | None, shown: str) -> None:
    assert format_date(value) == shown


def test_levels_areas_and_unknowns_in_words() -> None:
    assert (level_name("so"), level_phrase("huyen"), level_name(None)) == ("Cấp sở", "cấp huyện", "chưa rõ cấp")
    assert area_name("the_che") == "Cải cách thể chế" and area_name(None) == "chưa rõ lĩnh vực"
    assert (unknown("number"), yes_no(True), yes_no(False)) == ("chưa có số", "Có", "Không")
    assert label("severities", "error") == "Lỗi" and label("severities", "nonsense") == "chưa rõ"  # never the key


def test_one_word_for_each_value_across_outputs() -> None:
    """The level names of messages (model.LEVEL_NAMES_VI), the batch's coverage words and the problems' titles
    are the table's; "target_changed" is "Chỉ tiêu cần xem lại" as the terminal says it."""
    from cascade.batch.matrix import STATUS_VI
    from cascade.hierarchy.problems import KINDS, Problem
    from cascade.model import LEVEL_NAMES_VI, LEVELS

    assert table("level_phrases") == LEVEL_NAMES_VI and set(LEVELS) <= set(table("levels"))
    assert table("coverage") == STATUS_VI
    assert {k: Problem(k, "").title for k in KINDS} == table("hierarchy_problems")
    assert label("finding_types", "target_changed") == "Chỉ tiêu cần xem lại"


def test_a_province_override_changes_one_entry(tmp_path) -> None:
    (tmp_path / "labels.yaml").write_text('severities:\n  warning: "Lưu ý"\n', encoding="utf-8")
    merged = labels(tmp_path)
    assert merged["severities"] == {"error": "Lỗi", "warning": "Lưu ý", "info": "Thông tin"}


@pytest.mark.parametrize("width", [10, 25, 40])
def test_shorten_cuts_at_a_word_boundary(width: int) -> None:
    text = "Tăng cường kỷ luật, kỷ cương hành chính và trách nhiệm nêu gương của người đứng đầu"
    cut = shorten(text, width)
    assert len(cut) <= width and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] in " ,"
    assert shorten("Ngắn", 10) == "Ngắn"


def test_the_report_and_the_lower_layers_read_one_table() -> None:
    """cascade.vocab reads the label file for the model and the audit; the report re-exports the same functions, so
    there is one loader and one set of words."""
    import cascade.report.labels as report_labels
    from cascade import vocab
    from cascade.audit.messages import kind_word, side

    assert report_labels.label is vocab.label and report_labels.table is vocab.table
    assert labels()["severities"] == vocab.table("severities")
    assert (side("so", "?"), side(None, "cấp trên"), kind_word("indicator"), kind_word("x")) == (
        "Sở", "cấp trên", "chỉ tiêu", "mục")
