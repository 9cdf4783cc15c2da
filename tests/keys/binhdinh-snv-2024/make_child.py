"""Generate child.pdf: Kế hoạch cải cách hành chính năm 2024 của Sở Nội vụ tỉnh Bình Định.

Answer-key case binhdinh-snv-2024. The parent is Quyết định 4935/QĐ-UBND ngày 29/12/2023 of UBND tỉnh Bình Định
(parent.txt, a byte copy of data/binh-dinh/2024/tinh-4935-QD-UBND.txt). This child is a CONSTRUCTED test document
(synthetic): number 15/KH-SNV, date 10/01/2024, signer and every target are made up for the test. The deviations
planted here are listed in key.yaml and NOTES.md.

Rendering: fpdf2 (reportlab is not installed in the project venv), DejaVuSans / DejaVuSans-Bold, A4; the body is
portrait, the PHỤ LỤC task table is a ruled table on landscape pages. Deterministic: fixed creation date and
producer, so re-running gives identical bytes.

Run:  ../../../.venv/bin/python make_child.py     (writes child.pdf next to this script)
"""
import datetime
import os
import unicodedata

from fpdf import FPDF
from fpdf.enums import Align

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "child.pdf")
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def N(s):
    return unicodedata.normalize("NFC", s)


HEADER = [("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
          ("SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"),
          ("Số: 15/KH-SNV", "Bình Định, ngày 10 tháng 01 năm 2024")]

# (style, text): title = centred bold; body = justified prose; sec = I., II. heading; sub = 1., 2. heading;
# item = lettered bullet "a) ...".
BODY = [
    ("title", "KẾ HOẠCH"),
    ("title", "Cải cách hành chính năm 2024 của Sở Nội vụ"),
    ("body", "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
             "hành chính nhà nước giai đoạn 2021 - 2030;"),
    ("body", "Căn cứ Quyết định số 4935/QĐ-UBND ngày 29/12/2023 của UBND tỉnh ban hành Kế hoạch cải cách hành "
             "chính tỉnh Bình Định năm 2024;"),
    ("body", "Sở Nội vụ ban hành Kế hoạch cải cách hành chính năm 2024 của Sở như sau:"),

    ("sec", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("body", "Cụ thể hóa các chỉ tiêu, nhiệm vụ của Kế hoạch cải cách hành chính tỉnh năm 2024 mà Sở Nội vụ được "
             "giao chủ trì hoặc phối hợp; gắn trách nhiệm của người đứng đầu các phòng, đơn vị thuộc Sở với kết "
             "quả thực hiện."),
    ("body", "Các nhiệm vụ được phân công rõ đơn vị chủ trì, sản phẩm và thời gian hoàn thành; các phòng, đơn vị "
             "chủ động triển khai, kịp thời báo cáo khó khăn, vướng mắc về Văn phòng Sở để tổng hợp."),

    ("sec", "II. MỤC TIÊU, CHỈ TIÊU"),
    ("sub", "1. Mục tiêu"),
    ("body", "Nâng cao chất lượng tham mưu của Sở Nội vụ trong công tác cải cách hành chính của tỉnh; xây dựng đội "
             "ngũ công chức, viên chức của Sở chuyên nghiệp, tận tụy, phục vụ Nhân dân."),
    ("sub", "2. Chỉ tiêu"),
    ("item", "a) Phấn đấu Chỉ số cải cách hành chính (PAR INDEX) của tỉnh năm 2024 nằm trong nhóm 25 địa phương "
             "dẫn đầu cả nước."),
    ("item", "b) Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) "
             "của tỉnh nằm trong nhóm 20 địa phương dẫn đầu cả nước và nhóm 03 địa phương dẫn đầu khu vực Nam "
             "Trung bộ và Tây Nguyên."),
    ("item", "c) 100% văn bản quy phạm pháp luật do Sở Nội vụ chủ trì tham mưu được ban hành đúng trình tự, thủ "
             "tục, thẩm quyền, bảo đảm chất lượng."),
    ("item", "d) 100% thủ tục hành chính nội bộ thuộc lĩnh vực nội vụ được công khai trên Trang thông tin điện tử "
             "của Sở."),
    ("item", "đ) Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính thuộc thẩm quyền của Sở đạt 70%."),
    ("item", "e) 100% cơ quan hành chính, đơn vị sự nghiệp công lập thuộc tỉnh hoàn thiện Đề án vị trí việc làm; "
             "công chức, viên chức được bố trí theo vị trí việc làm được phê duyệt."),
    ("item", "g) Tỷ lệ lập hồ sơ công việc trên môi trường mạng (trừ hồ sơ mật) tại Sở Nội vụ đạt 90%."),
    ("item", "h) Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia đối với dịch vụ công của Sở đạt 50%."),
    ("item", "i) Kiểm tra công tác cải cách hành chính tại ít nhất 30% cơ quan, đơn vị, địa phương; Kế hoạch kiểm "
             "tra ban hành trong tháng 4/2024."),
    ("item", "k) 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được giải quyết đúng hạn."),

    ("sec", "III. NHIỆM VỤ"),
    ("sub", "1. Công tác chỉ đạo, điều hành"),
    ("item", "a) Thực hiện có hiệu quả các giải pháp cải thiện, nâng cao Chỉ số PAR INDEX, Chỉ số SIPAS của tỉnh "
             "theo Kế hoạch số 107/UBND-KH ngày 08/6/2023 của UBND tỉnh; tăng cường ứng dụng công nghệ thông tin "
             "trong theo dõi, đánh giá, công khai kết quả chỉ số cải cách hành chính của các sở, ngành, UBND cấp "
             "huyện, cấp xã."),
    ("sub", "2. Cải cách thủ tục hành chính"),
    ("item", "a) Xử lý nghiêm trách nhiệm của công chức, viên chức để xảy ra tình trạng chậm trễ hồ sơ, gây phiền "
             "hà cho người dân, tổ chức; sử dụng bản sao điện tử được chứng thực từ bản chính; bảo đảm an toàn "
             "thông tin lưu trữ hồ sơ, giấy tờ điện tử có giá trị pháp lý của người dân, doanh nghiệp."),
    ("sub", "3. Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("item", "a) Tham mưu UBND tỉnh tiếp tục triển khai Kết luận số 62-KL/TW ngày 02/10/2023 của Bộ Chính trị về "
             "đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng, hiệu quả hoạt động của các đơn vị sự "
             "nghiệp công lập và Kết luận số 40-KL/TW ngày 18/7/2022 về nâng cao hiệu quả công tác quản lý biên "
             "chế."),
    ("sub", "4. Cải cách chế độ công vụ"),
    ("item", "a) Tăng cường thanh tra, kiểm tra, tự kiểm tra công tác tuyển dụng, quản lý, sử dụng công chức, viên "
             "chức, công tác bổ nhiệm, bổ nhiệm lại lãnh đạo quản lý tại các đơn vị, địa phương; kịp thời khắc "
             "phục tồn tại, hạn chế qua kiểm tra."),
    ("item", "b) Nghiên cứu ứng dụng công nghệ thông tin trong tổ chức tuyển dụng, thi nâng ngạch công chức, thăng "
             "hạng viên chức."),
    ("item", "c) Tiếp tục đổi mới phương pháp, quy trình đánh giá, phân loại cán bộ, công chức, viên chức theo "
             "hướng dân chủ, công khai, minh bạch."),
    ("sub", "5. Cải cách tài chính công"),
    ("item", "a) Triển khai thực hiện Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh về đổi mới, nâng cao "
             "năng lực tự chủ tài chính tại Trung tâm Lưu trữ lịch sử tỉnh trực thuộc Sở."),
    ("sub", "6. Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
    ("item", "a) Hướng dẫn các cơ quan, đơn vị, địa phương lưu trữ hồ sơ thủ tục hành chính điện tử theo Thông tư "
             "số 13/2023/TT-BNV ngày 31/8/2023 của Bộ Nội vụ; phối hợp kết nối Hệ thống quản lý văn bản và điều "
             "hành, hệ thống một cửa điện tử với Hệ thống lưu trữ lịch sử của tỉnh, bảo đảm đáp ứng Nghị định số "
             "30/2020/NĐ-CP."),

    ("sec", "IV. TỔ CHỨC THỰC HIỆN"),
    ("body", "Các nhiệm vụ trọng tâm, đơn vị chủ trì, đơn vị phối hợp và thời gian thực hiện được phân công tại Phụ "
             "lục kèm theo Kế hoạch này. Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm trước Giám đốc Sở về "
             "kết quả thực hiện nhiệm vụ được giao."),
    ("body", "Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo Giám đốc Sở và UBND tỉnh "
             "theo quy định."),
]

SIGN = [("Nơi nhận:", "KT. GIÁM ĐỐC"), ("- UBND tỉnh (b/c);", "PHÓ GIÁM ĐỐC"), ("- Bộ Nội vụ (b/c);", ""),
        ("- Giám đốc, các Phó Giám đốc Sở;", ""), ("- Các phòng, đơn vị thuộc Sở;", "Trần Văn B"),
        ("- Lưu: VT, CCHC.", "")]

APPENDIX_TITLE = ["PHỤ LỤC",
                  "NHIỆM VỤ TRỌNG TÂM CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA SỞ NỘI VỤ",
                  "(Kèm theo Kế hoạch số 15/KH-SNV ngày 10/01/2024 của Sở Nội vụ)"]
HEADS = ("TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")

CCHC = "Phòng Cải cách hành chính"
TCBC = "Phòng Tổ chức - Biên chế và Tổ chức phi chính phủ"
CCVC = "Phòng Công chức - Viên chức"
XDCQ = "Phòng Xây dựng chính quyền và Công tác thanh niên"
ROWS = [
    ("area", "I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    ("1", "Tham mưu UBND tỉnh tổ chức Hội nghị tổng kết công tác cải cách hành chính năm 2023 và triển khai nhiệm "
          "vụ năm 2024; tham mưu khen thưởng tập thể, cá nhân có thành tích trong công tác cải cách hành chính",
     "Hội nghị do Lãnh đạo UBND tỉnh chủ trì; Quyết định khen thưởng", CCHC + "; Ban Thi đua - Khen thưởng",
     "Văn phòng Sở", "Tháng 1"),
    ("2", "Công bố kết quả Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng (SIPAS) năm 2023 của các sở, "
          "ngành, UBND cấp huyện", "Quyết định của Chủ tịch UBND tỉnh; Báo cáo phân tích", CCHC, "Văn phòng Sở",
     "Tháng 1"),
    ("3", "Xây dựng Kế hoạch xác định Chỉ số cải cách hành chính năm 2024 đối với các cơ quan Trung ương trên địa "
          "bàn tỉnh, các sở, ngành, UBND cấp huyện", "Kế hoạch của UBND tỉnh", CCHC,
     "Các sở, ngành; UBND cấp huyện", "Tháng 11"),
    ("4", "Tổ chức đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
          "năm 2024", "Kế hoạch của UBND tỉnh; Báo cáo kết quả", CCHC,
     "Bưu điện tỉnh; các sở, ngành; UBND cấp huyện", "Tháng 9"),
    ("5", "Triển khai Đề án Ứng dụng công nghệ thông tin trong công tác đánh giá chỉ số cải cách hành chính, đo "
          "lường sự hài lòng của người dân, tổ chức", "Phần mềm đánh giá, đo lường", CCHC,
     "Sở Thông tin và Truyền thông", "Tháng 3"),
    ("6", "Phối hợp triển khai Kế hoạch truyền thông về cải cách hành chính năm 2024 của tỉnh; cung cấp thông tin, "
          "tin bài về kết quả cải cách hành chính", "Tin, bài trên Trang thông tin điện tử của Sở", "Văn phòng Sở",
     CCHC, "Tháng 3"),
    ("area", "II", "CẢI CÁCH THỂ CHẾ"),
    ("7", "Xây dựng Kế hoạch theo dõi thi hành pháp luật năm 2024 trong lĩnh vực nội vụ", "Kế hoạch của Sở",
     "Thanh tra Sở", "Các phòng, đơn vị thuộc Sở", "Tháng 1"),
    ("area", "III", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC"),
    ("8", "Tham mưu triển khai Kế hoạch tiếp tục sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập trên địa bàn "
          "tỉnh đến năm 2025", "Tờ trình; Quyết định của UBND tỉnh", TCBC, "Các sở, ngành, địa phương",
     "Theo Kế hoạch của UBND tỉnh"),
    ("9", "Theo dõi, tổng hợp kết quả giảm số lượng đơn vị sự nghiệp công lập, giảm số lượng người làm việc hưởng "
          "lương từ ngân sách nhà nước theo chỉ tiêu Kế hoạch của UBND tỉnh đến năm 2025", "Báo cáo của Sở", TCBC,
     "Các sở, ngành, địa phương", "Quý IV/2024"),
    ("10", "Xây dựng Đề án sắp xếp đơn vị hành chính cấp xã trên địa bàn tỉnh giai đoạn 2023 - 2025, trình HĐND "
           "tỉnh", "Nghị quyết của HĐND tỉnh", XDCQ, "UBND cấp huyện",
     "Sau khi Ủy ban Thường vụ Quốc hội thông qua Nghị quyết"),
    ("11", "Triển khai Kế hoạch số 153/KH-UBND ngày 07/9/2023 của UBND tỉnh về đẩy mạnh phân cấp, phân quyền "
           "trong quản lý nhà nước; rà soát nội dung phân cấp thuộc lĩnh vực nội vụ", "Báo cáo", TCBC,
     "Các phòng, đơn vị thuộc Sở", "Cả năm"),
    ("12", "Nghiên cứu, đề xuất quy định, cơ chế chính sách về kiểm soát quyền lực trong cơ quan hành chính nhà "
           "nước trên địa bàn tỉnh", "Báo cáo đề xuất", TCBC, "Thanh tra Sở", "Cả năm"),
    ("area", "IV", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"),
    ("13", "Thẩm định, trình UBND tỉnh phê duyệt Đề án vị trí việc làm, cơ cấu ngạch công chức, cơ cấu viên chức "
           "theo chức danh nghề nghiệp", "Quyết định của UBND tỉnh", CCVC, "Các sở, ngành, địa phương",
     "Quý II/2024"),
    ("14", "Xây dựng Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh năm 2024 (bồi dưỡng thường "
           "xuyên và đào tạo chuyên sâu)", "Kế hoạch của UBND tỉnh", CCVC, "Các sở, ngành, địa phương", "Tháng 2"),
    ("15", "Xây dựng Quy chế tổ chức tuyển dụng công chức cấp xã", "Quyết định của UBND tỉnh", XDCQ,
     "UBND cấp huyện", "Tháng 5"),
    ("16", "Tham mưu UBND tỉnh ban hành Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính và trách nhiệm nêu "
           "gương của người đứng đầu các cơ quan, đơn vị, địa phương", "Chỉ thị của UBND tỉnh", "Thanh tra Sở", CCVC,
     "Tháng 3"),
    ("area", "V", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"),
    ("17", "Số hóa tài liệu lưu trữ giấy có giá trị bảo quản vĩnh viễn tại Trung tâm Lưu trữ lịch sử tỉnh",
     "Cơ sở dữ liệu tài liệu lưu trữ số", "Chi cục Văn thư - Lưu trữ", "Văn phòng Sở", "Quý IV/2024"),
]


class PDF(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=9)
        self.cell(0, 6, str(self.page_no()), align="C")


def build():
    pdf = PDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(datetime.datetime(2024, 1, 10, 8, 0, 0, tzinfo=datetime.UTC))
    pdf.set_producer("fpdf2")
    pdf.set_creator("make_child.py")
    pdf.set_title(N("Kế hoạch cải cách hành chính năm 2024 của Sở Nội vụ"))
    pdf.set_author(N("Sở Nội vụ tỉnh Bình Định"))
    pdf.add_font("DejaVu", "", os.path.join(FONT_DIR, "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))
    pdf.set_margins(25, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    # header: a borderless two-column table
    pdf.set_font("DejaVu", "B", 10)
    with pdf.table(col_widths=(70, 97), borders_layout="NONE", text_align="CENTER", first_row_as_headings=False,
                   line_height=5.5) as t:
        for left, right in HEADER:
            r = t.row()
            r.cell(N(left))
            r.cell(N(right))
    pdf.ln(6)

    for style, text in BODY:
        text = N(text)
        if style == "title":
            pdf.set_font("DejaVu", "B", 12)
            pdf.multi_cell(0, 6.5, text, align=Align.C, new_x="LMARGIN", new_y="NEXT")
        elif style == "sec":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, text, align=Align.L, new_x="LMARGIN", new_y="NEXT")
        elif style == "sub":
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, text, align=Align.L, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, text, align=Align.J, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(90, 77), borders_layout="NONE", first_row_as_headings=False, line_height=5.5) as t:
        for left, right in SIGN:
            r = t.row()
            r.cell(N(left), align="L")
            r.cell(N(right), align="C")

    # appendix: landscape, ruled table with a repeated heading row
    pdf.add_page(orientation="L")
    pdf.set_font("DejaVu", "B", 11)
    for i, line in enumerate(APPENDIX_TITLE):
        pdf.set_font("DejaVu", "B" if i < 2 else "", 11)
        pdf.multi_cell(0, 6, N(line), align=Align.C, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(10, 92, 50, 40, 38, 24), text_align=("CENTER", "JUSTIFY", "LEFT", "LEFT", "LEFT",
                                                                      "CENTER"),
                   line_height=4.8, repeat_headings=1) as t:
        h = t.row()
        for c in HEADS:
            h.cell(N(c))
        for row in ROWS:
            r = t.row()
            if row[0] == "area":
                r.cell(row[1], align="C")
                r.cell(N(row[2]), colspan=5, align="L")
            else:
                for c in row:
                    r.cell(N(c))
    pdf.output(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    build()
