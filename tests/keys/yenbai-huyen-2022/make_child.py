"""Generate child.docx: Kế hoạch cải cách hành chính năm 2022 của UBND huyện Văn Yên (tỉnh Yên Bái).

Answer-key case yenbai-huyen-2022. The parent is Kế hoạch 271/KH-UBND ngày 16/12/2021 of UBND tỉnh Yên Bái
(parent.txt, a byte copy of data/yen-bai/2022/tinh-271-KH-UBND.txt). This child is a CONSTRUCTED test document
(synthetic): number 35/KH-UBND, date 10/01/2022 and every target are made up for the test. The deviations planted
here are listed in key.yaml and NOTES.md.

Run:  python3 make_child.py     (writes child.docx next to this script; deterministic: fixed core properties and
                                 fixed zip timestamps, so re-running gives identical bytes)
"""
import datetime
import io
import os
import unicodedata
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "child.docx")
FONT = "Times New Roman"


def N(s):
    return unicodedata.normalize("NFC", s)


# ------------------------------------------------------------------ content --
HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "HUYỆN VĂN YÊN", "Số: 35/KH-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Văn Yên, ngày 10 tháng 01 năm 2022"]

TITLE = ["KẾ HOẠCH", "Cải cách hành chính năm 2022 của Ủy ban nhân dân huyện Văn Yên"]

CAN_CU = [
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành "
    "chính nhà nước giai đoạn 2021 - 2030;",
    "Căn cứ Kế hoạch số 206/KH-UBND ngày 01/9/2021 của Ủy ban nhân dân tỉnh Yên Bái ban hành Kế hoạch tổng thể "
    "cải cách hành chính nhà nước giai đoạn 2021 - 2025, định hướng đến 2030 trên địa bàn tỉnh Yên Bái;",
    "Căn cứ Kế hoạch số 271/KH-UBND ngày 16/12/2021 của UBND tỉnh Yên Bái về triển khai công tác cải cách hành "
    "chính nhà nước năm 2022 trên địa bàn tỉnh Yên Bái;",
    "Ủy ban nhân dân huyện Văn Yên ban hành Kế hoạch cải cách hành chính năm 2022 với các nội dung sau:",
]

# (style, text). Styles: sec = I., II. heading; sub = 1., 2. heading; body = prose; bullet = "a)" chỉ tiêu line.
BODY = [
    ("sec", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("sub", "1. Mục đích"),
    ("body", "Cụ thể hóa các nội dung Kế hoạch cải cách hành chính năm 2022 của tỉnh phù hợp với tình hình thực tế "
             "của huyện; nâng cao trách nhiệm của người đứng đầu các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện "
             "và Ủy ban nhân dân các xã, thị trấn trong chỉ đạo, tổ chức thực hiện công tác cải cách hành chính."),
    ("sub", "2. Yêu cầu"),
    ("body", "Các nhiệm vụ được phân công cụ thể cho từng cơ quan, đơn vị, có sản phẩm và thời gian hoàn thành rõ "
             "ràng; các cơ quan, đơn vị, địa phương chủ động triển khai, kịp thời báo cáo khó khăn, vướng mắc về "
             "Ủy ban nhân dân huyện (qua Phòng Nội vụ)."),
    ("sec", "II. MỤC TIÊU, CHỈ TIÊU"),
    ("sub", "1. Mục tiêu"),
    ("body", "Tiếp tục xây dựng nền hành chính của huyện dân chủ, chuyên nghiệp, hiện đại, công khai, minh bạch; "
             "cải thiện kết quả các chỉ số đánh giá cải cách hành chính của huyện; lấy sự hài lòng của người dân, "
             "tổ chức làm thước đo chất lượng phục vụ của các cơ quan hành chính trên địa bàn."),
    ("sub", "2. Chỉ tiêu"),
    ("bullet", "a) 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của UBND huyện và UBND các xã, thị "
               "trấn được giải quyết đúng hạn."),
    ("bullet", "b) 100% xã, thị trấn có Tổ công nghệ số cộng đồng hoạt động hiệu quả."),
    ("sec", "III. NHIỆM VỤ TRỌNG TÂM"),
    ("body", "Các nhiệm vụ cụ thể theo từng lĩnh vực cải cách hành chính, cơ quan chủ trì, cơ quan phối hợp và thời "
             "gian hoàn thành được phân công tại Phụ lục kèm theo Kế hoạch này."),
    ("sec", "IV. KINH PHÍ THỰC HIỆN"),
    ("body", "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách năm 2022 của các cơ quan, đơn vị, "
             "địa phương theo phân cấp ngân sách hiện hành."),
    ("sec", "V. TỔ CHỨC THỰC HIỆN"),
    ("body", "Phòng Nội vụ là cơ quan thường trực công tác cải cách hành chính của huyện, có trách nhiệm hướng dẫn, "
             "theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai Kế hoạch này; tổng hợp, báo cáo Ủy ban "
             "nhân dân huyện và Sở Nội vụ theo quy định."),
    ("body", "Thủ trưởng các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện, Chủ tịch Ủy ban nhân dân các xã, thị "
             "trấn căn cứ nhiệm vụ được giao tại Phụ lục để tổ chức thực hiện, bảo đảm chất lượng và tiến độ."),
    ("body", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời phản "
             "ánh về Ủy ban nhân dân huyện (qua Phòng Nội vụ) để xem xét, điều chỉnh cho phù hợp./."),
]

SIGN_LEFT = ["Nơi nhận:", "- UBND tỉnh (b/c);", "- Sở Nội vụ (b/c);", "- TT Huyện ủy, TT HĐND huyện;",
             "- Chủ tịch, các PCT UBND huyện;", "- Các cơ quan, đơn vị thuộc huyện;", "- UBND các xã, thị trấn;",
             "- Lưu: VT, NV."]
SIGN_RIGHT = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "", "Nguyễn Văn A"]

APPENDIX_TITLE = [
    "PHỤ LỤC",
    "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022 CỦA ỦY BAN NHÂN DÂN HUYỆN VĂN YÊN",
    "(Kèm theo Kế hoạch số 35/KH-UBND ngày 10/01/2022 của Ủy ban nhân dân huyện Văn Yên)",
]
HEADS = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")

VP = "Văn phòng HĐND và UBND huyện"
CQCM = "Các cơ quan chuyên môn thuộc UBND huyện"
XA = "UBND các xã, thị trấn"

# Rows: ("area", roman, name) or (number, task, lead, partners, deadline). Numbering is the child's own (1..27).
ROWS = [
    ("area", "I", "Công tác chỉ đạo, điều hành"),
    ("1", "Tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm 2021 của UBND huyện; hoàn thiện tài "
          "liệu kiểm chứng gửi Sở Nội vụ thẩm định.", "Phòng Nội vụ", CQCM, "Quý I/2022"),
    ("2", "Triển khai các giải pháp nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hiệu quả quản trị "
          "và hành chính công (PAPI), Chỉ số hài lòng (SIPAS) trên địa bàn huyện.", "Phòng Nội vụ",
     "Các cơ quan, đơn vị thuộc huyện; " + XA, "Trong năm 2022"),
    ("3", "Phối hợp với Sở Nội vụ tổ chức đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ "
          "quan hành chính nhà nước (SIPAS) năm 2021 trên địa bàn huyện.", "Phòng Nội vụ",
     XA + "; Bưu điện huyện Văn Yên", "Theo hướng dẫn của Sở Nội vụ"),
    ("4", "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2022 của UBND huyện đối với các cơ quan "
          "chuyên môn và UBND các xã, thị trấn.", "Phòng Nội vụ", VP + "; Phòng Tư pháp", "Quý II/2022"),
    ("5", "Đẩy mạnh tuyên truyền chủ trương, đường lối của Đảng, quy định của Nhà nước về cải cách hành chính "
          "và kết quả cải cách hành chính của huyện trên sóng Đài Truyền thanh - Truyền hình huyện; in, phát tờ "
          "rơi tuyên truyền Chương trình CCHC, dịch vụ công mức độ 3, 4 và dịch vụ bưu chính công ích.",
     "Trung tâm Văn hóa - Thể thao và Truyền thông huyện", "Phòng Nội vụ; Phòng Văn hóa và Thông tin; " + XA,
     "Thường xuyên"),
    ("6", "Tổ chức Hội nghị đối thoại giữa Chủ tịch UBND huyện với người dân, doanh nghiệp về công tác cải cách "
          "hành chính.", VP, "Phòng Nội vụ; Ủy ban MTTQ huyện", "Quý III/2022"),
    ("area", "II", "Cải cách thể chế"),
    ("7", "Rà soát thường xuyên các văn bản quy phạm pháp luật thuộc trách nhiệm rà soát của HĐND, UBND huyện; "
          "kịp thời đề nghị sửa đổi, bổ sung, thay thế, bãi bỏ văn bản không còn phù hợp.", "Phòng Tư pháp", CQCM,
     "Thường xuyên trong năm"),
    ("8", "Tự kiểm tra văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành; kiểm tra theo thẩm quyền văn bản "
          "do HĐND, UBND các xã, thị trấn ban hành; kiến nghị xử lý văn bản có dấu hiệu trái pháp luật.",
     "Phòng Tư pháp", XA, "Thường xuyên trong năm"),
    ("9", "Xây dựng, triển khai Kế hoạch theo dõi tình hình thi hành pháp luật năm 2022 trên địa bàn huyện; báo "
          "cáo kết quả theo dõi thi hành pháp luật.", "Phòng Tư pháp", CQCM + "; " + XA, "Thường xuyên trong năm"),
    ("area", "III", "Cải cách thủ tục hành chính"),
    ("10", "Xây dựng, ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2022 của UBND huyện và Kế hoạch rà soát, "
           "đánh giá thủ tục hành chính năm 2022 trên địa bàn huyện.", VP, CQCM + "; " + XA,
     "Tháng 01/2022, sau khi UBND tỉnh ban hành Kế hoạch"),
    ("11", "Báo cáo tình hình, kết quả thực hiện hoạt động kiểm soát thủ tục hành chính định kỳ 6 tháng, năm gửi "
           "Văn phòng UBND tỉnh.", VP, CQCM + "; " + XA, "Định kỳ 6 tháng, năm"),
    ("12", "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính tại Bộ phận Tiếp "
           "nhận và Trả kết quả huyện và các xã, thị trấn.", VP, CQCM + "; " + XA, "Thường xuyên trong năm 2022"),
    ("13", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính thuộc thẩm quyền của "
           "UBND huyện.", VP, CQCM + "; " + XA, "Thường xuyên trong năm 2022"),
    ("14", "Duy trì, áp dụng và cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001 tại UBND huyện "
           "và UBND các xã, thị trấn.", VP, "Phòng Kinh tế và Hạ tầng; " + XA, "Tháng 3 - tháng 11/2022"),
    ("15", "Triển khai thanh toán trực tuyến phí, lệ phí giải quyết thủ tục hành chính; khuyến khích thanh toán "
           "không dùng tiền mặt tại Bộ phận Một cửa huyện, xã.", VP,
     "Phòng Tài chính - Kế hoạch; Kho bạc Nhà nước Văn Yên", "Trong năm 2022"),
    ("area", "IV", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("16", "Tham mưu UBND huyện tiếp tục rà soát, sắp xếp, tổ chức lại các cơ quan chuyên môn, đơn vị sự nghiệp "
           "công lập thuộc UBND huyện theo Nghị định số 107, 108/2020/NĐ-CP của Chính phủ.", "Phòng Nội vụ",
     CQCM + "; các đơn vị sự nghiệp công lập thuộc huyện", "Năm 2022"),
    ("17", "Quản lý, sử dụng chỉ tiêu biên chế được giao năm 2022; xây dựng cơ cấu biên chế, cơ cấu tuyển dụng của "
           "các cơ quan, đơn vị thuộc UBND huyện; đề xuất bổ sung hoặc cắt giảm chỉ tiêu phù hợp với thực tế.",
     "Phòng Nội vụ", "Các cơ quan, đơn vị thuộc huyện", "Năm 2022"),
    ("18", "Xây dựng kế hoạch biên chế năm 2023 của huyện, trình Sở Nội vụ thẩm định.", "Phòng Nội vụ",
     "Các cơ quan, đơn vị thuộc huyện", "Quý III/2022"),
    ("area", "V", "Cải cách chế độ công vụ"),
    ("19", "Rà soát, vận động cán bộ, công chức, viên chức, người lao động thuộc huyện và cấp xã nghỉ theo chính "
           "sách tinh giản biên chế theo Nghị định số 108/2014/NĐ-CP và Nghị định số 113/2018/NĐ-CP.",
     "Phòng Nội vụ", "Các cơ quan, đơn vị thuộc huyện; " + XA, "Quý IV/2022"),
    ("20", "Nghiên cứu xây dựng Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức và cán bộ, công chức cấp "
           "xã năm 2022 của huyện.", "Phòng Nội vụ", "Các cơ quan, đơn vị thuộc huyện; " + XA, "Quý I/2022"),
    ("area", "VI", "Cải cách tài chính công"),
    ("21", "Tiếp tục thực hiện chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành "
           "chính tại các cơ quan chuyên môn thuộc UBND huyện.", "Phòng Tài chính - Kế hoạch", CQCM, "Năm 2022"),
    ("22", "Triển khai thực hiện Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ về cơ chế tự chủ tài "
           "chính tại các đơn vị sự nghiệp công lập thuộc huyện.", "Phòng Tài chính - Kế hoạch",
     "Phòng Nội vụ; các đơn vị sự nghiệp công lập thuộc huyện", "Năm 2022"),
    ("area", "VII", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ("23", "Triển khai thực hiện Chương trình hành động số 15/CTr-UBND ngày 26/10/2021 của UBND tỉnh về chuyển "
           "đổi số tỉnh Yên Bái giai đoạn 2021 - 2025 trên địa bàn huyện.", "Phòng Văn hóa và Thông tin",
     "Các cơ quan, đơn vị thuộc huyện; " + XA, "Năm 2022"),
    ("24", "Đẩy mạnh cung cấp dịch vụ công trực tuyến mức độ 3, mức độ 4 phục vụ người dân, doanh nghiệp theo "
           "hướng tiết kiệm thời gian, chi phí.", VP, "Phòng Văn hóa và Thông tin; " + XA,
     "Thường xuyên trong năm 2022"),
    ("25", "Phấn đấu 90% thủ tục hành chính có đủ điều kiện thuộc thẩm quyền của huyện, xã được cung cấp dưới "
           "hình thức dịch vụ công trực tuyến mức độ 4, bao gồm cả trên thiết bị di động.",
     "Phòng Văn hóa và Thông tin", VP + "; " + XA, "Năm 2022"),
    ("26", "Tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ TTHC của huyện, "
           "xã đạt ít nhất 35%; 100% giao dịch trên hệ thống thông tin một cửa điện tử cấp huyện, cấp xã được xác "
           "thực điện tử; tối thiểu 89% người dân, doanh nghiệp hài lòng; 60% công tác báo cáo của huyện được cập "
           "nhật trên Hệ thống thông tin báo cáo cấp tỉnh.", VP, CQCM + "; " + XA, "Năm 2022"),
    ("27", "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà "
           "nước) tại cấp huyện đạt 68%, cấp xã đạt 42%; 100% văn bản trao đổi giữa các cơ quan nhà nước thực hiện "
           "dưới dạng điện tử, được ký số bằng chữ ký số chuyên dùng (trừ văn bản mật).",
     "Phòng Văn hóa và Thông tin", VP + "; " + XA, "Năm 2022"),
]


# ------------------------------------------------------------------ helpers --
def set_font(run, size=13, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def para(container, text, size=13, bold=False, italic=False, align=None, indent=False, space_after=4):
    p = container.add_paragraph()
    if text:
        set_font(p.add_run(N(text)), size, bold, italic)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.0)
    p.paragraph_format.space_after = Pt(space_after)
    return p


def cell_lines(cell, lines, size=12, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line:
            set_font(p.add_run(N(line)), size, bold, italic)
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)


def no_borders(table):
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def widths(table, cms):
    for row in table.rows:
        for cell, w in zip(row.cells, cms, strict=False):
            cell.width = Cm(w)


# -------------------------------------------------------------------- build --
def build():
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)

    hdr = doc.add_table(rows=1, cols=2)
    no_borders(hdr)
    cell_lines(hdr.rows[0].cells[0], HEADER_LEFT, size=13, bold=True)
    cell_lines(hdr.rows[0].cells[1], HEADER_RIGHT, size=13, bold=True)
    widths(hdr, [6.0, 10.0])
    # the date line is italic, not bold
    date_p = hdr.rows[0].cells[1].paragraphs[-1]
    for r in date_p.runs:
        r.font.bold, r.font.italic = False, True

    para(doc, "")
    for i, t in enumerate(TITLE):
        para(doc, t, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0 if i == 0 else 8)
    for t in CAN_CU:
        para(doc, t, italic=t.startswith("Căn cứ"), align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    for style, t in BODY:
        if style == "sec":
            para(doc, t, bold=True, space_after=4)
        elif style == "sub":
            para(doc, t, bold=True, indent=True)
        else:
            para(doc, t, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)

    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    cell_lines(sign.rows[0].cells[0], SIGN_LEFT, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_lines(sign.rows[0].cells[1], SIGN_RIGHT, size=13, bold=True)
    widths(sign, [8.0, 8.0])

    # --- appendix, landscape ---
    app = doc.add_section(WD_SECTION.NEW_PAGE)
    app.orientation = WD_ORIENT.LANDSCAPE
    app.page_width, app.page_height = Cm(29.7), Cm(21.0)
    app.left_margin, app.right_margin = Cm(2.0), Cm(2.0)
    for i, t in enumerate(APPENDIX_TITLE):
        para(doc, t, size=13, bold=i < 2, italic=i == 2, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
    para(doc, "")

    tb = doc.add_table(rows=1, cols=5)
    tb.style = "Table Grid"
    tb.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, h in zip(tb.rows[0].cells, HEADS, strict=False):
        cell_lines(c, [h], bold=True)
    repeat_header(tb.rows[0])
    for r in ROWS:
        row = tb.add_row()
        if r[0] == "area":
            cell_lines(row.cells[0], [r[1]], bold=True)
            merged = row.cells[1].merge(row.cells[4])
            cell_lines(merged, [r[2]], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        else:
            no, task, lead, partners, deadline = r
            cell_lines(row.cells[0], [no])
            cell_lines(row.cells[1], [task], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            cell_lines(row.cells[2], [lead])
            cell_lines(row.cells[3], [partners])
            cell_lines(row.cells[4], [deadline])
    widths(tb, [1.2, 11.5, 4.2, 5.5, 3.3])

    cp = doc.core_properties
    cp.title = N("Kế hoạch cải cách hành chính năm 2022 của UBND huyện Văn Yên")
    cp.author = N("UBND huyện Văn Yên")
    cp.last_modified_by = N("UBND huyện Văn Yên")
    cp.created = cp.modified = datetime.datetime(2022, 1, 10, 8, 0, 0)
    cp.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    # rewrite the zip with fixed timestamps so that the bytes do not depend on the clock
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 10, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    with open(OUT, "wb") as f:
        f.write(out.getvalue())
    print("wrote", OUT)


if __name__ == "__main__":
    build()
