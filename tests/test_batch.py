"""`cascade batch` on the real Bình Định plans plus generated children: every child audited, failures reported,
dashboard and coverage matrix in agreement with each other and with the generator's answer keys."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from cascade.batch import run_batch
from cascade.batch.dashboard import render_dashboard
from cascade.batch.tables import matrices
from cascade.cli import cli
from cascade.synth import generate_children

REPO = Path(__file__).resolve().parents[1]
BD = REPO / "data/binh-dinh/2024"
PROVINCE = BD / "tinh-4935-QD-UBND.txt"
AGENCIES = [("Sở Tư pháp", "so"), ("Sở Tài chính", "so"), ("Ủy ban nhân dân huyện Tuy Phước", "huyen")]



@pytest.fixture(scope="module")
def batch(tmp_path_factory, province):
    src = tmp_path_factory.mktemp("src")
    for f in BD.glob("*.txt"):
        shutil.copy(f, src)
    generate_children(province, AGENCIES, 5, src / "gen", docx=False)
    (src / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")  # unreadable: reported, batch goes on
    out = tmp_path_factory.mktemp("out")
    return run_batch(src, out, jobs=2), src


def _item_ids(province, entry: dict) -> set[str]:
    """The parent items a key entry names (a short snippet may sit inside a longer item too: exact text first)."""
    cands = [it for it in province.items if entry["parent"] in it.text and it.kind == entry["kind"] and not it.group]
    exact = [it for it in cands if it.text.strip() == entry["parent"]]
    return {it.id for it in (exact or cands)}


def test_every_child_audited_and_a_bad_file_reported(batch):
    result, _ = batch
    assert sorted(r["agency"] for r in result.results) == sorted(
        ["Sở Nông nghiệp và Phát triển nông thôn", *(a for a, _ in AGENCIES)])
    assert result.failures == []
    [bad] = [p for p in result.hierarchy.problems if p.kind == "unreadable"]
    assert bad.details["path"].endswith("hong.docx") and "hong.docx" in bad.message
    real = next(r for r in result.results if r["node"] == "so-nnptnt-KH-SNN.txt")
    assert (real["verdict"], real["score"], real["errors"], real["warnings"]) == ("can_sua", 94, 0, 11)
    for r in result.results:
        assert (result.outdir / r["report"]).is_file() and (result.outdir / r["json"]).is_file()


def test_failure_in_one_audit_is_reported_and_the_rest_carry_on(tmp_path, monkeypatch, batch):
    import cascade.audit

    _, src = batch
    real = cascade.audit.audit_plans

    def flaky(parent, child, *a, **k):
        if "Tài chính" in (child.agency or ""):
            raise ValueError("hỏng")
        return real(parent, child, *a, **k)

    monkeypatch.setattr(cascade.audit, "audit_plans", flaky)
    result = run_batch(src, tmp_path, jobs=1, html=False)
    [failed] = result.failures
    assert failed["node"] == "gen/so-tai-chinh/child.txt" and "hỏng" in failed["error"]
    assert len(result.results) == 4 and sum(1 for r in result.results if r["verdict"] == "can_sua") == 3
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Lỗi khi kiểm tra" in html


def test_matrix_agrees_with_generator_keys(batch, province):
    result, src = batch
    [(label, frame, agencies)] = matrices(result)
    assert label.startswith("Ủy ban nhân dân tỉnh Bình Định")
    agree = {"missing": [0, 0], "weakened": [0, 0]}
    for agency, _ in AGENCIES:
        key = next(yaml.safe_load(k.read_text(encoding="utf-8")) for k in src.glob("gen/*/key.yaml")
                   if yaml.safe_load(k.read_text(encoding="utf-8"))["child_agency"] == agency)
        col = frame[agency]
        for m in key["missing"]:
            ids = _item_ids(province, m) & set(frame.index)
            if not ids:
                continue  # directives are not matrix rows
            if m["expect"] == "not_applicable":
                assert all(col[i] in ("not_applicable", "missing") for i in ids), (agency, m)
            else:
                agree["missing"][0] += any(col[i] == "missing" for i in ids)
                agree["missing"][1] += 1
        for link in key["links"]:
            ids = _item_ids(province, link) & set(frame.index)
            if not ids:
                continue
            assert any(col[i] in ("carried", "weakened") for i in ids), (agency, link)  # every key link carried
            if {"weakened_deadline", "weakened_target", "weakened_wording"} & set(link["findings"]):
                agree["weakened"][0] += any(col[i] == "weakened" for i in ids)
                agree["weakened"][1] += 1
    for kind, (hit, total) in agree.items():
        assert total >= 5 and hit / total >= 0.9, (kind, hit, total)


def test_dashboard_cells_are_the_matrix(batch):
    result, _ = batch
    html = (result.outdir / "index.html").read_text(encoding="utf-8")
    [(_, frame, agencies)] = matrices(result)
    rows = dict(re.findall(r'<tr data-item="([^"]+)"[^>]*>(.*?)</tr>', html, flags=re.S))
    assert list(rows) == list(frame.index)  # same rows, same order
    for iid, row in rows.items():
        cells = re.findall(r'data-agency="([^"]+)" data-status="([^"]+)"', row)
        assert cells == [(a, frame.at[iid, a]) for a in agencies]


def test_uncovered_rows_come_first(batch):
    result, _ = batch
    [(_, frame, _)] = matrices(result)
    flags = list(frame["uncovered"])
    assert flags == sorted(flags, reverse=True)
    assert frame.loc[frame["uncovered"], "n_carried"].eq(0).all()
    assert (frame.loc[frame["uncovered"], "n_applicable"] > 0).all()


def test_dashboard_is_self_contained_vietnamese_and_escaped(batch):
    result, _ = batch
    html = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "<svg" in html and "Ma trận thể hiện nhiệm vụ, chỉ tiêu" in html
    assert "MÔ PHỎNG" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert re.search(r'href="reports/so-nnptnt-kh-snn\.html"', html)
    result.results[0]["agency"] = "Sở <script>alert(1)</script>"
    try:
        evil = render_dashboard(result)
    finally:
        result.results[0]["agency"] = result.results[0]["agency"].replace("Sở <script>alert(1)</script>", "")
    assert "<script>alert(1)" not in evil and "&lt;script&gt;alert(1)" in evil


def test_excel_summary(batch):
    result, _ = batch
    wb = openpyxl.load_workbook(result.outdir / "summary.xlsx")
    assert wb.sheetnames[0] == "Tổng hợp" and wb.sheetnames[-1] == "Vấn đề"
    assert wb.sheetnames[1].startswith("Ma trận")
    ws = wb["Tổng hợp"]
    assert ws.max_row == 1 + len(result.results)
    assert [c.value for c in ws[1]][:7] == ["Cơ quan", "Cấp", "Kế hoạch cấp trên", "Kết luận", "Điểm", "Lỗi", "Cảnh báo"]
    values = {c.value for row in wb[wb.sheetnames[1]].iter_rows(min_row=2) for c in row}
    assert {"Đã thể hiện", "Thiếu", "Yếu hơn"} <= values


def test_cli_batch(tmp_path):
    shutil.copy(PROVINCE, tmp_path)
    shutil.copy(BD / "so-nnptnt-KH-SNN.txt", tmp_path)
    res = CliRunner().invoke(cli, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "-j", "1", "--no-html"])
    assert res.exit_code == 0, res.output
    assert "Đã đối chiếu 1 kế hoạch cấp dưới; 0 tệp lỗi; 0 vấn đề về hồ sơ." in res.output
    assert (tmp_path / "out/index.html").is_file() and (tmp_path / "out/reports/so-nnptnt-kh-snn.json").is_file()


def test_excel_summary_in_words(batch):
    """No machine values in the workbook: kinds, severities and yes/no in Vietnamese, and a matrix sheet named
    after its parent's document number within Excel's 31 characters."""
    result, _ = batch
    wb = openpyxl.load_workbook(result.outdir / "summary.xlsx")
    assert wb.sheetnames[1] == "Ma trận 4935-QĐ-UBND"
    assert all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb[wb.sheetnames[1]]
    header = [c.value for c in ws[1]]
    kinds = {r[header.index("Loại")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert kinds <= {"Nhiệm vụ", "Chỉ tiêu"} and "Nhiệm vụ" in kinds
    assert {r[header.index("Không đơn vị nào thể hiện")] for r in ws.iter_rows(min_row=2, values_only=True)} <= {
        "Có", "Không"}
    problems = wb["Vấn đề"]
    assert {r[0] for r in problems.iter_rows(min_row=2, values_only=True)} <= {"Lỗi", "Cảnh báo"}


def test_matrix_sheet_title_of_a_draft_parent_names_its_issuer():
    from types import SimpleNamespace

    import networkx as nx

    from cascade.batch.excel import _sheet_name, matrix_sheet_title

    g = nx.DiGraph()
    g.add_node("p", number="", agency="Ủy ban nhân dân tỉnh Hải Dương", year=2024, path="p.txt")
    assert matrix_sheet_title(SimpleNamespace(graph=g), "p") == "Ma trận UBND tỉnh Hải Dương"  # + year: 32 chars
    g.add_node("r", number="", agency="Ủy ban nhân dân tỉnh Gia Lai", year=2024, path="r.txt")
    assert matrix_sheet_title(SimpleNamespace(graph=g), "r") == "Ma trận UBND tỉnh Gia Lai 2024"
    g.add_node("q", number="", agency="Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", year=2024, path="q.txt")
    title = matrix_sheet_title(SimpleNamespace(graph=g), "q")
    used: set[str] = set()
    names = [_sheet_name(title, used), _sheet_name(title, used)]
    assert all(len(n) <= 31 for n in names) and names[0] != names[1] and names[0].startswith("Ma trận UBND")


def test_no_cache_left_in_the_output_folder(batch):
    result, _ = batch
    assert not [p for p in result.outdir.rglob("*") if p.name.startswith(".") or p.suffix in (".pkl", ".tmp")]


def test_cli_batch_uses_the_manifest_of_the_folder(tmp_path):
    for f in BD.iterdir():
        shutil.copy(f, tmp_path)
    res = CliRunner().invoke(cli, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "-j", "1", "--no-html"])
    assert res.exit_code == 0, res.output
    assert "Sở Tư pháp: chưa có kế hoạch trong bộ hồ sơ." in res.output  # the manifest's expected agencies
