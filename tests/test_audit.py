"""Findings on constructed plans: each type, its severity and a message quoting both documents."""

from __future__ import annotations

import json

import pytest

from cascade.audit import audit_plans
from cascade.audit.applicability import Applicability
from cascade.model import Item, LevelTarget, Plan
from cascade.parse.deadlines import parse_deadline
from cascade.parse.targets import parse_target


def _item(id_: str, label: str | None, text: str, section: str = "cong_vu", kind: str = "task", **kw) -> Item:
    return Item(id=id_, kind=kind, label=label, text=text, section=section, **kw)


def _plan(path: str, items: list[Item], **kw) -> Plan:
    for k, it in enumerate(items):
        it.order = k
    return Plan(path=path, items=items, **kw)


# Filler tasks both plans share, so the plans are clearly related.
COMMON = [
    "Kiểm tra cải cách hành chính năm 2024",
    "Truyền thông về cải cách hành chính năm 2024",
    "Công bố kết quả hệ thống hóa văn bản kỳ 2019-2023",
    "Triển khai nền tảng phân tích xử lý dữ liệu tổng hợp cấp tỉnh",
]


def _pair(parent_items: list[Item], child_items: list[Item], child_level: str = "so") -> tuple[Plan, Plan]:
    p_common = [_item(f"pc{k}", f"9{k}", t, "chi_dao_dieu_hanh") for k, t in enumerate(COMMON)]
    c_common = [_item(f"cc{k}", f"9{k}", t, "chi_dao_dieu_hanh") for k, t in enumerate(COMMON)]
    parent = _plan("parent.txt", parent_items + p_common, number="4935/QĐ-UBND", level="tinh", year=2024,
                   place="Bình Định")
    child = _plan("child.txt", child_items + c_common, level=child_level, year=2024,
                  agency="Sở Nông nghiệp và Phát triển nông thôn")
    return parent, child


def _of(result, ftype: str) -> list:
    return [f for f in result.findings if f.type == ftype]


def _task(id_, label, text, deadline=None, section="cong_vu"):
    return _item(id_, label, text, section, deadline=parse_deadline(deadline, 2024) if deadline else None)


def test_weakened_deadline_quotes_both_deadlines_and_labels():
    parent, child = _pair(
        [_task("p23", "23", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024", "Tháng 2")],
        [_task("c16", "16", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024", "Trong năm")],
    )
    r = audit_plans(parent, child)
    (f,) = _of(r, "weakened_deadline")
    assert (f.parent, f.child) == ("p23", "c16")
    assert f.severity in ("warning", "error")
    assert "Nhiệm vụ 23 (tỉnh, Tháng 2) → nhiệm vụ 16 (Sở, Trong năm)" in f.message
    assert f.details["parent_value"] == "Tháng 2" and f.details["child_value"] == "Trong năm"


def test_dependent_deadline_is_not_weakened():
    parent, child = _pair(
        [_task("p28", "28", "Triển khai ứng dụng Trợ lý ảo cho cán bộ, công chức", "Tháng 5")],
        [_task("c20", "20", "Triển khai ứng dụng Trợ lý ảo cho cán bộ, công chức", "Theo Kế hoạch của UBND tỉnh")],
    )
    r = audit_plans(parent, child)
    assert _of(r, "weakened_deadline") == []
    assert all(f.severity == "info" for f in r.findings if f.parent == "p28")


def test_child_time_column_without_a_time_weakens_a_dated_task():
    parent, child = _pair(
        [_task("p16", "16", "Xây dựng công cụ quản lý dữ liệu thủ tục hành chính", "Tháng 11")],
        [_task("c12", "12", "Triển khai sử dụng công cụ quản lý dữ liệu thủ tục hành chính", "Phần mềm quản lý dữ liệu")],
    )
    r = audit_plans(parent, child)
    (f,) = _of(r, "weakened_deadline")
    assert f.details["parent_value"] == "Tháng 11"


def _indicator(id_, label, text, target=None, level_targets=()):
    return _item(id_, label, text, "chinh_quyen_so", kind="indicator", target=parse_target(target) if target else None,
                 level_targets=[LevelTarget(lv, lbl, parse_target(v)) for lv, lbl, v in level_targets])


PER_LEVEL = [("so", "Các sở, ngành", "90%"), ("huyen", "Các phòng, ban cấp huyện", "80%"), ("xa", "UBND cấp xã", "60%")]


@pytest.mark.parametrize(("child_level", "child_value", "weakened"), [
    ("so", "90%", False),   # the Sở takes its own level's value
    ("so", "80%", True),    # the Sở takes the huyện value: weakened
    ("huyen", "80%", False),
    ("xa", "60%", False),
    ("xa", "50%", True),
])
def test_per_level_target_child_must_meet_its_own_level(child_level, child_value, weakened):
    text = "Tỷ lệ lập hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng"
    parent, child = _pair([_indicator("p73", "7.3", text + ":", level_targets=PER_LEVEL)],
                          [_indicator("c72", "7.2", text, child_value)], child_level=child_level)
    r = audit_plans(parent, child, level=child_level)
    found = _of(r, "weakened_target")
    assert bool(found) is weakened
    if weakened:
        own = dict((lv, v) for lv, _, v in PER_LEVEL)[child_level]
        assert found[0].message.startswith(f"Chỉ tiêu 7.3: tỉnh giao {own}")
        assert child_value in found[0].message
        assert found[0].details["parent_value"] == own and found[0].details["child_value"] == child_value


def test_lower_plain_target_is_weakened_and_quoted():
    parent, child = _pair([_indicator("p32", "3.2", "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC", "80%")],
                          [_indicator("c32", "3.2", "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC", "70%")])
    (f,) = _of(audit_plans(parent, child), "weakened_target")
    assert "Chỉ tiêu 3.2: tỉnh giao 80%, Sở ghi 70%" in f.message


@pytest.mark.parametrize(("parent_text", "child_text", "weakened"), [
    ("Ban hành Kế hoạch kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật",
     "Xây dựng dự thảo Kế hoạch kiểm tra, xử lý, rà soát, hệ thống hóa văn bản quy phạm pháp luật", True),
    ("Triển khai Kế hoạch tiếp tục sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập",
     "Từng bước triển khai Kế hoạch tiếp tục sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập", True),
    ("Triển khai ứng dụng Trợ lý ảo cho cán bộ, công chức", "Nghiên cứu ứng dụng Trợ lý ảo cho cán bộ, công chức", True),
    # Dropping the verb or adapting it to the child's role is not softening.
    ("Ban hành Kế hoạch theo dõi thi hành pháp luật năm 2024", "Kế hoạch theo dõi thi hành pháp luật năm 2024", False),
    ("Xây dựng công cụ quản lý dữ liệu thủ tục hành chính",
     "Triển khai sử dụng công cụ quản lý dữ liệu thủ tục hành chính", False),
])
def test_softened_commitment_verbs(parent_text, child_text, weakened):
    parent, child = _pair([_task("p1", "10", parent_text)], [_task("c1", "6", child_text)])
    found = _of(audit_plans(parent, child), "weakened_wording")
    assert bool(found) is weakened
    if weakened:
        assert "cam kết nhẹ hơn" in found[0].message
        assert parent_text.split()[0] in found[0].message and child_text.split()[0] in found[0].message


def test_narrowed_scope_names_the_dropped_clause():
    parent, child = _pair(
        [_task("p12", "12", "Kế hoạch phổ biến, giáo dục pháp luật, hòa giải ở cơ sở, xây dựng cấp xã đạt chuẩn tiếp "
                            "cận pháp luật năm 2024 trên địa bàn tỉnh Bình Định", section="the_che"),
         _task("p27", "27", "Kế hoạch chuyển đổi số tỉnh Bình Định năm 2024", section="chinh_quyen_so")],
        [_task("c8", "8", "Kế hoạch phổ biến, giáo dục pháp luật năm 2024", section="the_che"),
         _task("c18", "18", "Kế hoạch chuyển đổi số của Sở năm 2024", section="chinh_quyen_so")],
    )
    r = audit_plans(parent, child)
    narrowed = _of(r, "narrowed")
    # Adapting the scope ("tỉnh Bình Định" → "của Sở") is not narrowing.
    assert [(f.parent, f.child) for f in narrowed] == [("p12", "c8")]
    assert "hòa giải" in narrowed[0].message
    assert "Kế hoạch phổ biến, giáo dục pháp luật năm 2024" in narrowed[0].message


def test_renumbered_moved_and_added():
    parent, child = _pair(
        [_task("p30", "30", "Kế hoạch thúc đẩy việc sử dụng dịch vụ công trực tuyến đến năm 2025",
               section="chinh_quyen_so")],
        [_task("c12", "12.1", "Kế hoạch thúc đẩy việc sử dụng dịch vụ công trực tuyến đến năm 2025", section="tthc"),
         _task("c99", "13", "Tổ chức hội thi nông dân sản xuất giỏi cấp Sở", section="tthc")],
    )
    r = audit_plans(parent, child)
    (ren,) = [f for f in _of(r, "renumbered") if f.parent == "p30"]
    assert ren.severity == "info" and ren.details == {**ren.details, "parent_value": "30", "child_value": "12.1"}
    (mv,) = _of(r, "moved")
    assert mv.severity == "warning" and "Cải cách thủ tục hành chính" in mv.message
    (add,) = _of(r, "added")
    assert (add.parent, add.child, add.severity) == (None, "c99", "info")
    assert "hội thi nông dân" in add.message


def test_missing_severity_follows_applicability(monkeypatch):
    statuses = {"p1": ("required", "Sở là cơ quan chủ trì"), "p2": ("advisory", "Sở phối hợp"),
                "p3": ("not_applicable", "nhiệm vụ của cấp xã")}

    def fake_assess(item, agency, level, parent_level=None):
        return Applicability(*statuses.get(item.id, ("required", "mặc định")))

    monkeypatch.setattr("cascade.audit.applicability.assess", fake_assess)
    parent, child = _pair([_task("p1", "4", "Xác định chỉ số cải cách hành chính năm 2024 đối với các sở"),
                           _task("p2", "5", "Đo lường sự hài lòng của người dân đối với cơ quan hành chính"),
                           _task("p3", "19", "Đề án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023-2025"),
                           _item("pg", "7", "Chính quyền điện tử, chính quyền số", kind="indicator", group=True)],
                          [])
    r = audit_plans(parent, child)
    missing = {f.parent: f for f in _of(r, "missing")}
    assert {k: f.severity for k, f in missing.items()} == {"p1": "error", "p2": "warning", "p3": "info"}
    assert missing["p3"].details["status"] == "not_applicable"
    assert "nhiệm vụ của cấp xã" in missing["p3"].message
    assert "Xác định chỉ số cải cách hành chính" in missing["p1"].message
    assert "pg" not in missing  # a group heading is a container, not an obligation
    s = r.summary
    assert s["verdict"] == "can_sua"
    assert s["counts"]["by_type"]["missing"] == 3
    assert s["counts"]["by_severity"]["error"] == 1
    assert s["applicability"]["p2"] == {"status": "advisory", "reason": "Sở phối hợp"}


def test_summary_keys_and_verdict_for_a_faithful_child():
    parent, child = _pair([], [])
    r = audit_plans(parent, child)
    s = r.summary
    for key in ("verdict", "verdict_text", "score", "score_method", "counts", "coverage", "applicability",
                "child_agency", "child_level", "parent_level", "related", "relatedness"):
        assert key in s
    assert s["verdict"] == "dat" and s["score"] == 100 and s["related"] is True
    assert s["child_level"] == "so" and s["parent_level"] == "tinh"
    row = next(c for c in s["coverage"] if c["area"] == "chi_dao_dieu_hanh")
    # task 1.1 (publishing the PAR INDEX results) is Sở Nội vụ's act, not applicable to the Sở: 3 of the 4 rows
    assert row == {"area": "chi_dao_dieu_hanh", "area_name": "Công tác chỉ đạo, điều hành", "required": 3,
                   "carried": 3, "missing": 0}


def test_unrelated_child_gets_verdict_and_no_findings():
    parent, _ = _pair([], [])
    child = _plan("other.txt", [_item("x1", "1", "Tổ chức tập huấn kỹ thuật trồng lúa cho nông dân"),
                                _item("x2", "2", "Xây dựng cánh đồng mẫu lớn")], level="so", year=2022)
    r = audit_plans(parent, child)
    assert r.summary["verdict"] == "khong_lien_quan" and r.summary["related"] is False
    assert r.links == [] and r.findings == []
    assert "không liên quan" in r.summary["verdict_text"]


def test_audit_json_is_deterministic_and_follows_the_contract():
    def build():
        return _pair([_task("p23", "23", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024", "Tháng 2")],
                     [_task("c16", "16", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024",
                            "Trong năm")])
    a = audit_plans(*build()).to_json()
    b = audit_plans(*build()).to_json()
    assert a == b
    d = json.loads(a)
    assert d["schema"] == "cascade-audit/1"
    assert set(d) == {"schema", "parent", "child", "links", "findings", "summary"}
    assert all(set(lk) == {"parent", "child", "score", "why"} for lk in d["links"])
    assert "Tháng 2" in a  # UTF-8 text, not \\u escapes


# ---------------------------------------------------------------- real seed plans

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def _seed(rel: str) -> Plan:
    from cascade.parse import parse_file

    return parse_file(ROOT / "data" / rel)


@pytest.mark.parametrize("rel", ["yen-bai/2022/tinh-271-KH-UBND.txt", "gia-lai/2024/tinh-3638-KH-UBND.txt"])
def test_province_plan_against_itself_with_rows_deleted(rel):
    import copy

    parent = _seed(rel)
    child = copy.deepcopy(parent)
    tasks = [it for it in child.items if it.kind == "task" and not it.group]
    deleted = {tasks[1].id, tasks[len(tasks) // 2].id, tasks[-1].id}
    child.items = [it for it in child.items if it.id not in deleted]
    r = audit_plans(parent, child, level=parent.level)
    assert r.summary["related"] is True
    assert {f.parent for f in _of(r, "missing")} == deleted
    assert [f for f in r.findings if f.type not in ("missing", "deadline_dependent")] == []
    assert all(lk.parent == lk.child for lk in r.links)
    assert len(r.links) == len(child.items)


def test_later_deadline_in_a_real_plan_copy_is_weakened():
    import copy

    from cascade.parse.deadlines import parse_deadline

    parent = _seed("binh-dinh/2024/tinh-4935-QD-UBND.txt")
    child = copy.deepcopy(parent)
    task = next(it for it in child.items if it.kind == "task" and it.deadline and it.deadline.raw == "Tháng 3")
    task.deadline = parse_deadline("Quý IV", 2024)
    r = audit_plans(parent, child, level="tinh")
    (f,) = _of(r, "weakened_deadline")
    assert (f.parent, f.child) == (task.id, task.id)
    assert "Tháng 3" in f.message and "Quý IV" in f.message
