"""Agency cells: splitting, groups, canonical names, levels, membership (cells as printed in the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.agencies import (
    AgencyRef,
    agency_in,
    agency_level,
    canonical_agency,
    find_agency_mentions,
    parse_agency_list,
    same_agency,
    split_agency_cell,
)
from cascade.model import LEVELS

DATA = Path(__file__).resolve().parent.parent / "data"


def _summary(cell: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.kind, r.canonical, tuple(sorted(r.levels))) for r in parse_agency_list(cell)]


CASES = {
    "Văn phòng UBND tỉnh và các sở, ban, ngành; UBND các huyện, thị xã, thành phố": [
        ("agency", "Văn phòng Ủy ban nhân dân tỉnh", ("so",)),
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
    ],
    "- Phòng Tổ chức cán bộ - Văn phòng Sở": [
        ("agency", "Phòng Tổ chức cán bộ", ("phong",)),
        ("agency", "Văn phòng Sở", ("phong",)),
    ],
    "Sở Nội vụ;": [("agency", "Sở Nội vụ", ("so",))],
    "Các sở, ban, ngành; UBND cấp huyện, cấp xã": [
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "UBND cấp xã", ("xa",)),
    ],
    "Bưu điện tỉnh, các sở, ngành thuộc tỉnh, UBND cấp huyện, cấp xã": [
        ("agency", "Bưu điện tỉnh", ()),
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "UBND cấp xã", ("xa",)),
    ],
    "Các cơ quan Trung ương đóng trên địa bàn tỉnh; Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; "
    "UBND cấp huyện, cấp xã": [
        ("group", "các cơ quan Trung ương đóng trên địa bàn tỉnh", ()),
        ("group", "các sở, ban, ngành", ("so",)),
        ("agency", "Ban Quản lý Khu kinh tế", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "UBND cấp xã", ("xa",)),
    ],
    "Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND, HĐND cấp huyện, cấp xã": [
        ("group", "các sở, ban, ngành", ("so",)),
        ("agency", "Ban Quản lý Khu kinh tế", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "UBND cấp xã", ("xa",)),
    ],
    "Các cơ quan, đơn vị thuộc và trực thuộc UBND tỉnh; các cơ quan liên quan": [
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "các cơ quan, đơn vị liên quan", ("huyen", "so")),
    ],
    "Các sở, ngành, địa phương": [("group", "các cơ quan, đơn vị, địa phương", ("huyen", "so", "xa"))],
    "Sở, ban, ngành tỉnh, UBND cấp huyện và các cơ quan, đơn vị liên quan": [
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "các cơ quan, đơn vị liên quan", ("huyen", "so")),
    ],
    "Các phòng chuyên môn, cơ quan, đơn vị thuộc Sở": [("group", "các phòng, đơn vị thuộc Sở", ("phong",))],
    # Gia Lai and Yên Bái cells
    "Sở Thông tin và Truyền thông, các sở, ban, ngành tỉnh; UBND thành phố Pleiku, UBND các huyện, thị xã, thành phố": [
        ("agency", "Sở Thông tin và Truyền thông", ("so",)),
        ("group", "các sở, ban, ngành", ("so",)),
        ("agency", "UBND thành phố Pleiku", ("huyen",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
    ],
    "Các sở, ban, ngành UBND cấp huyện UBND cấp xã": [
        ("group", "các sở, ban, ngành", ("so",)),
        ("group", "UBND các huyện, thị xã, thành phố", ("huyen",)),
        ("group", "UBND cấp xã", ("xa",)),
    ],
    "Sở Văn hóa - TT và Du lịch": [("agency", "Sở Văn hóa, Thể thao và Du lịch", ("so",))],
    "Sở Tư pháp; các cơ quan có liên quan theo chức năng, nhiệm vụ": [
        ("agency", "Sở Tư pháp", ("so",)),
        ("group", "các cơ quan, đơn vị liên quan", ("huyen", "so")),
    ],
    "Sở Thông tin và Truyền thông, Công an tỉnh và các đơn vị có liên quan": [
        ("agency", "Sở Thông tin và Truyền thông", ("so",)),
        ("agency", "Công an tỉnh", ()),
        ("group", "các cơ quan, đơn vị liên quan", ("huyen", "so")),
    ],
}


@pytest.mark.parametrize("cell", list(CASES))
def test_parse_agency_list(cell: str) -> None:
    assert _summary(cell) == CASES[cell]


def test_every_binh_dinh_cell_appears_in_the_seed() -> None:
    parent = (DATA / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt").read_text(encoding="utf-8")
    for cell in list(CASES)[:8]:
        if not cell.startswith("- Phòng"):
            assert cell in parent, cell


def test_refs_keep_the_text_as_printed_and_group_keys() -> None:
    refs = parse_agency_list("Văn phòng UBND tỉnh và các sở, ban, ngành; UBND các huyện, thị xã, thành phố")
    assert [r.text for r in refs] == ["Văn phòng UBND tỉnh", "các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
    assert [r.group for r in refs] == [None, "so_nganh", "huyen"]
    assert all(lv in LEVELS for r in refs for lv in r.levels)
    assert parse_agency_list("") == [] and parse_agency_list(" \n") == []
    # multi-line cells: one agency per line
    assert _summary("Sở Nội vụ\nSở Tài chính") == [("agency", "Sở Nội vụ", ("so",)), ("agency", "Sở Tài chính", ("so",))]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở Nội vụ tỉnh Bình Định", "Sở Nội vụ"),
        ("Sở Nôi vụ", "Sở Nội vụ"),  # typo
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("STTTT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường"),
        ("Ban Dân tộc tỉnh", "Ban Dân tộc"),
        ("UBND huyện Chư Sê", None),
        ("các sở, ban, ngành", None),
        ("", None),
    ],
)
def test_canonical_agency(name: str, canonical: str | None) -> None:
    assert canonical_agency(name) == canonical


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Sở Tư pháp", "so"),
        ("Sở Du lịch", "so"),  # not in the list: by its head word
        ("UBND huyện Chư Sê", "huyen"),
        ("Ủy ban nhân dân thị xã An Nhơn", "huyen"),
        ("UBND thành phố Pleiku", "huyen"),
        ("Phòng Nội vụ", "phong"),
        ("Phòng Tổ chức cán bộ", "phong"),
        ("Văn phòng Sở", "phong"),
        ("Chi cục Thủy lợi", "phong"),
        ("UBND xã Ia Pal", "xa"),
        ("Ủy ban nhân dân phường Trần Phú", "xa"),
        ("UBND thị trấn Chư Sê", "xa"),
        ("UBND tỉnh Gia Lai", "tinh"),
        ("Văn phòng UBND tỉnh", "so"),
        ("Công an tỉnh", None),
        ("Bưu điện tỉnh", None),
    ],
)
def test_agency_level(name: str, level: str | None) -> None:
    assert agency_level(name) == level


def test_same_agency() -> None:
    assert same_agency("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Định")
    assert same_agency("UBND huyện Chư Sê", "Ủy ban nhân dân huyện Chư Sê")
    assert same_agency("Ủy ban nhân dân huyện Chư Sê", "UBND huyen Chu Se")
    assert not same_agency("UBND huyện Chư Sê", "UBND huyện Ia Grai")
    assert not same_agency("Sở Nội vụ", "Sở Ngoại vụ")
    assert not same_agency("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường")
    assert not same_agency("", "Sở Nội vụ")


def test_agency_in() -> None:
    so_group, huyen_group, xa_group = parse_agency_list("Các sở, ban, ngành; UBND cấp huyện, cấp xã")
    snn = "Sở Nông nghiệp và Phát triển nông thôn"
    assert agency_in(so_group, snn, "so")
    assert not agency_in(huyen_group, snn, "so")
    assert agency_in(huyen_group, "UBND huyện Chư Sê", "huyen")
    assert agency_in(xa_group, "UBND xã Ia Pal", "xa")
    (snv,) = parse_agency_list("Sở Nội vụ;")
    assert agency_in(snv, "Sở Nội vụ tỉnh Bình Định", "so")
    assert not agency_in(snv, snn, "so")
    central = AgencyRef("Các cơ quan Trung ương", "các cơ quan Trung ương đóng trên địa bàn tỉnh", "group")
    assert not any(agency_in(central, snn, lv) for lv in LEVELS)


def test_mentions_in_free_text() -> None:
    text = ("Tăng cường ứng dụng công nghệ thông tin trong công tác theo dõi, đánh giá, công khai kết quả chỉ số cải "
            "cách hành chính của các sở, ngành, Ủy ban nhân dân cấp huyện, cấp xã.")
    assert [(r.group, r.text) for r in find_agency_mentions(text)] == [
        ("so_nganh", "các sở, ngành"), ("huyen", "Ủy ban nhân dân cấp huyện"), ("xa", "cấp xã")]
    # ordinary words are not agencies
    assert find_agency_mentions("Báo cáo kết quả thực hiện Kế hoạch") == []


@pytest.mark.parametrize(("cell", "names"), [
    ("Phòng Kế hoạch - Tổng hợp", ["Phòng Kế hoạch - Tổng hợp"]),
    ("Phòng Kế hoạch – Tổng hợp; Văn phòng Sở", ["Phòng Kế hoạch – Tổng hợp; Văn phòng Sở"]),
    ("Phòng Văn hóa - Thông tin", ["Phòng Văn hóa - Thông tin"]),
    ("Sở Nội vụ - Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Văn phòng HĐND - UBND huyện", ["Văn phòng HĐND - UBND huyện"]),
    ("Sở Nội vụ - UBND các huyện", ["Sở Nội vụ", "UBND các huyện"]),
    ("- Sở Nội vụ\n- Sở Tài chính", ["Sở Nội vụ", "Sở Tài chính"]),
])
def test_split_agency_cell_keeps_a_dash_inside_a_name(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


def test_hyphenated_agency_is_one_agency() -> None:
    # "tổng hợp" is a filler word in a cell, but after a name's own dash it is part of the name
    assert [r.canonical for r in parse_agency_list("Phòng Kế hoạch - Tổng hợp, Văn phòng Sở")] == [
        "Phòng Kế hoạch - Tổng hợp", "Văn phòng Sở"]
    assert [r.text for r in parse_agency_list("Sở Nội vụ - Sở Tư pháp")] == ["Sở Nội vụ", "Sở Tư pháp"]


def test_hyphenated_lead_of_the_binh_dinh_department_plan_is_kept_whole() -> None:
    from cascade.parse import parse_file

    plan = parse_file(Path(__file__).resolve().parent.parent / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt")
    leads = [name for it in plan.items for name in it.lead]
    assert "Phòng Kế hoạch - Tổng hợp" in leads
    assert "Tổng hợp" not in leads and "Phòng Kế hoạch" not in leads


def test_a_district_office_is_not_the_department_of_the_same_field() -> None:
    assert canonical_agency("Phòng Lao động - Thương binh và Xã hội") is None
    assert [r.canonical for r in parse_agency_list("Phòng Lao động - Thương binh và Xã hội")] == [
        "Phòng Lao động - Thương binh và Xã hội"]
