"""Deadline parsing and comparison: every phrase of the brief, the real seed columns, and properties."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from expectations import expect
from hypothesis import given, settings
from hypothesis import strategies as st

from cascade.audit.compare import Change as DeadlineChange
from cascade.audit.compare import compare_deadlines
from cascade.model import Deadline
from cascade.parse.deadlines import parse_deadline

DATA = Path(__file__).resolve().parents[1] / "data"

# (cell, plan year) -> (kind, start, end, vague, depends_on)
PHRASES = [
    ("Tháng 1", 2024, "interval", "2024-01-01", "2024-01-31", False, None),
    ("Tháng 2", 2024, "interval", "2024-02-01", "2024-02-29", False, None),
    ("Tháng 12/2021", 2022, "interval", "2021-12-01", "2021-12-31", False, None),
    ("Trong tháng 12 năm 2024", None, "interval", "2024-12-01", "2024-12-31", False, None),
    ("Trong tháng 01 năm 2024", None, "interval", "2024-01-01", "2024-01-31", False, None),
    ("Ban hành Kế hoạch trong tháng 01/2024", None, "interval", "2024-01-01", "2024-01-31", False, None),
    ("Tháng 5/2022", None, "interval", "2022-05-01", "2022-05-31", False, None),
    ("Tháng 3 - đến tháng 11/2022", None, "interval", "2022-03-01", "2022-11-30", False, None),
    ("Quý I/2022", None, "interval", "2022-01-01", "2022-03-31", False, None),
    ("Quý I, II/2022", None, "interval", "2022-01-01", "2022-06-30", False, None),
    ("Quý I, III/2022", None, "interval", "2022-01-01", "2022-09-30", False, None),
    ("Quý III + Quý IV năm 2022", None, "interval", "2022-07-01", "2022-12-31", False, None),
    ("Trong Quý I năm 2024", None, "interval", "2024-01-01", "2024-03-31", False, None),
    ("Trong quý II năm 2024", None, "interval", "2024-04-01", "2024-06-30", False, None),
    ("Trong Quý I/2024", None, "interval", "2024-01-01", "2024-03-31", False, None),
    ("Trong Quý IV\nnăm 2024", None, "interval", "2024-10-01", "2024-12-31", False, None),
    ("Trước ngày 30/01/2024", None, "interval", "2024-01-01", "2024-01-30", False, None),
    ("Trước 28/02/2024", None, "interval", "2024-01-01", "2024-02-28", False, None),
    ("Trước ngày 05/01/2022", 2022, "interval", "2022-01-01", "2022-01-05", False, None),
    ("Báo cáo kết quả trước ngày 15/8/2024", None, "interval", "2024-01-01", "2024-08-15", False, None),
    ("- Báo cáo kết quả theo dõi thi hành pháp luật chậm nhất ngày 10/12/2024.", None, "interval",
     "2024-01-01", "2024-12-10", False, None),
    ("Trước ngày 15 tháng 8 năm 2024", None, "interval", "2024-01-01", "2024-08-15", False, None),
    ("6 tháng đầu năm", 2024, "interval", "2024-01-01", "2024-06-30", False, None),
    ("6 tháng cuối năm", 2024, "interval", "2024-07-01", "2024-12-31", False, None),
    ("Cả năm", 2024, "interval", "2024-01-01", "2024-12-31", True, None),
    ("Trong năm", 2024, "interval", "2024-01-01", "2024-12-31", True, None),
    ("Thực hiện trong năm", 2022, "interval", "2022-01-01", "2022-12-31", True, None),
    ("Năm 2022", None, "interval", "2022-01-01", "2022-12-31", True, None),
    ("Trong năm 2024", None, "interval", "2024-01-01", "2024-12-31", True, None),
    ("Năm 2024 và các năm tiếp theo", None, "interval", "2024-01-01", "2024-12-31", True, None),
    ("Thường xuyên trong năm 2022", None, "interval", "2022-01-01", "2022-12-31", True, None),
    ("Thường xuyên trong năm", 2022, "interval", "2022-01-01", "2022-12-31", True, None),
    ("Thường xuyên", 2022, "continuous", "2022-01-01", "2022-12-31", False, None),
    ("Thường xuyên", None, "continuous", None, None, False, None),
    ("Hằng quý", None, "continuous", None, None, False, None),
    ("Định kỳ", None, "continuous", None, None, False, None),
    ("hằng năm", None, "continuous", None, None, False, None),
    ("Lồng ghép trong báo cáo định kỳ CCHC", None, "continuous", None, None, False, None),
    ("Trước ngày 22 của tháng cuối quý", None, "continuous", None, None, False, None),
    ("Theo Kế hoạch của UBND tỉnh", 2024, "dependent", None, None, False, "Kế hoạch của UBND tỉnh"),
    ("Theo Quyết định của UBND tỉnh", 2024, "dependent", None, None, False, "Quyết định của UBND tỉnh"),
    ("Theo Chỉ thị của UBND tỉnh", 2024, "dependent", None, None, False, "Chỉ thị của UBND tỉnh"),
    ("Theo Kế hoạch", 2024, "dependent", None, None, False, "Kế hoạch"),
    ("Theo hướng dẫn của Trung ương", 2024, "dependent", None, None, False, "hướng dẫn của Trung ương"),
    ("Sau khi có hướng dẫn …", 2024, "dependent", None, None, False, "hướng dẫn …"),
    ("Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp trên", 2024, "dependent", None, None,
     False, "thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp trên"),
    ("Sau khi ủy ban Thường vụ Quốc hội thông qua Nghị quyết", 2024, "dependent", None, None, False,
     "ủy ban Thường vụ Quốc hội thông qua Nghị quyết"),
    ("Sau khi UBND tỉnh ban hành kế hoạch thực hiện", 2024, "dependent", None, None, False,
     "UBND tỉnh ban hành kế hoạch thực hiện"),
    ("Tháng 12/2021 sau khi Bộ Nội vụ triển khai", 2022, "interval", "2021-12-01", "2021-12-31", False,
     "Bộ Nội vụ triển khai"),
    ("Phần mềm quản lý dữ liệu TTHC của UBND tỉnh", 2024, "unknown", None, None, False, None),
    ("Sở Nội vụ", 2024, "unknown", None, None, False, None),
    # case, whitespace and diacritic typos
    ("thang 3", 2024, "interval", "2024-03-01", "2024-03-31", False, None),
    ("THÁNG   3", 2024, "interval", "2024-03-01", "2024-03-31", False, None),
    ("QUÝ I", 2024, "interval", "2024-01-01", "2024-03-31", False, None),
    ("quy iv/2024", None, "interval", "2024-10-01", "2024-12-31", False, None),
    ("ca nam", 2024, "interval", "2024-01-01", "2024-12-31", True, None),
    ("thuong xuyen", None, "continuous", None, None, False, None),
    ("theo ke hoach cua UBND tinh", None, "dependent", None, None, False, "ke hoach cua UBND tinh"),
    ("Tha\u0301ng 3", 2024, "interval", "2024-03-01", "2024-03-31", False, None),  # NFD input
]


@pytest.mark.parametrize("raw,year,kind,start,end,vague,depends_on", PHRASES)
def test_phrase(raw, year, kind, start, end, vague, depends_on):
    d = parse_deadline(raw, year)
    assert d is not None
    assert (d.kind, d.start, d.end, d.vague, d.depends_on) == (kind, start, end, vague, depends_on)


def test_month_without_year_keeps_kind_but_no_dates():
    d = parse_deadline("Tháng 3")
    assert (d.kind, d.start, d.end, d.vague) == ("interval", None, None, False)
    d = parse_deadline("Cả năm")
    assert (d.kind, d.start, d.vague) == ("interval", None, True)


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t", "|", "-"])
def test_empty_cells_are_none(raw):
    assert parse_deadline(raw, 2024) is None


def test_raw_is_collapsed_and_nfc():
    assert parse_deadline("  Trong Quý IV\n năm 2024 ", 2024).raw == "Trong Quý IV năm 2024"
    assert parse_deadline("Tha\u0301ng 3", 2024).raw == "Tháng 3"


# ---------------------------------------------------------------- the seeds' time columns


def _bd_parent_deadlines() -> dict[str, str]:
    lines = (DATA / "binh-dinh/2024/tinh-4935-QD-UBND.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TT | Nhiệm vụ"))
    out = {}
    for line in lines[start + 1 :]:
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) >= 6 and re.fullmatch(r"\d+(\.\d+)?", cells[0]):
            out[cells[0]] = cells[5].rstrip("|").strip()
    return out


def _bd_child_deadlines() -> dict[str, str]:
    lines = (DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("PHỤ LỤC II"))
    out = {}
    for line in lines[start:]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 6 and re.fullmatch(r"\d+(\.\d+)?", cells[0]):
            out[cells[0]] = cells[5]
    return out


def _yen_bai_deadlines() -> list[str]:
    """Last cell of each appendix row: the table is flattened one cell per line, rows end with a lone "|"."""
    lines = (DATA / "yen-bai/2022/tinh-271-KH-UBND.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Thời gian thực hiện"))
    rows, cells = [], []
    for line in lines[start + 1 :]:
        s = line.rstrip()
        if s == "|":
            if cells:
                rows.append(cells)
            cells = []
        else:
            cells.append(s[:-2] if s.endswith(" |") else s)
    return [r[-1] for r in rows if len(r) >= 5]


def _gia_lai_deadlines() -> list[str]:
    """Gia Lai's rows end with an empty "Kinh phí" cell (a no-break space): the time cell is the one before it."""
    lines = (DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "PHỤ LỤC")
    out = []
    for i in range(start, len(lines)):
        if "\u00a0" in lines[i] and not lines[i].strip():
            j = i - 1
            while not lines[j].strip():
                j -= 1
            out.append(lines[j])
    return out


def test_binh_dinh_parent_time_column():
    cells = _bd_parent_deadlines()
    assert len(cells) == expect("binh-dinh-2024-tinh", "time_cells")
    kinds = Counter(parse_deadline(v, 2024).kind for v in cells.values() if v)
    assert kinds == Counter(expect("binh-dinh-2024-tinh", "time_kinds"))
    assert parse_deadline(cells["3"], 2024).end == "2024-03-31"
    assert parse_deadline(cells["16"], 2024).start == "2024-11-01"
    assert parse_deadline(cells["17"], 2024).vague
    assert parse_deadline(cells["18"], 2024).depends_on == "Kế hoạch của UBND tỉnh"


def test_binh_dinh_child_time_column():
    cells = _bd_child_deadlines()
    assert len(cells) == expect("binh-dinh-2024-so-nnptnt", "time_cells")
    kinds = Counter(parse_deadline(v, 2024).kind for v in cells.values())
    assert kinds == Counter(expect("binh-dinh-2024-so-nnptnt", "time_kinds"))
    assert parse_deadline(cells["12"], 2024).kind == "unknown"  # a product name in the time column
    assert parse_deadline(cells["16"], 2024).vague  # "Trong năm"


@pytest.mark.parametrize(
    "parent_no,child_no,verdict",
    [
        ("3", "3", "weakened"),  # Truyền thông: Tháng 3 -> Cả năm
        ("23", "16", "weakened"),  # Kế hoạch đào tạo: Tháng 2 -> Trong năm
        ("16", "12", "missing"),  # công cụ quản lý dữ liệu TTHC: Tháng 11 -> product name
        ("8", "4", "dependent"),  # Tháng 3 -> Theo Kế hoạch của UBND tỉnh
        ("1", "1", "same"),  # Tháng 1 -> Tháng 1
        ("2", "2", "same"),  # Tháng 4 -> Tháng 4
        ("20", "14", "same"),  # Cả năm -> Cả năm
        ("18", "13", "dependent"),  # both Theo Kế hoạch của UBND tỉnh
        ("22", "15", "same"),  # Tháng 3 -> Tháng 3
    ],
)
def test_binh_dinh_pairs(parent_no, child_no, verdict):
    p = parse_deadline(_bd_parent_deadlines()[parent_no], 2024)
    c = parse_deadline(_bd_child_deadlines()[child_no], 2024)
    assert compare_deadlines(p, c).verdict == verdict


def test_yen_bai_time_column():
    cells = _yen_bai_deadlines()
    parsed = [parse_deadline(v, 2022) for v in cells]
    kinds = Counter(d.kind for d in parsed)
    # every row of the flattened table ends in a readable time
    assert len(cells) == expect("yen-bai-2022-tinh", "time_cells")
    assert kinds == Counter(expect("yen-bai-2022-tinh", "time_kinds"))
    by_raw = {d.raw: d for d in parsed}
    assert by_raw["Quý I, II/2022"].end == "2022-06-30"
    assert by_raw["Thường xuyên trong năm 2020"].start == "2020-01-01"  # printed so; kept, not corrected
    assert by_raw["Trước ngày 22 của tháng cuối quý"].kind == "continuous"
    assert by_raw["Theo hướng dẫn của cơ quan có thẩm quyền"].depends_on == "hướng dẫn của cơ quan có thẩm quyền"


def test_gia_lai_time_column():
    cells = [c for c in _gia_lai_deadlines() if len(c) < 200]
    parsed = {c: parse_deadline(c, 2024) for c in cells}
    times = {c: d for c, d in parsed.items() if d.kind != "unknown"}
    assert sum(1 for c in cells if c == "Năm 2024 và các năm tiếp theo") == expect("gia-lai-2024-tinh",
                                                                                   "time_cells_next_years")
    assert Counter(parsed[c].kind for c in cells) == Counter(expect("gia-lai-2024-tinh", "time_kinds"))
    assert {d.kind for d in times.values()} == {"interval", "dependent", "continuous"}
    assert parsed["Trong Quý I năm 2024"].end == "2024-03-31"
    assert parsed["Trước ngày 31/12/2023"].end == "2023-12-31"
    assert parsed["Sau khi có thông báo bằng văn bản của Bộ Tư pháp"].kind == "dependent"
    assert parsed["Lồng ghép trong báo cáo định kỳ CCHC"].kind == "continuous"
    unknown = sorted(c for c, d in parsed.items() if d.kind == "unknown")
    # only agency names and the signature block are left unread
    assert unknown and all(re.match(r"(Sở|Các sở|Gia Lai|Trương)", c) for c in unknown), unknown


def test_multi_line_gia_lai_cell():
    gl = (DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt").read_text(encoding="utf-8")
    m = re.search(r"Trong Quý IV\s*\n\s*năm 2024", gl)
    assert m, "the seed holds the multi-line cell"
    d = parse_deadline(m.group(0), 2024)
    assert (d.start, d.end) == ("2024-10-01", "2024-12-31")


# ---------------------------------------------------------------- comparison rules


def _c(parent: str | None, child: str | None, year: int | None = 2024) -> DeadlineChange:
    return compare_deadlines(parse_deadline(parent, year), parse_deadline(child, year))


@pytest.mark.parametrize(
    "parent,child,verdict",
    [
        ("Tháng 3", "Cả năm", "weakened"),
        ("Tháng 2", "Trong năm", "weakened"),
        ("Tháng 12", "Cả năm", "weakened"),  # same end, but vaguer
        ("Quý I/2024", "Trong năm 2024", "weakened"),
        ("Tháng 3", "Thường xuyên", "weakened"),
        ("Tháng 3", "Tháng 5", "weakened"),
        ("Quý I/2024", "Quý II/2024", "weakened"),
        ("Trước ngày 30/01/2024", "Tháng 2", "weakened"),
        ("Tháng 3", "Tháng 3", "same"),
        ("Quý I/2024", "Tháng 3", "same"),
        ("Tháng 3", "Tháng 1", "stronger"),
        ("Cả năm", "Tháng 6", "stronger"),
        ("Cả năm", "Cả năm", "same"),
        ("Cả năm", "Thường xuyên", "same"),
        ("Trong năm 2024", "Thường xuyên trong năm 2024", "same"),
        ("Tháng 3", "Theo Kế hoạch của UBND tỉnh", "dependent"),
        ("Theo Kế hoạch của UBND tỉnh", "Tháng 12", "not_comparable"),
        ("Theo Kế hoạch của UBND tỉnh", "Thường xuyên", "not_comparable"),
        ("Thường xuyên", "Cả năm", "same"),
        ("Thường xuyên", "Tháng 3", "same"),
        ("Hằng quý", "Thường xuyên", "same"),
        ("Tháng 11", "Phần mềm quản lý dữ liệu TTHC của UBND tỉnh", "missing"),
        ("Tháng 11", None, "missing"),
        ("Thường xuyên", None, "missing"),
        (None, "Tháng 3", "not_comparable"),
        ("Phần mềm quản lý", "Tháng 3", "not_comparable"),
    ],
)
def test_compare_rules(parent, child, verdict):
    assert _c(parent, child).verdict == verdict


def test_compare_without_plan_year_uses_month_order():
    assert _c("Tháng 2", "Trong năm", None).verdict == "weakened"
    assert _c("Tháng 5", "Tháng 3", None).verdict == "stronger"
    assert _c("Tháng 3", "Quý I", None).verdict == "same"


def test_compare_year_of_one_side_is_used_for_the_other():
    p = parse_deadline("Tháng 3/2024")
    assert compare_deadlines(p, parse_deadline("Tháng 5")).verdict == "weakened"
    assert compare_deadlines(p, parse_deadline("Tháng 1")).verdict == "stronger"


def test_reasons_are_vietnamese_and_quote_both():
    r = _c("Tháng 2", "Trong năm")
    assert r.reason_vi == "thời hạn lùi từ Tháng 2 sang Trong năm"
    assert "sớm hơn" in _c("Tháng 3", "Tháng 1").reason_vi
    assert "Phần mềm" in _c("Tháng 11", "Phần mềm quản lý dữ liệu TTHC").reason_vi
    assert "Kế hoạch của UBND tỉnh" in _c("Tháng 3", "Theo Kế hoạch của UBND tỉnh").reason_vi


def test_compare_accepts_hand_built_deadlines():
    p = Deadline(raw="x", kind="interval", start="2024-03-01", end="2024-03-31")
    c = Deadline(raw="y", kind="interval", start="2024-04-01", end="2024-04-30")
    assert compare_deadlines(p, c).verdict == "weakened"


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_never_raises_and_is_deterministic(text):
    a, b = parse_deadline(text, 2024), parse_deadline(text, 2024)
    assert a == b
    if a is not None:
        assert a.kind in ("interval", "continuous", "dependent", "unknown")
        if a.start:
            assert a.start <= a.end


_VOCAB = st.sampled_from(
    ["Tháng", "Quý", "I", "IV", "/", "năm", "2024", "Trước ngày", "31/12", "Theo", "sau khi", "Cả", "-", "đến",
     "13", "0", "99/99/2024", "29/02/2023", "thường xuyên", "\n", "  "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_VOCAB, max_size=8), st.one_of(st.none(), st.integers(1990, 2040)))
def test_parse_vocabulary_soup_never_raises(words, year):
    d = parse_deadline(" ".join(words), year)
    assert d is None or (d.start is None) == (d.end is None)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.one_of(st.none(), st.integers(2000, 2030)))
def test_later_month_is_weakened_earlier_is_stronger(m1, m2, year):
    if m1 == m2:
        assert compare_deadlines(parse_deadline(f"Tháng {m1}", year), parse_deadline(f"Tháng {m2}", year)).verdict == "same"
        return
    lo, hi = sorted((m1, m2))
    a, b = parse_deadline(f"Tháng {lo}", year), parse_deadline(f"Tháng {hi}", year)
    assert compare_deadlines(a, b).verdict == "weakened"
    assert compare_deadlines(b, a).verdict == "stronger"
