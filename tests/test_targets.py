"""Target parsing, narrative and per-level targets, comparison: brief phrases, the real seeds, properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from expectations import expect
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.audit.compare import Change as TargetChange
from cascade.audit.compare import compare_targets
from cascade.model import Target
from cascade.parse.targets import (
    find_level_targets,
    find_targets,
    level_of_row,
    parse_target,
    states_target,
)

DATA = Path(__file__).resolve().parents[1] / "data"
BD_PARENT = DATA / "binh-dinh/2024/tinh-4935-QD-UBND.txt"
BD_CHILD = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"

RANK_CELL = (
    "Trong nhóm 20 địa phương dẫn đầu cả nước và nhóm 03 địa phương dẫn đầu khu vực Nam Trung bộ và Tây Nguyên"
)

# raw -> (kind, value, upper, comparator, unit)
PHRASES = [
    ("100%", "percent", 100, None, "=", "%"),
    ("80%", "percent", 80, None, "=", "%"),
    ("đạt 80%", "percent", 80, None, ">=", "%"),
    ("tối thiểu 80%", "percent", 80, None, ">=", "%"),
    ("Tối thiểu 80%", "percent", 80, None, ">=", "%"),
    ("ít nhất 50%", "percent", 50, None, ">=", "%"),
    ("từ 80% trở lên", "percent", 80, None, ">=", "%"),
    ("trên 90%", "percent", 90, None, ">", "%"),
    ("Phấn đấu 55%", "percent", 55, None, ">=", "%"),
    ("Phần đầu 55%", "percent", 55, None, ">=", "%"),  # the Sở child's typo
    ("phan dau 55 %", "percent", 55, None, ">=", "%"),
    ("95% - 100%", "percent", 95, 100, "range", "%"),
    ("95-100%", "percent", 95, 100, "range", "%"),
    ("Phấn đấu từ 95% -100% số hồ sơ TTHC được trả kết quả đúng hạn", "percent", 95, 100, "range", "%"),
    ("0,5%", "percent", 0.5, None, "=", "%"),
    ("99.5%", "percent", 99.5, None, "=", "%"),
    ("Hoàn thành 100% Kế hoạch.", "percent", 100, None, "=", "%"),
    ("tối đa là 15 phút/01 lần giao dịch", "count", 15, None, "<=", "phút"),
    ("02 cơ quan HCNN", "count", 2, None, "=", "cơ quan HCNN"),
    ("213 cơ quan", "count", 213, None, "=", "cơ quan"),
    ("10 đơn vị", "count", 10, None, "=", "đơn vị"),
    ("tối thiểu 01 sáng kiến", "count", 1, None, ">=", "sáng kiến"),
    ("1.600 hồ sơ", "count", 1600, None, "=", "hồ sơ"),
    ("tăng 2 bậc", "rank", 2, None, "=", "bậc"),
    ("phấn đấu tăng từ 02 bậc trở lên so với năm 2021", "rank", 2, None, ">=", "bậc"),
    (RANK_CELL, "rank", 20, None, "<=", "địa phương"),
    ("Trong nhóm tốt các cơ quan chuyên môn thuộc tỉnh", "qualitative", None, None, "=", "tốt"),
    ("ở mức tốt", "qualitative", None, None, "=", "tốt"),
    ("đạt mức khá trở lên", "qualitative", None, None, ">=", "khá"),
    ("Ở MỨC TỐT", "qualitative", None, None, "=", "TỐT"),
    ("Hoàn thành chỉ tiêu theo Kế hoạch của UBND tỉnh về việc tiếp tục sắp xếp", "completion", None, None, "=", None),
    ("Hoàn thành các chỉ tiêu đề ra theo Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh", "completion",
     None, None, "=", None),
    # no target: years, document numbers, dates, section numbers, bare numbers
    ("năm 2024", "unknown", None, None, "=", None),
    ("76/NQ-CP", "unknown", None, None, "=", None),
    ("ngày 14/9/2023", "unknown", None, None, "=", None),
    ("7.4", "unknown", None, None, "=", None),
    ("Sở Nội vụ", "unknown", None, None, "=", None),
]


@pytest.mark.parametrize("raw,kind,value,upper,comparator,unit", PHRASES)
def test_phrase(raw, kind, value, upper, comparator, unit):
    t = parse_target(raw)
    assert t is not None
    assert (t.kind, t.value, t.upper, t.comparator, t.unit) == (kind, value, upper, comparator, unit)


def test_rank_cell_has_region_extra():
    t = parse_target(RANK_CELL)
    assert (t.value, t.scope) == (20, "cả nước")
    assert len(t.extra) == 1
    x = t.extra[0]
    assert (x.kind, x.value, x.scope) == ("rank", 3, "khu vực Nam Trung bộ và Tây Nguyên")


def test_qualitative_keeps_scope_and_completion_names_the_act():
    t = parse_target("Trong nhóm tốt các cơ quan chuyên môn thuộc tỉnh")
    assert t.scope == "các cơ quan chuyên môn thuộc tỉnh"
    t = parse_target("Hoàn thành các chỉ tiêu đề ra theo Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh")
    assert t.scope == "Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh"


@pytest.mark.parametrize("raw", [None, "", "  ", "\n", "-"])
def test_empty_cells_are_none(raw):
    assert parse_target(raw) is None


# ---------------------------------------------------------------- the seeds' indicator tables


def _bd_parent_indicators() -> dict[str, str]:
    """Target cells of PHỤ LỤC 1 by STT; "-" sub-rows are keyed "7.3-1", "7.3-2" … under their parent row."""
    lines = BD_PARENT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("STT | Chỉ tiêu"))
    end = next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC 2"))
    out: dict[str, str] = {}
    current, sub = "", 0
    for line in lines[start + 2 : end]:
        cells = [c.strip() for c in line.split(" | ")]
        if re.fullmatch(r"\d+(\.\d+)?", cells[0]):
            current, sub = cells[0], 0
            if len(cells) >= 3:
                out[current] = cells[2]
        elif cells[0].startswith("- ") and len(cells) >= 2:
            sub += 1
            out[f"{current}-{sub}"] = cells[1].rstrip("|").strip()
            out[f"{current}-{sub}-label"] = cells[0]
    return out


def _bd_child_indicators() -> dict[str, str]:
    lines = BD_CHILD.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC I"))
    end = next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC II"))
    out: dict[str, str] = {}
    current, sub = "", 0
    for line in lines[start:end]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3:
            continue
        if re.fullmatch(r"\d+(\.\d+)?", cells[0]):
            current, sub = cells[0], 0
            out[current] = cells[2]
        elif not cells[0] and cells[1].startswith("<i>- "):
            sub += 1
            out[f"{current}-{sub}"] = cells[2]
    return out


def test_binh_dinh_parent_indicator_values():
    cells = _bd_parent_indicators()
    t = parse_target(cells["3.2"])
    assert (t.kind, t.value) == ("percent", 80)
    assert [parse_target(cells[f"7.4-{i}"]).value for i in (1, 2, 3, 4)] == [55, 60, 100, 100]
    t = parse_target(cells["1.1"])
    assert (t.kind, t.value, t.extra[0].value) == ("rank", 20, 3)
    t = parse_target(cells["1.5"])
    assert (t.kind, t.value, t.scope, t.extra[0].value) == ("rank", 25, "cả nước", 5)
    assert parse_target(cells["4"]).kind == "completion"
    assert parse_target(cells["6.1"]).kind == "completion"
    assert parse_target(cells["2"]).value == 100
    assert parse_target(cells["7.2"]).value == 10
    # 7.3 gives one value per level
    per_level = {level_of_row(cells[f"7.3-{i}-label"]): parse_target(cells[f"7.3-{i}"]).value for i in (1, 2, 3)}
    assert per_level == {"so": 90, "huyen": 80, "xa": 60}


def test_binh_dinh_child_indicator_values():
    cells = _bd_child_indicators()
    t = parse_target(cells["1.1"])
    assert (t.kind, t.unit, t.scope) == ("qualitative", "tốt", "các cơ quan chuyên môn thuộc tỉnh")
    assert parse_target(cells["3.2"]).value == 80
    assert parse_target(cells["7.2"]).value == 90
    assert [parse_target(cells[f"7.3-{i}"]).value for i in (1, 2, 3, 4)] == [55, 60, 100, 100]
    assert parse_target(cells["1.2"]) is None  # blank target cell


@pytest.mark.parametrize(
    "parent_no,child_no,verdict",
    [
        ("1.1", "1.1", "qualitative_change"),  # province ranking -> "nhóm tốt" of the departments: a level adaptation
        ("3.2", "3.2", "same"),
        ("3.3", "3.3", "same"),
        ("7.3-1", "7.2", "same"),  # the department takes the sở value 90%
        ("7.3-2", "7.2", "stronger"),
        ("7.4-1", "7.3-1", "same"),
        ("4", "4", "same"),  # completion on both sides
        ("1.2", "1.2", "not_comparable"),  # no parent target
    ],
)
def test_binh_dinh_indicator_pairs(parent_no, child_no, verdict):
    p = parse_target(_bd_parent_indicators()[parent_no])
    c = parse_target(_bd_child_indicators()[child_no])
    assert compare_targets(p, c).verdict == verdict


# ---------------------------------------------------------------- narrative targets


def test_find_targets_brief_example():
    text = (
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC) đạt 80%; "
        "tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%."
    )
    found = find_targets(text)
    assert [(t.kind, t.value, t.comparator) for t in found] == [("percent", 80, ">="), ("percent", 100, ">=")]
    assert found[0].raw.startswith("Tỷ lệ số hóa hồ sơ")
    assert found[1].raw == "tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%"


def _section(path: Path, start: str, end: str) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    i = next(k for k, line in enumerate(lines) if line.startswith(start))
    j = next(k for k, line in enumerate(lines) if k > i and line.startswith(end))
    return lines[i + 1 : j]


def test_find_targets_binh_dinh_parent_chi_tieu():
    lines = _section(BD_PARENT, "2. Chỉ tiêu cụ thể", "(Các chỉ tiêu cụ thể")
    found = [find_targets(line) for line in lines]
    assert [len(f) for f in found] == [1, 1, 1, 6, 1, 2, 1, 4]
    a = found[0][0]
    assert (a.kind, a.value, a.scope, a.extra[0].value) == ("rank", 20, "cả nước", 3)
    assert [t.value for t in found[3]] == [80, 100, 100, 55, 60, 50]
    assert found[4][0].kind == "completion"
    assert [t.value for t in found[7]] == [10, 90, 80, 60]


def test_find_targets_child_typo_and_level_words():
    lines = _section(BD_CHILD, "2. Chỉ tiêu cụ thể", "(Các chỉ tiêu cụ thể")
    a = find_targets(lines[0])  # "a) Phần đầu năm 2024, … ở mức tốt."
    assert [(t.kind, t.unit) for t in a] == [("qualitative", "tốt")]
    d = find_targets(lines[3])
    assert [(t.value, t.comparator) for t in d] == [(80, ">="), (100, ">="), (100, "="), (55, ">="), (60, ">="),
                                                   (50, ">=")]
    assert "Phần đầu" in d[3].raw


def test_find_targets_ignores_years_document_numbers_dates_and_sections():
    lines = _section(BD_PARENT, "1. Mục đích", "II. MỤC TIÊU, CHỈ TIÊU")
    assert any(re.search(r"\d{2,}/", line) for line in lines)  # the lines do hold numbers
    assert [t for line in lines for t in find_targets(line)] == []
    text = (
        "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, mục 3.2 của Kế hoạch 153/KH- UBND "
        "ngày 07/9/2023; giai đoạn 2021 - 2030, năm 2024, 6 lĩnh vực."
    )
    assert find_targets(text) == []


def test_find_targets_yen_bai_mixed_targets():
    lines = YEN_BAI.read_text(encoding="utf-8").splitlines()
    found = find_targets(next(line for line in lines if "tăng từ 02 bậc" in line))
    assert [(t.kind, t.value, t.comparator, t.unit) for t in found] == [
        ("rank", 2, ">=", "bậc"),
        ("percent", 90, ">", "%"),
        ("percent", 50, "=", "%"),
    ]
    g = find_targets(next(line for line in lines if line.startswith("g) Tăng năng suất")))
    assert [(t.value, t.unit, t.comparator) for t in g] == [
        (1600, "hồ sơ", "="),
        (1200, "hồ sơ", "="),
        (800, "hồ sơ", "="),
        (15, "phút", "<="),
        (30, "phút", ">="),
    ]


YEN_BAI = DATA / "yen-bai/2022/tinh-271-KH-UBND.txt"


# ---------------------------------------------------------------- per-level targets


def _levels(text: str) -> list[tuple[str, float]]:
    return [(lt.level, lt.target.value) for lt in find_level_targets(text)]


def test_level_targets_binh_dinh():
    line = next(line for line in BD_PARENT.read_text(encoding="utf-8").splitlines() if "Đạt 90% hồ sơ" in line)
    found = find_level_targets(line)
    assert [(lt.level, lt.target.value) for lt in found] == [("so", 90), ("huyen", 80), ("xa", 60)]
    assert found[0].label == "hồ sơ công việc tại cơ quan cấp tỉnh"
    assert found[0].target.comparator == ">="
    # the sentence before it ("ít nhất 10% đơn vị hành chính cấp xã") is a single value, not a per-level row
    assert _levels("Mỗi đơn vị cấp huyện xây dựng ít nhất 10% đơn vị hành chính cấp xã chuyển đổi số.") == []


def test_level_targets_hai_duong_draft():
    text = (DATA / "hai-duong/2024/tinh-du-thao-KH-UBND.txt").read_text(encoding="utf-8")
    assert _levels(text) == [("so", 85), ("huyen", 75), ("xa", 65)]


def test_level_targets_gia_lai():
    text = (DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt").read_text(encoding="utf-8")
    found = _levels(text)
    assert len(found) == expect("gia-lai-2024-tinh", "level_target_sentences")
    assert set(found) == {("so", 95), ("huyen", 80), ("xa", 60)}


def test_level_targets_yen_bai_label_before_value():
    lines = YEN_BAI.read_text(encoding="utf-8").splitlines()
    d = next(line for line in lines if line.startswith("d) Tỷ lệ hồ sơ công việc"))
    assert _levels(d) == [("so", 84), ("huyen", 68), ("xa", 42)]
    e = next(line for line in lines if line.startswith("e) Tỷ lệ hồ sơ thủ tục hành chính"))
    assert _levels(e) == [("so", 50), ("huyen", 40), ("xa", 35)]
    assert [lt.label for lt in find_level_targets(e)] == ["cấp tỉnh", "cấp huyện", "cấp xã"]


@pytest.mark.parametrize(
    "label,level",
    [
        ("- Các sở, ngành và tương đương thuộc Ủy ban nhân dân tỉnh", "so"),
        ("- Các phòng, ban và tương đương thuộc Ủy ban nhân dân các huyện, thị xã, thành phố.", "huyen"),
        ("- Ủy ban nhân dân các xã, phường, thị trấn.", "xa"),
        ("UBND cấp huyện", "huyen"),
        ("cac so, nganh", "so"),
        ("Cơ quan chuyên môn cấp tỉnh", "so"),
        ("Chỉ số cải cách hành chính", None),
        ("", None),
    ],
)
def test_level_of_row(label, level):
    assert level_of_row(label) == level


# ---------------------------------------------------------------- comparison rules


def _c(parent: str | None, child: str | None) -> TargetChange:
    return compare_targets(parse_target(parent), parse_target(child))


@pytest.mark.parametrize(
    "parent,child,verdict",
    [
        ("90%", "80%", "weakened"),
        ("80%", "90%", "stronger"),
        ("80%", "80%", "same"),
        ("tối thiểu 80%", "80%", "same"),
        ("80%", "đạt 80%", "same"),
        ("95% - 100%", "90%", "weakened"),
        ("95% - 100%", "95%", "same"),
        ("95% - 100%", "100%", "stronger"),
        ("90%", "85% - 100%", "weakened"),
        ("0,5%", "0,4%", "weakened"),
        ("213 cơ quan", "200 cơ quan", "weakened"),
        ("10 đơn vị", "12 đơn vị", "stronger"),
        ("10 đơn vị", "10 cơ quan", "not_comparable"),
        ("tối đa 15 phút", "20 phút", "weakened"),
        ("tối đa 15 phút", "10 phút", "stronger"),
        ("Trong nhóm 20 địa phương dẫn đầu cả nước", "Trong nhóm 25 địa phương dẫn đầu cả nước", "weakened"),
        ("Trong nhóm 25 địa phương dẫn đầu cả nước", "Trong nhóm 20 địa phương dẫn đầu cả nước", "stronger"),
        (RANK_CELL, RANK_CELL, "same"),
        ("tăng 2 bậc", "tăng 1 bậc", "weakened"),
        ("tăng 2 bậc", "tăng 3 bậc", "stronger"),
        ("tăng 2 bậc", RANK_CELL, "not_comparable"),
        (RANK_CELL, "ở mức tốt", "qualitative_change"),
        (RANK_CELL, "Trong nhóm tốt các cơ quan chuyên môn thuộc tỉnh", "qualitative_change"),
        ("ở mức tốt", "ở mức khá", "weakened"),
        ("ở mức khá", "ở mức tốt", "stronger"),
        ("ở mức tốt", "ở mức tốt", "same"),
        ("Hoàn thành chỉ tiêu theo Kế hoạch của UBND tỉnh", "100%", "qualitative_change"),
        ("100%", "Hoàn thành chỉ tiêu theo Kế hoạch của UBND tỉnh", "qualitative_change"),
        ("80%", "213 cơ quan", "not_comparable"),
        ("80%", None, "missing"),
        ("80%", "Phòng Tổ chức cán bộ", "missing"),
        (RANK_CELL, None, "missing"),
        ("ở mức tốt", None, "not_comparable"),
        (None, "80%", "not_comparable"),
    ],
)
def test_compare_rules(parent, child, verdict):
    assert _c(parent, child).verdict == verdict


def test_reasons_vietnamese():
    assert _c("90%", "80%").reason_vi == "chỉ tiêu giảm từ 90% xuống 80%"
    assert _c("80%", "90%").reason_vi == "chỉ tiêu tăng từ 80% lên 90%"
    assert _c("0,5%", "0,4%").reason_vi == "chỉ tiêu giảm từ 0,5% xuống 0,4%"
    assert "nhóm 25" in _c("Trong nhóm 20 địa phương dẫn đầu", "Trong nhóm 25 địa phương dẫn đầu").reason_vi
    assert "ở mức tốt" in _c(RANK_CELL, "ở mức tốt").reason_vi
    assert "80%" in _c("80%", None).reason_vi


def test_compare_never_weakens_a_kind_change():
    kinds = [RANK_CELL, "ở mức tốt", "Hoàn thành chỉ tiêu theo Kế hoạch", "80%", "10 đơn vị", "tăng 2 bậc"]
    for p in kinds:
        for c in kinds:
            if parse_target(p).kind != parse_target(c).kind:
                assert _c(p, c).verdict != "weakened", (p, c)


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_parsers_never_raise_and_are_deterministic(text):
    assert parse_target(text) == parse_target(text)
    assert find_targets(text) == find_targets(text)
    assert find_level_targets(text) == find_level_targets(text)
    level_of_row(text)


_VOCAB = st.sampled_from(
    ["đạt", "tối thiểu", "%", "80", "0,5", "1.600", "-", "nhóm", "20", "địa phương dẫn đầu", "cả nước", "và", "bậc",
     "tăng", "mức tốt", "cấp tỉnh", "cấp huyện", "cấp xã", ";", ".", "cơ quan", "76/NQ-CP", "năm 2024", "\n"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_VOCAB, max_size=12))
def test_vocabulary_soup_never_raises(words):
    text = " ".join(words)
    t = parse_target(text)
    for x in find_targets(text) + ([t] if t else []):
        assert x.kind in ("percent", "count", "rank", "qualitative", "completion", "unknown")
    for lt in find_level_targets(text):
        assert lt.level in ("so", "huyen", "xa", "phong")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1000), st.integers(0, 1000))
def test_lower_percent_is_weakened(a, b):
    pa, pb = parse_target(f"{a / 10:g}%".replace(".", ",")), parse_target(f"{b / 10:g}%".replace(".", ","))
    verdict = compare_targets(pa, pb).verdict
    if a > b:
        assert verdict == "weakened"
        assert compare_targets(pb, pa).verdict == "stronger"
    elif a == b:
        assert verdict == "same"


def test_compare_accepts_hand_built_targets():
    p = Target(raw="x", kind="percent", value=90, unit="%")
    c = Target(raw="y", kind="percent", value=85, comparator=">=", unit="%")
    assert compare_targets(p, c).verdict == "weakened"


@pytest.mark.parametrize("text,expected", [
    ("Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng tại cấp tỉnh 84%, cấp huyện 68%", True),
    ("30% cán bộ, công chức, viên chức được tập huấn, bồi dưỡng kỹ năng số cơ bản", True),
    ("Phấn đấu 100% thủ tục hành chính được công khai đầy đủ", True),
    ("Phần đầu 95% hồ sơ được giải quyết đúng hạn", True),  # the seeds' typo
    ("Tiếp tục triển khai 100% thủ tục hành chính có đủ điều kiện", False),  # opens with an action
    ("Tỷ lệ giải quyết hồ sơ đúng hạn được nâng cao", False),  # no target stated
    ("2024 là năm tăng tốc", False),  # a year is not a target
])
def test_states_target(text, expected):
    assert states_target(text) is expected
