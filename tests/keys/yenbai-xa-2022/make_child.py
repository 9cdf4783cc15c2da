"""Generate child.txt: Kế hoạch cải cách hành chính năm 2022 của UBND xã An Thịnh (huyện Văn Yên, tỉnh Yên Bái).

Answer-key case yenbai-xa-2022. The parent is the district plan Kế hoạch 35/KH-UBND ngày 10/01/2022 of UBND huyện
Văn Yên (parent.docx, a byte copy of ../yenbai-huyen-2022/child.docx, itself a constructed document). This child is
a CONSTRUCTED test document (synthetic): number 08/KH-UBND, date 17/01/2022, signer and every target are made up.
It is written the way communes write: short, mostly prose, tasks as numbered paragraphs ("1.1.") and "- " bullets
under the reform areas, no appendix table. The text is what Word gives when the document is copied as plain text:
one paragraph per line, the two-column header table as lines (left cell, then right cell).

The deviations planted here are listed in key.yaml and NOTES.md.

Run:  python3 make_child.py     (writes child.txt next to this script; deterministic)
"""
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "child.txt")

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "XÃ AN THỊNH",
    "Số: 08/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "An Thịnh, ngày 17 tháng 01 năm 2022",
    "",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2022 của Ủy ban nhân dân xã An Thịnh",
]

CAN_CU = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Kế hoạch số 35/KH-UBND ngày 10/01/2022 của UBND huyện Văn Yên về cải cách hành chính năm 2022 của "
    "Ủy ban nhân dân huyện Văn Yên;",
    "Ủy ban nhân dân xã An Thịnh xây dựng Kế hoạch cải cách hành chính năm 2022 như sau:",
]

BODY = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Triển khai kịp thời các nhiệm vụ cải cách hành chính năm 2022 mà Ủy ban nhân dân huyện giao cho xã, phù hợp "
    "với điều kiện thực tế của địa phương; nâng cao trách nhiệm của cán bộ, công chức xã trong thực thi công vụ, "
    "phục vụ Nhân dân.",
    "Nhiệm vụ giao cụ thể cho từng công chức phụ trách, có thời gian hoàn thành; kết quả thực hiện được tổng hợp "
    "vào báo cáo công tác cải cách hành chính của xã.",
    "II. MỤC TIÊU, CHỈ TIÊU",
    "Xây dựng bộ máy chính quyền xã hoạt động hiệu lực, hiệu quả, công khai, minh bạch; lấy sự hài lòng của người "
    "dân làm thước đo chất lượng phục vụ của Ủy ban nhân dân xã. Chỉ tiêu cụ thể:",
    "- Phấn đấu 95% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã được giải quyết đúng hạn.",
    "III. NHIỆM VỤ TRỌNG TÂM",
    "1. Công tác chỉ đạo, điều hành",
    "1.1. Phối hợp với Phòng Nội vụ huyện tổ chức đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ "
    "của cơ quan hành chính nhà nước (SIPAS) năm 2021 trên địa bàn xã, thực hiện theo hướng dẫn của Phòng Nội vụ "
    "huyện.",
    "1.2. Tuyên truyền chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính và "
    "kết quả cải cách hành chính của xã trên hệ thống loa truyền thanh của xã; phát tờ rơi tuyên truyền Chương "
    "trình CCHC, dịch vụ công mức độ 3, 4 và dịch vụ bưu chính công ích đến các thôn. Thời gian: định kỳ 6 tháng "
    "một lần.",
    "2. Cải cách thể chế",
    "2.1. Thường xuyên rà soát, tự kiểm tra các văn bản quy phạm pháp luật do HĐND, UBND xã ban hành và gửi Phòng "
    "Tư pháp huyện kiểm tra theo thẩm quyền; kịp thời đề nghị sửa đổi, bổ sung, thay thế, bãi bỏ những văn bản "
    "không còn phù hợp. Thời gian: thường xuyên trong năm.",
    "2.2. Làm tốt công tác phổ biến, giáo dục pháp luật và hòa giải ở cơ sở; củng cố, kiện toàn các tổ hòa giải "
    "tại các thôn.",
    "3. Cải cách thủ tục hành chính",
    "3.1. Từng bước thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính tại Bộ phận "
    "Tiếp nhận và Trả kết quả của xã. Thời gian: thường xuyên trong năm 2022.",
    "3.2. Tiếp nhận và xử lý kịp thời phản ánh, kiến nghị của người dân, tổ chức về quy định hành chính thuộc "
    "thẩm quyền giải quyết của UBND xã. Thời gian: thường xuyên trong năm 2022.",
    "3.3. Tổng hợp, báo cáo tình hình, kết quả kiểm soát thủ tục hành chính của xã gửi UBND huyện (qua Văn phòng "
    "HĐND và UBND huyện) định kỳ hằng năm.",
    "3.4. Nâng cao chất lượng giải quyết thủ tục hành chính tại Bộ phận Một cửa của xã, bảo đảm tối thiểu 89% "
    "người dân, doanh nghiệp hài lòng. Thời gian: năm 2022.",
    "4. Cải cách tổ chức bộ máy hành chính nhà nước",
    "4.1. Rà soát, vận động cán bộ, công chức, người lao động của xã thuộc đối tượng tinh giản biên chế nghỉ theo "
    "Nghị định số 108/2014/NĐ-CP và Nghị định số 113/2018/NĐ-CP của Chính phủ; lập hồ sơ đề nghị UBND huyện (qua "
    "Phòng Nội vụ) xem xét, giải quyết. Thời gian: Quý IV/2022.",
    "4.2. Rà soát, sửa đổi Quy chế làm việc của Ủy ban nhân dân xã nhiệm kỳ 2021 - 2026; phân công nhiệm vụ cụ thể "
    "cho từng cán bộ, công chức xã.",
    "5. Cải cách chế độ công vụ",
    "5.1. Cử cán bộ, công chức xã tham gia đầy đủ các lớp đào tạo, bồi dưỡng theo Kế hoạch đào tạo, bồi dưỡng năm "
    "2022 của UBND huyện. Thời gian: theo Kế hoạch của UBND huyện.",
    "6. Cải cách tài chính công",
    "6.1. Quản lý, sử dụng ngân sách xã tiết kiệm, hiệu quả; công khai dự toán, quyết toán ngân sách xã theo quy "
    "định.",
    "7. Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "- Nghiên cứu triển khai Chương trình hành động số 15/CTr-UBND ngày 26/10/2021 của UBND tỉnh về chuyển đổi số "
    "tỉnh Yên Bái giai đoạn 2021 - 2025 trên địa bàn xã trong năm 2022.",
    "- Thường xuyên đẩy mạnh cung cấp, hướng dẫn người dân sử dụng dịch vụ công trực tuyến mức độ 3, mức độ 4 để "
    "tiết kiệm thời gian, chi phí; phấn đấu 80% thủ tục hành chính có đủ điều kiện thuộc thẩm quyền của xã được "
    "cung cấp dưới hình thức dịch vụ công trực tuyến mức độ 4, bao gồm cả trên thiết bị di động, trong năm 2022.",
    "- Năm 2022, tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ thủ tục hành "
    "chính của xã đạt ít nhất 35%; 100% giao dịch trên hệ thống thông tin một cửa điện tử của xã được xác thực "
    "điện tử.",
    "- Năm 2022, tỷ lệ hồ sơ công việc tại UBND xã được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc "
    "phạm vi bí mật nhà nước) đạt 42%.",
    "IV. KINH PHÍ THỰC HIỆN",
    "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách xã năm 2022.",
    "V. TỔ CHỨC THỰC HIỆN",
    "Công chức Văn phòng - Thống kê là đầu mối giúp UBND xã theo dõi, đôn đốc việc thực hiện Kế hoạch này; tổng "
    "hợp, báo cáo UBND huyện (qua Phòng Nội vụ) theo quy định.",
    "Các công chức chuyên môn thuộc UBND xã, Trưởng các thôn căn cứ nhiệm vụ được giao tại Kế hoạch này tổ chức "
    "thực hiện, bảo đảm chất lượng và tiến độ.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc xã và các đoàn thể phối hợp tuyên truyền, vận động Nhân dân tham gia giám sát "
    "việc thực hiện cải cách hành chính trên địa bàn xã./.",
]

SIGN = [
    "Nơi nhận:",
    "- UBND huyện (b/c);",
    "- Phòng Nội vụ huyện;",
    "- TT Đảng ủy, TT HĐND xã;",
    "- Chủ tịch, PCT UBND xã;",
    "- Công chức chuyên môn xã;",
    "- Trưởng các thôn;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Hoàng Văn D",
]


def build():
    lines = HEADER + [""] + CAN_CU + BODY + [""] + SIGN
    text = unicodedata.normalize("NFC", "\n".join(lines) + "\n")
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote", OUT)


if __name__ == "__main__":
    build()
