"""The feedback letter (.docx): NĐ 30/2020 layout and every required revision listed."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from conftest import CHILD, PARENT  # noqa: F401

from cascade.report import write_letter


def read(audit: dict, tmp_path: Path, **kwargs) -> tuple[docx.document.Document, str, str]:
    path = tmp_path / "gop-y.docx"
    write_letter(audit, path, **kwargs)
    doc = docx.Document(str(path))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return doc, body, cells


def required_part(body: str) -> str:
    return body[body.index("1. Các nội dung đề nghị chỉnh sửa, bổ sung"):body.index("2. Các nội dung đề nghị nghiên cứu")]


def parent_texts(audit: dict, severity: str) -> set[str]:
    items = {it["id"]: it for it in audit["parent"]["items"]}
    return {items[f["parent"]]["text"].strip() for f in audit["findings"] if f["severity"] == severity and f.get("parent")}


def test_layout_of_nd30(sample: dict, tmp_path: Path) -> None:
    doc, body, cells = read(sample, tmp_path)
    sec = doc.sections[0]
    mm = [round(v.mm) for v in (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin, sec.left_margin,
                                sec.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]  # A4; NĐ 30: top/bottom 20–25, left 30–35, right 15–20 mm
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH BÌNH ĐỊNH", "SỞ NỘI VỤ",
                 "Số:        /SNV-CCHC", "Bình Định, ngày …… tháng …… năm ……",
                 "V/v góp ý dự thảo Kế hoạch cải cách hành chính năm 2024 của Sở Nông nghiệp và Phát triển nông thôn",
                 "Nơi nhận:", "- Như trên;", "GIÁM ĐỐC"):
        assert text in cells
    assert "Kính gửi: Sở Nông nghiệp và Phát triển nông thôn." in body
    assert "Quyết định số 4935/QĐ-UBND ngày 29/12/2023" in body
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" and 13 <= r.font.size.pt <= 14 for r in runs)


def test_every_required_revision_is_listed(sample: dict, tmp_path: Path) -> None:
    _, body, _ = read(sample, tmp_path)
    required = required_part(body)
    for text in parent_texts(sample, "error"):
        assert f"“{text}”" in required
    assert "Nhiệm vụ 23 “Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh" in required
    assert "Dự thảo ghi thời hạn “Trong năm”" in required and "không muộn hơn “Tháng 2”" in required
    assert "(dự thảo: mục 16)" in required
    # grouped by reform area, numbered (1)…(3)
    assert re.findall(r"^\((\d+)\)", required, re.M) == ["1", "2", "3"]
    assert "c) Cải cách chế độ công vụ" in required


def test_advisory_after_required(sample: dict, tmp_path: Path) -> None:
    _, body, _ = read(sample, tmp_path)
    advisory = body[body.index("2. Các nội dung đề nghị nghiên cứu"):body.index("Trên đây là ý kiến góp ý")]
    for text in parent_texts(sample, "warning"):
        assert f"“{text}”" in advisory
    assert "Kế hoạch thu hút nguồn nhân lực chất lượng cao tỉnh Bình Định" in advisory
    # numbering continues after the required ones; not-applicable commune items are not asked for
    assert re.findall(r"^\((\d+)\)", advisory, re.M)[0] == "4"
    assert "Quy chế tổ chức tuyển dụng công chức cấp xã" not in body


def test_issuer_and_place_are_parameters(sample: dict, tmp_path: Path) -> None:
    _, body, cells = read(sample, tmp_path, issuer="Sở Tư pháp", place="Quy Nhơn")
    assert "SỞ TƯ PHÁP" in cells and "/STP-CCHC" in cells and "Quy Nhơn, ngày" in cells
    assert body.count("Sở Tư pháp") >= 2


def test_real_pair_letter(real: dict, tmp_path: Path) -> None:
    _, body, _ = read(real, tmp_path)
    required = required_part(body)
    for text in parent_texts(real, "error"):
        assert f"“{text}”" in required
