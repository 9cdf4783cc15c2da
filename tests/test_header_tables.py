"""The document header read from a two-column header table (.docx), side-by-side PDF lines and text renderings."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cascade.model import Plan
from cascade.parse import parse_file
from cascade.parse.header import bodies, parse_place_date
from cascade.parse.metadata import extract_metadata
from cascade.read import read_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
KEYS = ROOT / "tests" / "keys"
SHARED = ROOT.parent / "shared" / "eval"

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
BODY = [
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "Căn cứ Kế hoạch số 3638/KH-UBND ngày 26/12/2023 của Ủy ban nhân dân tỉnh Gia Lai;",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Triển khai thực hiện nghiêm túc kế hoạch của tỉnh.",
]


def _header_docx(path: Path, left: str, right: str, body: list[str] = BODY) -> Path:
    """A .docx whose header is a borderless two-column table, as official documents print it."""
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, (left, right), strict=True):
        lines = text.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for text in body:
        d.add_paragraph(text)
    d.save(path)
    return path


def _meta(path: Path) -> Plan:
    """The metadata alone: the fixtures hold a header and a few lines, too little for the parser to call a plan."""
    plan = Plan(path=str(path))
    extract_metadata(read_document(path), plan)
    return plan


# --- small fixtures -------------------------------------------------------------------------------------------------
def test_district_header_table(tmp_path):
    path = _header_docx(tmp_path / "huyen.docx", "ỦY BAN NHÂN DÂN\nHUYỆN VĂN YÊN\n-------\nSố: 35/KH-UBND",
                        MOTTO + "\nVăn Yên, ngày 10 tháng 01 năm 2022")
    plan = _meta(path)
    assert plan.agency == "Ủy ban nhân dân huyện Văn Yên"
    assert plan.level == "huyen"
    assert plan.number == "35/KH-UBND"
    assert plan.date == "2022-01-10"
    assert plan.place == "Văn Yên"
    assert plan.parent_body is None


def test_department_under_province(tmp_path):
    path = _header_docx(tmp_path / "so.docx", "UBND TỈNH BÌNH ĐỊNH\nSỞ TƯ PHÁP\nSố: 12/KH-STP",
                        MOTTO + "\nBình Định, ngày 05 tháng 01 năm 2024")
    plan = _meta(path)
    assert plan.agency == "Sở Tư pháp"
    assert plan.level == "so"
    assert plan.parent_body == "Ủy ban nhân dân tỉnh Bình Định"
    assert plan.number == "12/KH-STP"
    assert plan.date == "2024-01-05"
    assert plan.place == "Bình Định"


def test_department_without_place_takes_the_province(tmp_path):
    # no place-date line at all: the province above the Sở is its place
    path = _header_docx(tmp_path / "so.docx", "UBND TỈNH BÌNH ĐỊNH\nSỞ NÔNG NGHIỆP VÀ PTNT\nSố: 7/KH-SNN", MOTTO)
    plan = _meta(path)
    assert plan.agency == "Sở Nông nghiệp và Phát triển nông thôn"
    assert plan.level == "so"
    assert plan.place == "Bình Định"
    assert plan.date is None


def test_commune_header_table(tmp_path):
    path = _header_docx(tmp_path / "xa.docx", "ỦY BAN NHÂN DÂN\nXÃ AN THỊNH\nSố: 08/KH-UBND",
                        MOTTO + "\nAn Thịnh, ngày 17 tháng 01 năm 2022")
    plan = _meta(path)
    assert (plan.agency, plan.level, plan.number, plan.date, plan.place) == (
        "Ủy ban nhân dân xã An Thịnh", "xa", "08/KH-UBND", "2022-01-17", "An Thịnh")


@pytest.mark.parametrize("number", ["Số:       /KH-SNN", "Số: …/KH-SNN", "Số: .../KH-SNN"])
def test_draft_with_blank_number_and_day(tmp_path, number):
    path = _header_docx(tmp_path / "draft.docx", f"UBND TỈNH GIA LAI\nSỞ NÔNG NGHIỆP VÀ PTNT\n{number}",
                        MOTTO + "\nGia Lai, ngày    tháng 01 năm 2024",
                        body=["KẾ HOẠCH", "Cải cách hành chính của Sở", *BODY[2:]])
    plan = _meta(path)
    assert plan.number is None
    assert any("chưa có số" in w for w in plan.warnings)
    assert plan.date is None
    assert any("chưa điền đầy đủ" in w for w in plan.warnings)
    assert plan.year == 2024  # the title says no year: the header's year
    assert plan.agency == "Sở Nông nghiệp và Phát triển nông thôn"
    assert plan.place == "Gia Lai"


def test_draft_issued_in_december_plans_next_year(tmp_path):
    path = _header_docx(tmp_path / "draft.docx", "ỦY BAN NHÂN DÂN\nHUYỆN CHƯ SÊ\nSố:    /KH-UBND",
                        MOTTO + "\nChư Sê, ngày ... tháng 12 năm 2023",
                        body=["KẾ HOẠCH", "Cải cách hành chính của huyện", *BODY[2:]])
    plan = _meta(path)
    assert plan.date is None and plan.year == 2024


def test_text_rendering_rows(tmp_path):
    # "cell | cell |" rows: read one paragraph per cell, the two columns interleaved
    path = tmp_path / "huyen.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "HUYỆN VĂN YÊN | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 35/KH-UBND | Văn Yên, ngày 10 tháng 01 năm 2022 |\n" + "\n".join(BODY) + "\n",
        encoding="utf-8",
    )
    plan = _meta(path)
    assert (plan.agency, plan.level, plan.number, plan.date, plan.place) == (
        "Ủy ban nhân dân huyện Văn Yên", "huyen", "35/KH-UBND", "2022-01-10", "Văn Yên")


def test_text_rendering_one_cell_per_line(tmp_path):
    path = tmp_path / "so.txt"
    path.write_text(
        "UBND TỈNH HẢI DƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: .../KH-STTTT\nHải Dương, ngày ... tháng 01 năm 2024\n" + "\n".join(BODY) + "\n",
        encoding="utf-8",
    )
    plan = _meta(path)
    assert plan.agency == "Sở Thông tin và Truyền thông"
    assert plan.parent_body == "Ủy ban nhân dân tỉnh Hải Dương"
    assert plan.level == "so" and plan.number is None and plan.date is None
    assert plan.place == "Hải Dương" and plan.year == 2024


def test_side_by_side_lines(tmp_path):
    # a PDF's text layer: the two cells of each header row on one line, the agency wrapped
    path = tmp_path / "snv.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN TỈNH BÌNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐỊNH\nSỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-SNV Bình Định, ngày 10 tháng 01 năm 2024\n" + "\n".join(BODY) + "\n",
        encoding="utf-8",
    )
    plan = _meta(path)
    assert (plan.agency, plan.level, plan.number, plan.date, plan.place, plan.parent_body) == (
        "Sở Nội vụ", "so", "15/KH-SNV", "2024-01-10", "Bình Định", "Ủy ban nhân dân tỉnh Bình Định")


# --- the agency cell and the place-date line ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["ỦY BAN NHÂN DÂN", "HUYỆN VĂN YÊN"], [("Ủy ban nhân dân huyện Văn Yên", "huyen")]),
        (["UBND TỈNH BÌNH ĐỊNH", "SỞ TƯ PHÁP"], [("Ủy ban nhân dân tỉnh Bình Định", "tinh"), ("Sở Tư pháp", "so")]),
        (["ỦY BAN NHÂN DÂN", "XÃ AN THỊNH"], [("Ủy ban nhân dân xã An Thịnh", "xa")]),
        (["UBND TỈNH BÌNH ĐỊNH", "SỞ NÔNG NGHIỆP VÀ PTNT"],
         [("Ủy ban nhân dân tỉnh Bình Định", "tinh"), ("Sở Nông nghiệp và Phát triển nông thôn", "so")]),
        (["ỦY", "BAN NHÂN DÂN"], [("Ủy ban nhân dân", None)]),
        (["UBND HUYỆN CHƯ SÊ", "PHÒNG NỘI VỤ"], [("Ủy ban nhân dân huyện Chư Sê", "huyen"), ("Phòng Nội vụ", "phong")]),
        (["UBND TỈNH GIA LAI", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ", "XÃ HỘI"],
         [("Ủy ban nhân dân tỉnh Gia Lai", "tinh"), ("Sở Lao động - Thương binh và Xã hội", "so")]),
        (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"], [("Ủy ban nhân dân thành phố Đà Nẵng", "tinh")]),
        (["UBND TỈNH GIA LAI", "UBND THÀNH PHỐ PLEIKU"],
         [("Ủy ban nhân dân tỉnh Gia Lai", "tinh"), ("Ủy ban nhân dân thành phố Pleiku", "huyen")]),
    ],
)
def test_agency_cell(lines, expected):
    assert [(b.name, b.level) for b in bodies(lines)] == expected


def test_bare_committee_is_incomplete():
    assert not bodies(["ỦY BAN NHÂN DÂN"])[0].complete


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Văn Yên, ngày 10 tháng 01 năm 2022", ("Văn Yên", 10, 1, 2022)),
        ("Gia Lai, ngày       tháng 01 năm 2024", ("Gia Lai", None, 1, 2024)),
        ("Hải Dương, ngày ... tháng 01 năm 2024", ("Hải Dương", None, 1, 2024)),
        ("Số: 15/KH-SNV Bình Định, ngày 10 tháng 01 năm 2024", ("Bình Định", 10, 1, 2024)),
        ("Thành phố Hồ Chí Minh, ngày 1 tháng 2 năm 2024", ("Thành phố Hồ Chí Minh", 1, 2, 2024)),
        ("Bình Định, ngày tháng năm", ("Bình Định", None, None, None)),
    ],
)
def test_place_date(text, expected):
    pd = parse_place_date(text)
    assert pd is not None and (pd.place, pd.day, pd.month, pd.year) == expected


# --- real files -----------------------------------------------------------------------------------------------------
# (agency, level, number, date, place) as printed in each header
REAL = {
    DATA / "binh-dinh/2024/tinh-4935-QD-UBND.txt":
        ("Ủy ban nhân dân tỉnh Bình Định", "tinh", "4935/QĐ-UBND", "2023-12-29", "Bình Định"),
    DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt":
        ("Sở Nông nghiệp và Phát triển nông thôn", "so", None, None, "Bình Định"),
    DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt":
        ("Ủy ban nhân dân tỉnh Gia Lai", "tinh", "3638/KH-UBND", "2023-12-26", "Gia Lai"),
    DATA / "yen-bai/2022/tinh-271-KH-UBND.txt":
        ("Ủy ban nhân dân tỉnh Yên Bái", "tinh", "271/KH-UBND", "2021-12-16", "Yên Bái"),
    DATA / "hai-duong/2024/tinh-du-thao-KH-UBND.txt":
        ("Ủy ban nhân dân tỉnh Hải Dương", "tinh", None, None, "Hải Dương"),
    KEYS / "yenbai-huyen-2022/child.docx":
        ("Ủy ban nhân dân huyện Văn Yên", "huyen", "35/KH-UBND", "2022-01-10", "Văn Yên"),
    KEYS / "binhdinh-snv-2024/child.pdf": ("Sở Nội vụ", "so", "15/KH-SNV", "2024-01-10", "Bình Định"),
    KEYS / "gialai-huyen-2024/child.txt":
        ("Ủy ban nhân dân huyện Chư Sê", "huyen", "412/KH-UBND", "2023-12-29", "Chư Sê"),
    SHARED / "gialai-stp-2024/child.docx": ("Sở Tư pháp", "so", None, None, "Gia Lai"),
    SHARED / "haiduong-stttt-2024/child.pdf": ("Sở Thông tin và Truyền thông", "so", None, None, "Hải Dương"),
}


@pytest.mark.parametrize("path", list(REAL), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_headers(path):
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    plan = parse_file(path)
    assert (plan.agency, plan.level, plan.number, plan.date, plan.place) == REAL[path]


@pytest.mark.parametrize(
    ("path", "parent_body"),
    [
        (SHARED / "gialai-stp-2024/child.docx", "Ủy ban nhân dân tỉnh Gia Lai"),
        (SHARED / "haiduong-stttt-2024/child.pdf", "Ủy ban nhân dân tỉnh Hải Dương"),
        (KEYS / "binhdinh-snv-2024/child.pdf", "Ủy ban nhân dân tỉnh Bình Định"),
    ],
    ids=lambda v: v.parent.name if isinstance(v, Path) else "",
)
def test_real_parent_bodies(path, parent_body):
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    assert parse_file(path).parent_body == parent_body


def test_real_drafts_keep_their_year():
    for path in (SHARED / "gialai-stp-2024/child.docx", SHARED / "haiduong-stttt-2024/child.pdf"):
        if path.exists():
            plan = parse_file(path)
            assert plan.year == 2024 and any("chưa có số" in w for w in plan.warnings)
