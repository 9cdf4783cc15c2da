"""`cascade audit` end to end, as an official runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from expectations import expect

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
YEN_BAI = ROOT / "data" / "yen-bai" / "2022" / "tinh-271-KH-UBND.txt"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cascade.cli", "audit", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_audit_writes_contract_json_and_prints_vietnamese_summary(tmp_path: Path):
    out = tmp_path / "out.json"
    proc = _run(str(PARENT), str(CHILD), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "cascade-audit/1"
    assert data["parent"]["number"] == "4935/QĐ-UBND"
    assert data["summary"]["verdict"] == "can_sua"
    counts = data["summary"]["counts"]["by_type"]
    assert counts["weakened_deadline"] == expect("binh-dinh-2024-pair", "weakened_deadline")
    assert "Kết luận: CẦN SỬA" in proc.stdout
    assert f"thời hạn muộn hơn {counts['weakened_deadline']}" in proc.stdout
    assert "Mức độ: lỗi" in proc.stdout


def test_audit_json_is_byte_identical_across_runs(tmp_path: Path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert _run(str(PARENT), str(CHILD), "--json", str(a)).returncode == 0
    assert _run(str(PARENT), str(CHILD), "--json", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_unrelated_plans_say_so(tmp_path: Path):
    out = tmp_path / "x.json"
    proc = _run(str(PARENT), str(YEN_BAI), "--level", "tinh", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["verdict"] == "khong_lien_quan"
    assert data["links"] == [] and data["findings"] == []
    assert "KHÔNG LIÊN QUAN" in proc.stdout


def test_missing_file_is_a_vietnamese_error_without_traceback(tmp_path: Path):
    proc = _run(str(PARENT), str(tmp_path / "khong-co.docx"))
    assert proc.returncode != 0
    assert "Không tìm thấy tệp" in proc.stderr and "khong-co.docx" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
