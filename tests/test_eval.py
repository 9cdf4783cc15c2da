"""Acceptance on the hand-labelled keys: the audit scored by ../shared/eval/score.py must meet every threshold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SCORE_PY

from cascade.audit import audit_files
from cascade.evaluate import SUMMARY_METRICS, evaluate_key

ROOT = Path(__file__).resolve().parents[1]
DEV_KEY = ROOT / ".." / "shared" / "eval" / "binhdinh-snn-2024" / "key.yaml"
THRESHOLDS = {"link_f1": 0.95, "weakened_recall": 0.90, "weakened_precision": 0.90, "missing_recall": 0.90,
              "missing_severity_accuracy": 0.90}


def test_dev_key_detects_agency_and_level_and_finds_the_known_weakenings():
    if not DEV_KEY.is_file():
        pytest.skip("dev key not checked out")
    base = DEV_KEY.parent
    r = audit_files(base / "parent.txt", base / "child.txt")
    s = r.summary
    assert (s["child_level"], s["parent_level"], s["related"], s["verdict"]) == ("so", "tinh", True, "can_sua")
    assert "Nông nghiệp" in s["child_agency"]
    deadlines = sorted((f.details["parent_value"], f.details.get("child_value"))
                       for f in r.findings if f.type == "weakened_deadline")
    assert deadlines == [("Tháng 11", "Phần mềm quản lý dữ liệu TTHC của UBND tỉnh"), ("Tháng 2", "Trong năm"),
                         ("Tháng 3", "Cả năm")]
    assert not [f for f in r.findings if f.type in ("weakened_target", "weakened_wording")]
    msg = next(f.message for f in r.findings if f.type == "weakened_deadline" and f.details["parent_value"] == "Tháng 2")
    assert msg.startswith("Nhiệm vụ 23 (tỉnh, Tháng 2) → nhiệm vụ 16 (Sở, Trong năm)")
    # The Sở takes its own level's value of 7.3 (90%): not a weakening, and linked 7.3 → 7.2.
    assert any(lk.parent.endswith("7.3") and lk.child.endswith("7.2") for lk in r.links)


def test_evaluate_key_finds_files_relative_to_the_key(tmp_path: Path, monkeypatch, score_module):
    if not DEV_KEY.is_file():
        pytest.skip("dev key not checked out")
    copy = tmp_path / "somewhere" / "case"
    shutil.copytree(DEV_KEY.parent, copy)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASCADE_SCORE_PY", str(SCORE_PY.resolve()))
    ev = evaluate_key(Path("somewhere/case/key.yaml"))
    assert all(ev.scores[m] >= THRESHOLDS[m] for m in SUMMARY_METRICS)
    assert ev.summary_line().startswith("summary: link_f1=1.00")


def test_eval_command_prints_score_lines(score_module):
    if not DEV_KEY.is_file():
        pytest.skip("dev key not checked out")
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "eval", str(DEV_KEY), "--min", "0.9"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("summary: link_f1=") and "BELOW" not in last
    assert "link_recall:" in proc.stdout


def test_eval_command_missing_key_is_a_vietnamese_error(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "eval", str(tmp_path / "khong-co.yaml")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert "Không tìm thấy tệp đáp án" in proc.stderr
    assert "Traceback" not in proc.stderr
