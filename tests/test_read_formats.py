"""The .docx and .pdf readers: document order, merged cells read once, Word numbering labels, legacy fonts,
tables continued across PDF pages; and `read_document` on the real seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx as python_docx
import pytest
from expectations import expect
from fixtures_build import (
    BULLET_NUM,
    TASK_HEADER,
    build_task_docx,
    build_task_pdf,
    install_numbering,
    number,
    pdf_font_available,
    set_font,
)

from cascade.read import read_document
from cascade.read.docx import format_number, read_docx
from cascade.read.encodings import unicode_to_tcvn3, unicode_to_vni
from cascade.read.pdf import read_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted(DATA.glob("*/*/*.txt"))
needs_font = pytest.mark.skipif(
    not pdf_font_available(), reason="DejaVuSans.ttf missing (CI installs fonts-dejavu-core)"
)


# --- real seeds through read_document --------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_txt_read_by_content(seed: Path) -> None:
    from cascade.read.txt import read_text

    doc = read_document(seed)
    assert doc.format == "txt" and doc.encoding == "utf-8"
    direct = read_text(seed.read_text(encoding="utf-8"), str(seed))
    assert [(b.kind, b.text, [r.cells for r in b.rows]) for b in doc.blocks] == [
        (b.kind, b.text, [r.cells for r in b.rows]) for b in direct.blocks
    ]


def test_seed_in_windows_1258_reads_like_utf8(tmp_path: Path) -> None:
    from cascade.read.encodings import unicode_to_cp1258

    seed = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"
    utf8 = read_document(seed)
    legacy = tmp_path / "so-nnptnt-cp1258.txt"
    legacy.write_bytes(unicode_to_cp1258(seed.read_text(encoding="utf-8")))
    doc = read_document(legacy)
    assert doc.encoding == "windows-1258"
    assert [b.text for b in doc.paragraphs()] == [b.text for b in utf8.paragraphs()]
    assert [[r.cells for r in t.rows] for t in doc.tables()] == [[r.cells for r in t.rows] for t in utf8.tables()]


# --- .docx ---------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def docx_doc(tmp_path_factory: pytest.TempPathFactory):
    path = build_task_docx(tmp_path_factory.mktemp("docx") / "ke-hoach.docx")
    return read_document(path)


def test_docx_paragraphs_in_order_with_numbering_labels(docx_doc) -> None:
    assert docx_doc.format == "docx"
    texts = [b.text for b in docx_doc.paragraphs()]
    assert texts == [
        "KẾ HOẠCH",
        "Cải cách hành chính tại Sở Nông nghiệp năm 2024",
        "Thực hiện Quyết định số 4935/QĐ-UBND",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "a) Đề ra các giải pháp cụ thể",
        "b) Tiếp tục đẩy mạnh cải cách thủ tục hành chính",
        "2. Yêu cầu",
        "a) Bám sát Kế hoạch của tỉnh",  # lower level restarts under a new "2."
        "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Cải cách thể chế",  # restarts under "II."
        "1.1. Rà soát văn bản quy phạm pháp luật",  # lvlText "%2.%4." combines two levels
        "- Theo dõi thi hành pháp luật",  # numbering inherited from the paragraph style
        "Dòng thứ nhất",
        "dòng thứ hai",  # a w:br line break splits the paragraph into lines
        "Nơi nhận:",
    ]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_docx_source_refs(docx_doc) -> None:
    paras = docx_doc.paragraphs()
    assert [b.source.line for b in paras[:4]] == [1, 2, 3, 4]
    assert paras[-2].source.line == paras[-3].source.line == 14
    table = docx_doc.tables()[0]
    assert table.source.table == 0 and [r.source.row for r in table.rows] == [0, 1, 2, 3]
    kinds = [b.kind for b in docx_doc.blocks]
    assert kinds.index("table") == len(kinds) - 2  # the table sits between "dòng thứ hai" and "Nơi nhận:"


def test_docx_table_cells(docx_doc) -> None:
    (table,) = docx_doc.tables()
    assert [r.cells for r in table.rows] == [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"],
        ["I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "", ""],  # horizontal merge: text once, "" in covered columns
        ["1.", "Xây dựng kế hoạch CCHC năm 2024\nTriển khai đến các phòng", "Văn phòng Sở", "Tháng 3"],
        # task number from numbering.xml; nested table one row per line; vertical merge continuation is ""
        ["2.", "Tuyên truyền CCHC\nSản phẩm | Số lượng\nTin bài | 12", "", "Quý II"],
    ]


def test_docx_legacy_fonts_reported(docx_doc) -> None:
    assert docx_doc.encoding == "tcvn3+vni"
    assert any("TCVN3" in w and "VNI" in w for w in docx_doc.warnings)


def test_docx_python_docx_repeats_merged_cells_but_we_do_not(tmp_path: Path) -> None:
    path = build_task_docx(tmp_path / "a.docx")
    raw = python_docx.Document(str(path)).tables[0].rows[1].cells
    assert [c.text for c in raw].count("CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH") == 3  # what a naive reader would emit
    cells = read_docx(path).tables()[0].rows[1].cells
    assert cells.count("CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH") == 1


def test_docx_font_from_style_and_defaults(tmp_path: Path) -> None:
    d = python_docx.Document()
    install_numbering(d)
    style = d.styles.add_style("CuTCVN", 1)
    set_font(style, ".VnArial")  # rFonts on the style: runs inherit it
    d.add_paragraph(unicode_to_tcvn3("thủ tục hành chính"), style="CuTCVN")
    p = d.add_paragraph()
    set_font(p.add_run(unicode_to_vni("Ủy ban nhân dân tỉnh")), "VNI-Helve")
    p.add_run(" và Sở Nội vụ")  # a Unicode run beside it stays as is
    number(d.add_paragraph("gạch đầu dòng"), BULLET_NUM)
    path = tmp_path / "style.docx"
    d.save(path)
    assert [b.text for b in read_docx(path).paragraphs()] == [
        "thủ tục hành chính",
        "Ủy ban nhân dân tỉnh và Sở Nội vụ",
        "- gạch đầu dòng",
    ]


def test_docx_unsupported_legacy_font_named(tmp_path: Path) -> None:
    from cascade.errors import ReadError

    d = python_docx.Document()
    set_font(d.add_paragraph().add_run("Caûi caùch"), "VPS Times")
    path = tmp_path / "vps.docx"
    d.save(path)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert "VPS" in info.value.message_vi and "vps.docx" in info.value.message_vi


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (4, "decimal", "4"),
        (4, "lowerLetter", "d"),
        (27, "lowerLetter", "aa"),
        (9, "upperRoman", "IX"),
        (14, "lowerRoman", "xiv"),
        (3, "upperLetter", "C"),
    ],  # fmt: skip
)
def test_number_formats(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label


# --- .pdf ----------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory: pytest.TempPathFactory):
    if not pdf_font_available():
        pytest.skip("DejaVuSans.ttf missing (CI installs fonts-dejavu-core)")
    return read_document(build_task_pdf(tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf"))


@needs_font
def test_pdf_table_across_pages_reassembled(pdf_doc) -> None:
    assert pdf_doc.format == "pdf"
    (table,) = pdf_doc.tables()
    assert [r.cells for r in table.rows] == [
        TASK_HEADER,  # repeated on page 2, kept once
        ["1", "Ban hành kế hoạch CCHC năm 2024", "Văn phòng Sở", "Tháng 1"],
        # the row split by the page break, rejoined cell by cell
        [
            "2",
            "Kiểm tra công tác CCHC tại các phòng, đơn vị\ntrực thuộc Sở (phần tiếp theo)",
            "Văn phòng Sở\nvà các phòng",
            "Quý II",
        ],
        ["3", "Tuyên truyền về CCHC", "Phòng Kế hoạch", "Thường xuyên"],
    ]
    assert [r.source.page for r in table.rows] == [1, 1, 1, 2]
    assert [r.source.row for r in table.rows] == [0, 1, 2, 3]


@needs_font
def test_pdf_paragraphs_and_order(pdf_doc) -> None:
    paras = pdf_doc.paragraphs()
    assert paras[0].text == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024" and paras[0].source.page == 1
    assert paras[1].text.startswith("Căn cứ Quyết định số 4935/QĐ-UBND")
    assert sum(p.text.startswith("Dòng giới thiệu số") for p in paras) == 44
    assert paras[-1].text == "Nơi nhận: như trên." and paras[-1].source.page == 2
    kinds = [b.kind for b in pdf_doc.blocks]
    assert kinds.count("table") == 1 and kinds[-2:] == ["table", "para"]
    # no table cell text leaks into the paragraphs
    assert not any("Ban hành kế hoạch" in p.text for p in paras)


@needs_font
def test_pdf_reader_accepts_bytes(tmp_path: Path) -> None:
    path = build_task_pdf(tmp_path / "b.pdf")
    doc = read_pdf("ten-khac.pdf", path.read_bytes())
    assert doc.path == "ten-khac.pdf" and len(doc.tables()[0].rows) == 4


def test_docx_font_from_document_defaults(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    d = python_docx.Document()
    rpr = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.attrib.pop(qn(attr + "Theme"), None)
        fonts.set(qn(attr), ".VnTime")
    # the Normal style must not override the default font for the default to reach the runs
    d.add_paragraph(unicode_to_tcvn3("cơ quan chủ trì"))
    path = tmp_path / "defaults.docx"
    d.save(path)
    assert [b.text for b in read_docx(path).paragraphs()] == ["cơ quan chủ trì"]


# --- the real Sở plan written as .docx and .pdf parses like the .txt --------------------------------------------------
SO_PLAN = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"


def _ws(s: str | None) -> str:
    return " ".join((s or "").split())


def _item_keys(plan) -> list[tuple]:
    return [
        (i.kind, i.label, _ws(i.text), [_ws(x) for x in i.lead], _ws(i.deadline.raw) if i.deadline else None)
        for i in plan.items
    ]


@pytest.fixture(scope="module")
def so_plan(tmp_path_factory: pytest.TempPathFactory):
    """The Sở plan read from .txt, and the same content written to .docx (task numbers by Word auto-numbering,
    merged cells as real merges) and .pdf (fpdf2 tables); returns (txt_doc, docx_doc, numbered cells, pdf_doc)."""
    from fixtures_build import document_to_docx, document_to_pdf

    from cascade.read.txt import read_text

    base = tmp_path_factory.mktemp("so")
    txt = read_text(SO_PLAN.read_text(encoding="utf-8"), str(SO_PLAN))
    docx_path, numbered = document_to_docx(txt, base / "so-nnptnt.docx")
    pdf_doc = read_document(document_to_pdf(txt, base / "so-nnptnt.pdf")) if pdf_font_available() else None
    return txt, read_document(docx_path), numbered, pdf_doc


def _padded_tables(doc) -> list[list[list[str]]]:
    out = []
    for t in doc.tables():
        ncols = max(len(r.cells) for r in t.rows)
        out.append([[_ws(c) for c in r.cells + [""] * (ncols - len(r.cells))] for r in t.rows])
    return out


def _merged_positions(txt, plan) -> set[int]:
    """Positions of the items (of a plan parsed from the .docx/.pdf, whose row refs index `txt.tables()` exactly)
    whose row lies under a vertically merged cell."""
    from fixtures_build import vertical_spans

    covered = set()
    for t_index, t in enumerate(txt.tables()):
        rows = [r.cells for r in t.rows]
        spans = vertical_spans(rows, max(len(r) for r in rows))
        covered |= {(t_index, i + k) for (i, _), n in spans.items() for k in range(1, n)}
    return {n for n, it in enumerate(plan.items) if (it.source.table, it.source.row) in covered}


def test_so_plan_docx_tables_read_back_cell_for_cell(so_plan) -> None:
    txt, docx_doc, numbered, _ = so_plan
    # every task/indicator number in column 0 came from numbering.xml
    assert numbered >= expect("binh-dinh-2024-so-nnptnt", "docx_numbered_cells_at_least")
    assert [b.kind for b in docx_doc.blocks] == [b.kind for b in txt.blocks]
    assert [_ws(b.text) for b in docx_doc.paragraphs()] == [_ws(b.text) for b in txt.paragraphs()]
    assert _padded_tables(docx_doc) == _padded_tables(txt)


@needs_font
def test_so_plan_pdf_tables_read_back_cell_for_cell(so_plan) -> None:
    txt, _, _, pdf_doc = so_plan
    assert [_ws(b.text) for b in pdf_doc.paragraphs()] == [_ws(b.text) for b in txt.paragraphs()]
    assert _padded_tables(pdf_doc) == _padded_tables(txt)
    assert max(b.source.page for b in pdf_doc.blocks) >= 5  # the tables really ran over page breaks


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_so_plan_parses_the_same_from_every_format(so_plan, fmt: str) -> None:
    from cascade.parse import parse_document

    txt, docx_doc, _, pdf_doc = so_plan
    doc = docx_doc if fmt == "docx" else pdf_doc
    if doc is None:
        pytest.skip("DejaVuSans.ttf missing (CI installs fonts-dejavu-core)")
    plan = parse_document(doc)
    expected, got = _item_keys(parse_document(txt)), _item_keys(plan)
    assert len(got) == len(expected) == expect("binh-dinh-2024-so-nnptnt", "items")
    merged = _merged_positions(txt, plan)
    # indicators 1.2-1.5 share the "Đơn vị thực hiện" cell of 1.1; four "- Phấn đấu …" sub-rows share two cells
    assert sorted(str(got[n][1]) for n in merged) == expect("binh-dinh-2024-so-nnptnt", "labels_under_merged_cells")
    assert [k for n, k in enumerate(got) if n not in merged] == [k for n, k in enumerate(expected) if n not in merged]


def test_so_plan_docx_merged_cells_parse_like_txt(so_plan) -> None:
    from cascade.parse import parse_document

    txt, docx_doc, _, _ = so_plan
    assert _item_keys(parse_document(docx_doc)) == _item_keys(parse_document(txt))


@needs_font
def test_pdf_borderless_table_found_by_header(tmp_path: Path) -> None:
    from fixtures_build import new_pdf

    pdf = new_pdf()
    pdf.add_page()
    pdf.multi_cell(0, 6, "Phụ lục nhiệm vụ", new_x="LMARGIN", new_y="NEXT")
    rows = [
        TASK_HEADER,
        [
            "1",
            "Ban hành kế hoạch cải cách hành chính năm 2024 của Sở và triển khai đến các phòng",
            "Văn phòng Sở",
            "Tháng 1",
        ],
        ["2", "Kiểm tra công tác CCHC", "Phòng Tổ chức", "Quý II"],
    ]
    with pdf.table(
        col_widths=(15, 95, 45, 35), borders_layout="NONE", text_align="LEFT", line_height=6, v_align="TOP"
    ) as table:  # top-aligned cells: a centred multi-line row is not reassembled (see pdf.py)
        for r in rows:
            out = table.row()
            for c in r:
                out.cell(c)
    pdf.ln(12)
    pdf.multi_cell(0, 6, "Nơi nhận: như trên; lưu văn thư, phòng Tổ chức cán bộ của Sở Nông nghiệp.", new_x="LMARGIN")
    pdf_path = tmp_path / "khong-ke.pdf"
    pdf.output(str(pdf_path))
    doc = read_document(pdf_path)
    (t,) = doc.tables()
    assert [r.cells for r in t.rows] == rows  # the wrapped task text is one cell again
    assert [b.text for b in doc.paragraphs()] == [
        "Phụ lục nhiệm vụ",
        "Nơi nhận: như trên; lưu văn thư, phòng Tổ chức cán bộ của Sở Nông nghiệp.",
    ]
