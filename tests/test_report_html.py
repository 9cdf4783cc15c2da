"""The HTML audit report: content for the real Bình Định pair and the hand-made fixture, escaping, overrides."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CHILD, PARENT  # noqa: F401

from cascade.report import render_html, write_html
from cascade.report.diff import Segment, word_diff

HEADINGS = [
    "1. Những điểm cần sửa",
    "2. Thông tin chung",
    "3. Thống kê phát hiện",
    "4. Mức độ thể hiện theo lĩnh vực cải cách",
    "5. Đối chiếu chi tiết từng nhiệm vụ, chỉ tiêu",
    "6. Nội dung cấp dưới bổ sung",
    "7. Nội dung không áp dụng cho cấp dưới",
]
COMMUNE_ITEMS = [
    "Đề án sắp xếp đơn vị hành chính cấp xã trên địa bàn tỉnh giai đoạn 2023-2025",
    "Quy chế tổ chức tuyển dụng công chức cấp xã",
    "Số đơn vị hành chính cấp xã chuyển đổi số",
]



def rows(html: str) -> list[str]:
    """The side-by-side table's rows as HTML chunks."""
    table = html[html.index('id="align"'):html.index("</table>", html.index('id="align"'))]
    return ["<tr" + chunk for chunk in table.split('<tr class="row')[1:]]


def row_with(html: str, text: str) -> str:
    found = [r for r in rows(html) if text in re.sub(r"</?(del|ins)>", "", r)]
    assert found, f"no row shows {text!r}"
    return found[0]


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}">')
    return html[start:html.index("</section>", start)]


def count_cell(html: str, attr: str, key: str) -> int:
    m = re.search(rf'<tr data-{attr}="{key}">.*?<td class="n">(\d+)</td>', html, re.S)
    assert m, f"no count row for {attr}={key}"
    return int(m.group(1))


# ---- the real pair -------------------------------------------------------------------------------------------


def test_real_pair_counts_match_the_audit(real: dict) -> None:
    html = render_html(real)
    # per finding type: the rows of the side-by-side table that show it, the number the type filter shows too
    for key, n in real["summary"]["counts"]["items_by_type"].items():
        assert count_cell(html, "type", key) == n
        if key != "added":
            assert re.search(rf'<option value="{key}">[^<]*\({n} dòng\)</option>', html), key
            assert sum(1 for r in rows(html) if key in re.search(r'data-types="([^"]*)"', r).group(1).split()) == n
    for key, n in real["summary"]["counts"]["by_severity"].items():
        assert count_cell(html, "severity", key) == n
    assert "4935/QĐ-UBND" in html
    assert "Sở Nông nghiệp và Phát triển nông thôn" in html
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in html


def test_real_pair_task_23_deadline_change(real: dict) -> None:
    row = row_with(render_html(real), "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh")
    assert 'data-types="' in row and "weakened_deadline" in row
    assert '<span class="before">Tháng 2</span> → <span class="after">Trong năm</span>' in row


def test_real_pair_commune_items_not_applicable(real: dict) -> None:
    html = render_html(real)
    na = section(html, "khong-ap-dung")
    main_ids = set(re.findall(r'data-parent="([^"]+)"', "".join(rows(html))))
    for text in COMMUNE_ITEMS:
        ids = [it["id"] for it in real["parent"]["items"] if it["text"].startswith(text)]
        assert ids, f"the auditor has no parent item {text!r}"
        for item_id in ids:
            assert f'data-parent="{item_id}"' in na and item_id not in main_ids


# ---- the hand-made fixture -----------------------------------------------------------------------------------


def test_header_shows_both_plans(sample: dict) -> None:
    info = section(render_html(sample), "thong-tin")
    for text in ("4935/QĐ-UBND", "(chưa có số)", "Ủy ban nhân dân tỉnh Bình Định", "Sở Nông nghiệp và Phát triển nông thôn",
                 "Cấp tỉnh", "Cấp sở", "29/12/2023", "(chưa ghi ngày)"):
        assert text in info


def test_verdict_score_and_method(sample: dict) -> None:
    html = render_html(sample)
    verdict = section(html, "can-sua")
    assert '<span class="score-value">84</span>' in verdict
    assert '<div class="verdict-name">Cần sửa</div>' in verdict
    counts = section(html, "thong-ke")
    assert "Cách tính điểm:" in counts and "nội dung không áp dụng không tính" in counts


def test_counts_by_type_and_severity(sample: dict) -> None:
    html = render_html(sample)
    assert [count_cell(html, "severity", s) for s in ("error", "warning", "info")] == [3, 12, 23]
    # 11 missing findings, 3 of them on commune items that do not apply (listed apart, not rows of the table)
    assert count_cell(html, "type", "missing") == 8
    assert count_cell(html, "type", "weakened_deadline") == 3
    assert count_cell(html, "type", "renumbered") == 19


def test_coverage_per_area(sample: dict) -> None:
    cov = section(render_html(sample), "linh-vuc")
    m = re.search(r'data-area="chi_dao_dieu_hanh">\s*<td>Công tác chỉ đạo, điều hành</td><td class="n">14</td>'
                  r'<td class="n">9</td>\s*<td class="n miss">5</td>', cov)
    assert m, cov[:2000]


def test_task_23_deadline_and_word_diff(sample: dict) -> None:
    row = row_with(render_html(sample), "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh")
    assert 'data-severity="error"' in row
    assert '<span class="before">Tháng 2</span> → <span class="after">Trong năm</span>' in row
    # the province-only words are struck through in the parent cell
    assert "<del>tỉnh (thường xuyên và đào tạo chuyên sâu)</del>" in row
    assert '<dd class="chg">Trong năm</dd>' in row
    assert '<span class="link-score">82%</span>' in row
    assert "Thời hạn muộn hơn" in row and "Thu hẹp phạm vi" in row and "Đánh số lại" in row


def test_not_applicable_collapsed_with_reason(sample: dict) -> None:
    html = render_html(sample)
    na = section(html, "khong-ap-dung")
    assert '<details class="na" id="not-applicable">' in na and "<details class=\"na\" id=\"not-applicable\" open" not in na
    assert "3 nội dung của kế hoạch cấp trên" in na
    for text in COMMUNE_ITEMS:
        assert text in na
        assert not any(text in r for r in rows(html))
    assert "nhiệm vụ của cấp xã (tuyển dụng công chức cấp xã)" in na


def test_missing_and_added_items(sample: dict) -> None:
    html = render_html(sample)
    row = row_with(html, "Kế hoạch thu hút nguồn nhân lực chất lượng cao")
    assert "is-missing" in row and "Không có nội dung tương ứng" in row and "Khuyến nghị" in row
    added = section(html, "bo-sung")
    assert "Tổ chức tập huấn sử dụng phần mềm một cửa điện tử" in added


def test_markup_in_a_plan_renders_as_text(sample: dict) -> None:
    html = render_html(sample)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # only the report's own filter script


def test_self_contained_no_network(sample: dict) -> None:
    html = render_html(sample)
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html
    assert "@page { size: A4" in html


def test_all_headings_and_filters(sample: dict) -> None:
    html = render_html(sample)
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in html
    for element in ('id="f-severity"', 'id="f-hide-ok"', 'id="f-area"', 'id="f-type"', 'id="f-search"'):
        assert element in html
    assert '<option value="cong_vu">Cải cách chế độ công vụ</option>' in html
    assert len(rows(html)) == 38


def test_tolerates_a_minimal_audit(tmp_path: Path) -> None:
    audit = {"schema": "cascade-audit/1", "parent": {"items": [{"id": "x", "kind": "task", "text": "Kiểm tra CCHC"}]},
             "child": {}, "links": [], "findings": []}
    out = tmp_path / "r.html"
    write_html(audit, out)
    html = out.read_text(encoding="utf-8")
    assert "Kiểm tra CCHC" in html and "(chưa có số)" in html and "Chưa kết luận" in html


def test_province_template_overrides_the_header(sample: dict, tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "header.html").write_text(
        "<header class=\"doc-head\">UBND TỈNH GIA LAI — SỞ NỘI VỤ {{ v.child.agency }}</header>", encoding="utf-8")
    html = render_html(sample, template_dir=tmp_path)
    assert "UBND TỈNH GIA LAI — SỞ NỘI VỤ Sở Nông nghiệp và Phát triển nông thôn" in html
    assert "BÁO CÁO KIỂM TRA SỰ PHÙ HỢP" not in html  # the package's header partial was replaced
    assert "<h2>5. Đối chiếu chi tiết từng nhiệm vụ, chỉ tiêu</h2>" in html


def test_word_diff_marks_removed_and_added_words() -> None:
    left, right = word_diff("Hoàn thành trong Tháng 2 năm 2024", "Hoàn thành Trong năm 2024")
    assert Segment("del", "Tháng 2") in left
    assert [s.op for s in right] == ["same"]  # only case differs in "trong"/"Trong", which is not a change
    left, right = word_diff("Ban hành Kế hoạch", "Nghiên cứu Kế hoạch")
    assert left[0] == Segment("del", "Ban hành") and right[0] == Segment("ins", "Nghiên cứu")


def test_a_product_in_the_deadline_cell_reads_as_no_deadline(real: dict) -> None:
    """Task 16 of the province is carried by the Sở's task 12, whose deadline cell holds a product."""
    row = row_with(render_html(real), "Xây dựng công cụ quản lý dữ liệu thủ tục hành chính")
    assert '<span class="before">Tháng 11</span> → <span class="after">(không ghi thời hạn)</span>' in row
    assert "không ghi (cột thời hạn ghi: Phần mềm quản lý dữ liệu TTHC của UBND tỉnh)" in row
