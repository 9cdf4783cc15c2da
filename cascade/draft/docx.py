"""The skeleton as a Word document in the layout of Nghị định 30/2020/NĐ-CP, editable in Word and LibreOffice.

A4, Times New Roman 14, margins top/bottom 20 mm, left 30 mm, right 15 mm; a borderless two-column header (the
superior body and the agency over "Số: …/KH-…" | quốc hiệu, tiêu ngữ, place and a blank date), the title, the
căn cứ, the parts. Parts (I., II., …) and the areas inside them (1., 2., …) are Word's automatic numbering, so
deleting the advisory part renumbers "Tổ chức thực hiện" by itself; "-" and "+" bullets are Word bullets. Bullet
letters stay typed: Vietnamese letters skip f and j and use đ, which no Word number format does. Tables are real
tables with a repeated header row and area rows merged across.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from cascade.draft.layout import Block, layout
from cascade.draft.skeleton import Draft
from cascade.outputs import GENERATOR
from cascade.report.word_tables import fix_widths

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
HEADER_CM = (6.5, 10.0)
SIGNATURE_CM = (8.0, 8.5)
TEXT_WIDTH_CM = 16.5
# Word list definitions written into numbering.xml: the outline of parts and areas, and the dash bullets.
_OUTLINE = [("upperRoman", "%1."), ("decimal", "%2.")]
_DASHES = [("bullet", "-"), ("bullet", "+")]


def _font(run: Any, size: float = BODY_PT, bold: bool = False, italic: bool = False,
          underline: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # Word takes some Vietnamese letters from the East Asian font slot unless it is set too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _spacing(p: Paragraph, after: float = 6, indent: float | None = None, align: int | None = None) -> None:
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.15
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align


def _add_numbering(doc: Any) -> tuple[str, str]:
    """Add the outline and the dash list to numbering.xml; return their numIds."""
    numbering = doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    next_abs, next_num = max(ids, default=0) + 1, max(nums, default=0) + 1
    out = []
    for k, levels in enumerate((_OUTLINE, _DASHES)):
        abs_id, num_id = str(next_abs + k), str(next_num + k)
        an = OxmlElement("w:abstractNum")
        an.set(qn("w:abstractNumId"), abs_id)
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "multilevel")
        an.append(mlt)
        for ilvl, (fmt, text) in enumerate(levels):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            # Children in schema order: start, numFmt, suff, lvlText, lvlJc, pPr.
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:suff", "space"), ("w:lvlText", text),
                             ("w:lvlJc", "left")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            # The number sits where a typed "I." would: at the first-line indent, followed by a space.
            ind.set(qn("w:left"), "0")
            ind.set(qn("w:firstLine"), str(Cm(1.0).twips))
            ppr.append(ind)
            lvl.append(ppr)
            if fmt != "bullet":  # "I." and "1." are bold like the heading they number
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:b"))
                lvl.append(rpr)
            an.append(lvl)
        # abstractNum elements must precede every num element (schema order).
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            numbering.append(an)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), num_id)
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), abs_id)
        num.append(ref)
        numbering.append(num)
        out.append(num_id)
    return out[0], out[1]


def _number(p: Paragraph, num_id: str, ilvl: int) -> None:
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    numpr.append(lvl)
    numpr.append(nid)
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        ppr.insert(0, numpr)
    else:
        style.addnext(numpr)


def _scaled(widths: list[float], n: int) -> list[float]:
    widths = list(widths[:n]) + [2.5] * max(0, n - len(widths))
    total = sum(widths)
    return [w * TEXT_WIDTH_CM / total for w in widths]


def _cell_lines(cell: Any, lines: list[str], size: float, bold: bool = False, italic: bool = False,
                underline: bool = False, align: int = WD_ALIGN_PARAGRAPH.CENTER, first: bool = True) -> None:
    for k, line in enumerate(lines):
        p = cell.paragraphs[0] if first and k == 0 else cell.add_paragraph()
        _font(p.add_run(line), size, bold, italic, underline)
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.space_before = Pt(0)


def _header(doc: Any, b: Block) -> None:
    top, agency, number = b.rows[0][0], b.rows[1][0], b.rows[2][0]
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fix_widths(table, list(HEADER_CM))
    left, right = table.rows[0].cells
    first = True
    if top:
        _cell_lines(left, [top], 13)
        first = False
    _cell_lines(left, agency.split("\n"), 13, bold=True, underline=True, first=first)
    p = left.add_paragraph()
    _font(p.add_run(number), 13)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    _cell_lines(right, [b.rows[0][1]], 13, bold=True)
    _cell_lines(right, [b.rows[1][1]], 14, bold=True, underline=True, first=False)
    p = right.add_paragraph()
    _font(p.add_run(b.rows[2][1]), 14, italic=True)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc: Any, b: Block) -> None:
    ncols = len(b.rows[0])
    table = doc.add_table(rows=len(b.rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fix_widths(table, _scaled(b.widths or [1.0] * ncols, ncols))
    sections = set(b.section_rows)
    for r, values in enumerate(b.rows):
        row = table.rows[r]
        if r in sections and ncols > 2:
            # The area row: its roman number, then its name merged over the other columns.
            row.cells[1].merge(row.cells[ncols - 1])
            values = values[:2]
        for c, value in enumerate(values):
            cell = row.cells[c]
            lines = value.split("\n") if value else [""]
            header = r == 0
            align = WD_ALIGN_PARAGRAPH.CENTER if header or c == 0 or (r in sections) else WD_ALIGN_PARAGRAPH.LEFT
            _cell_lines(cell, lines, TABLE_PT, bold=header or r in sections, align=align)
            if header or r in sections:
                for p in cell.paragraphs:  # a header or area row never ends a page alone
                    p.paragraph_format.keep_with_next = True
    _repeat_header(table.rows[0])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _signature(doc: Any, b: Block) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    fix_widths(table, list(SIGNATURE_CM))
    left, right = table.rows[0].cells
    _font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    _cell_lines(left, b.lines, 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    _cell_lines(right, b.rows[0], 14, bold=True)
    _cell_lines(right, ["", "", "", ""], 14, first=False)


def build_docx(draft: Draft) -> Any:
    """The skeleton as a python-docx Document."""
    doc = Document()
    doc.core_properties.title = draft.title
    # The creator marks the file as ours, so a later run may replace it (cascade.outputs).
    doc.core_properties.author = GENERATOR
    doc.core_properties.subject = "Dự thảo khung kế hoạch (cascade draft)"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    outline, dashes = _add_numbering(doc)

    for b in layout(draft):
        if b.kind == "header":
            _header(doc, b)
        elif b.kind == "title":
            p = doc.add_paragraph()
            _font(p.add_run(b.text), BODY_PT, bold=True)
            _spacing(p, after=0, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.space_before = Pt(12)
        elif b.kind == "subtitle":
            p = doc.add_paragraph()
            _font(p.add_run(b.text), BODY_PT, bold=True)
            _spacing(p, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif b.kind in ("part", "head"):
            p = doc.add_paragraph()
            _number(p, outline, 0 if b.kind == "part" else 1)
            _font(p.add_run(b.text), BODY_PT, bold=True)
            _spacing(p)
            p.paragraph_format.keep_with_next = True  # a heading never ends a page alone
        elif b.kind == "bullet":
            p = doc.add_paragraph()
            heading = b.text in ("Chỉ tiêu", "Nhiệm vụ")  # the "a) Chỉ tiêu" / "b) Nhiệm vụ" sub-headings
            _font(p.add_run(f"{b.label} {b.text}"), BODY_PT, italic=heading)
            _spacing(p, indent=1.0)
            p.paragraph_format.keep_with_next = heading or None
        elif b.kind == "dash":
            p = doc.add_paragraph()
            _number(p, dashes, 1 if b.label == "+" else 0)
            _font(p.add_run(b.text), BODY_PT)
            _spacing(p)
        elif b.kind == "table":
            _table(doc, b)
        elif b.kind == "signature":
            _signature(doc, b)
        elif b.kind == "appendix":
            doc.add_page_break()
            p = doc.add_paragraph()
            _font(p.add_run(b.text), BODY_PT, bold=True)
            _spacing(p, after=0, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif b.kind in ("note", "reason"):
            p = doc.add_paragraph()
            _font(p.add_run(b.text), 13 if b.kind == "reason" else BODY_PT, italic=True)
            _spacing(p, indent=1.0)
        else:
            p = doc.add_paragraph()
            _font(p.add_run(b.text), BODY_PT)
            _spacing(p, indent=1.0)
    return doc


def write_docx(draft: Draft, path: str | Path) -> None:
    """Write the skeleton to `path` (.docx)."""
    build_docx(draft).save(str(path))

