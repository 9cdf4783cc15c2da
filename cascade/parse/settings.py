"""Lengths and limits the parser uses to tell a heading from a sentence, a cell from a paragraph.

Every value is a number of characters of NFC text (or of blocks and paragraphs where said). They were tuned on the
seed plans and the answer keys; change one only with `make calibrate` and the parse diff of every seed unchanged
or better. One frozen instance, `SETTINGS`, is shared by the parse modules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseSettings:
    """Tolerances of the parser (characters unless said otherwise); each comment says why the value."""

    # --- what a cell looks like (cascade/parse/cells.py)
    # An agency cell lists agencies, rarely more than a few lines; a longer text that opens with "Sở …" is a task.
    agency_cell_max: int = 400
    # A deadline cell ("Quý I/2024", "Trước ngày 30/6/2024; báo cáo quý") or a dated line of one; beyond this it
    # is a product or an activity that happens to name a date.
    deadline_cell_max: int = 160
    # A cell that only contains a time word ("… trong tháng", "định kỳ") counts as a deadline when it is this short;
    # a longer one is an activity that mentions a time.
    deadline_words_max: int = 40

    # --- tables (cascade/parse/tables.py)
    # In the Gia Lai objective tables the first cell after the task is the Hoạt động column; a cell longer than
    # this is an activity even when it opens with an agency's name ("Sở Nội vụ tổ chức …").
    activity_cell_min: int = 90

    # --- headings (cascade/parse/areas.py, narrative.py, organisation.py)
    # A reform-area heading ("III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "3. Cải cách TTHC:") after its number; longer is
    # a task that mentions an area.
    area_heading_max: int = 110
    # A short heading that names an area inside a tasks section ("a) Cải cách thể chế:").
    area_subheading_max: int = 90
    # "PHỤ LỤC", "Phụ lục 2", "a) Chỉ tiêu", "b) Nhiệm vụ": a label line, not a sentence that mentions one.
    label_line_max: int = 40
    # A roman-numbered section heading ("II. NHIỆM VỤ, GIẢI PHÁP"), an unnumbered-section heading ("1. Mục tiêu:"),
    # or a lettered bullet that only heads the "-" bullets below it.
    section_heading_max: int = 120
    # A numbered sub-heading inside a section ("2. Chỉ tiêu cụ thể", "1.2. Công tác tuyên truyền …").
    numbered_heading_max: int = 140
    # The "Tổ chức thực hiện" heading when it is roman-numbered ("V. TỔ CHỨC THỰC HIỆN").
    organisation_heading_max: int = 80
    # The intro sentence that opens the organisation section when it has no heading ("… tổ chức thực hiện như sau:").
    organisation_intro_max: int = 400
    # An agency heading in the organisation section ("Sở Thông tin và Truyền thông có trách nhiệm:").
    agency_heading_max: int = 220
    # A topic heading in the organisation section ("4. Chế độ báo cáo").
    topic_heading_max: int = 100
    # A signature line ("GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN") or a signer's title line.
    signature_line_max: int = 60

    # A doer named before the first duty verb of a sentence ("Văn phòng Sở tham mưu …"); a longer span is a clause.
    doer_name_max: int = 200
    # A lead named before "chủ trì" / "là đầu mối" at the start of a paragraph ("Công chức Tư pháp - Hộ tịch chủ trì
    # …"); a longer span is the paragraph's own words.
    subject_lead_max: int = 80

    # --- targets (cascade/parse/targets.py)
    # A level phrase further than this from a value ("90% … tại cơ quan cấp tỉnh") does not label it: beyond it the
    # words belong to the next value of the sentence.
    level_window: int = 60
    # The comparator words right before a value ("tối thiểu", "phấn đấu đạt trên") are looked for this far back, and
    # "trở lên" / "trở xuống" this far after it; further words belong to another clause.
    comparator_before_window: int = 30
    comparator_after_window: int = 20
    # The words between a rank group's number and its lead word ("nhóm 20 địa phương dẫn đầu"): a short unit.
    rank_group_unit_max: int = 40
    # The scope written after a qualitative level ("ở mức tốt trong các chỉ số …"): longer is the rest of the sentence.
    qualitative_scope_max: int = 80

    # --- prose (cascade/parse/prose.py)
    # A numbered text this long is a paragraph (a task), whatever its punctuation; headings are shorter.
    paragraph_min: int = 110

    # --- header and metadata (cascade/parse/header.py, metadata.py)
    # A line of the agency cell ("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"): the
    # longest body names fit; a longer capitalised line is a title.
    header_line_max: int = 80
    # The place of "Văn Yên, ngày 10 tháng 01 năm 2022": a place name, not a sentence that ends in a date.
    place_max: int = 40
    # A title line that names the reform ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024 …") when "KẾ HOẠCH" does not
    # precede it; longer is a body paragraph.
    title_max: int = 220
    # How far the header and the metadata are looked for (blocks or paragraphs from the start of the document): the
    # header, title and legal basis of every seed fit well inside; the plan body comes after.
    header_blocks: int = 80
    # Around the motto of a header printed as paragraphs: agency lines above it, lines of the right column below it.
    header_lines_above_motto: int = 6
    header_lines_below_motto: int = 10
    # Words of a place name before ", ngày …" ("Thành phố Hồ Chí Minh").
    place_words_max: int = 5
    # The paragraphs searched for the number, date, title and type; the agency cell's lines among them.
    metadata_paragraphs: int = 60
    agency_cell_paragraphs: int = 12
    # The paragraphs searched for the legal basis ("Căn cứ …"), and the text kept of one citation.
    citation_paragraphs: int = 80
    citation_text_max: int = 300
    # Lines after a signer's title searched for the signer's name (a blank or a seal line may come between).
    signer_name_lines: int = 3


SETTINGS = ParseSettings()
