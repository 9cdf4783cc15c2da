"""Outputs never destroy inputs or foreign files, and spreadsheets stay inert (issue 17, points 5, 6, 7)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cascade.audit import audit_files
from cascade.report import write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
EVIL = '=HYPERLINK("http://evil.example/","Mở")'


def _cli(*args: str, module: str = "cascade.cli") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=ROOT)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def plans(tmp_path: Path) -> tuple[Path, Path]:
    return Path(shutil.copy(PARENT, tmp_path / "P.txt")), Path(shutil.copy(CHILD, tmp_path / "C.txt"))


@pytest.mark.parametrize("option", ["--json", "--html"])
@pytest.mark.parametrize("which", [0, 1])
def test_an_output_on_an_input_is_refused_and_the_input_kept(plans: tuple[Path, Path], option: str,
                                                              which: int) -> None:
    before = [_sha(p) for p in plans]
    out = _cli("audit", str(plans[0]), str(plans[1]), option, str(plans[which]), "--force")
    assert out.returncode == 2
    assert "tệp đầu vào" in out.stderr and str(plans[which]) in out.stderr
    assert "Traceback" not in out.stderr
    assert [_sha(p) for p in plans] == before


def test_the_letter_on_a_word_child_is_refused(tmp_path: Path) -> None:
    child = ROOT.parent / "shared/eval/gialai-stp-2024/child.docx"
    parent = ROOT / "data/gia-lai/2024/tinh-3638-KH-UBND.txt"
    if not child.is_file():
        pytest.skip("the shared evaluation set is not beside the checkout")
    copy = Path(shutil.copy(child, tmp_path / "child.docx"))
    before = _sha(copy)
    out = _cli("audit", str(parent), str(copy), "--letter", str(copy))
    assert out.returncode == 2 and "tệp đầu vào" in out.stderr
    assert _sha(copy) == before


def test_the_report_module_does_not_overwrite_its_audit(tmp_path: Path, plans: tuple[Path, Path]) -> None:
    audit = tmp_path / "A.json"
    assert _cli("audit", str(plans[0]), str(plans[1]), "--json", str(audit)).returncode == 0
    before = _sha(audit)
    out = _cli(str(audit), "--html", str(audit), module="cascade.report")
    assert out.returncode == 2 and "tệp đầu vào" in out.stderr and "Traceback" not in out.stderr
    assert _sha(audit) == before
    bad = tmp_path / "bad.json"
    bad.write_text("{không phải json", encoding="utf-8")
    out = _cli(str(bad), "--html", str(tmp_path / "r.html"), module="cascade.report")
    assert out.returncode == 2 and "không phải JSON hợp lệ" in out.stderr and "Traceback" not in out.stderr


def test_a_foreign_file_needs_force_and_previous_outputs_are_replaced(tmp_path: Path, plans: tuple[Path, Path]) -> None:
    notes = tmp_path / "ghi-chu.html"
    notes.write_text("<html><body>ghi chú của chuyên viên</body></html>", encoding="utf-8")
    out = _cli("audit", str(plans[0]), str(plans[1]), "--html", str(notes))
    assert out.returncode == 2 and "--force" in out.stderr
    assert "ghi chú của chuyên viên" in notes.read_text(encoding="utf-8")
    assert _cli("audit", str(plans[0]), str(plans[1]), "--html", str(notes), "--force").returncode == 0
    # every output of a first run may be replaced by a second run without --force
    args = ["--json", str(tmp_path / "a.json"), "--html", str(tmp_path / "r.html"), "--xlsx", str(tmp_path / "r.xlsx"),
            "--csv", str(tmp_path / "csv"), "--letter", str(tmp_path / "l.docx")]
    for _ in range(2):
        out = _cli("audit", str(plans[0]), str(plans[1]), *args)
        assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


@pytest.mark.parametrize("args,message", [
    (["--xlsx", "out.txt"], "phải có đuôi .xlsx"),
    (["--letter", "/dev/full"], "phải có đuôi .docx"),
    (["--csv", "C.txt"], "không phải là thư mục"),
    (["--html", "missing-folder/r.html"], "Không ghi được báo cáo HTML"),
])
def test_bad_output_paths_are_messages_not_tracebacks(plans: tuple[Path, Path], args: list[str],
                                                      message: str) -> None:
    args = [a if a.startswith(("-", "/")) else str(plans[0].parent / a) for a in args]
    out = _cli("audit", str(plans[0]), str(plans[1]), *args)
    assert out.returncode == 2, out.stdout
    assert message in out.stderr and "Traceback" not in out.stderr and "Exception ignored" not in out.stderr


def test_json_to_a_full_device_is_a_message() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    out = _cli("audit", str(PARENT), str(CHILD), "--json", "/dev/full")
    assert out.returncode == 2 and "Không ghi được kết quả vào /dev/full" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.fixture(scope="module")
def evil_audit() -> dict:
    audit = audit_files(PARENT, CHILD).to_dict()
    for item in audit["child"]["items"][:5] + audit["parent"]["items"][:5]:
        item["text"] = EVIL
    for finding in audit["findings"][:5]:
        finding["message"] = "+1" + finding["message"]
    return audit


def test_workbook_text_cells_are_never_formulas(tmp_path: Path, evil_audit: dict) -> None:
    write_xlsx(evil_audit, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    texts = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == EVIL for c in texts)  # shown as written …
    assert not [c.coordinate for c in texts if c.data_type == "f"]  # … but as text
    assert book.properties.creator == "cascade"


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path, evil_audit: dict) -> None:
    paths = write_csv(evil_audit, tmp_path / "csv")
    cells = [cell for p in paths for row in csv.reader(p.open(encoding="utf-8-sig")) for cell in row]
    assert "'" + EVIL in cells and EVIL not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    assert json.loads(json.dumps(cells))  # plain strings
