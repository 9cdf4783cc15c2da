"""Plans that write their tasks as numbered paragraphs rather than a table (commune and many district plans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from expectations import expect

from cascade.parse import parse_file

XA_CHILD = Path(__file__).resolve().parent / "keys" / "yenbai-xa-2022" / "child.txt"


@pytest.fixture(scope="module")
def xa():
    return parse_file(XA_CHILD)


def _directives(plan):
    return [it for it in plan.items if it.kind == "directive" and it.section != "to_chuc_thuc_hien"]


def test_commune_numbered_paragraphs_are_directives(xa):
    labels = [it.label for it in _directives(xa) if it.label]
    assert labels == expect("yenbai-xa-2022", "directive_labels")
    # Area 7 writes "-" bullets: unlabelled.
    assert [it.label for it in _directives(xa)].count(None) == expect("yenbai-xa-2022", "unlabelled_directives")
    assert len(_directives(xa)) == expect("yenbai-xa-2022", "directives")


def test_commune_paragraphs_keep_their_area(xa):
    by_label = {it.label: it for it in _directives(xa) if it.label}
    assert {lab: it.section for lab, it in by_label.items() if lab.endswith(".1")} == {
        "1.1": "chi_dao_dieu_hanh", "2.1": "the_che", "3.1": "tthc", "4.1": "to_chuc_bo_may",
        "5.1": "cong_vu", "6.1": "tai_chinh_cong",
    }
    assert by_label["1.1"].section_title == "Công tác chỉ đạo, điều hành"
    assert by_label["1.1"].id == "dir:chi_dao_dieu_hanh:1.1"


def test_area_headings_are_not_items(xa):
    texts = [it.text for it in xa.items]
    assert not any(t.startswith(("Công tác chỉ đạo, điều hành", "Cải cách thể chế", "Cải cách tài chính công"))
                   for t in texts)
    assert set(xa.areas) == set(expect("yenbai-xa-2022", "areas"))


def test_time_clause_becomes_the_deadline(xa):
    by_label = {it.label: it for it in _directives(xa) if it.label}
    d12 = by_label["1.2"].deadline
    assert d12 is not None and d12.raw == "định kỳ 6 tháng một lần" and d12.kind == "continuous"
    assert by_label["1.2"].text.endswith("dịch vụ bưu chính công ích đến các thôn.")
    assert "Thời gian" not in by_label["1.2"].text
    d41 = by_label["4.1"].deadline
    assert d41 is not None and d41.raw == "Quý IV/2022"
    assert (d41.kind, d41.start, d41.end) == ("interval", "2022-10-01", "2022-12-31")
    assert by_label["5.1"].deadline is not None and by_label["5.1"].deadline.kind == "dependent"
    assert by_label["1.1"].deadline is None and by_label["6.1"].deadline is None


def test_chi_tieu_bullet_is_an_indicator(xa):
    indicators = [it for it in xa.items if it.kind == "indicator"]
    assert len(indicators) == 1
    ind = indicators[0]
    assert ind.text.startswith("Phấn đấu 95% hồ sơ thủ tục hành chính")
    assert ind.target is not None and ind.target.value == 95.0 and ind.target.unit == "%"


DISTRICT = """ỦY BAN NHÂN DÂN
HUYỆN MINH LONG
Số: 12/KH-UBND
Minh Long, ngày 10 tháng 01 năm 2024

KẾ HOẠCH
Cải cách hành chính năm 2024 của Ủy ban nhân dân huyện Minh Long

Căn cứ Kế hoạch số 100/KH-UBND ngày 20/12/2023 của UBND tỉnh về cải cách hành chính năm 2024;
I. MỤC ĐÍCH, YÊU CẦU
Triển khai đầy đủ, kịp thời các nhiệm vụ cải cách hành chính của tỉnh trên địa bàn huyện.
II. MỤC TIÊU, CHỈ TIÊU
Nâng cao chất lượng phục vụ người dân, doanh nghiệp. Chỉ tiêu cụ thể:
- 100% thủ tục hành chính thuộc thẩm quyền của huyện được công khai đầy đủ, kịp thời.
- Phấn đấu 98% hồ sơ thủ tục hành chính được giải quyết đúng hạn.
III. NHIỆM VỤ TRỌNG TÂM
1. Cải cách thể chế
a) Rà soát các văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành. Thời gian: Quý II/2024.
b) Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức (Thời gian: Tháng 6/2024).
- Cơ quan chủ trì: Phòng Tư pháp.
2. Cải cách thủ tục hành chính
a) Công khai thủ tục hành chính tại Bộ phận Một cửa huyện và các xã, thị trấn.
- Thời gian thực hiện: Tháng 12/2024.
b) Kiểm tra việc giải quyết thủ tục hành chính tại
các xã, thị trấn. Hoàn thành: trước ngày 30/11/2024.
3. Cải cách chế độ công vụ
3.1. Về đào tạo, bồi dưỡng
a) Cử công chức tham gia bồi dưỡng kỹ năng giải quyết thủ tục hành chính. Thời gian thực hiện: Quý III/2024.
b) Tổ chức tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã.
3.2. Phòng Nội vụ chủ trì, hướng dẫn đánh giá, xếp loại cán bộ, công chức theo quy định. Thời gian: Tháng 12/2024.
IV. KINH PHÍ THỰC HIỆN
Kinh phí thực hiện từ ngân sách huyện năm 2024.
V. TỔ CHỨC THỰC HIỆN
Phòng Nội vụ là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch này./.
"""


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    path = tmp_path_factory.mktemp("prose") / "huyen.txt"
    path.write_text(DISTRICT, encoding="utf-8")
    return parse_file(path)


def test_district_lettered_paragraphs_with_time_suffixes(district):
    dirs = {it.id: it for it in _directives(district)}
    a1, b1 = dirs["dir:the_che:a"], dirs["dir:the_che:b"]
    assert a1.text == "Rà soát các văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành."
    assert a1.deadline is not None and (a1.deadline.start, a1.deadline.end) == ("2024-04-01", "2024-06-30")
    assert b1.text == "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức"
    assert b1.deadline is not None and b1.deadline.raw == "Tháng 6/2024"
    assert b1.lead == ["Phòng Tư pháp"]  # "- Cơ quan chủ trì: …" on its own line is no bullet of its own
    assert len([it for it in _directives(district) if it.section == "the_che"]) == 2


def test_district_time_on_its_own_line_and_named_doer(district):
    dirs = {it.id: it for it in _directives(district)}
    a2, b2 = dirs["dir:tthc:a"], dirs["dir:tthc:b"]
    assert a2.deadline is not None and a2.deadline.raw == "Tháng 12/2024"
    assert "Thời gian" not in a2.text
    # The continuation line joins its paragraph before the time clause is cut off.
    assert b2.text.endswith("tại các xã, thị trấn.")
    assert b2.deadline is not None and b2.deadline.end == "2024-11-30"
    assert a2.lead == [] and b2.lead == []


def test_district_numbered_heading_groups_its_letters(district):
    dirs = {it.id: it for it in _directives(district)}
    head = dirs["dir:cong_vu:3.1"]
    assert head.group and head.text == "Về đào tạo, bồi dưỡng"
    letters = [it for it in dirs.values() if it.parent == head.id]
    assert [it.label for it in letters] == ["a", "b"]
    assert letters[0].deadline is not None and letters[0].deadline.raw == "Quý III/2024"
    p32 = dirs["dir:cong_vu:3.2"]
    assert p32.parent is None and not p32.group
    assert p32.deadline is not None and p32.deadline.raw == "Tháng 12/2024"
    assert p32.lead == ["Phòng Nội vụ"]  # the paragraph opens with its doer


def test_district_chi_tieu_bullets(district):
    inds = [it for it in district.items if it.kind == "indicator"]
    assert [it.target.value for it in inds] == [100.0, 98.0]
    assert all(not it.text.startswith("Nâng cao") for it in district.items)


def test_lettered_area_headings():
    from cascade.parse.areas import match_heading

    assert match_heading("a) Cải cách thể chế") == "the_che"
    assert match_heading("B. CẢI CÁCH THỦ TỤC HÀNH CHÍNH") == "tthc"


def test_lettered_area_headings_in_a_plan(tmp_path):
    path = tmp_path / "lettered.txt"
    path.write_text(
        "KẾ HOẠCH\nCải cách hành chính năm 2024\nIII. NHIỆM VỤ\n"
        "a) Cải cách thể chế\n- Rà soát văn bản quy phạm pháp luật của huyện. Thời gian: Quý I/2024.\n"
        "b) Cải cách thủ tục hành chính\n- Công khai thủ tục hành chính đúng quy định.\n"
        "IV. TỔ CHỨC THỰC HIỆN\nPhòng Nội vụ theo dõi, đôn đốc./.\n",
        encoding="utf-8",
    )
    plan = parse_file(path)
    dirs = _directives(plan)
    assert [(it.section, it.label) for it in dirs] == [("the_che", None), ("tthc", None)]
    assert dirs[0].deadline is not None and dirs[0].deadline.raw == "Quý I/2024"
