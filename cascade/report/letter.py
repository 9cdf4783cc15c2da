"""The Sở Nội vụ's feedback letter on a draft plan (.docx), in the administrative layout of Nghị định 30/2020/NĐ-CP.

Layout: A4, Times New Roman, margins top/bottom 20 mm, left 30 mm, right 15 mm; a borderless two-column header
(agency, số/ký hiệu, trích yếu | quốc hiệu, tiêu ngữ, place and date), "Kính gửi", the body, and the nơi nhận /
signature block. Blanks an official fills in (số, ngày, signer) are left as dotted placeholders so the file stays
editable in Word.

The body says what the report says: section 1 lists the items with an error (đề nghị chỉnh sửa, bổ sung),
section 2 those whose worst finding is a warning (đề nghị nghiên cứu), each item once with every request on it;
a pair the audit could not judge (unrelated plans, swapped or identical files) gets the reason and no item list.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from cascade.outputs import GENERATOR, atomic_output
from cascade.report.diff import source_span
from cascade.report.view import NO_DEADLINE, FindingView, ReportView, Row, build_view
from cascade.report.word_tables import fix_widths

FONT = "Times New Roman"
BODY_PT = 14
# Header columns (cm): the quốc hiệu (13 pt bold) and a long place-and-date line (14 pt italic) fit on one line
# in the right column; the two add up to the 16.5 cm between the margins.
HEADER_CM = (6.0, 10.5)
SIGNATURE_CM = (8.0, 8.5)


def _set_font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    # Word picks the East Asian slot for some Vietnamese characters unless it is set too
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(container: Any, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align: int | None = None, indent: bool = False, after: float = 6) -> Paragraph:
    p = container.add_paragraph()
    if text:
        _set_font(p.add_run(text), size, bold, italic)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.1
    if indent:
        fmt.first_line_indent = Cm(1.0)
    return p


def _cell_para(cell: _Cell, text: str, size: float, bold: bool = False, italic: bool = False,
               underline: bool = False) -> Paragraph:
    p = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs \
        else cell.add_paragraph()
    run = p.add_run(text)
    _set_font(run, size, bold, italic)
    run.font.underline = underline
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    return p


def _short_code(issuer: str) -> str:
    """"Sở Nội vụ" → "SNV", the sign of the issuing agency in a số/ký hiệu."""
    return "".join(unicodedata.normalize("NFC", w[0]).upper() for w in issuer.split() if w[0].isalpha())


def _item_ref(item: dict[str, Any], view: ReportView) -> str:
    kind = view.labels["kinds"].get(item.get("kind"), "Nội dung")
    label = f" {item['label']}" if item.get("label") else ""
    ref = f"{kind}{label} “{item.get('text', '').strip()}”"
    extras = []
    deadline, target = (item.get("deadline") or {}).get("raw"), (item.get("target") or {}).get("raw")
    if deadline:
        extras.append(f"thời hạn: {deadline}")
    if target and target.strip(" .") not in item.get("text", ""):
        extras.append(f"chỉ tiêu: {target}")
    return ref + (f" ({'; '.join(extras)})" if extras else "")


def dropped_clauses(finding: dict[str, Any], parent_text: str) -> list[str]:
    """The clauses a narrowed child left out, each quoted exactly as the parent writes it."""
    dropped = (finding.get("details") or {}).get("dropped") or []
    return list(dict.fromkeys(source_span(parent_text, d) for d in dropped if d))


def _request(f: FindingView, row: Row, area_name: str, view: ReportView, child: str,
             raw: dict[str, Any] | None = None) -> str:
    templates = view.labels.get("letter_requests", {})
    key = f.type
    if f.type == "weakened_deadline" and f.after in (None, "(không ghi)", NO_DEADLINE):
        key = "weakened_deadline_none"  # a product written in the deadline column is no deadline at all
    if f.type == "narrowed":
        clauses = dropped_clauses(raw or {}, row.item.get("text") or "")
        if clauses:
            template = templates.get(key, "")
            if "{dropped}" not in template:  # a province's own `narrowed` sentence may quote the clauses itself
                template = templates.get("narrowed_dropped", "")
            return template.format(dropped=", ".join(f"“{c}”" for c in clauses), child=child, area=area_name,
                                   pv=f.before or "", cv=f.after or "")
    template = templates.get(key)
    if template is None:
        return f.message
    return template.format(pv=f.before or "", cv=f.after or "", child=child, area=area_name)


def _draft_place(row: Row) -> str:
    """" (dự thảo: mục 16)" naming where the draft carries the item, empty when it does not."""
    labels = [c.item["label"] for c in row.children if c.item.get("label")]
    return f" (dự thảo: mục {', '.join(labels)})" if labels else ""


def letter_sections(view: ReportView) -> tuple[list[Row], list[Row]]:
    """Rows of section 1 (an error: chỉnh sửa, bổ sung) and of section 2 (worst is a warning: nghiên cứu).

    Each row once, in the section of its worst finding; the same rows the report marks as errors and warnings.
    """
    rows = view.rows
    return [row for row in rows if row.severity == "error"], [row for row in rows if row.severity == "warning"]


def _raw_findings(audit: dict[str, Any]) -> dict[tuple[str | None, str | None, str], dict[str, Any]]:
    return {(f.get("parent"), f.get("child"), f.get("type", "")): f for f in audit.get("findings") or []}


def _revisions(doc: Any, view: ReportView, rows: list[Row], child: str, start: int,
               raw: dict[tuple[str | None, str | None, str], dict[str, Any]]) -> int:
    """Write the numbered revisions of these rows grouped by reform area; return the next number."""
    n = start
    letters = "abcdefghiklmnopqrstuvxy"
    group = 0
    wanted = {id(r) for r in rows}
    for area in view.areas:
        area_rows = [r for r in area.rows if id(r) in wanted]
        if not area_rows:
            continue
        _para(doc, f"{letters[group % len(letters)]}) {area.name}", bold=True, italic=True, indent=True)
        group += 1
        for row in area_rows:
            requests = [_request(f, row, area.name, view, child, raw.get((f.parent, f.child, f.type)))
                        for f in row.findings if f.severity in ("error", "warning")]
            p = _para(doc, indent=True)
            _set_font(p.add_run(f"({n}) "), BODY_PT, bold=True)
            _set_font(p.add_run(_item_ref(row.item, view) + _draft_place(row) + ": "), BODY_PT, italic=True)
            _set_font(p.add_run(" ".join(dict.fromkeys(requests))), BODY_PT)
            n += 1
    return n


def _header(doc: Any, view: ReportView, issuer: str, place: str | None, year: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fix_widths(table, HEADER_CM)
    left, right = table.rows[0].cells
    if place:
        _cell_para(left, f"UBND TỈNH {place.upper()}", 13)
    _cell_para(left, issuer.upper(), 13, bold=True, underline=True)
    _cell_para(left, f"Số:        /{_short_code(issuer)}-CCHC", 13).paragraph_format.space_before = Pt(6)
    _cell_para(left, f"V/v góp ý dự thảo Kế hoạch cải cách hành chính năm {year} của {view.child.agency}", 12)
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    date_line = f"{place or '……'}, ngày …… tháng …… năm ……"
    _cell_para(right, date_line, 14, italic=True).paragraph_format.space_before = Pt(6)


def _signature(doc: Any, issuer: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    fix_widths(table, SIGNATURE_CM)
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    _set_font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in ("- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, CCHC."):
        p = left.add_paragraph()
        _set_font(p.add_run(line), 11)
        p.paragraph_format.space_after = Pt(0)
    head = "GIÁM ĐỐC" if issuer.lower().startswith("sở") else "THỦ TRƯỞNG CƠ QUAN"
    _cell_para(right, head, 14, bold=True)
    _cell_para(right, "(Ký, ghi rõ họ tên và đóng dấu)", 13, italic=True)
    for _ in range(4):
        _cell_para(right, "", 14)
    _cell_para(right, "……………………………", 14, bold=True)


def build_letter(audit: dict[str, Any], issuer: str = "Sở Nội vụ", place: str | None = None) -> Any:
    """The letter as a python-docx Document (see `write_letter`)."""
    view = build_view(audit)
    parent = audit.get("parent") or {}
    place = place or view.parent.place or view.child.place
    year = str(view.child.year or view.parent.year or "……")
    child = view.child.agency

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    _header(doc, view, issuer, place, year)
    _para(doc, "", after=6)
    kg = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _set_font(kg.add_run("Kính gửi: "), BODY_PT)
    _set_font(kg.add_run(f"{child}."), BODY_PT)

    title = view.parent.title
    if title.isupper():  # headings are often printed in capitals; a sentence quotes them in sentence case
        title = title.lower()
        for name in filter(None, (view.parent.place, place)):
            title = title.replace(name.lower(), name)
    basis = title if title.lower().startswith("kế hoạch") else f"Kế hoạch {title}".strip()
    doc_type = (parent.get("doc_type") or "").lower()
    issued = f"ban hành kèm theo Quyết định số {view.parent.number}" if "quyết định" in doc_type else f"số {view.parent.number}"
    _para(doc, (f"{issuer} nhận được dự thảo Kế hoạch cải cách hành chính năm {year} của {child}. Đối chiếu với {basis} "
                f"{issued} ngày {view.parent.date} của {view.parent.agency}, {issuer} có ý kiến góp ý như sau:"),
          indent=True)

    if not view.judged:
        _not_judged(doc, view, child)
    else:
        _sections(doc, view, child, _raw_findings(audit))
    # a draft that could not be judged is to be sent again, not finished and issued
    ask = ("kiểm tra lại và gửi lại dự thảo để được góp ý" if not view.judged
           else "nghiên cứu, hoàn chỉnh và ban hành Kế hoạch theo quy định")
    _para(doc, (f"Trên đây là ý kiến góp ý của {issuer} đối với dự thảo Kế hoạch cải cách hành chính năm {year} của "
                f"{child}. Đề nghị {child} {ask}./."), indent=True)
    _para(doc, "", after=6)
    _signature(doc, issuer)
    return doc


def _not_judged(doc: Any, view: ReportView, child: str) -> None:
    """A pair the audit could not judge: say why, ask for the right files, list no item."""
    _para(doc, "Qua kiểm tra, chưa thể góp ý từng nhiệm vụ, chỉ tiêu của dự thảo vì:", indent=True)
    for reason in view.notes:
        _para(doc, f"- {reason}", indent=True)
    if view.verdict == "khong_lien_quan":
        reason = f" ({view.relatedness_reason})" if view.relatedness_reason else ""
        _para(doc, f"- Dự thảo không tương ứng với kế hoạch cấp trên làm căn cứ{reason}.", indent=True)


def _sections(doc: Any, view: ReportView, child: str,
              raw: dict[tuple[str | None, str | None, str], dict[str, Any]]) -> None:
    """Section 1 (errors) and section 2 (warnings); "đầy đủ" only when there is nothing in either."""
    required, advisory = letter_sections(view)
    _para(doc, "1. Các nội dung đề nghị chỉnh sửa, bổ sung", bold=True, indent=True)
    if required:
        _para(doc, (f"Dự thảo chưa thể hiện đầy đủ hoặc thể hiện thấp hơn yêu cầu của kế hoạch cấp trên ở "
                    f"{len(required)} nội dung sau; đề nghị {child} chỉnh sửa, bổ sung:"), indent=True)
        nxt = _revisions(doc, view, required, child, 1, raw)
    elif advisory:
        _para(doc, "Không có nội dung bắt buộc phải chỉnh sửa.", indent=True)
        nxt = 1
    else:
        _para(doc, "Dự thảo đã thể hiện đầy đủ các nhiệm vụ, chỉ tiêu của kế hoạch cấp trên áp dụng cho đơn vị.",
              indent=True)
        nxt = 1
    _para(doc, "2. Các nội dung đề nghị nghiên cứu, bổ sung", bold=True, indent=True)
    if advisory:
        _para(doc, (f"Đề nghị {child} nghiên cứu, xem xét bổ sung, điều chỉnh {len(advisory)} nội dung sau cho "
                    "phù hợp:"), indent=True)
        _revisions(doc, view, advisory, child, nxt, raw)
    else:
        _para(doc, "Không có.", indent=True)


def write_letter(audit: dict[str, Any], path: str | Path, issuer: str = "Sở Nội vụ", place: str | None = None) -> None:
    """Write the feedback letter of `issuer` on the draft child plan to `path` (.docx, editable in Word)."""
    doc = build_letter(audit, issuer=issuer, place=place)
    doc.core_properties.author = GENERATOR  # marks the file as ours: a re-run may replace it
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
