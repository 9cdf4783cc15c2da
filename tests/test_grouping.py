"""Missing narrative bullets that a child need only consider are reported as one note per reform area."""

from __future__ import annotations

from cascade.audit import audit_plans
from cascade.audit.terminal import render
from cascade.model import Item, Plan


def _item(id_: str, kind: str, text: str, section: str, **kw) -> Item:
    return Item(id=id_, kind=kind, label=kw.pop("label", None), text=text, section=section, **kw)


def _plans() -> tuple[Plan, Plan]:
    parent_items = [
        _item("d1", "directive", "Tăng cường đối thoại với người dân, doanh nghiệp về thủ tục hành chính", "tthc"),
        _item("d2", "directive", "Đẩy mạnh xã hội hóa dịch vụ công trên địa bàn tỉnh", "tthc"),
        _item("d3", "directive", "Nâng cao chất lượng phục vụ của Trung tâm phục vụ hành chính công", "tthc"),
        _item("d4", "directive", "Tăng cường quản lý nhà nước về giá trên địa bàn", "tai_chinh_cong"),
        _item("d5", "directive", "Triển khai giải pháp thực hiện thu ngân sách của tỉnh năm 2024", "tai_chinh_cong"),
        _item("t1", "task", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ", "tthc", label="1",
              lead=["Các sở, ban, ngành"]),
        _item("t2", "task", "Kiện toàn tổ chức bộ máy của các đơn vị sự nghiệp công lập", "to_chuc_bo_may", label="2",
              lead=["Các sở, ban, ngành"]),
    ]
    child_items = [
        _item("c1", "directive", "Tăng cường đối thoại với người dân, doanh nghiệp về thủ tục hành chính", "tthc"),
        _item("c2", "task", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ của Sở", "tthc", label="1"),
    ]
    for k, it in enumerate(parent_items):
        it.order = k
    for k, it in enumerate(child_items):
        it.order = k
    parent = Plan(path="p.txt", level="tinh", year=2024, items=parent_items, areas=["tthc", "to_chuc_bo_may",
                                                                                  "tai_chinh_cong"])
    child = Plan(path="c.txt", level="so", agency="Sở Tư pháp", year=2024, items=child_items,
                 areas=["tthc"])
    return parent, child


def test_advisory_bullets_of_one_area_form_one_group_and_keep_their_own_findings() -> None:
    r = audit_plans(*_plans())
    missing = {f.parent: f for f in r.findings if f.type == "missing"}
    assert set(missing) == {"d2", "d3", "d4", "d5", "t2"}
    assert missing["t2"].severity == "error" and "group" not in missing["t2"].details
    assert missing["d2"].severity == missing["d3"].severity == "warning"
    groups = r.summary["groups"]
    tthc = next(g for g in groups if g["area"] == "tthc")
    assert tthc["parents"] == ["d2", "d3"] and tthc["severity"] == "warning"
    assert missing["d2"].details["group"] == tthc["id"] == missing["d3"].details["group"]
    assert "2 nội dung nên thể hiện" in tthc["message"] and "“Đẩy mạnh xã hội hóa" in tthc["message"]


def test_other_agencies_products_are_not_applicable_and_counts_by_applicability() -> None:
    r = audit_plans(*_plans())
    missing = {f.parent: f for f in r.findings if f.type == "missing"}
    # prices and budget revenue are Sở Tài chính's own functions (rules/competence.yaml)
    assert missing["d4"].details["status"] == "not_applicable" == missing["d5"].details["status"]
    counts = r.summary["counts"]
    assert counts["missing_by_applicability"] == {"required": 1, "advisory": 2, "not_applicable": 2}
    # an official reads one warning for the two grouped bullets
    assert counts["by_severity"]["warning"] == 1 and counts["by_severity_items"]["warning"] == 2
    assert "1 lỗi và 1 cảnh báo" in r.summary["verdict_text"]
    text = render(r.summary, "tỉnh", "Sở")
    assert "Nội dung thiếu: bắt buộc 1, nên thể hiện 2, không áp dụng 2" in text
