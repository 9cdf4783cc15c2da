"""Batch runs report odd folder entries, never leave a stale dashboard, and write inert workbooks (issue 17: 7-9)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl

from cascade.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data/binh-dinh/2024"


def _province(tmp_path: Path) -> Path:
    src = tmp_path / "plans"
    src.mkdir()
    for f in DATA.glob("*.txt"):
        shutil.copy(f, src / f.name)
    return src


def test_entries_named_like_plans_that_are_not_files_are_reported(tmp_path: Path) -> None:
    src = _province(tmp_path)
    (src / "thu-muc.docx").mkdir()
    (src / "mat-lien-ket.txt").symlink_to(src / "khong-co.txt")
    (src / "vong-a.txt").symlink_to(src / "vong-b.txt")
    (src / "vong-b.txt").symlink_to(src / "vong-a.txt")
    os.mkfifo(src / "ong-dan.txt")
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    messages = [p.message for p in result.hierarchy.problems]
    for name, words in (("thu-muc.docx", "thư mục"), ("mat-lien-ket.txt", "liên kết"), ("vong-a.txt", "trỏ vòng"),
                        ("ong-dan.txt", "không phải là tệp thông thường")):
        assert any(name in m and words in m for m in messages), (name, messages)
    assert not any("Errno" in m for m in messages)
    assert len([r for r in result.results if not r.get("error")]) == 1  # the real child is still audited


def test_a_new_run_removes_the_old_dashboard_first_and_writes_it_last(tmp_path: Path, monkeypatch) -> None:
    src, out = _province(tmp_path), tmp_path / "out"
    run_batch(src, out, jobs=1, html=False)
    old = (out / "index.html").stat().st_mtime_ns
    import cascade.batch.dashboard as dashboard

    def crash(*args, **kwargs):
        raise RuntimeError("stopped while writing")

    monkeypatch.setattr(dashboard, "write_dashboard", crash)
    try:
        run_batch(src, out, jobs=1, html=False)
    except RuntimeError:
        pass
    assert not (out / "index.html").exists(), "a stale dashboard would look like a finished batch"
    monkeypatch.undo()
    run_batch(src, out, jobs=1, html=False)
    assert (out / "index.html").stat().st_mtime_ns >= old
    assert not [p.name for p in out.iterdir() if ".tmp" in p.name]


def test_batch_workbook_text_is_never_a_formula(tmp_path: Path) -> None:
    src = _province(tmp_path)
    parent = src / "tinh-4935-QD-UBND.txt"
    evil = '=HYPERLINK("http://evil.example/","Mở")'
    text = parent.read_text(encoding="utf-8").replace("1 | Tổ chức tổng kết công tác", f"1 | {evil} Tổ chức", 1)
    parent.write_text(text, encoding="utf-8")
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    book = openpyxl.load_workbook(result.files["excel"])
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith(evil) for c in cells)  # the matrix shows the parent's text as written …
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # … as text, never as a formula



def _touch(path: str) -> str:
    import time

    time.sleep(0.02)
    Path(path).write_text("x", encoding="utf-8")
    return path


def test_stopping_a_batch_cancels_the_queued_children(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from cascade.batch.runner import _map

    def stop(_: object) -> None:
        raise KeyboardInterrupt  # as Ctrl-C arriving while the first report is counted

    items = [str(tmp_path / f"{n}.html") for n in range(200)]
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            _map(_touch, items, pool, stop)
        except KeyboardInterrupt:
            pass
    written = len(list(tmp_path.glob("*.html")))
    assert 1 <= written < 20, written  # not the 200 a pool left running would write
