"""Legacy Word (.doc) and OpenDocument (.odt) plans, read through LibreOffice headless.

The .doc and .odt files are made in the test by LibreOffice itself from real .docx plans (nothing binary is
checked in), then must parse to the same items and header as the .docx. Tests that run LibreOffice are skipped
when it is missing and fail under CASCADE_LIBREOFFICE_TESTS=required; the sniffing and the messages for a
missing LibreOffice, a timeout and a failed conversion run everywhere.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CHILD, libreoffice_unavailable
from expectations import expect

from cascade.errors import ReadError
from cascade.model import Plan
from cascade.read import convert, read_document
from cascade.read.sniff import sniff

ROOT = Path(__file__).resolve().parent.parent
GIALAI_CHILD = ROOT.parent / "shared" / "eval" / "gialai-stp-2024" / "child.docx"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_FIELDS = ("number", "doc_type", "date", "year", "agency", "level", "place", "title")


def _lo_convert(sources: list[Path], target: str, outdir: Path, profile: Path) -> None:
    """Convert several files in one LibreOffice start (start-up is most of the cost)."""
    soffice = convert.find_soffice()
    assert soffice is not None
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _plain_docx(doc, path: Path) -> Path:
    """The read plan as a .docx with its labels as typed text (no Word numbering, no merged cells)."""
    import docx

    d = docx.Document()
    for block in doc.blocks:
        if block.kind == "para":
            d.add_paragraph(block.text)
            continue
        ncols = max(len(r.cells) for r in block.rows)
        table = d.add_table(rows=len(block.rows), cols=ncols)
        for i, row in enumerate(block.rows):
            for j, text in enumerate(row.cells):
                table.cell(i, j).text = text
    d.save(path)
    return path


@pytest.fixture(scope="session")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """{source: {"docx": …, "odt": …, "doc": …}} for the Bình Định Sở NN&PTNT plan written by python-docx twice
    (labels as text: "so-nnptnt"; Word automatic numbering and merged cells: "so-nnptnt-numbered") and the Gia Lai
    Sở Tư pháp .docx when the shared evaluation set is beside the checkout.

    The .doc is made from the .odt, not from the .docx: LibreOffice 7.4 exporting a .docx straight to .doc loses
    tables with merged heading rows (they come back as one run-on paragraph), an artefact of making the test
    file, not of reading it."""
    if convert.find_soffice() is None:
        libreoffice_unavailable(f"LibreOffice (soffice) is not on PATH (Debian: apt-get install {convert.PACKAGE})")
    from fixtures_build import document_to_docx

    base = tmp_path_factory.mktemp("legacy")
    snn = read_document(CHILD)
    sources = [_plain_docx(snn, base / "so-nnptnt.docx"), document_to_docx(snn, base / "so-nnptnt-numbered.docx")[0]]
    if GIALAI_CHILD.is_file():
        sources.append(Path(shutil.copy(GIALAI_CHILD, base / "gialai-stp.docx")))
    _lo_convert(sources, "odt", base / "odt", base / "profile")
    _lo_convert([base / "odt" / f"{s.stem}.odt" for s in sources], "doc", base / "doc", base / "profile")
    return {s.stem: {"docx": s, "doc": base / "doc" / f"{s.stem}.doc", "odt": base / "odt" / f"{s.stem}.odt"}
            for s in sources}  # fmt: skip


def _items(plan: Plan) -> list[tuple]:
    return [(it.id, it.kind, it.label, it.text) for it in plan.items]


def _header(plan: Plan) -> dict:
    return {f: getattr(plan, f) for f in HEADER_FIELDS} | {
        "citations": [(c.doc_type, c.number) for c in plan.citations]
    }


# --- with LibreOffice ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_converted_plan_equals_docx(legacy_files: dict[str, dict[str, Path]], kind: str) -> None:
    from cascade.parse import parse_document, parse_file

    for name, files in legacy_files.items():
        if name == "so-nnptnt-numbered":
            continue  # see test_numbering_survives_libreoffice
        assert sniff(files[kind].read_bytes(), files[kind]) == kind
        doc = read_document(files[kind])
        assert doc.format == kind and doc.path == str(files[kind])
        want, got = parse_file(files["docx"]), parse_document(doc)
        assert _items(got) == _items(want), name
        assert _header(got) == _header(want), name
        assert want.items, name
        assert got.warnings[0] == f"Tệp đã chuyển đổi từ .{kind} sang .docx bằng LibreOffice để đọc."
        assert got.warnings[1:] == want.warnings, name


@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_numbered_plan_keeps_its_tasks(legacy_files: dict[str, dict[str, Path]], kind: str) -> None:
    """Word numbering in table cells and merged cells: all the tasks, their kinds and texts survive the trip."""
    from cascade.parse import parse_file

    files = legacy_files["so-nnptnt-numbered"]
    want, got = parse_file(files["docx"]), parse_file(files[kind])
    assert len(got.of_kind("task")) == expect("binh-dinh-2024-so-nnptnt", "tasks")
    assert [(it.kind, it.text) for it in got.items] == [(it.kind, it.text) for it in want.items]
    assert _header(got) == _header(want)


_DOC_NUMBERING = pytest.mark.xfail(strict=True, reason="a .doc re-read by LibreOffice assigns the restarted list "
                                   "and its continuation to two unrelated list definitions, while its own rendering "
                                   "shows '2': the reader cannot tell they are one list")  # fmt: skip


@pytest.mark.parametrize("kind", [pytest.param("doc", marks=_DOC_NUMBERING), "odt"])
def test_numbering_survives_libreoffice(legacy_files: dict[str, dict[str, Path]], kind: str) -> None:
    from cascade.parse import parse_file

    files = legacy_files["so-nnptnt-numbered"]
    assert _items(parse_file(files[kind])) == _items(parse_file(files["docx"]))


def test_original_file_is_not_touched(legacy_files: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    for kind in ("doc", "odt"):
        f = Path(shutil.copy(legacy_files["so-nnptnt"][kind], tmp_path / f"ke hoach -goc.{kind}"))
        os.utime(f, (1_600_000_000, 1_600_000_000))
        before = (f.read_bytes(), f.stat().st_mtime_ns, sorted(tmp_path.iterdir()))
        read_document(f)
        assert (f.read_bytes(), f.stat().st_mtime_ns, sorted(tmp_path.iterdir())) == before
        assert not any(p.name.startswith(".~lock") for p in tmp_path.iterdir())


def test_cli_says_it_converted(legacy_files: dict[str, dict[str, Path]]) -> None:
    f = legacy_files["so-nnptnt"]["doc"]
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "parse", str(f)], capture_output=True, text=True,
                          cwd=ROOT, timeout=180)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "đã chuyển đổi từ .doc" in proc.stdout and "23 nhiệm vụ" in proc.stdout, proc.stdout[:800]


def test_damaged_doc_is_a_clear_error(legacy_files: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    """A .doc cut in half still sniffs as Word, LibreOffice cannot convert it: a message, not a traceback."""
    data = legacy_files["so-nnptnt"]["doc"].read_bytes()
    f = tmp_path / "hong.doc"
    f.write_bytes(data[:4096] + b"\x00" * 4096)
    with pytest.raises(ReadError) as info:
        read_document(f)
    assert "hong.doc" in info.value.message_vi
    assert info.value.code in ("corrupt", "empty"), info.value.detail_en


def test_parallel_conversions(legacy_files: dict[str, dict[str, Path]]) -> None:
    """Each conversion has its own profile: two at once do not block each other on the profile lock."""
    from concurrent.futures import ThreadPoolExecutor

    files = [legacy_files["so-nnptnt"]["doc"], legacy_files["so-nnptnt"]["odt"]]
    with ThreadPoolExecutor(2) as pool:
        docs = list(pool.map(read_document, files))
    assert [d.format for d in docs] == ["doc", "odt"]


# --- everywhere ----------------------------------------------------------------------------------------------------
def _odt_zip(mimetype: str) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", mimetype)
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def _ole2(stream: str) -> bytes:
    return OLE2 + b"\x00" * 500 + stream.encode("utf-16-le") + b"\x00" * 500


def test_sniff_legacy_formats_by_content(tmp_path: Path) -> None:
    # by content whatever the name says
    assert sniff(_ole2("WordDocument"), tmp_path / "ke-hoach.txt") == "doc"
    assert sniff(_ole2("WordDocument"), tmp_path / "ke-hoach") == "doc"
    assert sniff(_odt_zip("application/vnd.oasis.opendocument.text"), tmp_path / "ke-hoach.zip") == "odt"
    cases = [
        (_ole2("Workbook"), "bảng tính Excel cũ (.xls)"),
        (_ole2("PowerPoint Document"), "PowerPoint cũ (.ppt)"),
        (OLE2 + b"\x00" * 1000, "không có phần nội dung văn bản Word"),
        (_odt_zip("application/vnd.oasis.opendocument.spreadsheet"), "bảng tính OpenDocument (.ods)"),
        (_odt_zip("application/vnd.oasis.opendocument.presentation"), "OpenDocument không phải văn bản"),
    ]
    for data, phrase in cases:
        with pytest.raises(ReadError) as info:
            sniff(data, tmp_path / "tep.doc")
        assert phrase in info.value.message_vi and "tep.doc" in info.value.message_vi


def _hide_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_without_libreoffice_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str) -> None:
    _hide_libreoffice(monkeypatch, tmp_path)
    assert convert.find_soffice() is None
    f = tmp_path / f"ke-hoach.{kind}"
    f.write_bytes(_ole2("WordDocument") if kind == "doc" else _odt_zip("application/vnd.oasis.opendocument.text"))
    with pytest.raises(ReadError) as info:
        read_document(f)
    err = info.value
    assert f"ke-hoach.{kind}" in err.message_vi
    assert "cài gói libreoffice-writer-nogui: apt-get install libreoffice-writer-nogui" in err.message_vi
    assert err.code == "no_converter" and err.exit_code == 2


def test_cli_without_libreoffice(tmp_path: Path) -> None:
    f = tmp_path / "cu.doc"
    f.write_bytes(_ole2("WordDocument"))
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "parse", str(f)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, "PATH": str(empty)})  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "cu.doc" in proc.stderr and "apt-get install libreoffice-writer-nogui" in proc.stderr


def _fake_soffice(tmp_path: Path, script: str) -> None:
    """A stand-in `soffice` on PATH, to test the time limit and a failed conversion without LibreOffice."""
    bindir = tmp_path / "fake-bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)


def test_timeout_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_soffice(tmp_path, "sleep 30 & sleep 30")  # a child of its own too: the whole group must be killed
    monkeypatch.setenv("PATH", str(tmp_path / "fake-bin") + os.pathsep + "/usr/bin:/bin")
    monkeypatch.setenv("CASCADE_CONVERT_TIMEOUT", "0.5")
    f = tmp_path / "cham.doc"
    f.write_bytes(_ole2("WordDocument"))
    started = time.monotonic()
    with pytest.raises(ReadError) as info:
        read_document(f)
    assert time.monotonic() - started < 10
    assert "cham.doc" in info.value.message_vi and "quá 0.5 giây" in info.value.message_vi
    assert "CASCADE_CONVERT_TIMEOUT" in info.value.message_vi and info.value.code == "timeout"


def test_failed_conversion_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 0")  # LibreOffice's real habit
    monkeypatch.setenv("PATH", str(tmp_path / "fake-bin") + os.pathsep + "/usr/bin:/bin")
    f = tmp_path / "hong.odt"
    f.write_bytes(_odt_zip("application/vnd.oasis.opendocument.text"))
    with pytest.raises(ReadError) as info:
        read_document(f)
    assert "hong.odt" in info.value.message_vi and "không chuyển được sang .docx" in info.value.message_vi
    assert info.value.code == "corrupt" and "could not be loaded" in info.value.detail_en


@pytest.mark.parametrize(("raw", "seconds"), [("", 60.0), ("5", 5.0), ("2.5", 2.5), ("abc", 60.0), ("-1", 60.0)])
def test_timeout_setting(monkeypatch: pytest.MonkeyPatch, raw: str, seconds: float) -> None:
    monkeypatch.setenv("CASCADE_CONVERT_TIMEOUT", raw)
    assert convert.convert_timeout() == seconds
