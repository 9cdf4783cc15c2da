"""The parser's shortcuts give the results of the plain computations they replace (see cascade/parse/memo.py)."""

from __future__ import annotations

import random
import re
import unicodedata

from cascade.parse import prose
from cascade.parse.deadlines import parse_deadline
from cascade.parse.targets import find_level_targets, find_targets, parse_target
from cascade.read.encodings import (
    _WORD,
    _word_score,
    fix_legacy_mojibake,
    looks_binary,
    tcvn3_to_unicode,
    vietnamese_score,
    vni_to_unicode,
)
from cascade.read.text_layouts.cells import clean_cell

_PIECES = ["Thời gian", "thời gian thực hiện", "THỜI HẠN", "Tiến độ", "hoàn thành", "Quý IV/2024", "tháng 6", ":",
           " ", "  ", "(", ")", ";", ",", ".", "\t", "\u00a0", "Phối hợp với các sở", "x", "1.1.", "năm 2024", "ĐỘ"]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 14))) for _ in range(n)]


def _split_plain(text: str, year: int | None) -> tuple[str, object]:
    """`split_deadline` as it was: the clause pattern tried at every position."""
    m = prose._prose().deadline_tail.search(text)
    if not m or m.start() == 0:
        return text, None
    d = parse_deadline(m.group("when"), year)
    if d is None or d.kind == "unknown":
        return text, None
    return text[: m.start()].rstrip(" ;,"), d


def test_split_deadline_matches_the_plain_search() -> None:
    for text in _texts(3000, 7) + ["Phối hợp tổ chức. Thời gian: Quý IV/2022.", "a (Thời gian: Quý II/2024)"]:
        assert prose.split_deadline(text, 2024) == _split_plain(text, 2024), text


def _clean_plain(text: str) -> str:
    text = re.sub(r"</?(?:i|b|u|em|strong|span|p|br)\b[^>]*>", "", unicodedata.normalize("NFC", text), flags=re.I)
    lines = [re.sub(r"[ \t\u00a0\u200b\ufeff]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def test_clean_cell_matches_the_plain_cleaning() -> None:
    extra = ["", " ", "\u200b", "a\u200bb", "<b>Sở</b>  Nội vụ", "a\n\n b \n", "\ufeffx", "Quy\u0301", "a\u2003 b "]
    for text in _texts(2000, 11) + extra:
        assert clean_cell(text) == _clean_plain(text), repr(text)


def test_remembered_results_are_copies() -> None:
    first = parse_target("Tối thiểu 80% và nhóm 20 địa phương dẫn đầu")
    assert first is not None
    first.raw, first.extra = "changed", []
    again = parse_target("Tối thiểu 80% và nhóm 20 địa phương dẫn đầu")
    assert again is not None and again.raw != "changed" and again is not first
    d = parse_deadline("Quý IV/2024", 2024)
    assert d is not None
    d.end = "changed"
    assert parse_deadline("Quý IV/2024", 2024).end == "2024-12-31"  # type: ignore[union-attr]
    text = "Đạt 90% tại cấp tỉnh, 80% đối với cấp huyện và 60% đối với cấp xã"
    found = find_targets(text)
    found[0].raw = "changed"
    assert find_targets(text)[0].raw != "changed"
    levels = find_level_targets(text)
    assert levels
    levels[0].target.value = -1
    assert find_level_targets(text)[0].target.value != -1
    body, dl = prose.split_deadline("Tổ chức hội nghị. Thời gian: Quý II/2024.", 2024)
    assert dl is not None
    dl.kind = "changed"
    assert prose.split_deadline("Tổ chức hội nghị. Thời gian: Quý II/2024.", 2024)[1].kind != "changed"  # type: ignore[union-attr]


def _fix_plain(text: str) -> tuple[str, str | None]:
    """`fix_legacy_mojibake` as it was: the words of the whole sample scored at once."""
    sample = text[:20000]
    scores = [_word_score(w) for w in _WORD.findall(sample)]
    good, bad = scores.count(1), scores.count(-1)
    if good >= 20 and bad <= good // 20:
        return text, None
    best: tuple[int, str | None] = (vietnamese_score(sample), None)
    converters = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}
    for name, convert in converters.items():
        candidate = convert(sample)
        if candidate != sample and (score := vietnamese_score(candidate)) > best[0] + 2:
            best = (score, name)
    return (text, None) if best[1] is None else (converters[best[1]](text), best[1])


def test_legacy_test_by_line_matches_the_whole_sample() -> None:
    good = "Cải cách hành chính năm 2024, nâng cao chất lượng phục vụ người dân."
    tcvn = "C¶i c¸ch hµnh chÝnh n¨m 2024, n©ng cao chÊt l­îng phôc vô ng­êi d©n."
    rnd = random.Random(3)
    for _ in range(60):
        lines = [rnd.choice([good, tcvn, "abc", "", good * rnd.randint(1, 40)]) for _ in range(rnd.randint(1, 60))]
        text = rnd.choice(["\n", " ", "\n\n"]).join(lines) * rnd.randint(1, 3)
        assert fix_legacy_mojibake(text) == _fix_plain(text)


def test_looks_binary_counts_control_bytes() -> None:
    assert not looks_binary(b"abc\tdef\n" * 100)
    assert looks_binary(b"abc\x01\x02\x03" * 100)
    assert not looks_binary(b"a" * 1000 + b"\x01" * 20)
    assert looks_binary(b"a" * 1000 + b"\x01" * 21)
