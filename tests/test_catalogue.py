"""The catalogue of bad and odd inputs (tests/catalogue/catalogue.yaml): each runs through the `cascade` CLI and
must give its expected Vietnamese message — non-zero exit and the file named on stderr for errors, never a
traceback. Cases the auditor does not yet explain are strict xfails naming what is missing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from expectations import expect
from fixtures_build import pdf_font_available

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "catalogue"
CATALOGUE: list[dict[str, Any]] = yaml.safe_load((HERE / "catalogue.yaml").read_text(encoding="utf-8"))
NEEDS_FONT = {"textless_pdf", "encrypted_pdf"}

_spec = importlib.util.spec_from_file_location("catalogue_builders", HERE / "builders.py")
builders = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builders)


def _param(entry: dict[str, Any]) -> Any:
    marks = []
    if entry.get("pending"):
        marks.append(pytest.mark.xfail(strict=True, reason=f"auditor gap: {entry['pending']}"))
    if entry.get("build") in NEEDS_FONT and not pdf_font_available():
        marks.append(pytest.mark.skip(reason="DejaVuSans.ttf missing (CI installs fonts-dejavu-core)"))
    return pytest.param(entry, id=entry["id"], marks=marks)


def _resolve(arg: str, built: Path | None) -> str:
    if arg == "@built":
        assert built is not None
        return str(built)
    if arg.startswith("samples/"):
        return str(HERE / arg)
    return str(ROOT / arg) if arg.startswith("data/") else arg


def _run_subprocess(argv: list[str]) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", *argv], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from cascade.cli import main

    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("entry", [_param(e) for e in CATALOGUE])
def test_catalogue_entry(entry: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built = builders.BUILDERS[entry["build"]](tmp_path) if entry.get("build") else None
    argv = [entry["command"], *(_resolve(a, built) for a in entry["args"])]
    # Reader errors go through a real process (what an official runs); audits in-process, to keep the suite fast.
    code, out, err = _run_subprocess(argv) if entry["command"] == "parse" else _run_in_process(argv, capsys)
    both = out + err
    assert "Traceback" not in both
    for phrase in entry["phrases"]:
        assert phrase in both, f"{entry['id']}: expected {phrase!r} in:\n{both[-1500:]}"
    if entry["exit"] == "error":
        assert code != 0
        assert err.startswith("Lỗi: "), err
        if entry.get("names_file", True):
            assert Path(argv[-1]).name in err, err
    elif entry["exit"] == "ok":
        assert code == 0, err


def test_catalogue_is_well_formed() -> None:
    ids = [e["id"] for e in CATALOGUE]
    assert len(ids) == len(set(ids))
    for e in CATALOGUE:
        assert e["command"] in ("parse", "audit") and e["exit"] in ("error", "ok", "any"), e["id"]
        assert e["phrases"] and all(unicodedata.is_normalized("NFC", p) for p in e["phrases"]), e["id"]
        assert ("@built" in e["args"]) == bool(e.get("build")), e["id"]
        assert not e.get("build") or e["build"] in builders.BUILDERS, e["id"]
        for a in e["args"]:
            if a.startswith(("data/", "samples/")):
                assert (ROOT / a if a.startswith("data/") else HERE / a).is_file(), a


def test_catalogue_covers_the_issue_list() -> None:
    """Issue #7 item 3: the reader's bad inputs plus the odd pairs are all in the catalogue."""
    required = {"empty-file", "binary-junk", "docx-not-a-zip", "textless-pdf", "encrypted-pdf", "oversized-text",
                "not-a-plan", "child-identical-to-parent", "arguments-swapped", "plan-without-tasks",
                "child-from-another-province", "child-from-another-year"}
    assert required <= {e["id"] for e in CATALOGUE}


def test_relabelled_children_differ_only_as_intended(tmp_path: Path) -> None:
    """The builders change what they claim to: place and year are read as relabelled, the tasks are kept."""
    from cascade.parse import parse_file

    real = parse_file(builders.SNN_CHILD)
    other_place = parse_file(builders.child_other_province(tmp_path))
    other_year = parse_file(builders.child_other_year(tmp_path))
    assert (real.place, real.year) == ("Bình Định", 2024)
    assert other_place.place == "Gia Lai" and other_place.year == 2024
    assert other_year.place == "Bình Định" and other_year.year == 2025
    assert (len(other_place.of_kind("task")) == len(other_year.of_kind("task")) == len(real.of_kind("task"))
            == expect("binh-dinh-2024-so-nnptnt", "tasks"))
    no_tasks = parse_file(builders.child_without_task_table(tmp_path))
    assert not no_tasks.of_kind("task") and no_tasks.of_kind("indicator")
