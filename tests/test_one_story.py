"""Issue 11, points 1 and 2: one source of truth for counts and verdict, and pairs the audit cannot judge.

The audit computes the summary once (cascade/audit/summary.py); the terminal, the HTML report, the workbook, the
CSV files and the letter only read it. Checked on the bundled real plans: the Bình Định pair, the province plan
audited against itself, the two files swapped, and unrelated pairs (Gia Lai vs Yên Bái, Bình Định vs Hải Dương).
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from conftest import CHILD, PARENT
from expectations import expect

from cascade.audit import audit_files
from cascade.audit.summary import scoring
from cascade.audit.terminal import render
from cascade.report import render_html, write_csv, write_letter, write_xlsx
from cascade.vocab import label

ROOT = Path(__file__).resolve().parents[1]
GIA_LAI = ROOT / "data" / "gia-lai" / "2024" / "tinh-3638-KH-UBND.txt"
YEN_BAI = ROOT / "data" / "yen-bai" / "2022" / "tinh-271-KH-UBND.txt"
HAI_DUONG = ROOT / "data" / "hai-duong" / "2024" / "tinh-du-thao-KH-UBND.txt"
PAIRS = {
    "binh-dinh": (PARENT, CHILD),
    "itself": (PARENT, PARENT),
    "swapped": (CHILD, PARENT),
    "gia-lai-yen-bai": (GIA_LAI, YEN_BAI),
    "binh-dinh-hai-duong": (PARENT, HAI_DUONG),
    # the shared Gia Lai Sở Tư pháp key: errors, warnings, a moved task (reform-area keys in its values)
    "gialai-stp": (ROOT.parent / "shared" / "eval" / "gialai-stp-2024" / "parent.txt",
                   ROOT.parent / "shared" / "eval" / "gialai-stp-2024" / "child.docx"),
}


@cache
def _audit(name: str) -> dict:
    if not PAIRS[name][1].is_file():
        pytest.skip(f"{PAIRS[name][1]} is not beside this checkout")
    return audit_files(*PAIRS[name]).to_dict()


def audit(name: str) -> dict:
    import copy

    return copy.deepcopy(_audit(name))


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cascade.cli", "audit", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT)


def _letter_text(a: dict, tmp_path: Path) -> str:
    path = tmp_path / "gop-y.docx"
    write_letter(a, path)
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _summary_sheet(a: dict, tmp_path: Path) -> dict:
    write_xlsx(a, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Tổng hợp"]
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}


# ---- the real pair: every output tells the same counts ----------------------------------------------------


def test_the_real_pair_reads_the_same_everywhere(tmp_path: Path) -> None:
    a = audit("binh-dinh")
    s = a["summary"]
    sev = s["counts"]["by_severity"]
    n_err, n_warn = sev.get("error", 0), sev.get("warning", 0)
    want_err, want_warn = expect("binh-dinh-2024-pair", "errors"), expect("binh-dinh-2024-pair", "warnings")
    assert (s["verdict"], n_err, n_warn) == (expect("binh-dinh-2024-pair", "verdict"), want_err, want_warn)
    # the points to fix are the errors and warnings an official reads, errors first
    assert len(s["points"]) == n_err + n_warn
    assert [p["severity"] for p in s["points"]] == sorted((p["severity"] for p in s["points"]),
                                                          key=["error", "warning"].index)
    # the verdict says it once, without "0 lỗi", and the conclusion does not repeat the verdict's name
    assert not s["conclusion"].startswith("Cần sửa") and "0 lỗi" not in s["verdict_text"]
    assert f"{want_warn} cảnh báo" in s["conclusion"]

    text = render(s, "tỉnh", "Sở")
    assert f"Kết luận: {label('verdicts', 'can_sua').upper()} — {s['conclusion']}" in text
    assert f"Những điểm cần sửa: {want_err} lỗi, {want_warn} cảnh báo" in text
    # "thiếu" counts the rows of the table, the not-applicable items apart
    missing_rows = s["counts"]["items_by_type"]["missing"]
    assert missing_rows == s["counts"]["missing_by_applicability"]["advisory"] == expect("binh-dinh-2024-pair",
                                                                                            "missing_advisory")
    assert f"thiếu nội dung {missing_rows}," in text
    assert f"thiếu nội dung {expect('binh-dinh-2024-pair', 'missing_findings')}" not in text

    html = render_html(a)
    points = html[html.index('<ol class="points"'):html.index("</ol>")]
    assert points.count("<li ") == n_err + n_warn
    assert f"{n_err} lỗi, {n_warn} cảnh báo" in html

    facts = _summary_sheet(a, tmp_path)
    assert facts["Kết luận"] == "Cần sửa" and facts["Điểm tuân thủ (0–100)"] == s["score"]
    assert facts["Số phát hiện mức cảnh báo"] == n_warn and facts["Số nội dung: thiếu nội dung"] == missing_rows
    assert sum(1 for k in facts if str(k).startswith("Điểm cần sửa ")) == n_err + n_warn
    write_csv(a, tmp_path / "csv")
    csv = pd.read_csv(tmp_path / "csv" / "summary.csv", encoding="utf-8-sig", dtype=str)
    assert dict(zip(csv["Mục"], csv["Giá trị"], strict=True))["Nhận xét chung"] == s["conclusion"]

    letter = _letter_text(a, tmp_path)
    assert "đầy đủ" not in letter.split("2. Các nội dung")[0]  # no "đã thể hiện đầy đủ" above items to add
    assert f"{len({p['parent'] for p in s['points']})} nội dung sau" in letter


def test_the_score_formula_is_vietnamese_only() -> None:
    method = scoring().method
    assert "(error)" not in method and "(warning)" not in method
    assert "có lỗi trừ 1" in method and "có cảnh báo trừ 0,5" in method


# ---- pairs the audit cannot judge ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, code, phrase", [
    ("itself", "identical", "giống hệt kế hoạch cấp trên"),
    ("swapped", "swapped", "đặt ngược"),
])
def test_plan_notes_decide_the_verdict_and_suppress_the_score(name: str, code: str, phrase: str,
                                                              tmp_path: Path) -> None:
    a = audit(name)
    s = a["summary"]
    assert [n["code"] for n in s["notes"]][:1] == [code] and s["notes"][0]["suppresses"]
    assert s["verdict"] == "kiem_tra_lai" and s["score"] is None and s["points"] == []
    assert s["worst_severity"] == "error"  # `--fail-on` treats it as an error
    text = render(s, "tỉnh", "Sở")
    assert "CẦN KIỂM TRA LẠI TỆP" in text and phrase in text
    assert "/100" not in text and "CẦN SỬA" not in text
    html = render_html(a)
    assert phrase in html and 'class="score-value"' not in html and 'id="align"' not in html
    assert _summary_sheet(a, tmp_path)["Điểm tuân thủ (0–100)"] == "Không chấm điểm"
    letter = _letter_text(a, tmp_path)
    assert phrase in letter and "1. Các nội dung đề nghị chỉnh sửa" not in letter


@pytest.mark.parametrize("name", ["gia-lai-yen-bai", "binh-dinh-hai-duong"])
def test_unrelated_pairs_show_the_note_and_what_was_compared(name: str, tmp_path: Path) -> None:
    a = audit(name)
    s = a["summary"]
    assert s["verdict"] == "khong_lien_quan" and s["score"] is None and not s["judged"]
    html = render_html(a)
    # nothing that reads as compliance: no side-by-side table, no green badge, no empty counterpart rows
    for absent in ('id="align"', "Phù hợp", "Không có nội dung tương ứng", 'class="score-value"', "Những điểm cần sửa"):
        assert absent not in html, absent
    assert "Các văn bản đã so sánh" in html and "thuộc tỉnh khác" in html
    assert (a["parent"].get("number") or "(chưa có số)") in html and (a["child"].get("number") or "(chưa có số)") in html
    assert "đã được đối chiếu" not in html  # no note on how items were compared: they were not
    assert f"<td>{len(a['parent']['items'])}</td><td>{len(a['child']['items'])}</td>" in html
    write_xlsx(a, tmp_path / "u.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "u.xlsx")
    assert wb["Đối chiếu"].max_row == 1 and wb["Phát hiện"].max_row == 1  # headers only


# ---- --fail-on -------------------------------------------------------------------------------------------------


def test_fail_on_exit_codes() -> None:
    # the real pair has warnings and no error
    assert _cli(PARENT, CHILD).returncode == 0
    assert _cli(PARENT, CHILD, "--fail-on", "error").returncode == 0
    assert _cli(PARENT, CHILD, "--fail-on", "warning").returncode == 1
    # an unrelated pair could not be judged: as bad as an error
    assert _cli(GIA_LAI, YEN_BAI).returncode == 0
    assert _cli(GIA_LAI, YEN_BAI, "--fail-on", "error").returncode == 1
    bad = _cli(PARENT, CHILD, "--fail-on", "info")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_terminal_shows_no_codes_or_iso_dates() -> None:
    for name in ("binh-dinh", "swapped", "gia-lai-yen-bai"):
        text = render(audit(name)["summary"], "tỉnh", "Sở")
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
        assert not re.search(r"\b(error|warning|info|can_sua|khong_lien_quan|kiem_tra_lai|not_applicable|advisory|required|chinh_phu)\b", text)


CODES = re.compile(r"\b(\d{4}-\d{2}-\d{2}|error|warning|info|not_applicable|advisory|required|can_sua|khong_lien_quan|"
                   r"kiem_tra_lai|chinh_phu|weakened_\w+|(?:task|dir|ind):\S+|None|True|False|nan|tthc|[a-z]+_[a-z_]+)\b")


@pytest.mark.parametrize("name", ["binh-dinh", "swapped", "gia-lai-yen-bai", "gialai-stp"])
def test_report_and_tables_show_no_codes_or_iso_dates(name: str, tmp_path: Path) -> None:
    import html as htmllib

    a = audit(name)
    page = render_html(a)
    body = page[page.index("<body>"):page.index("<script>")]
    visible = htmllib.unescape(re.sub(r"<[^>]+>", " ", body))
    assert not CODES.findall(visible)
    for path in write_csv(a, tmp_path / "csv"):
        assert not CODES.findall(path.read_text(encoding="utf-8-sig")), path.name
