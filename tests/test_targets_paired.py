"""Targets of one item compared number by number, and a district carrying its communes' values."""

from __future__ import annotations

from cascade.audit import audit_plans
from cascade.model import Item, Plan
from cascade.parse.targets import find_level_targets

_COMMON = ["Kiểm tra cải cách hành chính năm 2024", "Truyền thông về cải cách hành chính năm 2024",
           "Công bố kết quả hệ thống hóa văn bản kỳ 2019-2023"]


def _audit(p_text: str, c_text: str, child_level: str = "so", **kw):
    p_items = [Item(id="p1", kind="indicator", label="1", text=p_text, section="chinh_quyen_so",
                    level_targets=kw.get("p_levels", []))]
    c_items = [Item(id="c1", kind="indicator", label="1", text=c_text, section="chinh_quyen_so",
                    level_targets=kw.get("c_levels", []))]
    p_items += [Item(id=f"pc{k}", kind="task", label=f"9{k}", text=t, section="chi_dao_dieu_hanh")
                for k, t in enumerate(_COMMON)]
    c_items += [Item(id=f"cc{k}", kind="task", label=f"9{k}", text=t, section="chi_dao_dieu_hanh")
                for k, t in enumerate(_COMMON)]
    for items in (p_items, c_items):
        for k, it in enumerate(items):
            it.order = k
    agency = {"so": "Sở Y tế", "huyen": "UBND huyện Tiên Du"}[child_level]
    return audit_plans(Plan(path="p.txt", items=p_items, level="tinh", year=2024, place="Bắc Ninh"),
                       Plan(path="c.txt", items=c_items, level=child_level, year=2024, agency=agency))


def _weakened(result) -> list[str]:
    return [f.message for f in result.findings if f.parent == "p1" and f.type == "weakened_target"]


def test_each_number_is_compared_with_the_one_that_measures_the_same_thing():
    parent = ("Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận đạt 55%, tỷ lệ thanh toán trực tuyến trên Cổng "
              "Dịch vụ công quốc gia đạt 60%; 100% thủ tục hành chính nội bộ được công khai.")
    kept = ("100% thủ tục hành chính nội bộ của Sở được công khai; tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ "
            "tiếp nhận đạt 55%, tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia đạt 60%.")
    assert _weakened(_audit(parent, kept)) == []
    lowered = kept.replace("đạt 60%", "đạt 45%")
    [message] = _weakened(_audit(parent, lowered))
    assert "60%" in message and "45%" in message and "thanh toán trực tuyến" in message


def test_a_district_carries_its_communes_value():
    parent = ("Đạt 92% hồ sơ công việc cấp tỉnh; 82% hồ sơ công việc cấp huyện và 62% hồ sơ công việc cấp xã "
              "được xử lý trên môi trường mạng")
    child_ok = "82% hồ sơ công việc cấp huyện và 62% hồ sơ công việc cấp xã được xử lý trên môi trường mạng"
    child_low = "82% hồ sơ công việc cấp huyện và 50% hồ sơ công việc cấp xã được xử lý trên môi trường mạng"
    levels = find_level_targets(parent)
    ok = _audit(parent, child_ok, "huyen", p_levels=levels, c_levels=find_level_targets(child_ok))
    assert _weakened(ok) == []
    low = _audit(parent, child_low, "huyen", p_levels=levels, c_levels=find_level_targets(child_low))
    [message] = _weakened(low)
    assert "cấp xã" in message and "62%" in message and "50%" in message
