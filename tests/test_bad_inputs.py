"""Bad inputs: each raises ReadError with a Vietnamese message naming the file and the problem — never a traceback,
never a silent empty Document."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fixtures_build import build_blank_pdf, build_encrypted_pdf, build_task_docx, build_task_pdf, pdf_font_available

from cascade.errors import CascadeError, ReadError
from cascade.read import read_document
from cascade.read.docx import read_docx
from cascade.read.sniff import sniff

ROOT = Path(__file__).resolve().parent.parent
needs_font = pytest.mark.skipif(
    not pdf_font_available(), reason="DejaVuSans.ttf missing (CI installs fonts-dejavu-core)"
)


def expect_error(path: Path, phrase: str, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_document(path, **kwargs)
    err = info.value
    assert path.name in err.message_vi
    assert phrase in err.message_vi, err.message_vi
    assert err.detail_en and err.detail_en != err.message_vi  # the English log detail is its own text
    assert isinstance(err, CascadeError) and err.exit_code != 0
    return err


def test_missing_file(tmp_path: Path) -> None:
    err = expect_error(tmp_path / "khong-co.docx", "không tìm thấy tệp")
    assert err.code == "missing"


def test_directory(tmp_path: Path) -> None:
    d = tmp_path / "thu-muc"
    d.mkdir()
    expect_error(d, "thư mục")


def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "rong.txt"
    f.write_bytes(b"")
    assert expect_error(f, "tệp rỗng").code == "empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    f = tmp_path / "trang.txt"
    f.write_text(" \n\t\r\n   \n", encoding="utf-8")
    assert expect_error(f, "chỉ có khoảng trắng").code == "empty"


@pytest.mark.parametrize(
    "data",
    [os.urandom(4096), b"\x00" * 2000 + "Kế hoạch".encode(), bytes(range(256)) * 16],
    ids=["random", "nul-heavy", "all-bytes"],
)
def test_binary_junk(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "rac.txt"
    f.write_bytes(data)
    err = expect_error(f, "không")
    assert err.code == "binary"
    assert "nhị phân" in err.message_vi or "bảng mã" in err.message_vi


def test_too_large_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "qua-lon.txt"
    with f.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: 21 MB without writing them
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole oversized file"))
    err = expect_error(f, "tệp quá lớn")
    assert err.code == "too_large" and "21.0 MB" in err.message_vi


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    f = tmp_path / "nho.txt"
    f.write_text("Kế hoạch cải cách hành chính năm 2024\n" * 50, encoding="utf-8")
    expect_error(f, "tệp quá lớn", max_bytes=1000)


def test_old_office_file_without_word_text(tmp_path: Path) -> None:
    # .doc files are read through LibreOffice (tests/test_legacy_word.py); an OLE2 file with no Word text is not one
    f = tmp_path / "ke-hoach.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    err = expect_error(f, "không có phần nội dung văn bản Word")
    assert err.code == "corrupt"


def test_docx_name_but_text_content(tmp_path: Path) -> None:
    f = tmp_path / "gia.docx"
    f.write_text("Kế hoạch cải cách hành chính", encoding="utf-8")
    expect_error(f, "nội dung không phải .docx")


def test_docx_named_pdf_is_read_by_content(tmp_path: Path) -> None:
    f = build_task_docx(tmp_path / "that-ra-la-docx.pdf")
    doc = read_document(f)
    assert doc.format == "docx" and doc.tables()


def test_corrupt_docx_zip(tmp_path: Path) -> None:
    good = build_task_docx(tmp_path / "tot.docx").read_bytes()
    f = tmp_path / "hong.docx"
    f.write_bytes(good[: len(good) // 2])
    assert expect_error(f, "bị hỏng").code == "corrupt"


def test_zip_without_word_document(tmp_path: Path) -> None:
    f = tmp_path / "nen.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("readme.txt", "xin chào")
    expect_error(f, "tệp nén (.zip), không phải văn bản Word (.docx)")


def test_xlsx_is_refused(tmp_path: Path) -> None:
    import openpyxl

    f = tmp_path / "bang.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Nhiệm vụ"
    wb.save(f)
    expect_error(f, "bảng tính Excel (.xlsx)")


def test_ods_is_refused(tmp_path: Path) -> None:
    # OpenDocument text (.odt) is read through LibreOffice (tests/test_legacy_word.py); a spreadsheet is not a plan
    f = tmp_path / "bang.ods"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    expect_error(f, "bảng tính OpenDocument (.ods)")


def test_docx_with_broken_part(tmp_path: Path) -> None:
    good = build_task_docx(tmp_path / "tot.docx")
    f = tmp_path / "hong-xml.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(f, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"<w:document><oops" if info.filename == "word/document.xml" else data)
    assert expect_error(f, "bị hỏng").code == "corrupt"


def test_zip_bomb_cap_checked_before_extracting(tmp_path: Path) -> None:
    f = build_task_docx(tmp_path / "bom.docx")
    with pytest.raises(ReadError) as info:
        read_docx(f, max_uncompressed=10_000)
    assert "giải nén ra quá lớn" in info.value.message_vi and "bom.docx" in info.value.message_vi


def test_zip_bomb_default_cap(tmp_path: Path) -> None:
    f = build_task_docx(tmp_path / "bom-that.docx")
    with zipfile.ZipFile(f, "a", compression=zipfile.ZIP_DEFLATED) as z, z.open("word/media/pad.bin", "w") as w:
        chunk = b"\x00" * (1 << 20)
        for _ in range(201):
            w.write(chunk)
    assert f.stat().st_size < 2 * 1024 * 1024  # small on disk, 201 MB inflated
    err = expect_error(f, "giải nén ra quá lớn")
    assert err.code == "too_large"


def test_caller_bound_on_inflated_size_through_parse_file(tmp_path: Path) -> None:
    """The web service's own, lower zip-bomb bound goes through the same check (cascade.read.zipguard) as the CLI's:
    a plan that reads fine by default is refused under 10 kB, with the 413 the web answers for it."""
    from cascade.parse import parse_file

    f = build_task_docx(tmp_path / "ke-hoach.docx")
    assert parse_file(f).items
    with pytest.raises(ReadError) as info:
        parse_file(f, max_uncompressed=10_000)
    err = info.value
    assert err.code == "too_large" and err.http_status == 413
    assert err.message_vi.startswith("Không đọc được tệp “ke-hoach.docx”: tệp Word (.docx) giải nén ra quá lớn")
    assert err.message_vi.endswith(", có thể là tệp độc hại.")
    # a caller cannot raise the reader's own bound
    assert read_document(f, max_uncompressed=10**12).format == "docx"


def test_read_error_for_file_names_the_file_not_its_folder(tmp_path: Path) -> None:
    err = ReadError.for_file(tmp_path / "sub" / "kh.pdf", "tệp rỗng, không có nội dung", "file is empty", "empty")
    assert err.message_vi == "Không đọc được tệp “kh.pdf”: tệp rỗng, không có nội dung."
    assert err.detail_en == "kh.pdf: file is empty" and err.path == str(tmp_path / "sub" / "kh.pdf")
    assert str(tmp_path) not in err.message_vi
    assert (err.code, err.http_status) == ("empty", 422)


def test_every_error_code_has_one_http_status() -> None:
    from cascade.errors import DEFAULT_HTTP_STATUS, HTTP_STATUS, NotAPlanError, TooLargeError

    assert HTTP_STATUS == {"too_large": 413} and DEFAULT_HTTP_STATUS == 422
    assert NotAPlanError("x", code="not_a_plan").http_status == 422
    assert TooLargeError("x", code="too_many_items").http_status == 422
    assert ReadError("x", code="too_large").http_status == 413


def test_rtf_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "cu.rtf"
    f.write_bytes(rb"{\rtf1\ansi Ke hoach}")
    expect_error(f, "RTF")


@needs_font
def test_scanned_pdf_without_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan is read by OCR (tests/test_ocr.py); without Tesseract it is refused with the install command."""
    import pytesseract

    monkeypatch.setenv("CASCADE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "khong-co-tesseract"))
    f = build_blank_pdf(tmp_path / "ban-quet.pdf")
    err = expect_error(f, "tệp PDF không có lớp chữ (bản quét); cần nhận dạng ký tự (OCR) trước khi kiểm tra")
    assert err.code == "scanned"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in err.message_vi


@needs_font
def test_encrypted_pdf(tmp_path: Path) -> None:
    f = build_encrypted_pdf(tmp_path / "mat-khau.pdf")
    assert expect_error(f, "mật khẩu").code == "encrypted"


@needs_font
@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_corrupt_pdf(tmp_path: Path, cut: float) -> None:
    good = build_task_pdf(tmp_path / "tot.pdf").read_bytes()
    f = tmp_path / "hong.pdf"
    f.write_bytes(good[: int(len(good) * cut)])
    with pytest.raises(ReadError) as info:
        read_document(f)
    assert "hong.pdf" in info.value.message_vi
    assert "bị hỏng" in info.value.message_vi or "không có lớp chữ" in info.value.message_vi


def test_pdf_header_garbage(tmp_path: Path) -> None:
    f = tmp_path / "gia.pdf"
    f.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    assert expect_error(f, "tệp PDF bị hỏng").code == "corrupt"


def test_sniff_by_content_not_extension(tmp_path: Path) -> None:
    assert sniff(b"%PDF-1.4\n...", tmp_path / "a.txt") == "pdf"
    assert sniff("Kế hoạch".encode(), tmp_path / "a.md") == "txt"
    with pytest.raises(ReadError):
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", tmp_path / "a.docx")


CLI_PARSE = ROOT / "cascade" / "commands" / "parse.py"


@pytest.mark.skipif(
    not (ROOT / "cascade" / "cli.py").exists() or not CLI_PARSE.exists(), reason="`cascade parse` not written yet"
)
@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("rong.txt", b"", "tệp rỗng"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "không có phần nội dung văn bản Word"),
        ("rac.txt", b"\x00\x01\x02\x03" * 500, "nhị phân"),
        ("hong.docx", b"PK\x03\x04broken", "bị hỏng"),
    ],
)
def test_cli_reports_errors_without_traceback(tmp_path: Path, name: str, data: bytes, phrase: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "cascade.cli", "parse", str(f)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert name in proc.stderr and phrase in proc.stderr
