"""Alignment on constructed plans: renumbering, anchors, split/merge, unrelated plans."""

from __future__ import annotations

from cascade.align import align, restatements
from cascade.model import Citation, Item, Plan


def _task(id_: str, label: str | None, text: str, section: str = "cong_vu", **kw) -> Item:
    return Item(id=id_, kind=kw.pop("kind", "task"), label=label, text=text, section=section, **kw)


def _plan(path: str, items: list[Item], **kw) -> Plan:
    for k, it in enumerate(items):
        it.order = k
    return Plan(path=path, items=items, **kw)


PARENT_TASKS = [
    ("Kiểm tra cải cách hành chính năm 2024", "chi_dao_dieu_hanh"),
    ("Truyền thông về cải cách hành chính năm 2024", "chi_dao_dieu_hanh"),
    ("Ban hành Kế hoạch theo dõi thi hành pháp luật năm 2024", "the_che"),
    ("Công bố kết quả hệ thống hóa văn bản kỳ 2019-2023", "the_che"),
    ("Phê duyệt Đề án vị trí việc làm, cơ cấu ngạch công chức, cơ cấu viên chức", "cong_vu"),
    ("Kế hoạch chuyển đổi số tỉnh Bình Định năm 2024", "chinh_quyen_so"),
    ("Triển khai ứng dụng Trợ lý ảo cho cán bộ, công chức", "chinh_quyen_so"),
]


def _parent() -> Plan:
    items = [_task(f"p{k}", str(k + 1), t, s) for k, (t, s) in enumerate(PARENT_TASKS)]
    return _plan("parent", items, number="4935/QĐ-UBND", level="tinh", year=2024, place="Bình Định")


def test_renumbered_and_reordered_items_link_to_their_parents():
    parent = _parent()
    # The child keeps 5 of 7 tasks, renumbers them and reverses their order.
    kept = [6, 5, 4, 2, 0]
    items = [_task(f"c{k}", str(k + 1), PARENT_TASKS[i][0].replace("tỉnh Bình Định", "của Sở"), PARENT_TASKS[i][1])
             for k, i in enumerate(kept)]
    child = _plan("child", items, level="so", year=2024)
    al = align(parent, child)
    assert al.related
    assert {(lk.parent, lk.child) for lk in al.links} == {(f"p{i}", f"c{k}") for k, i in enumerate(kept)}
    for lk in al.links:
        assert 0.0 <= lk.score <= 1.0
        assert "nội dung giống" in lk.why


def test_cited_document_number_is_a_strong_anchor():
    parent = _plan("p", [
        _task("p1", "26", "Triển khai thực hiện Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh ban hành Kế hoạch "
                          "đổi mới và nâng cao năng lực tự chủ tài chính", "tai_chinh_cong"),
        _task("p2", "27", "Nâng cao năng lực tự chủ tài chính của các đơn vị sự nghiệp công lập", "tai_chinh_cong"),
    ], level="tinh", year=2024)
    child = _plan("c", [
        _task("c1", "17", "Thực hiện các nhiệm vụ được giao tại văn bản 3416/QĐ-UBND về tự chủ", "tai_chinh_cong"),
        _task("c2", "18", "Nâng cao năng lực tự chủ tài chính của các đơn vị sự nghiệp công lập thuộc Sở",
              "tai_chinh_cong"),
    ], level="so", year=2024)
    al = align(parent, child)
    pairs = {(lk.parent, lk.child) for lk in al.links}
    assert ("p1", "c1") in pairs and ("p2", "c2") in pairs
    why = next(lk.why for lk in al.links if lk.parent == "p1")
    assert "3416/QĐ-UBND" in why


def test_parent_task_split_in_two_gives_two_links():
    parent = _plan("p", [
        _task("p1", "12", "Kế hoạch phổ biến, giáo dục pháp luật và Kế hoạch theo dõi thi hành pháp luật năm 2024",
              "the_che"),
        _task("p2", "13", "Công bố kết quả hệ thống hóa văn bản kỳ 2019-2023", "the_che"),
    ], level="tinh", year=2024)
    child = _plan("c", [
        _task("c1", "7", "Kế hoạch phổ biến, giáo dục pháp luật năm 2024", "the_che"),
        _task("c2", "8", "Kế hoạch theo dõi thi hành pháp luật năm 2024", "the_che"),
        _task("c3", "9", "Công bố kết quả hệ thống hóa văn bản kỳ 2019-2023", "the_che"),
    ], level="so", year=2024)
    al = align(parent, child)
    pairs = {(lk.parent, lk.child) for lk in al.links}
    assert pairs == {("p1", "c1"), ("p1", "c2"), ("p2", "c3")}
    assert sorted(al.modes[p] for p in pairs) == ["one_to_one", "one_to_one", "split"]


def test_two_parent_items_merged_into_one_child_item():
    parent = _plan("p", [
        _task("p1", "24", "Kế hoạch thu hút nguồn nhân lực chất lượng cao", "cong_vu"),
        _task("p2", "25", "Quy chế tổ chức tuyển dụng công chức", "cong_vu"),
        _task("p3", "26", "Kiểm tra cải cách hành chính năm 2024", "chi_dao_dieu_hanh"),
    ], level="tinh", year=2024)
    child = _plan("c", [
        _task("c1", "10", "Kế hoạch thu hút nguồn nhân lực chất lượng cao và Quy chế tổ chức tuyển dụng công chức",
              "cong_vu"),
        _task("c2", "11", "Kiểm tra cải cách hành chính năm 2024", "chi_dao_dieu_hanh"),
    ], level="so", year=2024)
    al = align(parent, child)
    pairs = {(lk.parent, lk.child) for lk in al.links}
    assert pairs == {("p1", "c1"), ("p2", "c1"), ("p3", "c2")}
    assert "merge" in {al.modes[p] for p in pairs}


def test_a_task_carried_as_a_chỉ_tiêu_is_linked_across_kinds():
    parent = _plan("p", [_task("p1", "1", "Kiểm tra cải cách hành chính năm 2024", kind="indicator")], level="tinh")
    child = _plan("c", [_task("c1", "1", "Kiểm tra cải cách hành chính năm 2024")], level="so")
    [link] = align(parent, child).links
    assert (link.parent, link.child) == ("p1", "c1")
    assert "khác loại" in link.why


def test_a_same_kind_link_is_never_displaced_by_a_cross_kind_one():
    parent = _plan("p", [_task("p1", "1", "Kiểm tra cải cách hành chính năm 2024"),
                         _task("p2", None, "Kiểm tra cải cách hành chính năm 2024", kind="indicator")], level="tinh")
    child = _plan("c", [_task("c1", "3", "Kiểm tra cải cách hành chính năm 2024")], level="so")
    assert [(lk.parent, lk.child) for lk in align(parent, child).links] == [("p1", "c1")]


def test_bullets_restating_a_table_task_of_the_same_plan():
    plan = _plan("p", [
        _task("t1", "1", "Phát triển hạ tầng Internet vạn vật (IoT) phục vụ các ứng dụng chuyên ngành"),
        _task("t2", "2", "Xây dựng kho dữ liệu lưu trữ điện tử của công dân"),
        _task("d1", None, "Phát triển hạ tầng Internet vạn vật (IoT) phục vụ các ứng dụng chuyên ngành.",
              kind="directive"),
        _task("d2", None, "Tăng cường kỷ luật, kỷ cương hành chính", kind="directive"),
    ], level="tinh")
    assert restatements(plan) == {"d1": "t1"}


def test_unrelated_plans_are_not_forced_into_matches():
    parent = _parent()
    child = _plan("c", [
        _task("c1", "1", "Tổ chức hội nghị tập huấn nghiệp vụ thú y cho cán bộ cơ sở", "cong_vu"),
        _task("c2", "2", "Xây dựng cánh đồng mẫu lớn sản xuất lúa giống chất lượng cao", "tthc"),
        _task("c3", "3", "Kiểm tra vệ sinh an toàn thực phẩm tại các chợ đầu mối", "chi_dao_dieu_hanh"),
    ], level="so", year=2022)
    al = align(parent, child)
    assert not al.related
    assert al.links == []
    assert al.relatedness < 0.3


def _paraphrased_pair(parent_number: str | None, citation: Citation) -> tuple[Plan, Plan]:
    parent = _plan("p", [
        _task("p1", "1", "Ban hành Kế hoạch cải cách hành chính năm 2024 của huyện"),
        _task("p2", "2", "Rà soát, công bố thủ tục hành chính thuộc thẩm quyền giải quyết của cấp huyện, cấp xã"),
        _task("p3", "3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa"),
    ], level="huyen", year=2024, number=parent_number, date="2024-01-15", doc_type="Kế hoạch",
        agency="Ủy ban nhân dân huyện Tuy Phước")
    child = _plan("c", [
        _task("c1", "1", "Xây dựng kế hoạch CCHC của xã năm 2024, gửi Phòng Nội vụ huyện"),
        _task("c2", "2", "Niêm yết công khai đầy đủ thủ tục hành chính tại trụ sở UBND xã"),
        _task("c3", "3", "Tổ chức đối thoại với người dân về giải quyết thủ tục hành chính"),
    ], level="xa", year=2024, citations=[citation])
    return parent, child


def test_a_paraphrasing_commune_that_cites_its_district_plan_is_related():
    cite = Citation("Số 09/KH-UBND", "Kế hoạch", "2024-01-15", "UBND huyện Tuy Phước", "can_cu", "Căn cứ …")
    al = align(*_paraphrased_pair("09/KH-UBND", cite))
    assert al.related and "dẫn số hiệu 09/KH-UBND" in al.relatedness_reason


def test_a_draft_parent_without_number_is_recognised_by_date_and_issuer():
    cite = Citation(None, "Kế hoạch", "2024-01-15", "UBND huyện Tuy Phước", "thuc_hien", "Thực hiện …")
    al = align(*_paraphrased_pair(None, cite))
    assert al.related and "ngày 15/01/2024 của UBND huyện Tuy Phước" in al.relatedness_reason
    other_day = Citation(None, "Kế hoạch", "2023-12-29", "UBND tỉnh Bình Định", "thuc_hien", "Thực hiện …")
    assert not align(*_paraphrased_pair(None, other_day)).related


def test_a_task_turned_into_a_chỉ_tiêu_is_found_through_its_value_cell():
    from cascade.model import Target

    parent = _plan("p", [
        _task("p1", "50", "Kiểm tra từ 30% số cơ quan, đơn vị, địa phương trở lên."),
        _task("p2", "51", "Mỗi cơ quan, đơn vị triển khai tối thiểu 01 sáng kiến trong cải cách hành chính."),
    ], level="tinh")
    child = _plan("c", [
        _task("c1", "4", "Kiểm tra công tác cải cách hành chính tại các phòng, đơn vị thuộc Sở", kind="indicator",
              target=Target("Kiểm tra 20% số phòng, đơn vị", "percent", 20)),
        _task("c2", "5", "Sáng kiến, giải pháp mới trong cải cách hành chính được Sở triển khai", kind="indicator"),
    ], level="so", citations=[Citation("3638/KH-UBND", "Kế hoạch", None, None, "can_cu", "Căn cứ …")])
    parent.number = "3638/KH-UBND"
    links = {(lk.parent, lk.child) for lk in align(parent, child).links}
    assert ("p1", "c1") in links


def test_a_draft_cited_with_blank_number_and_day_is_recognised_by_issuer_type_and_year():
    cite = Citation(None, "Kế hoạch", None, "UBND huyện Tuy Phước", "thuc_hien",
                    "Thực hiện Kế hoạch số …/KH-UBND ngày … tháng 01 năm 2024 của UBND huyện Tuy Phước về cải cách "
                    "hành chính năm 2024")
    al = align(*_paraphrased_pair(None, cite))
    assert al.related and "dự thảo Kế hoạch năm 2024" in al.relatedness_reason
