"""What a table cell or a line looks like: a row label, an agency list, a deadline, a target.

Tables copied out of web pages lose merged cells, so the parser places ragged cells by their look.
These are deliberately cheap regex tests, run on every cell.
"""

from __future__ import annotations

import re

from cascade.read.txt import fold

ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
LABEL = re.compile(r"^(\d{1,4}(?:\.\d{1,3})*)\.?$")
LABELLED_TEXT = re.compile(r"^(\d{1,4}(?:\.\d{1,3})*)[.)]\s+(\S.*)$", re.S)
LETTER_BULLET = re.compile(r"^([a-zđ])\)\s*(\S.*)$", re.S)
ROMAN_TEXT = re.compile(r"^([IVXLC]+)[.)]?\s+(\S.*)$", re.S)
DASH_BULLET = re.compile(r"^[-+•*–]\s*(\S.*)$", re.S)

_AGENCY_START = re.compile(
    r"^(?:[-+–]\s*)?(?:các\s+|mỗi\s+|những\s+)?(?:sở|ban|văn phòng|ủy ban|uỷ ban|ubnd|hđnd|hội đồng|phòng|"
    r"bộ phận|bưu điện|công an|cục|chi cục|đài|báo|hội|trung tâm|viễn thông|thanh tra|cơ quan|đơn vị|"
    r"tổ|đoàn|liên đoàn|mặt trận|ủy ban mttq|kho bạc|ngân hàng|trường|bệnh viện|lãnh đạo|thủ trưởng|"
    r"người đứng đầu|chủ tịch|giám đốc|bộ|tỉnh đoàn|quỹ|công ty|doanh nghiệp|địa phương)(?=[\s,;.]|$)",
    re.I,
)
_TIME_WORDS = re.compile(
    r"\b(tháng|quý|năm\s+20\d\d|cả năm|trong năm|thường xuyên|hằng|hàng (năm|quý|tháng)|định kỳ|trước ngày|"
    r"trước \d|chậm nhất|đầu năm|cuối năm|6 tháng|sau khi|theo (kế hoạch|quyết định|chỉ thị|hướng dẫn|lộ trình|"
    r"tiến độ|yêu cầu|văn bản)|\d{1,2}/\d{1,2}/\d{4}|liên tục|khi có)",
    re.I,
)
_TARGET = re.compile(r"(\d+(?:[.,]\d+)?\s*%|nhóm\s+\d+|\bmức\s+(tốt|khá)|hoàn thành|tăng\s+\d+\s+bậc|\bxếp hạng)", re.I)


def is_label(cell: str) -> bool:
    """A row number as printed in the STT column: "12", "1.1", "7.4.", "IV"."""
    c = cell.strip()
    return bool(LABEL.match(c) or ROMAN.match(c.rstrip(".")))


def looks_agency(cell: str) -> bool:
    """An agency or a list of agencies ("Sở Nội vụ", "Các sở, ban, ngành; UBND cấp huyện")."""
    c = cell.strip()
    if not c or len(c) > 400:
        return False
    if c.casefold().lstrip("-–+ ").startswith(("báo cáo", "hội nghị")):
        return False  # a report or meeting (a product), not the newspaper or association
    return bool(_AGENCY_START.match(c)) and not looks_deadline(c)


def looks_deadline(cell: str) -> bool:
    """A time phrase short enough to be a deadline cell ("Tháng 3", "Quý I/2024", "Cả năm")."""
    c = cell.strip()
    if not c or len(c) > 160:
        return False
    f = c.casefold()
    if f.startswith(("theo kế hoạch", "theo quyết định", "theo chỉ thị", "theo hướng dẫn", "sau khi", "trước ngày",
                     "thường xuyên", "tháng", "quý", "năm", "cả năm", "trong năm", "trong quý", "trong tháng",
                     "hằng", "hàng năm", "hàng quý", "định kỳ", "6 tháng", "chậm nhất", "- ban hành kế hoạch trước",
                     "- báo cáo kết quả", "trước ", "đầu năm", "cuối năm", "liên tục", "khi có")):
        return True
    return bool(_TIME_WORDS.search(c)) and len(c) <= 40 and not looks_target(c)


# "… trước ngày 30/01/2024", "… chậm nhất ngày 10/12/2024", "… trong Quý I/2024": a dated clause.
_DATED_CLAUSE = re.compile(r"\b(?:trước|chậm nhất|hoàn thành trong|trong)\s+(?:ngày\s+\d{1,2}/\d{1,2}(?:/\d{4})?|quý\s+[IV]+|"
                           r"tháng\s+\d{1,2})", re.I)


def dated_line(cell: str) -> bool:
    """A short line of a deadline cell that names its deliverable before the date ("- Ban hành Kế hoạch theo dõi
    thi hành pháp luật trước ngày 30/01/2024.")."""
    c = cell.strip()
    return bool(c) and len(c) <= 160 and bool(_DATED_CLAUSE.search(c))


def looks_target(cell: str) -> bool:
    """A target value ("90%", "Trong nhóm 20 …", "Hoàn thành chỉ tiêu …", "ở mức tốt")."""
    c = cell.strip()
    return bool(c) and bool(_TARGET.search(c)) and not _AGENCY_START.match(c)


def split_label(text: str) -> tuple[str | None, str]:
    """ "1. Ban hành …" → ("1", "Ban hành …"); "a) Tiếp tục …" → ("a", "Tiếp tục …"); "- X" → (None, "X")."""
    t = text.strip()
    for rx in (LABELLED_TEXT, LETTER_BULLET):
        m = rx.match(t)
        if m:
            return m.group(1), m.group(2).strip()
    m = DASH_BULLET.match(t)
    if m:
        return None, m.group(1).strip()
    return None, t


def folded(text: str) -> str:
    return fold(text)
