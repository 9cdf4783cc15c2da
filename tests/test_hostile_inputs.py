"""Hostile inputs (issue 17, points 1, 2, 3 and 10) through the CLI: each is refused with a Vietnamese message
naming the file and a non-zero exit (or, for mixed encodings and blank lines, read with a note), never a
traceback, and the process peaks under 300 MB. The files are generated in a temporary folder
(tests/hostile_corpus.py): a few MB on disk that inflate, decode, draw or align into gigabytes."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_corpus as corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
PEAK_LIMIT_MB = 300

# Runs the CLI as a child of a fresh interpreter and reports the child's peak RSS: RUSAGE_CHILDREN of the test
# process itself would also hold every earlier test's subprocesses.
_MEASURE = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr, "peak_mb": peak}))
"""


def run_cli(*args: str | Path, timeout: float = 240) -> dict:
    """`cascade ARGS` in a subprocess: exit code, stdout, stderr and peak memory (MB)."""
    argv = [sys.executable, "-c", "import sys; from cascade.cli import main; sys.exit(main())", *map(str, args)]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)  # fmt: skip
    return json.loads(done.stdout)


def assert_refused(result: dict, name: str, *phrases: str) -> str:
    """Non-zero exit, a Vietnamese message naming the file with each phrase, no traceback, memory bounded."""
    text = result["out"] + result["err"]
    assert result["rc"] != 0, text
    assert "Traceback" not in text, text
    assert name in text, text
    for phrase in phrases:
        assert phrase in text, text
    assert result["peak_mb"] < PEAK_LIMIT_MB, f"peak {result['peak_mb']:.0f} MB: {text}"
    return text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


# --- 1. a .docx whose member lies about its size --------------------------------------------------------------------
def test_docx_member_lying_about_its_size_is_refused(hostile: Path) -> None:
    f = corpus.write_lying_docx(hostile)
    assert f.stat().st_size < 2 * 1024 * 1024
    info = zipfile.ZipFile(f).getinfo("word/document.xml")
    assert info.file_size == 1000  # declared; it inflates to 1 GiB
    assert_refused(run_cli("parse", f), f.name, "khai báo 1.000 byte", "giải nén ra nhiều hơn")
    assert_refused(run_cli("audit", PARENT, f), f.name, "giải nén")


def test_docx_with_millions_of_elements_is_refused(hostile: Path) -> None:
    f = corpus.write_element_bomb_docx(hostile)
    assert f.stat().st_size < 100 * 1024  # 12 MB of honest XML, 2 million elements
    assert_refused(run_cli("parse", f), f.name, "quá nhiều thành phần")


def test_docx_within_bounds_still_reads(tmp_path: Path) -> None:
    from fixtures_build import build_task_docx

    from cascade.read import read_document

    doc = read_document(build_task_docx(tmp_path / "ke-hoach.docx"))
    assert doc.tables() and doc.format == "docx"


def test_lying_mimetype_member_is_peeked_not_inflated(tmp_path: Path) -> None:
    """Sniffing reads at most a few hundred bytes of an OpenDocument "mimetype", whatever it declares."""
    from cascade.read.zipguard import read_member

    data, _, crc = corpus._deflate_stream(b"application/vnd.oasis.opendocument.text", b" " * 4096, 64 * 1024 * 1024)
    path = tmp_path / "mimetype.zip"
    path.write_bytes(corpus._zip([("mimetype", data, 64 * 1024 * 1024, crc, 8)]))
    with zipfile.ZipFile(path) as z:
        assert read_member(z, "mimetype", 256).startswith(b"application/vnd.oasis.opendocument.text")


# --- 2. PDF bombs --------------------------------------------------------------------------------------------------
def test_pdf_flate_bomb_is_refused(hostile: Path) -> None:
    f = corpus.write_pdf_flate_bomb(hostile)
    assert f.stat().st_size < 2 * 1024 * 1024
    assert_refused(run_cli("parse", f), f.name, "giải nén ra quá lớn", "trang 1")


def test_pdf_form_bomb_is_refused(hostile: Path) -> None:
    f = corpus.write_pdf_form_bomb(hostile)
    assert f.stat().st_size < 10 * 1024
    assert_refused(run_cli("parse", f), f.name, "nội dung vẽ của trang quá nhiều")


@pytest.mark.parametrize(("what", "phrase"), [("paths", "quá nhiều đối tượng đồ họa"), ("chars", "quá nhiều ký tự")])
def test_pdf_token_bomb_is_refused(hostile: Path, what: str, phrase: str) -> None:
    f = corpus.write_pdf_token_bomb(hostile, what)
    assert f.stat().st_size < 64 * 1024
    assert_refused(run_cli("audit", PARENT, f), f.name, phrase)


def test_pdf_image_bomb_is_refused_before_ocr(hostile: Path) -> None:
    f = corpus.write_pdf_image_bomb(hostile)
    assert f.stat().st_size < 2 * 1024 * 1024
    assert_refused(run_cli("parse", f), f.name, "hình ảnh quá lớn")


def test_pdf_bounds_leave_real_pdfs_alone() -> None:
    from cascade.read import pdfguard
    from cascade.read.pdf import read_pdf

    key = ROOT.parent / "shared" / "eval" / "haiduong-stttt-2024" / "child.pdf"
    pdfs = [key] if key.exists() else sorted((ROOT / "tests" / "keys").glob("*/*.pdf"))
    if not pdfs:
        pytest.skip("no PDF plan at hand")
    for pdf in pdfs:
        with pdfguard.budget() as spent:
            doc = read_pdf(pdf)
        assert doc.blocks and spent.tripped is None


# --- 3. plans too long to align; a file of blank lines ------------------------------------------------------------
def test_plan_at_the_item_limit_is_audited_in_bounded_memory(hostile: Path) -> None:
    f = corpus.write_big_plan(hostile, 1000)
    result = run_cli("audit", f, CHILD)
    assert result["rc"] in (0, 1), result["err"]  # a verdict, not a refusal
    assert "Traceback" not in result["err"]
    assert result["peak_mb"] < PEAK_LIMIT_MB


@pytest.mark.parametrize(("rows", "phrase"), [(5000, "vượt giới hạn 1.000 mục"), (10_000, "quá nhiều đoạn văn"),
                                              (50_000, "quá nhiều dòng")])  # fmt: skip
def test_plan_past_the_limits_is_refused(hostile: Path, rows: int, phrase: str) -> None:
    f = corpus.write_big_plan(hostile, rows)
    assert_refused(run_cli("audit", f, CHILD), f.name, phrase)
    assert_refused(run_cli("audit", PARENT, f), f.name, phrase)


def test_file_of_blank_lines_reads_in_bounded_memory(hostile: Path) -> None:
    f = corpus.write_blank_lines(hostile)
    assert f.stat().st_size >= 20 * 1024 * 1024 - 1
    result = run_cli("parse", f, "--format", "json")
    assert result["rc"] == 0, result["err"]
    assert result["peak_mb"] < PEAK_LIMIT_MB
    plan = json.loads(result["out"])
    items = plan.get("items") or plan.get("plan", {}).get("items")
    assert items and items[0]["text"].startswith("Rà soát thủ tục hành chính")


def test_blank_runs_keep_file_line_numbers() -> None:
    from cascade.read.txt import read_text

    doc = read_text("a\n" + "\n" * 50 + "b\nc\n\n\n \n\t\n\nd\n", "x.txt")
    assert [(b.text, b.source.line) for b in doc.blocks] == [("a", 1), ("b", 52), ("c", 53), ("d", 59)]


def test_alignment_scores_do_not_depend_on_vocabulary_size() -> None:
    """The sparse products give the counts of the dense ones: word overlap is exact."""
    import numpy as np

    from cascade.align.scoring import _sparse_dot

    sets_p = [frozenset(["a", "b", "c"]), frozenset(["d"]), frozenset()]
    sets_c = [frozenset(["a", "c", "x"]), frozenset(["d", "b"])]
    assert np.array_equal(_sparse_dot(sets_p, sets_c), np.array([[2, 1], [0, 1], [0, 0]], dtype=np.float32))
    weights = {t: 2.0 for t in "abcdx"}
    assert np.array_equal(_sparse_dot(sets_p, sets_c, weights), 2 * _sparse_dot(sets_p, sets_c))


# --- 10. mixed encodings -------------------------------------------------------------------------------------------
def test_cp1258_paragraph_in_utf8_file_is_read_with_a_note(hostile: Path) -> None:
    f = corpus.write_mixed_encoding(hostile)
    result = run_cli("parse", f)
    text = result["out"] + result["err"]
    assert result["rc"] == 0, text
    assert corpus.MIXED_CP1258_TEXT[3:40] in text  # the paragraph, converted
    assert f"dòng {corpus.MIXED_CP1258_LINE} ở bảng mã Windows-1258" in text
    assert "không nhận ra bảng mã" not in text


def test_stray_bytes_in_utf8_file_are_dropped_with_a_note(hostile: Path) -> None:
    f = corpus.write_stray_bytes(hostile)
    result = run_cli("audit", PARENT, f)
    text = result["out"] + result["err"]
    assert result["rc"] in (0, 1), text
    assert "Traceback" not in text and "không nhận ra bảng mã" not in text
    from cascade.read.encodings import decode_text_notes

    decoded, encoding, notes = decode_text_notes(f.read_bytes(), f)
    assert encoding == "utf-8" and "\ufffd" not in decoded
    assert notes == [f"Tệp có 3 byte lỗi không thuộc bảng mã nào ở dòng {corpus.STRAY_BYTES_LINE}: đã bỏ các byte "
                     "này khi đọc; hãy đối chiếu với bản gốc."]


def test_legacy_file_is_still_read_whole_not_line_by_line() -> None:
    """A windows-1258 file is not "mostly UTF-8": it is decoded whole, as before, without notes."""
    from cascade.read.encodings import decode_text_notes, unicode_to_cp1258

    raw = unicode_to_cp1258("Kế hoạch cải cách hành chính năm 2024\nRà soát thủ tục hành chính\n")
    text, encoding, notes = decode_text_notes(raw, "cu.txt")
    assert encoding == "windows-1258" and notes == [] and text.startswith("Kế hoạch cải cách")
