"""Property tests of the text reader and the deadline and target parsers: never crash, stable results, sane values.

Strategies mix real seed lines (table rows with `|` and tabs, headers, deadline and target cells) with random
Vietnamese-ish text, so the reader's table and header logic is exercised, not only its fallback. The budget is
bounded (small `max_examples`, derandomized) so `make test` stays fast and reproducible.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import asdict
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cascade.model import Deadline, Target
from cascade.parse.deadlines import parse_deadline
from cascade.parse.targets import find_targets, parse_target
from cascade.read.document import Document
from cascade.read.txt import read_text

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = [
    line
    for p in sorted((ROOT / "data").glob("*/*/*.txt"))
    for line in p.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
DEADLINE_CELLS = ["Tháng 3", "Quý I/2024", "Trước ngày 30/01/2024", "Cả năm", "Trong năm", "Thường xuyên",
                  "Hằng quý", "Theo Kế hoạch của UBND tỉnh", "Tháng 11/2024", "Quý IV", "6 tháng đầu năm",
                  "Trước 15/12", "Năm 2024", "Tháng 2-3", "31/12/2024"]
TARGET_CELLS = ["90%", "tối thiểu 80%", "95% - 100%", "nhóm 20 địa phương dẫn đầu", "ở mức tốt", "100%",
                "Phấn đấu đạt từ 85% trở lên", "giảm 10% số lượng", "Trong nhóm tốt các cơ quan chuyên môn thuộc tỉnh",
                "ít nhất 03 đơn vị", "đạt trên 70%; 100% hồ sơ"]
VI_ALPHABET = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
               "0123456789 %/.,;:-–()|\t\n\u00a0")

FUZZ = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

vi_text = st.text(alphabet=VI_ALPHABET, max_size=200)
# Any Unicode too (surrogates excluded: they cannot come out of a decoder).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
seed_line = st.sampled_from(SEED_LINES)
cell = st.one_of(vi_text, any_text, st.sampled_from(DEADLINE_CELLS), st.sampled_from(TARGET_CELLS),
                 st.builds(lambda a, b: f"{a} {b}", st.sampled_from(DEADLINE_CELLS + TARGET_CELLS), vi_text))
documents = st.lists(st.one_of(seed_line, seed_line, vi_text, any_text,
                               st.lists(cell, min_size=2, max_size=6).map(" | ".join),
                               st.lists(cell, min_size=2, max_size=6).map("\t".join)),
                     max_size=40).map("\n".join)


def _check_document(doc: Document) -> None:
    assert doc.format == "txt" and doc.path == "fuzz.txt"
    for b in doc.blocks:
        assert b.kind in ("para", "table")
        texts = [b.text] if b.kind == "para" else [c for r in b.rows for c in r.cells]
        for t in texts:
            assert isinstance(t, str) and unicodedata.is_normalized("NFC", t)


@FUZZ
@given(documents)
def test_read_text_never_crashes_and_is_stable(text: str) -> None:
    doc = read_text(text, "fuzz.txt")
    _check_document(doc)
    assert asdict(read_text(text, "fuzz.txt")) == asdict(doc)


@FUZZ
@given(documents)
def test_read_text_ignores_line_ending_style(text: str) -> None:
    assert asdict(read_text(text.replace("\n", "\r\n"), "fuzz.txt")) == asdict(read_text(text, "fuzz.txt"))


def _check_deadline(d: Deadline | None) -> None:
    if d is None:
        return
    assert d.kind in ("interval", "continuous", "dependent", "unknown")
    assert d.raw.strip() == d.raw and d.raw
    if d.start or d.end:
        start, end = date.fromisoformat(d.start), date.fromisoformat(d.end)
        assert start <= end, d


@FUZZ
@given(cell, st.one_of(st.none(), st.integers(1990, 2050)))
def test_parse_deadline_total_and_stable(raw: str, year: int | None) -> None:
    d = parse_deadline(raw, year)
    _check_deadline(d)
    assert parse_deadline(raw, year) == d
    # the cell is read after whitespace clean-up, so padding it changes nothing
    assert parse_deadline(f"  {raw}\n", year) == d


def _check_target(t: Target) -> None:
    assert t.kind in ("percent", "count", "rank", "qualitative", "completion", "unknown")
    assert t.comparator in (">=", "=", "<=", "range", ">", "<")
    for v in (t.value, t.upper):
        assert v is None or (isinstance(v, float | int) and math.isfinite(v))
    if t.kind == "percent" and t.value is not None:
        assert t.value >= 0
    for x in t.extra:
        _check_target(x)


@FUZZ
@given(cell)
def test_parse_target_total_and_stable(raw: str) -> None:
    t = parse_target(raw)
    if t is not None:
        _check_target(t)
    assert parse_target(raw) == t


@FUZZ
@given(st.lists(st.one_of(seed_line, cell), max_size=8).map("\n".join))
def test_find_targets_total_and_stable(text: str) -> None:
    found = find_targets(text)
    for t in found:
        _check_target(t)
        assert t.raw.strip(), t  # every target names the clause it was stated in
    assert find_targets(text) == found


def test_properties_hold_on_the_known_cells() -> None:
    """The fixed vocabularies above parse to something real: the fuzz strategies are not feeding only junk."""
    assert parse_deadline("Quý I/2024", None).start == "2024-01-01"
    assert parse_deadline("Tháng 3", 2024).end == "2024-03-31"
    assert parse_target("tối thiểu 80%").value == 80 and parse_target("tối thiểu 80%").comparator == ">="
    assert len(SEED_LINES) > 1000
