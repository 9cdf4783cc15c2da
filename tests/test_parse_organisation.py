"""The "Tổ chức thực hiện" section read into directives whose lead is the agency each duty binds."""

from __future__ import annotations

from pathlib import Path

import pytest
from expectations import expect

from cascade.agencies import parse_agency_list
from cascade.model import Plan
from cascade.parse import parse_document, parse_file
from cascade.read.txt import read_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EVAL = ROOT.parent / "shared" / "eval"
SECTION = "to_chuc_thuc_hien"

BD_TINH = DATA / "binh-dinh/2024/tinh-4935-QD-UBND.txt"
BD_SNN = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"
YEN_BAI = DATA / "yen-bai/2022/tinh-271-KH-UBND.txt"
GIA_LAI = DATA / "gia-lai/2024/tinh-3638-KH-UBND.txt"
HAI_DUONG = DATA / "hai-duong/2024/tinh-du-thao-KH-UBND.txt"
HD_CHILD = EVAL / "haiduong-stttt-2024/child.pdf"
GL_CHILD = EVAL / "gialai-stp-2024/child.docx"


def _duties(plan: Plan) -> list:
    return [it for it in plan.items if it.section == SECTION]


def _parse(path: Path) -> Plan:
    if not path.exists():
        pytest.skip(f"{path} is not checked out")
    return parse_file(path)


@pytest.fixture(scope="module")
def hai_duong() -> Plan:
    return _parse(HAI_DUONG)


def _one(plan: Plan, snippet: str):
    found = [it for it in _duties(plan) if snippet in it.text]
    assert len(found) == 1, snippet
    return found[0]


@pytest.mark.parametrize(
    ("path", "count"),
    [(BD_TINH, 16), (BD_SNN, 14), (GIA_LAI, 5), (YEN_BAI, 21), (HAI_DUONG, 24), (HD_CHILD, 7), (GL_CHILD, 2)],
)
def test_duties_per_document(path: Path, count: int) -> None:
    plan = _parse(path)
    duties = _duties(plan)
    assert len(duties) == count
    assert all(it.kind == "directive" for it in duties)
    assert plan.areas[-1] == SECTION  # not a reform area: listed last
    ids = [it.id for it in plan.items]
    assert len(ids) == len(set(ids))
    assert all(it.id.startswith(f"dir:{SECTION}:") for it in duties)
    assert ids == [it.id for it in parse_file(path).items]  # stable across runs
    for it in duties:  # leads stay readable by the audit's applicability code
        assert all(parse_agency_list(lead) for lead in it.lead), it.id


def test_hai_duong_headings_are_leads(hai_duong: Plan) -> None:
    duties = _duties(hai_duong)
    group = "Các sở, ban ngành; Ủy ban nhân dân các huyện, thị xã, thành phố và các cơ quan, đơn vị có liên quan"
    coop = _one(hai_duong, "Phối hợp với Sở Nội vụ tham mưu UBND tỉnh các biện pháp cải")
    assert coop.lead == [group]
    assert coop.label is None and coop.id == f"dir:{SECTION}:1-2"
    stttt = [it for it in duties if it.id.startswith(f"dir:{SECTION}:6-")]
    assert len(stttt) == expect("hai-duong-2024-tinh-du-thao", "stttt_duties")
    assert all(it.lead == ["Sở Thông tin và Truyền thông"] for it in stttt)
    # a bullet that names its own doer binds that doer, not the heading's whole group
    assert _one(hai_duong, "Đề nghị Ngân hàng Nhà nước").lead == ["Ngân hàng Nhà nước Chi nhánh tỉnh Hải Dương"]
    # headings are not items
    assert not any(it.text.startswith(("Sở Nội vụ", "Các sở, ban ngành;")) for it in duties)
    assert hai_duong.item(f"dir:{SECTION}:1-1").section_title == "TỔ CHỨC THỰC HIỆN"


def test_binh_dinh_lettered_and_plain_paragraphs() -> None:
    bd = _parse(BD_TINH)
    by_id = {it.id: it for it in _duties(bd)}
    assert by_id[f"dir:{SECTION}:2.c"].label == "c"
    assert by_id[f"dir:{SECTION}:2.c"].lead == ["Sở Nội vụ"]
    # "3. Sở Tư pháp" followed by one plain paragraph
    assert by_id[f"dir:{SECTION}:3-1"].lead == ["Sở Tư pháp"]
    assert by_id[f"dir:{SECTION}:3-1"].text.startswith("Chủ trì, phối hợp")
    # the closing "Yêu cầu … Trường hợp có phát sinh vướng mắc …" is boilerplate, not a duty
    assert not any("vướng mắc, các cơ quan" in it.text for it in by_id.values())


def test_binh_dinh_snn_wrapped_bullet_is_one_item() -> None:
    snn = _parse(BD_SNN)
    b = snn.item(f"dir:{SECTION}:2.b")
    assert b.lead == ["Phòng Tổ chức cán bộ"]
    assert b.text.endswith("bình xét thi đua, khen thưởng.")
    assert snn.item(f"dir:{SECTION}:5-1").lead == ["Thanh tra Sở"]


def test_gia_lai_leads_inside_sentences() -> None:
    gl = _parse(GIA_LAI)
    by_id = {it.id: it for it in _duties(gl)}
    assert by_id[f"dir:{SECTION}:1"].lead == ["các sở, ban, ngành tỉnh, UBND các huyện, thị xã, thành phố"]
    # a reporting duty to all agencies is a duty
    assert by_id[f"dir:{SECTION}:1-1"].lead == ["Các cơ quan, đơn vị, địa phương"]
    assert by_id[f"dir:{SECTION}:2-1"].lead == ["Sở Nội vụ"]  # "2. Sở Nội vụ có trách nhiệm"
    assert by_id[f"dir:{SECTION}:3"].lead == ["Sở Thông tin và Truyền thông"]  # "3. Sở …: Chỉ đạo …"
    assert by_id[f"dir:{SECTION}:3"].text.startswith("Chỉ đạo, hướng dẫn")
    assert not any(it.text.startswith("Trên đây") for it in by_id.values())


def test_yen_bai_section_without_heading() -> None:
    yb = _parse(YEN_BAI)
    by_id = {it.id: it for it in _duties(yb)}
    assert by_id[f"dir:{SECTION}:1-1"].lead == ["Sở Nội vụ"]  # "(Cơ quan Thường trực …)" is a remark
    assert by_id[f"dir:{SECTION}:3"].lead == ["Sở Tư pháp"]
    assert by_id[f"dir:{SECTION}:9"].lead == ["Mặt trận Tổ quốc Việt Nam tỉnh, Hội Cựu chiến binh tỉnh Yên Bái"]
    assert by_id[f"dir:{SECTION}:9"].section_title is None


def test_child_pdf_split_line_and_units() -> None:
    child = _parse(HD_CHILD)
    second = child.item(f"dir:{SECTION}:1-2")
    assert "kinh tế - xã hội năm 2024" in second.text  # "- xã hội" began a new pdf line
    assert second.lead == ["Các phòng, đơn vị thuộc Sở"]
    assert child.item(f"dir:{SECTION}:3-1").lead == ["Phòng Bưu chính - Viễn thông"]
    assert not any(it.text.startswith(("Trên đây", "Nơi nhận")) for it in _duties(child))


def test_child_docx_numbered_sentences() -> None:
    child = _parse(GL_CHILD)
    assert [(it.label, it.lead) for it in _duties(child)] == [
        ("1", ["Trưởng các phòng, Thủ trưởng các đơn vị thuộc Sở"]),
        ("2", ["Văn phòng Sở"]),
    ]  # "3. Trong quá trình triển khai, nếu có khó khăn …" is boilerplate


TIDY = """\
Số: 15/KH-UBND
Bình Định, ngày 05 tháng 01 năm 2024
KẾ HOẠCH
Cải cách hành chính năm 2024
III. NHIỆM VỤ
1. Cải cách thể chế
a) Rà soát văn bản quy phạm pháp luật.
IV. KINH PHÍ
Kinh phí thực hiện Kế hoạch do ngân sách tỉnh bảo đảm.
V. TỔ CHỨC THỰC HIỆN
Sở Nội vụ: chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này.
Sở Tư pháp: - chủ trì rà soát văn bản quy phạm pháp luật; - hướng dẫn công tác pháp chế.
Các sở, ban, ngành, UBND các huyện: báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2024.
a) Sở Tài chính: bảo đảm kinh phí thực hiện Kế hoạch.
5. Sở Thông tin và Truyền thông chủ trì tuyên truyền về cải cách hành chính.
VI. CHẾ ĐỘ BÁO CÁO
1. Báo cáo quý: trước ngày 15 của tháng cuối quý.
Các sở, ban, ngành gửi báo cáo năm về Sở Nội vụ trước ngày 01/12/2024.
Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan báo cáo về Sở Nội vụ.
Nơi nhận:
- Sở Nội vụ;
TM. ỦY BAN NHÂN DÂN
"""


def test_agency_colon_paragraphs() -> None:
    plan = parse_document(read_text(TIDY, "tidy.txt"))
    duties = _duties(plan)
    got = [(it.id, it.label, it.lead, it.text) for it in duties]
    assert got == [
        (f"dir:{SECTION}:-1", None, ["Sở Nội vụ"], "chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này."),
        (f"dir:{SECTION}:-2", None, ["Sở Tư pháp"], "chủ trì rà soát văn bản quy phạm pháp luật;"),
        (f"dir:{SECTION}:-3", None, ["Sở Tư pháp"], "hướng dẫn công tác pháp chế."),
        (f"dir:{SECTION}:-4", None, ["Các sở, ban, ngành, UBND các huyện"],
         "báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/12/2024."),
        (f"dir:{SECTION}:a", "a", ["Sở Tài chính"], "bảo đảm kinh phí thực hiện Kế hoạch."),
        # a numbered line with no bullets below that is a duty sentence is one item
        (f"dir:{SECTION}:5", "5", ["Sở Thông tin và Truyền thông"],
         "Sở Thông tin và Truyền thông chủ trì tuyên truyền về cải cách hành chính."),
        # the reporting part: a rule that names no agency is skipped, a reporting duty is kept
        (f"dir:{SECTION}:VI.1-1", None, ["Các sở, ban, ngành"],
         "Các sở, ban, ngành gửi báo cáo năm về Sở Nội vụ trước ngày 01/12/2024."),
    ]
    assert all(it.section_title == "TỔ CHỨC THỰC HIỆN" for it in duties)
    # the reform-area bullets keep their ids and the section does not swallow the funding paragraph
    assert [it.id for it in plan.items if it.section != SECTION] == ["dir:the_che:a"]
