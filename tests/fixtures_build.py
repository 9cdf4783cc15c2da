"""Builders for .docx and .pdf test fixtures, written into a tmp dir (nothing binary is checked in)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from cascade.read.encodings import unicode_to_tcvn3, unicode_to_vni

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# abstractNum 90: I. / 1. / a) outline list; 91: task numbers "1." in a table column; 92: "-" bullets
_NUMBERING = f"""
<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="90">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%4."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="91">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="92">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
  </w:abstractNum>
</w:numbering>
"""
OUTLINE_NUM, TASK_NUM, BULLET_NUM = 90, 91, 92


def install_numbering(document) -> None:
    """Write the list definitions above into the document's numbering.xml (python-docx has no API for them)."""
    root = document.part.numbering_part.element
    defs = parse_xml(_NUMBERING)
    first_num = root.find(qn("w:num"))
    for an in defs.findall(qn("w:abstractNum")):
        if first_num is not None:
            first_num.addprevious(an)
        else:
            root.append(an)
    for abstract_id in (OUTLINE_NUM, TASK_NUM, BULLET_NUM):
        root.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{abstract_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        )


def number(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Attach Word automatic numbering (numId, ilvl) to a paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def set_font(run_or_style, name: str) -> None:
    """Give a run or a style a font in all its w:rFonts slots (legacy fonts are set this way in old documents)."""
    el = run_or_style._r if hasattr(run_or_style, "_r") else run_or_style.element
    rpr = el.get_or_add_rPr()
    rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}"/>'))


def build_task_docx(path: Path) -> Path:
    """A small plan: numbered outline, a style-numbered bullet, legacy-font runs, and a task table with a merged
    heading row, a vertically merged lead cell, a two-line cell, a nested table and auto-numbered task numbers."""
    d = docx.Document()
    install_numbering(d)
    bullet_style = d.styles.add_style("GachDauDong", 1)
    bullet_style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{BULLET_NUM}"/></w:numPr>')
    )
    title = d.add_paragraph()
    set_font(title.add_run(unicode_to_tcvn3("kế hoạch")), ".VnTimeH")  # H font: capitals drawn from lower codes
    intro = d.add_paragraph()
    set_font(intro.add_run(unicode_to_tcvn3("Cải cách hành chính tại Sở Nông nghiệp năm 2024")), ".VnTime")
    vni = d.add_paragraph()
    run = vni.add_run(unicode_to_vni("Thực hiện Quyết định số 4935/QĐ-UBND"))
    set_font(run, "VNI-Times")
    for text, lvl in [
        ("MỤC ĐÍCH, YÊU CẦU", 0),
        ("Mục đích", 1),
        ("Đề ra các giải pháp cụ thể", 2),
        ("Tiếp tục đẩy mạnh cải cách thủ tục hành chính", 2),
        ("Yêu cầu", 1),
        ("Bám sát Kế hoạch của tỉnh", 2),
        ("NHIỆM VỤ TRỌNG TÂM", 0),
        ("Cải cách thể chế", 1),
        ("Rà soát văn bản quy phạm pháp luật", 3),
    ]:
        number(d.add_paragraph(text), OUTLINE_NUM, lvl)
    d.add_paragraph("Theo dõi thi hành pháp luật", style="GachDauDong")
    d.add_paragraph("Dòng thứ nhất").add_run().add_break()
    d.paragraphs[-1].add_run("dòng thứ hai")

    t = d.add_table(rows=4, cols=4)
    for i, h in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]):
        t.cell(0, i).text = h
    head = t.cell(1, 1).merge(t.cell(1, 3))
    t.cell(1, 0).text = "I"
    head.text = "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"
    for r in (2, 3):
        cell = t.cell(r, 0)
        number(cell.paragraphs[0], TASK_NUM)  # the "1." / "2." come only from numbering.xml
    c = t.cell(2, 1)
    c.text = "Xây dựng kế hoạch CCHC năm 2024"
    c.add_paragraph("Triển khai đến các phòng")
    lead = t.cell(2, 2).merge(t.cell(3, 2))
    lead.text = "Văn phòng Sở"
    t.cell(2, 3).text = "Tháng 3"
    c = t.cell(3, 1)
    c.text = "Tuyên truyền CCHC"
    nested = c.add_table(rows=2, cols=2)
    for (i, j), v in {(0, 0): "Sản phẩm", (0, 1): "Số lượng", (1, 0): "Tin bài", (1, 1): "12"}.items():
        nested.cell(i, j).text = v
    t.cell(3, 3).text = "Quý II"
    after = d.add_paragraph("Nơi nhận:")
    after.runs[0].font.size = Pt(10)
    d.save(path)
    return path


def pdf_font_available() -> bool:
    return DEJAVU.exists()


def new_pdf():
    """An A4 fpdf2 document with DejaVuSans (Vietnamese glyphs) as the current font."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD if DEJAVU_BOLD.exists() else DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(True, margin=15)
    return pdf


TASK_HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]


def build_task_pdf(path: Path, filler_lines: int = 44) -> Path:
    """A PDF with a text layer: a heading, paragraphs, then a task table that breaks across pages with its header
    repeated and task 2's row split across the page break (its continuation starts with an empty TT cell)."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 8, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.multi_cell(
        0,
        6,
        "Căn cứ Quyết định số 4935/QĐ-UBND ngày 29/12/2023 của Ủy ban nhân dân tỉnh.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for i in range(filler_lines):
        pdf.cell(0, 5, f"Dòng giới thiệu số {i + 1} của kế hoạch.", new_x="LMARGIN", new_y="NEXT")
    widths = (15, 95, 45, 35)

    def table(rows):
        with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=True, line_height=6) as tbl:
            for r in rows:
                row = tbl.row()
                for v in r:
                    row.cell(v)

    table([TASK_HEADER, ["1", "Ban hành kế hoạch CCHC năm 2024", "Văn phòng Sở", "Tháng 1"],
           ["2", "Kiểm tra công tác CCHC tại các phòng, đơn vị", "Văn phòng Sở", "Quý II"]])  # fmt: skip
    pdf.add_page()
    table([TASK_HEADER, ["", "trực thuộc Sở (phần tiếp theo)", "và các phòng", ""],
           ["3", "Tuyên truyền về CCHC", "Phòng Kế hoạch", "Thường xuyên"]])  # fmt: skip
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Nơi nhận: như trên.")
    pdf.output(str(path))
    return path


def build_blank_pdf(path: Path) -> Path:
    """A PDF page with only a drawn rectangle: no text layer (what a scan looks like to a text extractor)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


def build_encrypted_pdf(path: Path) -> Path:
    pdf = new_pdf()
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.add_page()
    pdf.cell(0, 8, "Nội dung bảo mật")
    pdf.output(str(path))
    return path


# --- writing a read Document back out as .docx / .pdf (format round trips) ------------------------------------------
_TASK_NUMBERS = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="93">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
"""


def _label_level(label: str, counters: list[int]) -> int | None:
    """The numbering level that would print `label` next ("3" → 0, "2.4" → 1), or None if Word would not."""
    import re

    if re.fullmatch(r"\d+", label) and int(label) == counters[0] + 1:
        return 0
    m = re.fullmatch(r"(\d+)\.(\d+)", label)
    if m and int(m.group(1)) == counters[0] and int(m.group(2)) == counters[1] + 1:
        return 1
    return None


def _is_heading(cells: list[str], ncols: int) -> bool:
    """An area heading row ("I | CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH" or one cell "V CẢI CÁCH CHẾ ĐỘ CÔNG VỤ")."""
    return len(cells) <= 2 and ncols > 2


def vertical_spans(rows: list[list[str]], ncols: int) -> dict[tuple[int, int], int]:
    """(row, col) → rows spanned, for the cells a ragged text row lacks: in the text seeds a cell merged over several
    rows appears only in its first row, so a missing trailing cell belongs to the cell above it."""
    spans: dict[tuple[int, int], int] = {}
    for i, cells in enumerate(rows):
        if i == 0 or _is_heading(cells, ncols):
            continue
        for j in range(len(cells)):
            k = i + 1
            while k < len(rows) and not _is_heading(rows[k], ncols) and len(rows[k]) <= j:
                k += 1
            if k - i > 1:
                spans[(i, j)] = k - i
    return spans


def document_to_docx(doc, path: Path) -> tuple[Path, int]:
    """Write a read Document as a .docx: paragraphs, tables (two-cell heading rows merged across the row), and
    task numbers in the first column produced by Word automatic numbering. Returns (path, numbered cells)."""
    d = docx.Document()
    root = d.part.numbering_part.element
    first_num = root.find(qn("w:num"))
    abstract = parse_xml(_TASK_NUMBERS)
    first_num.addprevious(abstract) if first_num is not None else root.append(abstract)
    numbered = 0
    for index, block in enumerate(doc.blocks):
        if block.kind == "para":
            d.add_paragraph(block.text)
            continue
        ncols = max(len(r.cells) for r in block.rows)
        num_id = 200 + index  # a fresh list per table, restarting at 1
        root.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="93"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )
        counters = [0, 0]
        table = d.add_table(rows=len(block.rows), cols=ncols)
        rows = [r.cells for r in block.rows]
        spans = vertical_spans(rows, ncols)
        covered = {(i + k, j) for (i, j), n in spans.items() for k in range(1, n)}
        for i, row in enumerate(block.rows):
            cells = row.cells + [""] * (ncols - len(row.cells))
            heading = _is_heading(row.cells, ncols)
            if heading:
                table.cell(i, len(row.cells) - 1).merge(table.cell(i, ncols - 1))
            for j, text in enumerate(cells):
                if (heading and j >= len(row.cells)) or (i, j) in covered:
                    continue
                cell = table.cell(i, j)
                if (i, j) in spans:
                    cell = cell.merge(table.cell(i + spans[(i, j)] - 1, j))  # Word's vMerge
                level = _label_level(text, counters) if j == 0 and i > 0 else None
                if level is not None:
                    number(cell.paragraphs[0], num_id, level)
                    counters[level] += 1
                    if level == 0:
                        counters[1] = 0
                    numbered += 1
                    continue
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    d.save(path)
    return path, numbered


def document_to_pdf(doc, path: Path) -> Path:
    """Write a read Document as a landscape PDF with fpdf2: paragraphs as wrapped text, tables with the table API
    (header row repeated on each page, two-cell heading rows spanning the row)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD if DEJAVU_BOLD.exists() else DEJAVU))
    pdf.set_font("DejaVu", size=8)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    for block in doc.blocks:
        if block.kind == "para":
            pdf.multi_cell(0, 4.5, block.text, new_x="LMARGIN", new_y="NEXT")
            continue
        ncols = max(len(r.cells) for r in block.rows)
        widths = [12] + [48] * (ncols - 1)
        with pdf.table(
            col_widths=widths, text_align="LEFT", line_height=4, first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD"),
        ) as table:  # fmt: skip
            rows = [r.cells for r in block.rows]
            spans = vertical_spans(rows, ncols)
            covered = {(i + k, j) for (i, j), n in spans.items() for k in range(1, n)}
            for i, cells in enumerate(rows):
                out = table.row()
                if _is_heading(cells, ncols):
                    for text in cells[:-1]:
                        out.cell(text)
                    out.cell(cells[-1], colspan=ncols - len(cells) + 1)
                    continue
                for j, text in enumerate(cells + [""] * (ncols - len(cells))):
                    if (i, j) not in covered:
                        out.cell(text, rowspan=spans.get((i, j), 1))
        pdf.ln(3)
    pdf.output(str(path))
    return path
