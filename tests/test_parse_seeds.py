"""The parser on the five real seed plans (issue: read real plan documents into a faithful plan model)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from expectations import expect

from cascade.parse import parse_file

DATA = Path(__file__).resolve().parents[1] / "data"
BD_TINH = DATA / "binh-dinh/2024/tinh-4935-QD-UBND.txt"
BD_SNN = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"
YEN_BAI = DATA / "yen-bai/2022/tinh-271-KH-UBND.txt"
GIA_LAI = DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt"
HAI_DUONG = DATA / "hai-duong/2024/tinh-du-thao-KH-UBND.txt"


@pytest.fixture(scope="module")
def bd():
    return parse_file(BD_TINH)


@pytest.fixture(scope="module")
def snn():
    return parse_file(BD_SNN)


def _tasks(plan):
    return [it for it in plan.items if it.kind == "task"]


def test_binh_dinh_metadata(bd):
    assert bd.number == "4935/QĐ-UBND"
    assert bd.date == "2023-12-29"
    assert bd.level == "tinh"
    assert bd.year == 2024
    assert bd.doc_type == "Quyết định ban hành Kế hoạch"
    assert bd.agency == "Ủy ban nhân dân tỉnh Bình Định"
    assert {"76/NQ-CP", "131/NQ-CP"} <= {c.number for c in bd.citations}


def test_binh_dinh_tasks(bd):
    tasks = _tasks(bd)
    labels = [t.label for t in tasks]
    assert labels == expect("binh-dinh-2024-tinh", "task_labels")
    assert len({t.section for t in tasks}) == expect("binh-dinh-2024-tinh", "task_sections")
    for t in tasks:
        assert t.lead, t.label
        assert t.product, t.label
    by = {t.label: t for t in tasks}
    assert by["23"].deadline.raw == "Tháng 2"
    assert by["23"].section == "cong_vu"
    assert by["20"].lead == ["Các sở, ngành, địa phương"]
    assert by["20"].partners == ["Sở Nội vụ"]
    assert by["18"].deadline.kind == "dependent"
    assert by["1.1"].parent == by["1"].id


def test_binh_dinh_indicators(bd):
    ind = {it.label: it for it in bd.items if it.kind == "indicator" and it.source.table is not None and it.label}
    assert ind["1"].group and ind["7"].group
    assert ind["3.2"].target.value == 80
    lv = {lt.level: lt.target.value for lt in ind["7.3"].level_targets}
    assert lv == {"so": 90, "huyen": 80, "xa": 60}
    subs = [it for it in bd.items if it.parent == ind["7.4"].id]
    assert [s.target.value for s in subs] == [55, 60, 100, 100]
    # merged target cell of 1.1 carries down to 1.2–1.4 (rank group 20)
    assert ind["1.2"].target.kind == "rank" and ind["1.2"].target.value == 20
    assert ind["7.2"].section == "chinh_quyen_so"


def test_binh_dinh_narrative(bd):
    # the bullets of the reform areas; the duties of "V. Tổ chức thực hiện" are counted apart
    dirs = [it for it in bd.items if it.kind == "directive" and it.section != "to_chuc_thuc_hien"]
    assert len(dirs) == expect("binh-dinh-2024-tinh", "directives_outside_organisation")
    assert sum(1 for it in bd.items if it.section == "to_chuc_thuc_hien") == expect("binh-dinh-2024-tinh",
                                                                                       "organisation_duties")
    assert Counter(d.section for d in dirs)["tthc"] == expect("binh-dinh-2024-tinh", "tthc_directives")
    narrative_ind = [it for it in bd.items if it.kind == "indicator" and it.source.table is None]
    assert [i.label for i in narrative_ind] == expect("binh-dinh-2024-tinh", "narrative_indicator_labels")
    g = narrative_ind[-1]
    assert {lt.level for lt in g.level_targets} == {"so", "huyen", "xa"}


def test_so_nnptnt(snn):
    assert snn.level == "so"
    assert snn.agency == "Sở Nông nghiệp và Phát triển nông thôn"
    assert snn.number is None and any("chưa có số" in w for w in snn.warnings)
    assert "4935/QĐ-UBND" in {c.number for c in snn.citations}
    tasks = _tasks(snn)
    assert [t.label for t in tasks] == expect("binh-dinh-2024-so-nnptnt", "task_labels")
    t4 = next(t for t in tasks if t.label == "4")
    # the cell continues after the page break and the repeated header
    assert t4.text.endswith("nước trên địa bàn tỉnh Bình Định”.")
    assert t4.deadline.raw == "Theo Kế hoạch của UBND tỉnh"
    ind = {it.label: it for it in snn.items if it.kind == "indicator" and it.source.table is not None and it.label}
    assert ind["7.2"].target.value == 90
    assert ind["1.5"].text == "Chỉ số Chuyên đổi số (DTI)"
    # typo "Phần đầu" still read as a target
    first = next(it for it in snn.items if it.kind == "indicator" and it.source.table is None)
    assert first.text.startswith("Phần đầu") and first.target is not None


def test_yen_bai_areas_without_headings():
    yb = parse_file(YEN_BAI)
    assert yb.number == "271/KH-UBND" and yb.year == 2022 and yb.level == "tinh"
    tasks = [t for t in _tasks(yb) if t.parent is None]
    by_area = Counter(t.section for t in tasks)
    assert by_area == expect("yen-bai-2022-tinh", "top_tasks_by_area")
    # numbering restarts per area, ids stay unique
    assert len({t.id for t in yb.items}) == len(yb.items)
    # the duplicated opening passage is read once
    assert sum(1 for it in yb.items if it.text.startswith("Ban hành Kế hoạch triển khai công tác CCHC năm 2022")) == 1
    assert any("lặp lại" in w for w in yb.warnings)


def test_gia_lai_task_table():
    gl = parse_file(GIA_LAI)
    assert gl.number == "3638/KH-UBND" and gl.date == "2023-12-26" and gl.year == 2024
    tasks = _tasks(gl)
    assert [t.label for t in tasks] == [str(n) for n in range(1, expect("gia-lai-2024-tinh", "tasks") + 1)]
    assert len({t.section for t in tasks}) == expect("gia-lai-2024-tinh", "task_sections")
    for t in tasks:
        assert t.objective, t.label
        assert t.activities, t.label
        assert t.deadline is not None, t.label
    t15 = next(t for t in tasks if t.label == "15")
    assert t15.objective.startswith("16.")  # STT 16 is the objective of task 15


def test_hai_duong_narrative_targets():
    hd = parse_file(HAI_DUONG)
    assert hd.level == "tinh" and hd.year == 2024
    ind = [it for it in hd.items if it.kind == "indicator"]
    dirs = [it for it in hd.items if it.kind == "directive"]
    assert len(ind) >= expect("hai-duong-2024-tinh-du-thao", "indicators_at_least")
    assert len(dirs) >= expect("hai-duong-2024-tinh-du-thao", "directives_at_least")
    per_level = next(it for it in ind if it.level_targets)
    assert {lt.level: lt.target.value for lt in per_level.level_targets} == {"so": 85, "huyen": 75, "xa": 65}


@pytest.mark.parametrize("path", [BD_TINH, BD_SNN, YEN_BAI, GIA_LAI, HAI_DUONG])
def test_ids_unique_and_stable(path):
    a, b = parse_file(path), parse_file(path)
    ids = [it.id for it in a.items]
    assert len(ids) == len(set(ids))
    assert ids == [it.id for it in b.items]
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize(
    ("title_agency", "agency"),
    [
        ("Thanh tra tỉnh", "Thanh tra tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Ban Dân tộc", "Ban Dân tộc"),
        ("Sở Tư pháp tỉnh Bình Định", "Sở Tư pháp"),
    ],
)
def test_department_named_in_title(title_agency: str, agency: str) -> None:
    from cascade.parse import parse_document
    from cascade.read.txt import read_text

    text = (f"Số: 12/KH-X\nBình Định, ngày 05 tháng 01 năm 2024\nKẾ HOẠCH\nCải cách hành chính năm 2024 của "
            f"{title_agency}\nIII. NHIỆM VỤ\n1. Cải cách thể chế\na) Rà soát văn bản quy phạm pháp luật.\n")
    plan = parse_document(read_text(text, "x.txt"))
    assert (plan.agency, plan.level, plan.year) == (agency, "so", 2024)


def _sub_blocks(path: Path) -> dict[int, str]:
    """Line number → "indicator"/"directive" for every bullet line printed under "a) Chỉ tiêu" / "b) Nhiệm vụ"."""
    out, mode = {}, None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        if s.startswith("a) Chỉ tiêu"):
            mode = "indicator"
        elif s.startswith("b) Nhiệm vụ"):
            mode = "directive"
        elif s[:1].isdigit() or s.startswith(("I", "V")) and ". " in s[:6]:
            mode = None
        elif mode and s.startswith("- "):  # other lines continue the bullet above ("+" sub-points, page breaks)
            out[n] = mode
    return out


def test_hai_duong_bullets_take_the_kind_of_their_sub_heading():
    # Issue 12 (7): under "a) Chỉ tiêu" every bullet is an indicator, under "b) Nhiệm vụ" a task bullet
    # (kind "directive" in cascade-audit/1: a narrative bullet of a tasks section).
    hd = parse_file(HAI_DUONG)
    by_line = {it.source.line: it.kind for it in hd.items}
    expected = _sub_blocks(HAI_DUONG)
    assert Counter(expected.values()) == {"indicator": expect("hai-duong-2024-tinh-du-thao", "bullets_under_chi_tieu"),
                                          "directive": expect("hai-duong-2024-tinh-du-thao", "bullets_under_nhiem_vu")}
    got = {n: by_line.get(n) for n in expected}
    assert got == expected


def test_yen_bai_target_bullets_are_indicators():
    # Issue 12 (7): the Yên Bái tasks section does not split chỉ tiêu from nhiệm vụ; a bullet that opens with the
    # measure and states a target is a chỉ tiêu, a bullet that opens with an action stays a task bullet.
    yb = parse_file(YEN_BAI)
    ind = {it.label: it for it in yb.items if it.kind == "indicator"}
    assert set(ind) == set(expect("yen-bai-2022-tinh", "indicator_labels")) and {it.section for it in ind.values()} == {"chinh_quyen_so"}
    assert {lt.level: lt.target.value for lt in ind["d"].level_targets} == {"so": 84, "huyen": 68, "xa": 42}
    assert ind["đ"].target.value == 30 and ind["e"].target.value == 50
    kept = [it for it in yb.items if it.kind == "directive" and it.section == "chinh_quyen_so"
            and it.text.startswith(("Tiếp tục triển khai 100%", "Nâng cao tỷ lệ trao đổi"))]
    assert len(kept) == 2


def test_gia_lai_targets_stated_in_task_rows():
    # Gia Lai states its targets inside task rows (no chỉ tiêu table): each such row carries its target.
    gl = parse_file(GIA_LAI)
    with_target = {t.label: t.target for t in _tasks(gl) if t.target is not None}
    assert set(with_target) == set(expect("gia-lai-2024-tinh", "task_labels_with_target"))
    assert (with_target["50"].value, with_target["50"].comparator) == (30, ">=")
    assert (with_target["51"].kind, with_target["51"].value) == ("count", 1)
