"""Legacy Vietnamese encodings: complete TCVN3/VNI tables, cp1258, BOMs, detection on the real seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cascade.errors import ReadError
from cascade.read.encodings import (
    decode_text,
    fix_legacy_mojibake,
    tcvn3_to_unicode,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted(DATA.glob("*/*/*.txt"))

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
# every Vietnamese vowel letter with every tone (12 × 6 = 72 per case), plus đ
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [c.upper() for c in LOWER]
SAMPLE = (
    "Cải cách hành chính tại Sở Nông nghiệp và Phát triển nông thôn năm 2024: đẩy mạnh ứng dụng công nghệ thông tin, "
    "nâng cao chất lượng phục vụ người dân, doanh nghiệp; rà soát, đơn giản hóa thủ tục hành chính."
)


def test_letter_sets_are_complete() -> None:
    assert len(set(LOWER)) == 73 and all(len(c) == 1 for c in LOWER + UPPER)


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trip_every_lower_letter(letter: str) -> None:
    code = unicode_to_tcvn3(letter)
    assert code != letter or letter in "aeiouyý"  # ý keeps its Latin-1 code 0xFD in TCVN3
    assert all(ord(c) < 256 for c in code)
    assert tcvn3_to_unicode(code) == letter


def test_tcvn3_codes_are_distinct_single_bytes() -> None:
    codes = [unicode_to_tcvn3(c) for c in LOWER if not c.isascii()]
    assert all(len(c) == 1 for c in codes)
    assert len(set(codes)) == len(codes) == 67
    # TCVN3 has codes for these capitals only; others are drawn by the ".VnTimeH" fonts from the lower codes
    assert tcvn3_to_unicode("\xa1\xa2\xa7\xa3\xa4\xa5\xa6") == "ĂÂĐÊÔƠƯ"


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip_every_letter(letter: str) -> None:
    code = unicode_to_vni(letter)
    assert all(ord(c) < 256 for c in code)
    assert code.encode("cp1252")  # VNI text is cp1252 bytes
    assert vni_to_unicode(code) == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_cp1258_round_trip_every_letter(letter: str) -> None:
    sentence = f"Thử chữ {letter} trong văn bản tiếng Việt về cải cách hành chính năm 2024"
    raw = unicode_to_cp1258(sentence)
    assert unicodedata.normalize("NFC", raw.decode("cp1258")) == sentence
    assert decode_text(raw, "x.txt") == (sentence, "windows-1258")


def test_known_mojibake_strings() -> None:
    assert tcvn3_to_unicode("C¶i c¸ch hµnh chÝnh") == "Cải cách hành chính"
    assert tcvn3_to_unicode("Bé Néi vô") == "Bộ Nội vụ"
    assert vni_to_unicode("Caûi caùch haønh chính") == "Cải cách hành chính"
    assert vni_to_unicode("Sôû Noäi vuï") == "Sở Nội vụ"


@pytest.mark.parametrize(
    ("encode", "expected_encoding"),
    [
        (lambda s: s.encode("utf-8"), "utf-8"),
        (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig"),
        (lambda s: s.encode("utf-16"), "utf-16"),
        (lambda s: s.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (unicode_to_cp1258, "windows-1258"),
        (lambda s: unicode_to_tcvn3(s).encode("latin-1"), "tcvn3"),
        (lambda s: unicode_to_vni(s).encode("cp1252"), "vni"),
        (lambda s: unicode_to_tcvn3(s).encode("utf-8"), "utf-8+tcvn3"),
        (lambda s: unicode_to_vni(s).encode("utf-8"), "utf-8+vni"),
    ],
)
def test_decode_text_detects_encoding(encode, expected_encoding: str) -> None:
    text, encoding = decode_text(encode(SAMPLE), "ke-hoach.txt")
    assert encoding == expected_encoding
    # TCVN3 has no code for toned capitals: "Cải" keeps its capital C (ASCII), all letters come back
    assert text == SAMPLE
    assert unicodedata.is_normalized("NFC", text)


def test_cp1258_output_is_nfc_not_combining() -> None:
    raw = unicode_to_cp1258("Thủ tục hành chính")
    assert b"\xd2" in raw  # the hook above is a separate combining byte in cp1258
    text, enc = decode_text(raw, "a.txt")
    assert enc == "windows-1258" and text == "Thủ tục hành chính" and "\u0309" not in text


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_real_seeds_decode_as_utf8_unchanged(seed: Path) -> None:
    data = seed.read_bytes()
    text, encoding = decode_text(data, seed)
    assert encoding in ("utf-8", "utf-8-sig")
    assert text == unicodedata.normalize("NFC", data.decode("utf-8-sig"))


def _cp1252_ok(s: str) -> bool:
    try:
        s.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_real_seeds_survive_legacy_round_trip(seed: Path) -> None:
    original = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8-sig"))
    head = original[:6000]
    text, encoding = decode_text(unicode_to_vni(head).encode("cp1252", errors="replace"), seed)
    assert encoding == "vni"
    expected = "".join(ch if _cp1252_ok(unicode_to_vni(ch)) else "?" for ch in head)
    assert text == expected
    assert fix_legacy_mojibake(original)[1] is None  # correct Unicode is never "fixed"


def test_real_seed_in_tcvn3_bytes_reads_back() -> None:
    seed = DATA / "binh-dinh/2024/so-nnptnt-KH-SNN.txt"
    original = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    lower = original.lower()  # TCVN3 (.VnTime) has no toned capitals
    raw = unicode_to_tcvn3(lower).encode("cp1252", errors="replace")
    text, encoding = decode_text(raw, seed)
    assert encoding == "tcvn3"
    assert text.count("nhiệm vụ") == lower.count("nhiệm vụ") > 20


def test_utf16_bom_with_broken_body_names_encoding() -> None:
    with pytest.raises(ReadError) as err:
        decode_text(b"\xff\xfe" + "Kế hoạch".encode("utf-16-le") + b"\x00\xd8", "hong.txt")
    assert "hong.txt" in err.value.message_vi and "UTF-16" in err.value.message_vi
