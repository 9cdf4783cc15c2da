"""Reading scanned PDF pages (no text layer) with Tesseract OCR (language "vie").

Each page is rasterised (pypdfium2), deskewed (projection-profile search over small angles), its ruling lines are
found in the binarised image and turned into a cell grid, the lines are erased and the page goes through Tesseract
once (TSV word boxes through pytesseract). Words whose centre falls in a table cell become that cell's text; the rest
are running-text lines (grouped by Tesseract's block / paragraph / line numbers). Short cells (item numbers,
percentages) and cells Tesseract was unsure of are read again on their own in a second call, and misread item numbers
are mended from their neighbours. The result, an `OcrPage` in pixel coordinates, is what `cascade.read.pdf` turns
into paragraphs and tables exactly as it does for a text layer. Pages are OCR'd in parallel (threads, one per CPU up
to 4; each Tesseract single-threaded), with a progress bar on a terminal.

Results are cached per file (sha256 of the bytes) under the user's cache directory, so a second read is instant.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

LANG = "vie"
INSTALL_COMMAND = "apt-get install tesseract-ocr tesseract-ocr-vie"
# 200 dpi reads an 8-pt plan as well as 300 dpi did (same text on the test scan) in 60 % of the time
RENDER_DPI = 200
# bump when the page analysis changes, so older cache entries are not reused
OCR_VERSION = 3
CACHE_FORMAT = "cascade-ocr"
# a cell the page reading gives this many characters or fewer is read again on its own (see _read_cells)
SHORT_CELL = 8
# ... and so is a cell whose words Tesseract was unsure of: mean confidence below 70, or a word below 20
UNSURE_MEAN_CONF, UNSURE_WORD_CONF = 70.0, 20.0


_PDFIUM_LOCK = threading.Lock()


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is missing; `str(exc)` says which, in English, for the log."""


@dataclass
class OcrTable:
    top: float
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]  # cell text, wrapped lines joined by "\n"; "" under a merged cell, as pdfplumber gives


@dataclass
class OcrLine:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass
class OcrPage:
    width: int
    height: int
    angle: float  # the rotation applied to straighten the page, degrees counter-clockwise
    tables: list[OcrTable] = field(default_factory=list)
    lines: list[OcrLine] = field(default_factory=list)


# --- Tesseract ---------------------------------------------------------------------------------------------------


def check_tesseract() -> str:
    """The Tesseract version, after checking that the binary and its Vietnamese model are installed.

    Raises OcrUnavailable otherwise."""
    try:
        import pytesseract
    except ImportError as exc:  # the dependency is declared, but a broken install must not become a traceback
        raise OcrUnavailable(f"pytesseract is not installed: {exc}") from exc
    cmd = pytesseract.pytesseract.tesseract_cmd
    if shutil.which(cmd) is None:
        raise OcrUnavailable(f"the tesseract binary ({cmd}) is not on PATH")
    try:
        langs = pytesseract.get_languages(config="")
        version = str(pytesseract.get_tesseract_version())
    except Exception as exc:
        raise OcrUnavailable(f"tesseract does not run: {exc!r}") from exc
    if LANG not in langs:
        raise OcrUnavailable(f"the Tesseract model for {LANG!r} is not installed (have: {', '.join(langs)})")
    return version


def _tesseract_words(img: Image.Image, psm: int, dpi: int = RENDER_DPI) -> list[dict]:
    """Tesseract's word boxes (TSV output) of a page image: text, box, block/par/line numbers."""
    import pytesseract

    # one thread per Tesseract: its OpenMP threads slow small pages down more than they help on 2 cores
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(
        img, lang=LANG, config=f"--psm {psm} --dpi {dpi}", output_type=pytesseract.Output.DICT
    )
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(
            {
                "text": text,
                "x0": x,
                "top": y,
                "x1": x + w,
                "bottom": y + h,
                "key": (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                "conf": float(data["conf"][i]),
            }
        )
    return words


# --- image analysis ----------------------------------------------------------------------------------------------


def otsu_threshold(gray: np.ndarray) -> int:
    """Otsu's grey level separating ink from paper: pixels at or below it are ink."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    mean0 = np.cumsum(hist * levels)
    mean_all = mean0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * weight0 / total - mean0) ** 2 / (weight0 * weight1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def estimate_skew(gray: np.ndarray, max_angle: float = 5.0) -> float:
    """The angle (degrees, counter-clockwise as PIL's rotate takes it) that makes the text lines horizontal.

    Why projection profiles: a straight page's rows alternate between ink (text lines, rules) and paper, so the row
    sums of the ink image vary most at the right angle. Searched on a reduced image, coarse then fine."""
    h, w = gray.shape
    scale = min(1.0, 1600 / max(w, 1))
    small = Image.fromarray(gray)
    if scale < 1.0:
        small = small.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.BILINEAR)
    arr = np.asarray(small)
    ink = Image.fromarray(((arr <= otsu_threshold(arr)) * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rotated = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0), dtype=np.float64)
        profile = rotated.sum(axis=1)
        return float(np.sum(np.diff(profile) ** 2))

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05), key=score)
    if score(best) <= score(0.0) * 1.001:  # a blank or nearly blank page: no angle is better, leave it be
        return 0.0
    return round(float(best), 2)


def deskew(gray: np.ndarray, max_angle: float = 5.0) -> tuple[np.ndarray, float]:
    """The page image rotated straight (white fill at the corners) and the angle applied."""
    angle = estimate_skew(gray, max_angle)
    if abs(angle) < 0.05:
        return gray, 0.0
    img = Image.fromarray(gray).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(img), angle


def _run_mask(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels of `ink` that belong to a horizontal run of at least `length` ink pixels (a morphological opening
    with a 1×length line, done with cumulative sums)."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink, dtype=bool)
    c = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, dtype=np.int32, out=c[:, 1:])
    starts = (c[:, length:] - c[:, :-length]) == length  # a full run begins at column j: shape (h, w - length + 1)
    s = np.zeros((h, starts.shape[1] + 1), dtype=np.int32)
    np.cumsum(starts, axis=1, dtype=np.int32, out=s[:, 1:])
    cols = np.arange(w)
    hi = np.minimum(cols, starts.shape[1] - 1) + 1
    lo = np.maximum(cols - length + 1, 0)
    lo = np.minimum(lo, hi)
    return (s[:, hi] - s[:, lo]) > 0


def _widen(mask: np.ndarray, axis: int, k: int) -> np.ndarray:
    """The mask grown by k pixels both ways along `axis` (0: up and down, 1: left and right)."""
    out = mask.copy()
    n = mask.shape[axis]
    for d in range(1, k + 1):
        if axis == 0:
            out[d:] |= mask[: n - d]
            out[: n - d] |= mask[d:]
        else:
            out[:, d:] |= mask[:, : n - d]
            out[:, : n - d] |= mask[:, d:]
    return out


def _clusters(indices: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Consecutive integer positions (allowing `gap`) grouped into (first, last) spans."""
    out: list[tuple[int, int]] = []
    for i in indices.tolist():
        if out and i - out[-1][1] <= gap:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _runs(flags: np.ndarray, gap: int = 4) -> list[tuple[int, int]]:
    return _clusters(np.flatnonzero(flags), gap)


@dataclass
class Grid:
    """A ruled table found in the image: column and row boundaries, and each grid cell's merged-region root."""

    xs: list[int]
    ys: list[int]
    root: dict[tuple[int, int], tuple[int, int]]

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The merged region (its top-left grid cell) holding point (x, y), or None outside the table."""
        if not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        c = int(np.searchsorted(self.xs, x, side="right")) - 1
        r = int(np.searchsorted(self.ys, y, side="right")) - 1
        return self.root[(r, c)]


def line_masks(gray: np.ndarray, dpi: int = RENDER_DPI) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line pixels: ink runs longer than any stroke of a letter."""
    ink = gray <= max(otsu_threshold(gray), 100)
    hmask = _run_mask(ink, int(dpi * 0.25))
    # shorter than a one-line row of 8-pt text; letter stems this tall are told from rules by `find_grids`
    vmask = _run_mask(ink.T, int(dpi * 0.12)).T
    return hmask, vmask


def find_grids(hmask: np.ndarray, vmask: np.ndarray, dpi: int = RENDER_DPI) -> list[Grid]:
    """Ruled tables: vertical rules that join two horizontal rules bound the columns, horizontal rules that span a
    column bound the rows; a cell whose separating rule is missing is merged with its neighbour (row/column span)."""
    min_v = int(dpi * 0.12)
    tol = max(3, dpi // 50)
    # vertical rules: x positions, and the y spans each covers
    vcols = np.flatnonzero(vmask.sum(axis=0) >= min_v)
    vlines: list[tuple[int, list[tuple[int, int]]]] = []
    for a, b in _clusters(vcols):
        spans = [(y0, y1) for y0, y1 in _runs(vmask[:, a : b + 1].any(axis=1), gap=tol) if y1 - y0 >= min_v]
        if spans:
            vlines.append(((a + b) // 2, spans))
    # table regions: overlapping vertical spans
    intervals = sorted(s for _, spans in vlines for s in spans)
    regions: list[tuple[int, int]] = []
    for y0, y1 in intervals:
        if regions and y0 <= regions[-1][1] + tol:
            regions[-1] = (regions[-1][0], max(regions[-1][1], y1))
        else:
            regions.append((y0, y1))
    grids = []
    for ry0, ry1 in regions:
        grid = _grid_in_region(hmask, vmask, vlines, ry0, ry1, tol, int(dpi * 0.25))
        if grid is not None:
            grids.append(grid)
    return grids


def _grid_in_region(
    hmask: np.ndarray,
    vmask: np.ndarray,
    vlines: list[tuple[int, list[tuple[int, int]]]],
    ry0: int,
    ry1: int,
    tol: int,
    min_h: int,
) -> Grid | None:
    cand = [(x, spans) for x, spans in vlines if any(s0 <= ry1 and s1 >= ry0 for s0, s1 in spans)]
    if len(cand) < 2:
        return None
    x_lo, x_hi = cand[0][0] - tol, cand[-1][0] + tol + 1
    y_lo, y_hi = max(ry0 - tol, 0), ry1 + tol + 1
    band = hmask[y_lo:y_hi, x_lo:x_hi]
    ys_all = [y_lo + (a + b) // 2 for a, b in _clusters(np.flatnonzero(band.sum(axis=1) >= min_h))]
    if len(ys_all) < 2:
        return None

    def v_covers(x: int, y0: int, y1: int) -> bool:
        seg = vmask[y0 + tol : max(y1 - tol, y0 + tol + 1), max(x - tol, 0) : x + tol + 1].any(axis=1)
        return seg.size > 0 and seg.mean() >= 0.85

    def h_covers(y: int, x0: int, x1: int) -> bool:
        seg = hmask[max(y - tol, 0) : y + tol + 1, x0 + tol : max(x1 - tol, x0 + tol + 1)].any(axis=0)
        return seg.size > 0 and seg.mean() >= 0.85

    def pairs(values: list[int]) -> list[tuple[int, int]]:
        return list(zip(values, values[1:], strict=False))

    # A column boundary must run from one row rule to the next somewhere (letter strokes never do); a row rule
    # must span a whole column (an underline or a dash inside a cell does not). Each test needs the other's
    # result, so they are refined in turn.
    xs = [x for x, _ in cand]
    ys = ys_all
    for _ in range(3):
        xs = [x for x, _ in cand if any(v_covers(x, a, b) for a, b in pairs(ys))]
        ys = [y for y in ys_all if any(h_covers(y, a, b) for a, b in pairs(xs))]
    if len(xs) < 3 or len(ys) < 2:  # a grid of one column is a frame, not a table
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root stays the top-left cell

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not v_covers(xs[c + 1], ys[r], ys[r + 1]):
                union((r, c), (r, c + 1))
            if r + 1 < nr and not h_covers(ys[r + 1], xs[c], xs[c + 1]):
                union((r, c), (r + 1, c))
    root = {cell: find(cell) for cell in parent}
    return Grid(xs, ys, root)


# --- words into lines, cells and tables ----------------------------------------------------------------------------


def _visual_lines(words: list[dict]) -> list[list[dict]]:
    """Words of one cell grouped into printed lines by their vertical position, each line left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        centre = (w["top"] + w["bottom"]) / 2
        if lines:
            last = lines[-1]
            top = min(x["top"] for x in last)
            bottom = max(x["bottom"] for x in last)
            if centre < bottom and centre - (top + bottom) / 2 < 0.5 * max(bottom - top, 1):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _rules_mask(grids: list[Grid], hmask: np.ndarray, vmask: np.ndarray, dpi: int) -> np.ndarray:
    """The pixels of the grids' rules, widened over their grey fringes."""
    band = max(3, dpi // 40)
    keep = np.zeros_like(hmask)
    for g in grids:
        x0, y0, x1, y1 = g.bbox
        for y in g.ys:
            keep[max(y - band, 0) : y + band + 1, max(x0 - band, 0) : x1 + band + 1] = True
        for x in g.xs:
            keep[max(y0 - band, 0) : y1 + band + 1, max(x - band, 0) : x + band + 1] = True
    rules = (hmask | vmask) & keep
    return _widen(rules, 0, dpi // 100) | _widen(rules, 1, dpi // 100)


def _regions(grid: Grid) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Each merged region's pixel box (x0, top, x1, bottom), keyed by its top-left grid cell."""
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c), root in grid.root.items():
        s = spans.setdefault(root, [r, c, r, c])
        s[2], s[3] = max(s[2], r), max(s[3], c)
    return {k: (grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1]) for k, (r0, c0, r1, c1) in spans.items()}


def _read_cells(
    clean: np.ndarray, grids: list[Grid], dpi: int, wanted: list[set[tuple[int, int]]]
) -> list[dict[tuple[int, int], str]]:
    """The text of the `wanted` cells of each grid, read in one Tesseract call over a mosaic of the cells stacked
    one under another.

    Why: on the whole page, Tesseract's layout analysis drops or garbles short cells (item numbers "1.1", "I",
    "50%"), and one call per cell would start Tesseract once per cell; a column of cells read as a single text block
    (--psm 6), enlarged and binarised, reads each cell on its own, and the y offsets tell whose it is. Long cells
    stay with the page reading: alone at the start of a line, a capital's diacritics are read worse ("Triến")."""
    inset = max(4, dpi // 40)
    gap = max(24, dpi // 8)
    crops: list[tuple[int, tuple[int, int], np.ndarray]] = []
    for g_index, grid in enumerate(grids):
        for key, (x0, y0, x1, y1) in _regions(grid).items():
            if key not in wanted[g_index]:
                continue
            crop = clean[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
            if crop.size == 0:
                continue
            ink = crop < 128
            rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            if rows.size == 0 or ink.sum() < 8:  # an empty cell, or a speck of noise
                continue
            crops.append((g_index, key, crop[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]))
    out: list[dict[tuple[int, int], str]] = [{} for _ in grids]
    if not crops:
        return out
    width = max(c.shape[1] for _, _, c in crops) + 2 * gap
    height = sum(c.shape[0] for _, _, c in crops) + gap * (len(crops) + 1)
    mosaic = np.full((height, width), 255, dtype=np.uint8)
    bands = []
    y = gap
    for g_index, key, crop in crops:
        mosaic[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        bands.append((y - gap // 2, y + crop.shape[0] + gap // 2, g_index, key))
        y += crop.shape[0] + gap
    # twice the size and binarised: a lone noisy digit ("1") is otherwise read as another one ("3")
    factor = 2
    img = Image.fromarray(mosaic).resize((mosaic.shape[1] * factor, mosaic.shape[0] * factor), Image.Resampling.BICUBIC)
    big = np.asarray(img)
    img = Image.fromarray(np.where(big <= otsu_threshold(big), 0, 255).astype(np.uint8))
    words = _tesseract_words(img, psm=6, dpi=dpi * factor)
    for w in words:
        for k in ("x0", "top", "x1", "bottom"):
            w[k] = w[k] / factor
    per_cell: dict[tuple[int, tuple[int, int]], list[dict]] = {}
    starts = [b[0] for b in bands]
    for w in words:
        cy = (w["top"] + w["bottom"]) / 2
        i = int(np.searchsorted(starts, cy, side="right")) - 1
        if 0 <= i < len(bands) and cy < bands[i][1]:
            per_cell.setdefault((bands[i][2], bands[i][3]), []).append(w)
    for (g_index, key), ws in per_cell.items():
        out[g_index][key] = "\n".join(" ".join(w["text"] for w in line) for line in _visual_lines(ws))
    return out


_LABEL = re.compile(r"^\d+(\.\d+)*\.?$")
_ROMAN = re.compile(r"^[IVXLC]+\.?$")


def _label_parts(label: str) -> list[int]:
    return [int(x) for x in label.rstrip(".").split(".")]


def _followers(label: str) -> set[str]:
    """The labels that may follow `label` in a numbered column: its first child, its next sibling, or the next
    sibling of one of its ancestors ("6.1" → "6.1.1", "6.2", "7")."""
    parts = _label_parts(label)
    out = {".".join(map(str, parts + [1]))}
    for depth in range(len(parts), 0, -1):
        out.add(".".join(map(str, parts[: depth - 1] + [parts[depth - 1] + 1])))
    return out


def _predecessors(label: str) -> set[str]:
    """The labels that may come just before `label` when that is a first child or a next sibling ("7.1" → "7",
    "1.2" → "1.1")."""
    parts = _label_parts(label)
    if parts[-1] > 1:
        return {".".join(map(str, parts[:-1] + [parts[-1] - 1]))}
    return {".".join(map(str, parts[:-1]))} if len(parts) > 1 else set()


def repair_numbering(rows: list[list[str]]) -> None:
    """Mend item numbers OCR misread in a table's number column, from their neighbours: a dotted number whose dot
    was lost ("71" after "7" → "7.1"), then an unreadable number between two readable ones ("?" between "6.1" and
    "7.1" → "7"). Only when the column is mostly numbers; a number that may follow its neighbour as read is left
    alone, and nothing is guessed when two readings are possible."""
    col = [r[0].strip() if r else "" for r in rows]
    filled = [c for c in col[1:] if c]
    if len(filled) < 3 or sum(bool(_LABEL.match(c) or _ROMAN.match(c)) for c in filled) < 0.6 * len(filled):
        return
    # pass 1: lost dots; after an unreadable cell the number may be two steps on
    prev: str | None = None
    skipped = False
    for i, text in enumerate(col):
        if not text or _ROMAN.match(text):
            continue
        if not _LABEL.match(text):
            skipped = True
            continue
        if prev is not None and "." not in text:
            options = _followers(prev)
            if skipped:
                options |= {f for o in options for f in _followers(o)}
            dotted = [o for o in options if "." in o and o.replace(".", "") == text]
            if text not in options and len(dotted) == 1:
                col[i] = text = dotted[0]
        prev, skipped = text.rstrip("."), False
    # pass 2: an unreadable cell that only one number fits
    for i, text in enumerate(col):
        if not text or _ROMAN.match(text) or _LABEL.match(text):
            continue
        before = next((c for c in reversed(col[:i]) if _LABEL.match(c)), None)
        after = next((c for c in col[i + 1 :] if _LABEL.match(c)), None)
        if before and after:
            fits = _followers(before.rstrip(".")) & _predecessors(after.rstrip("."))
            if len(fits) == 1:
                col[i] = fits.pop()
    for row, label in zip(rows, col, strict=True):
        if row and row[0].strip() != label:
            row[0] = label


def _table_rows(grid: Grid, texts: dict[tuple[int, int], str]) -> OcrTable:
    """The grid as rows of cell text: a merged cell's text in its top-left cell, "" in the cells it covers."""
    nr, nc = len(grid.ys) - 1, len(grid.xs) - 1
    rows = [[texts.get((r, c), "") if grid.root[(r, c)] == (r, c) else "" for c in range(nc)] for r in range(nr)]
    repair_numbering(rows)
    x0, y0, x1, y1 = grid.bbox
    return OcrTable(float(y0), (float(x0), float(y0), float(x1), float(y1)), rows)


def _text_lines(words: list[dict]) -> list[OcrLine]:
    """Running text: Tesseract's own lines (block, paragraph, line numbers), top to bottom."""
    groups: dict[tuple, list[dict]] = {}
    for w in words:
        groups.setdefault(w["key"], []).append(w)
    out = []
    for ws in groups.values():
        ws.sort(key=lambda w: w["x0"])
        out.append(
            OcrLine(
                float(min(w["x0"] for w in ws)),
                float(min(w["top"] for w in ws)),
                float(max(w["x1"] for w in ws)),
                float(max(w["bottom"] for w in ws)),
                " ".join(w["text"] for w in ws),
            )
        )
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def analyse_page(gray: np.ndarray, dpi: int = RENDER_DPI) -> OcrPage:
    """OCR one page image (8-bit greyscale): deskew, find ruled tables, read words and sort them into cells and
    running-text lines."""
    straight, angle = deskew(gray)
    hmask, vmask = line_masks(straight, dpi)
    grids = find_grids(hmask, vmask, dpi)
    # erase the tables' rules (only those: a letter's stem is in vmask too): Tesseract reads a rule touching a
    # letter as "|" or "_" and may drop the word
    clean = straight.copy()
    clean[_rules_mask(grids, hmask, vmask, dpi)] = 255
    words = _tesseract_words(Image.fromarray(clean), psm=3, dpi=dpi)
    rest: list[dict] = []
    per_cell: list[dict[tuple[int, int], list[dict]]] = [{} for _ in grids]
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for i, g in enumerate(grids):
            cell = g.cell_at(cx, cy)
            if cell is not None:
                per_cell[i].setdefault(cell, []).append(w)
                break
        else:
            rest.append(w)
    texts = [
        {k: "\n".join(" ".join(w["text"] for w in line) for line in _visual_lines(ws)) for k, ws in cells.items()}
        for cells in per_cell
    ]

    # short or empty cells (numbers, percentages, months), and cells Tesseract was unsure of (a page reading that
    # mixed the cell with its neighbours), are read again on their own
    def unsure(ws: list[dict]) -> bool:
        confs = [w["conf"] for w in ws]
        return bool(confs) and (sum(confs) / len(confs) < UNSURE_MEAN_CONF or min(confs) < UNSURE_WORD_CONF)

    wanted = [
        {
            k
            for k in _regions(g)
            if len(texts[i].get(k, "").replace(" ", "")) <= SHORT_CELL or unsure(per_cell[i].get(k, []))
        }
        for i, g in enumerate(grids)
    ]
    for i, again in enumerate(_read_cells(clean, grids, dpi, wanted)):
        for k in wanted[i]:
            texts[i][k] = again.get(k, "")
    page = OcrPage(int(straight.shape[1]), int(straight.shape[0]), angle)
    page.tables = [_table_rows(g, t) for g, t in zip(grids, texts, strict=True)]
    page.tables = [t for t in page.tables if any(any(c.strip() for c in row) for row in t.rows)]
    page.lines = _text_lines(rest)
    return page


def render_page(data: bytes, index: int, dpi: int = RENDER_DPI) -> np.ndarray:
    """Page `index` (0-based) of a PDF as an 8-bit greyscale array."""
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:  # PDFium is not thread-safe; pages are OCR'd in threads
        pdf = pdfium.PdfDocument(data)
        try:
            bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
            return np.array(bitmap.to_pil().convert("L"))
        finally:
            pdf.close()


# --- cache ----------------------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """$CASCADE_CACHE_DIR, else $XDG_CACHE_HOME/cascade/ocr, else ~/.cache/cascade/ocr."""
    if os.environ.get("CASCADE_CACHE_DIR"):
        return Path(os.environ["CASCADE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cascade" / "ocr"


def _cache_path(digest: str) -> Path:
    return cache_dir() / f"{digest}.json"


def _page_from_json(obj: dict) -> OcrPage:
    """An OcrPage from its cached JSON, checking every field's type (a damaged entry raises)."""
    tables = []
    for t in obj["tables"]:
        rows = t["rows"]
        if not all(isinstance(r, list) and all(isinstance(c, str) for c in r) for r in rows):
            raise ValueError("bad table rows")
        bbox = tuple(float(v) for v in t["bbox"])
        if len(bbox) != 4:
            raise ValueError("bad bbox")
        tables.append(OcrTable(float(t["top"]), bbox, rows))
    lines = []
    for ln in obj["lines"]:
        if not isinstance(ln["text"], str):
            raise ValueError("bad line text")
        lines.append(OcrLine(float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]), ln["text"]))
    return OcrPage(int(obj["width"]), int(obj["height"]), float(obj["angle"]), tables, lines)


def load_cached(digest: str) -> dict[int, OcrPage]:
    """The cached pages of the file with this sha256, or {} when there is no entry or it cannot be trusted
    (unreadable, other format or version, another file's digest, malformed pages)."""
    path = _cache_path(digest)
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
        if obj.get("format") != CACHE_FORMAT or obj.get("version") != OCR_VERSION or obj.get("sha256") != digest:
            return {}
        return {int(k): _page_from_json(v) for k, v in obj["pages"].items()}
    except FileNotFoundError:
        return {}
    except Exception as exc:
        log.warning("ignoring damaged OCR cache entry %s: %r", path, exc)
        return {}


def store_cached(digest: str, pages: dict[int, OcrPage]) -> None:
    """Write the entry atomically (a reader never sees half a file); a cache that cannot be written is skipped."""
    path = _cache_path(digest)
    obj = {
        "format": CACHE_FORMAT,
        "version": OCR_VERSION,
        "sha256": digest,
        "pages": {str(k): asdict(v) for k, v in pages.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write OCR cache %s: %r", path, exc)


# --- entry point ----------------------------------------------------------------------------------------------------


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A per-page progress bar (click's) on stderr when stderr is a terminal; silent otherwise (pipes, tests, the
    web app, the batch log). Yields the function to call after each page."""
    if total < 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    import click

    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


def ocr_pages(data: bytes, page_numbers: list[int], name: str = "") -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF, from the cache when it holds them.

    Raises OcrUnavailable when pages must be read and Tesseract (or its Vietnamese model) is missing."""
    digest = hashlib.sha256(data).hexdigest()
    cached = load_cached(digest)
    todo = [n for n in page_numbers if n not in cached]
    if not todo:
        return {n: cached[n] for n in page_numbers}
    check_tesseract()

    def work(n: int) -> OcrPage:
        page = analyse_page(render_page(data, n - 1))
        log.debug("OCR page %d of %s: angle %.2f, %d tables, %d lines", n, name, page.angle, len(page.tables),
                  len(page.lines))  # fmt: skip
        return page

    # pages in parallel: each Tesseract runs single-threaded, and numpy/PIL release the GIL while they work
    workers = max(1, min(len(todo), os.cpu_count() or 1, 4))
    with _progress(len(todo), f"Nhận dạng chữ (OCR) {name}".strip()) as step, ThreadPoolExecutor(workers) as pool:
        for n, page in zip(todo, pool.map(work, todo), strict=True):
            cached[n] = page
            step()
    store_cached(digest, cached)
    return {n: cached[n] for n in page_numbers}
