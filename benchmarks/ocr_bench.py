#!/usr/bin/env python3
"""Benchmark the OCR of a scanned plan: a 10-page image-only PDF read into a Document, then read again (cached).

    .venv/bin/python benchmarks/ocr_bench.py [--pages 10] [--dpi 200] [--keep DIR]

The scan is made here: the Bình Định 2024 province plan printed to PDF with fpdf2 (tests/fixtures_build.py),
its first N pages rasterised, turned 1.5° and given grey noise. The OCR cache is a fresh temporary directory, so
the first read really runs Tesseract. Prints seconds in all and per page (target: ≤ 60 s for 10 pages on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PROVINCE = REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"


def make_scan(out_dir: Path, pages: int, dpi: int) -> Path:
    """An image-only PDF of the province plan's first `pages` pages, as a scanner would make it."""
    import numpy as np
    import pypdfium2 as pdfium
    from fixtures_build import document_to_pdf
    from PIL import Image

    from cascade.read.txt import read_text

    doc = read_text(PROVINCE.read_text(encoding="utf-8"), str(PROVINCE))
    text_pdf = document_to_pdf(doc, out_dir / "tinh.pdf")
    pdf = pdfium.PdfDocument(str(text_pdf))
    rng = np.random.default_rng(1)
    images = []
    try:
        for i in range(min(pages, len(pdf))):
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
            arr = np.asarray(img, dtype=np.float32) + rng.normal(0.0, 12.0, (img.height, img.width))
            images.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))
    finally:
        pdf.close()
    scan = out_dir / "tinh-quet.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=float(dpi))
    return scan


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--dpi", type=int, default=200, help="resolution of the simulated scan")
    ap.add_argument("--keep", type=Path, help="write the scan here instead of a temporary directory")
    args = ap.parse_args()

    from cascade.read import read_document
    from cascade.read.ocr import check_tesseract

    version = check_tesseract()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        os.environ["CASCADE_CACHE_DIR"] = str(Path(tmp) / "cache")
        start = time.perf_counter()
        scan = make_scan(out, args.pages, args.dpi)
        made = time.perf_counter() - start
        import pypdfium2 as pdfium

        n = len(pdfium.PdfDocument(str(scan)))
        start = time.perf_counter()
        doc = read_document(scan)
        first = time.perf_counter() - start
        start = time.perf_counter()
        read_document(scan)
        second = time.perf_counter() - start
    rows = sum(len(t.rows) for t in doc.tables())
    print(f"tesseract {version}, {os.cpu_count()} CPUs; scan of {n} pages made in {made:.1f} s")
    print(f"OCR read: {first:.1f} s ({first / n:.2f} s/page); {len(doc.paragraphs())} paragraphs, "
          f"{len(doc.tables())} tables, {rows} table rows")  # fmt: skip
    print(f"second read (cache): {second:.2f} s")
    print(f"target ≤ 60 s for 10 pages: {'ok' if first * 10 / n <= 60 else 'SLOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
