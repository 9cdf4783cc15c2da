"""The feedback letter (.docx): NĐ 30/2020 layout and every required revision listed."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
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
    # each item once: one with an error is asked for in section 1 only, with its warnings
    for text in parent_texts(sample, "warning") - parent_texts(sample, "error"):
        assert f"“{text}”" in advisory
    for text in parent_texts(sample, "error"):
        assert f"“{text}”" not in advisory
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


# ---- issue 11, point 3: the letter matches the report ----------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
ITEM_LINE = re.compile(r"^\((\d+)\) (Nhiệm vụ|Chỉ tiêu|Nội dung)(?: (\S+))? “(.*?)”", re.M)


def sections(body: str) -> tuple[str, str]:
    one = body.index("1. Các nội dung đề nghị chỉnh sửa, bổ sung")
    two = body.index("2. Các nội dung đề nghị nghiên cứu")
    return body[one:two], body[two:body.index("Trên đây là ý kiến góp ý")]


def listed(part: str) -> list[str]:
    """Item texts the letter lists in one section, in order."""
    return [m.group(4) for m in ITEM_LINE.finditer(part)]


def expected_sections(audit: dict) -> tuple[set[str], set[str]]:
    """From the JSON findings: texts of items with an error; of items whose worst finding is a warning."""
    items = {it["id"]: it["text"].strip() for it in audit["parent"]["items"]}
    app = audit["summary"]["applicability"]
    worst: dict[str, str] = {}
    for f in audit["findings"]:
        pid = f.get("parent")
        if pid is None or f["severity"] not in ("error", "warning"):
            continue
        if app.get(pid, {}).get("status") == "not_applicable" and f["type"] == "missing":
            continue
        worst[pid] = "error" if "error" in (f["severity"], worst.get(pid)) else "warning"
    return ({items[p] for p, s in worst.items() if s == "error"}, {items[p] for p, s in worst.items() if s == "warning"})


@pytest.fixture(scope="module")
def gialai() -> dict:
    """The Gia Lai Sở Tư pháp pair of the shared answer keys: errors, warnings and a narrowed task."""
    from cascade.audit import audit_files

    if not (SHARED / "gialai-stp-2024" / "child.docx").is_file():
        pytest.skip("the shared answer keys are not beside this checkout")
    return audit_files(SHARED / "gialai-stp-2024" / "parent.txt", SHARED / "gialai-stp-2024" / "child.docx").to_dict()


@pytest.mark.parametrize("which", ["real", "gialai"])
def test_sections_hold_errors_then_warnings_each_item_once(which: str, request, tmp_path: Path) -> None:
    audit = request.getfixturevalue(which)
    _, body, _ = read(audit, tmp_path)
    one, two = sections(body)
    errors, warnings = expected_sections(audit)
    got_one, got_two = listed(one), listed(two)
    assert len(got_one) == len(set(got_one)) and len(got_two) == len(set(got_two))
    assert set(got_one) == errors and set(got_two) == warnings
    # numbering runs on from section 1 into section 2
    numbers = [int(n) for n in re.findall(r"^\((\d+)\)", one + two, re.M)]
    assert numbers == list(range(1, len(errors) + len(warnings) + 1))
    if errors:
        assert f"ở {len(errors)} nội dung sau" in one
    else:
        assert "đầy đủ" not in one  # nothing reads as complete above a list of items to add
    if warnings:
        assert f"điều chỉnh {len(warnings)} nội dung sau" in two


def test_narrowed_item_quotes_exactly_the_dropped_clause(gialai: dict, tmp_path: Path) -> None:
    _, body, _ = read(gialai, tmp_path)
    items = {it["id"]: it["text"] for it in gialai["parent"]["items"]}
    narrowed = [f for f in gialai["findings"] if f["type"] == "narrowed" and f["severity"] in ("error", "warning")]
    assert narrowed, "the Gia Lai key has a narrowed task"
    for f in narrowed:
        line = next(ln for ln in body.splitlines() if f"“{items[f['parent']].strip()}”" in ln)
        request = line[line.index("Dự thảo bỏ "):]
        quoted = re.findall(r"“(.*?)”", request.split(" so với", 1)[0])
        assert quoted
        for clause in quoted:
            text = items[f["parent"]]
            assert clause in text  # the parent's own words, punctuation included
            start = text.index(clause)
            end = start + len(clause)
            # whole words: no letter touches either end of the quote
            assert (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            assert clause.count("(") == clause.count(")")


def test_dropped_clause_is_the_source_text() -> None:
    from cascade.report.diff import source_span

    parent = "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh (thường xuyên và đào tạo chuyên sâu) năm 2024"
    assert source_span(parent, "đào tạo chuyên sâu) năm 2024") == "(thường xuyên và đào tạo chuyên sâu) năm 2024"
    source = "Kiểm tra việc thực hiện của các sở, ngành, Ủy ban nhân dân cấp huyện, cấp xã"
    assert source_span(source, "ngành Ủy ban nhân dân cấp huyện cấp xã") == "ngành, Ủy ban nhân dân cấp huyện, cấp xã"


def test_a_product_in_the_deadline_cell_is_no_deadline(real: dict, tmp_path: Path) -> None:
    child = {it["id"]: it for it in real["child"]["items"]}
    late = [f for f in real["findings"] if f["type"] == "weakened_deadline"
            and (child[f["child"]].get("deadline") or {}).get("kind") == "unknown"]
    assert late, "task 12 of the Sở plan holds a product in its deadline cell"
    _, body, _ = read(real, tmp_path)
    for f in late:
        product = child[f["child"]]["deadline"]["raw"]
        assert f"Dự thảo ghi thời hạn “{product}" not in body
        pv = f["details"]["parent_value"]
        assert f"Dự thảo chưa ghi thời hạn hoàn thành (tỉnh giao “{pv}”)" in body


def _twips(el, tag: str) -> int:
    from docx.oxml.ns import qn

    return int(el.find(qn(tag)).get(qn("w:w")))


def test_header_grid_widths_match_the_cells(sample: dict, tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    doc, _, _ = read(sample, tmp_path)
    sec = doc.sections[0]
    text_width = (sec.page_width - sec.left_margin - sec.right_margin) // 635  # EMU → twips
    for table in doc.tables[:2]:  # the header and the signature block
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        cells = [_twips(tc.tcPr, "w:tcW") for tc in tbl.tr_lst[0].tc_lst]
        assert grid == cells
        assert sum(grid) <= text_width
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    header = doc.tables[0]
    left, right = (round(w / 567, 1) for w in (_twips(tc.tcPr, "w:tcW") for tc in header._tbl.tr_lst[0].tc_lst))
    assert right >= 10.0 and left + right <= 16.5  # the quốc hiệu (≈ 8.8 cm at 13 pt bold) fits on one line


def test_quoc_hieu_and_date_line_do_not_wrap_in_libreoffice(sample: dict, tmp_path: Path) -> None:
    import shutil
    import subprocess

    import pdfplumber
    from conftest import libreoffice_unavailable

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        libreoffice_unavailable("LibreOffice is not installed")
    write_letter(sample, tmp_path / "gop-y.docx", place="Thừa Thiên Huế")  # a long place name
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "gop-y.docx")], capture_output=True, timeout=180,
                   check=True)
    with pdfplumber.open(tmp_path / "gop-y.pdf") as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert any(ln.endswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for ln in lines), lines[:6]
    assert any(ln.endswith("Thừa Thiên Huế, ngày …… tháng …… năm ……") for ln in lines), lines[:6]


def test_letter_shows_no_codes_or_iso_dates(real: dict, tmp_path: Path) -> None:
    _, body, cells = read(real, tmp_path)
    text = body + cells
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert not re.search(r"\b(error|warning|info|not_applicable|advisory|can_sua|weakened_\w+)\b", text)
