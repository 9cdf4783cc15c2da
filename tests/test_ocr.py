"""Scanned PDFs read through Tesseract OCR (cascade.read.ocr): deskew, ruled-table grids, the cache, the message when
Tesseract is missing, and the real Sở NN&PTNT plan printed, scanned (rotated 1.5°, noisy) and read back.

Tests that run Tesseract are skipped when it (or its Vietnamese model) is missing, and fail instead under
CASCADE_OCR_TESTS=required (CI installs the Debian packages tesseract-ocr and tesseract-ocr-vie)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import ocr_unavailable
from fixtures_build import build_blank_pdf, document_to_pdf, new_pdf, pdf_font_available
from PIL import Image, ImageDraw

from cascade.errors import ReadError
from cascade.read import ocr as ocr_mod
from cascade.read import read_document
from cascade.read.ocr import OcrUnavailable, check_tesseract, estimate_skew, find_grids, line_masks

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
KEY = ROOT.parent / "shared" / "eval" / "binhdinh-snn-2024" / "key.yaml"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"


@pytest.fixture(scope="session")
def tesseract() -> str:
    try:
        return check_tesseract()
    except OcrUnavailable as exc:
        ocr_unavailable(f"Tesseract OCR with Vietnamese is not usable: {exc} (Debian: {INSTALL})")
        raise  # not reached


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One OCR cache for the session (each scan is OCR'd once), never the user's own cache."""
    path = tmp_path_factory.mktemp("ocr-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASCADE_CACHE_DIR", str(path))
        yield path


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of the test's own (for tests that look at the cache itself)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("CASCADE_CACHE_DIR", str(path))
    return path


def scan_pdf(text_pdf: Path, out: Path, angle: float = 1.5, noise: float = 12.0, dpi: int = 200) -> Path:
    """What a scanner makes of a printed PDF: each page rasterised at `dpi`, turned by `angle` degrees, with grey
    noise, saved as an image-only PDF (no text layer)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(text_pdf))
    rng = np.random.default_rng(2024)
    pages = []
    try:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            arr = np.asarray(img, dtype=np.float32) + rng.normal(0.0, noise, (img.height, img.width))
            pages.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))
    finally:
        pdf.close()
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out


# --- units: deskew, table grid, the missing-Tesseract message --------------------------------------------------------


def _text_like_page(width: int = 1600, height: int = 1100) -> Image.Image:
    """A white page of black "words" (bars of random length) on evenly spaced lines."""
    rng = np.random.default_rng(7)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    for y in range(80, height - 80, 36):
        x = 100
        while x < width - 200:
            w = int(rng.integers(20, 110))
            draw.rectangle((x, y, x + w, y + 14), fill=0)
            x += w + int(rng.integers(10, 20))
    return img


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.0, 1.5, 2.7])
def test_deskew_finds_the_angle_of_a_tilted_page(angle: float) -> None:
    tilted = _text_like_page().rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert estimate_skew(np.asarray(tilted)) == pytest.approx(-angle, abs=0.15)


def test_deskew_straightens_the_page() -> None:
    page = _text_like_page()
    straight, applied = ocr_mod.deskew(np.asarray(page.rotate(2.0, resample=Image.Resampling.BICUBIC, fillcolor=255)))
    assert applied == pytest.approx(-2.0, abs=0.15)

    # the row profile of the straightened page is as sharp as the original's
    def sharpness(a: np.ndarray) -> float:
        return float(np.sum(np.diff((a < 128).sum(axis=1).astype(float)) ** 2))

    assert sharpness(straight) > 0.8 * sharpness(np.asarray(page))


def _ruled_image() -> np.ndarray:
    """A 3×4 ruled table: cell (0,1)-(0,2) merged across (no rule at x=500 in row 0), cell (1,1)-(2,1) merged down
    (no rule at y=220 in column 1), and text-like bars and an underline inside cells that must not become rules."""
    img = Image.new("L", (1000, 700), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [100, 200, 500, 900], [100, 160, 220, 280, 400]
    for y in ys:
        d.line((xs[0], y, xs[-1], y), fill=0, width=2)
    d.line((xs[1] + 2, 220, xs[2] - 2, 220), fill=255, width=4)  # the rowspan
    for x in xs:
        d.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    d.line((500, ys[0] + 2, 500, ys[1] - 2), fill=255, width=4)  # the colspan
    for y in (115, 175, 235, 300, 330):  # words in the cells, and an underline shorter than a column
        d.rectangle((210, y, 260, y + 12), fill=0)
        d.rectangle((270, y, 300, y + 12), fill=0)
    d.line((520, 350, 600, 350), fill=0, width=2)
    d.rectangle((120, 300, 123, 330), fill=0)  # a tall letter stroke ("l") inside the number column
    return np.asarray(img)


def test_table_grid_from_ruling_lines() -> None:
    hmask, vmask = line_masks(_ruled_image(), dpi=200)
    (grid,) = find_grids(hmask, vmask, dpi=200)
    assert grid.xs == pytest.approx([100, 200, 500, 900], abs=3)
    assert grid.ys == pytest.approx([100, 160, 220, 280, 400], abs=3)
    assert grid.root[(0, 2)] == (0, 1)  # merged across
    assert grid.root[(2, 1)] == (1, 1)  # merged down
    assert grid.root[(2, 2)] == (2, 2) and grid.root[(3, 0)] == (3, 0)
    assert grid.cell_at(700, 130) == (0, 1) and grid.cell_at(50, 130) is None


def test_no_table_without_rules() -> None:
    hmask, vmask = line_masks(np.asarray(_text_like_page()), dpi=200)
    assert find_grids(hmask, vmask, dpi=200) == []


def test_missing_tesseract_named_with_the_install_command(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "khong-co" / "tesseract"))
    f = build_blank_pdf(tmp_path / "ban-quet.pdf")
    with pytest.raises(ReadError) as info:
        read_document(f)
    err = info.value
    assert err.code == "scanned"
    assert "“ban-quet.pdf”" in err.message_vi
    assert "không có lớp chữ (bản quét)" in err.message_vi and INSTALL in err.message_vi
    assert "tesseract" in err.detail_en and "Traceback" not in err.message_vi


def test_missing_vietnamese_model_is_missing_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(ocr_mod.shutil, "which", lambda cmd: "/usr/bin/tesseract")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    monkeypatch.setattr(pytesseract, "get_tesseract_version", lambda: "5.3.0")
    with pytest.raises(OcrUnavailable, match="vie"):
        check_tesseract()


def test_cached_pages_need_no_tesseract(tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached scan is read without Tesseract (the entry is keyed by the file's sha256)."""
    import hashlib

    f = build_blank_pdf(tmp_path / "a.pdf")
    page = ocr_mod.OcrPage(100, 100, 0.0, [], [ocr_mod.OcrLine(10, 10, 90, 20, "Kế hoạch cải cách hành chính")])
    ocr_mod.store_cached(hashlib.sha256(f.read_bytes()).hexdigest(), {1: page})
    monkeypatch.setattr(ocr_mod, "check_tesseract", lambda: (_ for _ in ()).throw(OcrUnavailable("absent")))
    doc = read_document(f)
    assert [b.text for b in doc.paragraphs()] == ["Kế hoạch cải cách hành chính"]
    assert any("OCR" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"format": "cascade-ocr", "version": 1, "sha256": "%s", "pages": {"1": {"tables": 3}}}',
     '{"format": "cascade-ocr", "version": 1, "sha256": "other", "pages": {}}', "[]"],
)  # fmt: skip
def test_damaged_cache_entry_is_ignored(tmp_path: Path, private_cache: Path, content: str) -> None:
    digest = "ab" * 32
    private_cache.mkdir(parents=True)
    (private_cache / f"{digest}.json").write_text(content.replace("%s", digest), encoding="utf-8")
    assert ocr_mod.load_cached(digest) == {}


# --- with Tesseract -------------------------------------------------------------------------------------------------

needs_font = pytest.mark.skipif(not pdf_font_available(), reason="DejaVuSans.ttf missing (fonts-dejavu-core)")


@pytest.fixture(scope="session")
def small_scan(tmp_path_factory: pytest.TempPathFactory, tesseract: str) -> Path:
    """One scanned page: a heading, a paragraph and a ruled task table."""
    if not pdf_font_available():
        pytest.skip("DejaVuSans.ttf missing (fonts-dejavu-core)")
    base = tmp_path_factory.mktemp("small-scan")
    pdf = new_pdf()
    pdf.set_font_size(11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "KẾ HOẠCH", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "Cải cách hành chính năm 2024 của Sở Tư pháp.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(12, 80, 50, 40), text_align="LEFT", line_height=6) as table:
        for cells in (["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
                      ["1", "Kiểm tra công tác cải cách hành chính", "Văn phòng Sở", "Quý II"],
                      ["2", "Tuyên truyền về cải cách hành chính", "Phòng Tổ chức", "Tháng 3"]):  # fmt: skip
            row = table.row()
            for c in cells:
                row.cell(c)
    pdf.output(str(base / "text.pdf"))
    return scan_pdf(base / "text.pdf", base / "quet.pdf", angle=-1.0)


def test_small_scan_read_as_paragraphs_and_table(small_scan: Path, ocr_cache: Path) -> None:
    doc = read_document(small_scan)
    assert doc.format == "pdf" and any("OCR" in w for w in doc.warnings)
    paras = [b.text for b in doc.paragraphs()]
    assert paras[0] == "KẾ HOẠCH"
    assert "Cải cách hành chính năm 2024" in paras[1]
    (table,) = doc.tables()
    assert table.rows[0].cells == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert [r.cells[0] for r in table.rows[1:]] == ["1", "2"]
    assert table.rows[1].cells[2:] == ["Văn phòng Sở", "Quý II"]
    assert table.rows[2].source.page == 1 and table.rows[2].source.row == 2


def test_second_read_comes_from_the_cache(small_scan: Path, ocr_cache: Path, monkeypatch) -> None:
    first = read_document(small_scan)
    monkeypatch.setattr(ocr_mod, "analyse_page", lambda *a, **k: pytest.fail("OCR ran again despite the cache"))
    start = time.perf_counter()
    second = read_document(small_scan)
    assert time.perf_counter() - start < 2.0
    assert [(b.kind, b.text, [r.cells for r in b.rows]) for b in second.blocks] == [
        (b.kind, b.text, [r.cells for r in b.rows]) for b in first.blocks
    ]


def test_corrupt_cache_entry_is_redone(small_scan: Path, ocr_cache: Path) -> None:
    import hashlib

    good = read_document(small_scan)
    entry = ocr_cache / f"{hashlib.sha256(small_scan.read_bytes()).hexdigest()}.json"
    saved = entry.read_bytes()
    try:
        obj = json.loads(saved)
        obj["pages"]["1"]["lines"] = "garbage"
        entry.write_text(json.dumps(obj), encoding="utf-8")
        again = read_document(small_scan)
        assert [b.text for b in again.paragraphs()] == [b.text for b in good.paragraphs()]
        assert json.loads(entry.read_text(encoding="utf-8"))["pages"]["1"]["lines"] != "garbage"  # rewritten
    finally:
        entry.write_bytes(saved)


def test_blank_scan_says_ocr_found_nothing(tmp_path: Path, tesseract: str, private_cache: Path) -> None:
    f = build_blank_pdf(tmp_path / "trang-trang.pdf")
    with pytest.raises(ReadError) as info:
        read_document(f)
    assert info.value.code == "scanned"
    assert "không có lớp chữ (bản quét)" in info.value.message_vi and "OCR" in info.value.message_vi


# --- the real Sở plan, printed and scanned --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def so_scan(tmp_path_factory: pytest.TempPathFactory, tesseract: str, ocr_cache: Path):
    """(the plan read from .txt, the scan's path, the scan read back, seconds the OCR took)."""
    if not pdf_font_available():
        pytest.skip("DejaVuSans.ttf missing (fonts-dejavu-core)")
    from cascade.read.txt import read_text

    base = tmp_path_factory.mktemp("so-scan")
    txt = read_text(CHILD.read_text(encoding="utf-8"), str(CHILD))
    scan = scan_pdf(document_to_pdf(txt, base / "so-nnptnt.pdf"), base / "so-nnptnt-quet.pdf", angle=1.5)
    start = time.perf_counter()
    doc = read_document(scan)
    return txt, scan, doc, time.perf_counter() - start


def _ws(s: str | None) -> str:
    return " ".join((s or "").split())


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,/]\d+)*%?", text)


def item_recall(reference, candidate) -> float:
    """Share of the reference plan's items found in the candidate: same kind and label, text at least 85 % alike
    and the same numbers (percentages, dates, document numbers)."""
    from rapidfuzz import fuzz

    pool = list(candidate.items)
    found = 0
    for ref in reference.items:
        for i, cand in enumerate(pool):
            if (
                cand.kind == ref.kind
                and cand.label == ref.label
                and fuzz.ratio(_ws(ref.text), _ws(cand.text)) >= 85
                and _numbers(ref.text) == _numbers(cand.text)
            ):
                found += 1
                del pool[i]
                break
    return found / max(len(reference.items), 1)


def test_scanned_plan_has_the_same_structure(so_scan) -> None:
    txt, _, doc, _ = so_scan
    assert len(doc.tables()) == len(txt.tables())
    assert max(b.source.page for b in doc.blocks) >= 5  # the tables ran over page breaks and were joined
    for ours, theirs in zip(doc.tables(), txt.tables(), strict=True):
        assert abs(len(ours.rows) - len(theirs.rows)) <= 2


def test_scanned_plan_items_found(so_scan) -> None:
    from cascade.parse import parse_document

    txt, _, doc, seconds = so_scan
    reference, scanned = parse_document(txt), parse_document(doc)
    recall = item_recall(reference, scanned)
    print(f"OCR: {seconds:.1f} s, {len(scanned.items)} items vs {len(reference.items)}, recall {recall:.3f}")
    assert recall >= 0.90


def test_scanned_plan_audit_link_f1(so_scan, tmp_path: Path) -> None:
    if not KEY.is_file():
        pytest.skip(f"answer key not found at {KEY}: the shared evaluation harness is not checked out")
    import yaml

    from cascade.evaluate import evaluate_key

    _, scan, _, _ = so_scan
    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    key["parent"], key["child"] = str(PARENT.resolve()), str(scan.resolve())
    (tmp_path / "key.yaml").write_text(yaml.safe_dump(key, allow_unicode=True), encoding="utf-8")
    result = evaluate_key(tmp_path / "key.yaml")
    print(result.summary_line())
    assert result.scores["link_f1"] >= 0.90, result.summary_line()


def _mixed_pdf(base: Path) -> Path:
    """Page 1 with a text layer, page 2 a scan (a signed page scanned into a typed plan)."""
    import pypdfium2 as pdfium

    for name, text in (("chu.pdf", "Trang một có lớp chữ."), ("anh.pdf", "Trang hai là ảnh quét.")):
        pdf = new_pdf()
        pdf.set_font_size(12)
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
        pdf.output(str(base / name))
    scan_pdf(base / "anh.pdf", base / "anh-quet.pdf", angle=0.8)
    out = pdfium.PdfDocument(str(base / "chu.pdf"))
    out.import_pages(pdfium.PdfDocument(str(base / "anh-quet.pdf")))
    out.save(str(base / "tron.pdf"))
    return base / "tron.pdf"


@needs_font
def test_mixed_pdf_reads_the_scanned_page_by_ocr(tmp_path: Path, tesseract: str, private_cache: Path) -> None:
    doc = read_document(_mixed_pdf(tmp_path))
    # one line per page, each running to the right edge: joined over the page break like text-layer pages
    assert " ".join(b.text for b in doc.paragraphs()) == "Trang một có lớp chữ. Trang hai là ảnh quét."
    assert any("các trang 2" in w for w in doc.warnings)


@needs_font
def test_mixed_pdf_without_tesseract_keeps_the_text_pages(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "khong-co" / "tesseract"))
    doc = read_document(_mixed_pdf(tmp_path))
    assert [b.text for b in doc.paragraphs()] == ["Trang một có lớp chữ."]
    assert any("Các trang 2" in w and INSTALL in w for w in doc.warnings)


def test_blank_page_is_not_turned() -> None:
    assert estimate_skew(np.full((800, 600), 255, dtype=np.uint8)) == 0.0


def test_numbering_repaired_from_neighbours() -> None:
    from cascade.read.ocr import repair_numbering

    rows = [[c, "…"] for c in ["STT", "1", "đột", "1.2", "13", "2", "6.1", "?", "71", "7.2", "11", "", "II", "l", "9"]]
    repair_numbering(rows)
    # "11" after "7.2" and "l" between "II" and "9" are left: each may be read more than one way
    assert [r[0] for r in rows] == ["STT", "1", "1.1", "1.2", "1.3", "2", "6.1", "7", "7.1", "7.2", "11", "", "II",
                                    "l", "9"]  # fmt: skip
    prose = [[c, "…"] for c in ["Nội dung", "Tổ chức", "13", "Kiểm tra", "Báo cáo"]]
    repair_numbering(prose)
    assert [r[0] for r in prose] == ["Nội dung", "Tổ chức", "13", "Kiểm tra", "Báo cáo"]
