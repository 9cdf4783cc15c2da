"""Vietnamese text normalization: folding, abbreviations, scope words, document numbers (real seed sentences)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from cascade.rules import load_rules
from cascade.text import (
    content_tokens,
    doc_numbers,
    expand_abbreviations,
    fold,
    fold_aligned,
    nfc,
    normalize_for_match,
    tokens,
)

DATA = Path(__file__).resolve().parent.parent / "data"
PARENT = DATA / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = DATA / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
SEEDS = sorted(DATA.glob("*/*/*.txt"))


def _line(path: Path, snippet: str) -> str:
    return next(ln for ln in path.read_text(encoding="utf-8").splitlines() if snippet in ln)


def test_nfc_composes_and_collapses_whitespace() -> None:
    decomposed = unicodedata.normalize("NFD", "Chuyển  đổi\tsố ")
    assert nfc(decomposed) == "Chuyển đổi số"
    assert len(nfc(decomposed)) == 13


def test_typo_pair_from_the_child_folds_equal() -> None:
    # PHỤ LỤC I of the Sở plan prints "Chuyên đổi số" for "Chuyển đổi số".
    assert "Chỉ số Chuyên đổi số (DTI)" in CHILD.read_text(encoding="utf-8")
    assert fold("Chuyên đổi số") == fold("Chuyển đổi số") == "chuyen doi so"
    assert fold("Đội thanh niên") == "doi thanh nien"
    assert fold("Uỷ ban") == fold("Ủy ban")  # old and new tone placement
    assert normalize_for_match("Chỉ số Chuyển đổi số cấp tỉnh (DTI)") == normalize_for_match("Chỉ số Chuyên đổi số (DTI)")


def test_fold_aligned_keeps_offsets() -> None:
    text = "Văn phòng UBND tỉnh và các sở, ban, ngành"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    i = folded.index("cac so")
    assert text[i:i + 6] == "các sở"


def test_abbreviations_expand_both_documents_to_the_same_text() -> None:
    assert expand_abbreviations("Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC") == (
        "Thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính")
    assert normalize_for_match("Thực hiện số hóa hồ sơ TTHC") == normalize_for_match(
        "Thực hiện số hóa hồ sơ thủ tục hành chính")
    assert expand_abbreviations("Sở NN&PTNT, Sở TT&TT") == (
        "Sở Nông nghiệp và Phát triển nông thôn, Sở Thông tin và Truyền thông")
    assert expand_abbreviations("đào tạo CBCCVC về CCHC") == (
        "đào tạo cán bộ, công chức, viên chức về cải cách hành chính")
    # an abbreviation printed after its own long form is not doubled
    assert expand_abbreviations("Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (TTHC) đạt 80%") == (
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt 80%")
    # whole words only, case-sensitive: "UBNDs" and lower-case "tthc" stay
    assert expand_abbreviations("UBNDs tthc") == "UBNDs tthc"


def test_every_all_caps_abbreviation_of_the_parent_is_known() -> None:
    known = {a["short"] for a in load_rules("abbreviations")["abbreviations"]}
    for short in ("TTHC", "CCHC", "QPPL", "VBQPPL", "UBND", "HĐND", "CBCCVC", "DVC", "ĐVSN", "CQĐT", "CĐS", "VPCP",
                  "BCCI", "LGSP", "MTTQ", "HCNN", "TDTHPL", "PVHCC", "TTĐT", "HTQLCL", "NN&PTNT", "TT&TT", "KH&ĐT"):
        assert short in known, short


def test_scope_adaptation_normalizes_much_closer() -> None:
    parent = "Thủ tục hành chính nội bộ được công khai trên Cổng thông tin điện tử tỉnh"
    child = "Thủ tục hành chính nội bộ được công khai trên Trang thông tin điện tử của Sở"
    raw = fuzz.token_set_ratio(parent, child)
    normalized = fuzz.token_set_ratio(normalize_for_match(parent), normalize_for_match(child))
    assert raw < 93
    assert normalized == 100


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("Kế hoạch chuyển đổi số tỉnh Bình Định năm 2024", "Kế hoạch chuyển đổi số của Sở năm 2024"),
        ("Chỉ số cải cách hành chính của tỉnh (Par Index)", "Chỉ số cải cách hành chính (Par Index)"),
        ("Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (PAPI)",
         "Chỉ số Hiệu quả Quản trị và Hành chính công (PAPI)"),
        ("Tiếp tục triển khai hiệu quả hoạt động của Tổ công nghệ số cộng đồng",
         "Triển khai hiệu quả hoạt động của Tổ công nghệ số cộng đồng."),
        ("Tập trung rà soát, hệ thống hóa các văn bản quy phạm pháp luật trên địa bàn tỉnh",
         "Tập trung rà soát, hệ thống hoá các VBQPPL"),
    ],
)
def test_scope_and_low_information_words_do_not_count(parent: str, child: str) -> None:
    assert normalize_for_match(parent) == normalize_for_match(child)


def test_place_names_dropped_but_content_kept() -> None:
    assert normalize_for_match("Thủ tục hành chính của UBND huyện Chư Sê") == "thu tuc hanh chinh"
    assert normalize_for_match("Tổ chức thực hiện Kế hoạch tuyên truyền năm 2024 tại Gia Lai") == (
        "ke hoach tuyen truyen tai")
    # "cấp xã" is content, not scope: a commune task must not look like a province task
    assert "cap xa" in normalize_for_match("Quy chế tổ chức tuyển dụng công chức cấp xã")
    assert normalize_for_match("Số đơn vị hành chính cấp xã chuyển đổi số") != normalize_for_match(
        "Số đơn vị hành chính chuyển đổi số")


def test_document_numbers_are_not_expanded_into_words() -> None:
    assert normalize_for_match("Kế hoạch 153/KH- UBND ngày 07/9/2023") == "ke hoach 153 kh ubnd"


def test_tokens_and_content_tokens() -> None:
    text = "Khai thác, sử dụng lại thông tin, dữ liệu số hóa của các cơ quan tài chính"
    assert tokens(text)[:4] == ["khai", "thac", "su", "dung"]
    ct = content_tokens(text)
    assert "cac" not in ct
    # stop-syllables are compared with diacritics: "cơ" (cơ quan) and "tài" (tài chính) stay
    assert "co" in ct and "tai" in ct
    assert content_tokens("Chỉ số Chuyển đổi số") == ["chi", "so", "chuyen", "doi", "so"]


def test_doc_numbers_on_parent_sentences() -> None:
    t20 = _line(PARENT, "20 | Triển khai thực hiện Kế hoạch 153/KH- UBND")
    assert doc_numbers(t20) == {"153/KH-UBND", "04/NQ-CP"}
    cancu = _line(PARENT, "Căn cứ Nghị quyết số 76/NQ-CP")
    assert doc_numbers(cancu) == {"76/NQ-CP"}
    six_b = _line(PARENT, "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập theo Nghị định")
    assert doc_numbers(six_b) == {"60/2021/NĐ-CP", "150/2020/NĐ-CP"}
    assert doc_numbers(_line(PARENT, "a) Tiếp tục triển khai thực hiện Nghị quyết số 27-NQ/TW")) == {"27-NQ/TW"}
    assert doc_numbers(_line(PARENT, "Theo đề nghị của Giám đốc Sở Nội vụ")) == {"804/TTR-SNV"}
    assert "13/2023/TT-BNV" in doc_numbers(_line(PARENT, "c) Tiếp tục hoàn thiện Hệ thống quản lý văn bản"))


def test_doc_numbers_match_across_parent_and_child() -> None:
    parent = doc_numbers(PARENT.read_text(encoding="utf-8"))
    child = doc_numbers(CHILD.read_text(encoding="utf-8"))
    assert {"4935/QĐ-UBND", "3416/QĐ-UBND", "153/KH-UBND", "27-NQ/TW", "62-KL/TW", "06/QĐ-TTG"} <= parent & child
    assert "35/KH-SNN" in child


def test_dates_are_not_document_numbers() -> None:
    assert doc_numbers("ngày 14/9/2023, Quý I/2024, tháng 3/2024, 06/01/2022") == set()
    assert doc_numbers("Quyết định số 3416/QĐ-UBND ngày 14/9/2023") == {"3416/QĐ-UBND"}


def test_rules_are_loaded_once() -> None:
    assert load_rules("scope_words") is load_rules("scope_words")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.parent.parent.name)
def test_normalization_of_every_seed_line_is_stable(path: Path) -> None:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) > 100
    for ln in lines:
        once = normalize_for_match(ln)
        assert once == normalize_for_match(once), ln
        assert once == once.strip() and "  " not in once
        assert all(ch.isascii() or ch.isalnum() for ch in once), ln


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
                        "ĐÂĂUBNDTHC ,.;-/0123456789", max_size=80))
def test_normalize_is_idempotent_and_folded(text: str) -> None:
    once = normalize_for_match(text)
    assert normalize_for_match(once) == once
    assert once == fold(once)


def test_parse_helpers_live_in_text() -> None:
    from cascade.text import clean_text, fold_label, norm_doc_number, phrase_pattern, slug

    assert clean_text is nfc
    assert fold_label("Thời gian thực hiện:") == "thoi gian thuc hien"
    assert norm_doc_number("153/KH- UBND") == "153/KH-UBND" and norm_doc_number(None) is None
    assert slug("Sở Tư pháp") == "so-tu-phap" and slug("Phòng Nội vụ huyện", limit=8) == "phong-no"
    assert phrase_pattern(["cả năm", "năm"]) == r"ca\s*nam|nam"
