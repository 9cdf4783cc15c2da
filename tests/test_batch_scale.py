"""Batch at scale (issue 15): compact rows, incremental re-audit through --cache-dir, matrices too wide to show."""

from __future__ import annotations

import json
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cascade.batch import ChildRow, run_batch
from cascade.batch.tables import coverage_tables, matrices
from cascade.cli import cli
from cascade.errors import CascadeError
from cascade.synth import generate_children

REPO = Path(__file__).resolve().parents[1]
BD = REPO / "data/binh-dinh/2024"
PROVINCE = BD / "tinh-4935-QD-UBND.txt"
AGENCIES = [("Sở Tư pháp", "so"), ("Sở Tài chính", "so"), ("Ủy ban nhân dân huyện Tuy Phước", "huyen")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, province):
    src = tmp_path_factory.mktemp("gen")
    generate_children(province, AGENCIES, 7, src, docx=False)
    return src


@pytest.fixture
def src(tmp_path, generated):
    """The province, its real Sở child and three generated children, copied afresh for each test."""
    d = tmp_path / "src"
    d.mkdir()
    shutil.copy(PROVINCE, d)
    shutil.copy(BD / "so-nnptnt-KH-SNN.txt", d)
    shutil.copytree(generated, d / "gen")
    return d


def _by_node(result) -> dict[str, ChildRow]:
    return {r.node: r for r in result.results}


def test_a_rerun_audits_only_the_changed_child_and_keeps_every_report(tmp_path, src):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_batch(src, out, jobs=1, html=True, cache_dir=cache)
    assert (first.stats.audited, first.stats.reused, first.stats.plans_parsed) == (4, 0, 5)
    before = {p.name: p.read_bytes() for p in (out / "reports").iterdir()}
    assert len(before) == 8  # JSON and HTML of four children

    changed = src / "gen/so-tai-chinh/child.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Tổ chức", "Tổ chức thực hiện", 1),
                       encoding="utf-8")
    (out / "reports/so-nnptnt-kh-snn.json").unlink()  # whatever the folder held before …
    (out / "reports/gen-so-tu-phap-child.html").write_text("sửa tay", encoding="utf-8")
    second = run_batch(src, out, jobs=1, html=True, cache_dir=cache)

    assert (second.stats.audited, second.stats.reused, second.stats.plans_parsed) == (1, 3, 1)
    rows = _by_node(second)
    assert [n for n, r in rows.items() if not r.cached] == ["gen/so-tai-chinh/child.txt"]
    after = {p.name: p.read_bytes() for p in (out / "reports").iterdir()}
    assert sorted(after) == sorted(before)
    # … unchanged children's reports are back, byte for byte; the changed child's JSON is new
    assert {n for n in after if after[n] != before[n]} <= {"gen-so-tai-chinh-child.json",
                                                           "gen-so-tai-chinh-child.html"}
    assert after["gen-so-tai-chinh-child.json"] != before["gen-so-tai-chinh-child.json"]
    assert after["so-nnptnt-kh-snn.json"] == before["so-nnptnt-kh-snn.json"]
    assert (out / "index.html").is_file() and (out / "summary.xlsx").is_file()
    # the reused rows are the same as audited ones: the dashboard's data does not depend on the cache
    fresh = _by_node(run_batch(src, tmp_path / "fresh", jobs=1, html=True))
    for node, r in rows.items():
        assert (r.verdict, r.score, r.errors, r.warnings, r.cells) == (
            fresh[node].verdict, fresh[node].score, fresh[node].errors, fresh[node].warnings, fresh[node].cells)


def test_a_changed_parent_re_audits_all_its_children(tmp_path, src):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run_batch(src, out, jobs=1, html=False, cache_dir=cache)
    again = run_batch(src, out, jobs=1, html=False, cache_dir=cache)
    assert (again.stats.audited, again.stats.reused, again.stats.plans_parsed) == (0, 4, 0)
    parent = src / PROVINCE.name
    parent.write_text(parent.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = run_batch(src, out, jobs=1, html=False, cache_dir=cache)
    assert (third.stats.audited, third.stats.reused, third.stats.plans_parsed) == (4, 0, 1)


def test_a_new_engine_re_audits_everything(tmp_path, src, monkeypatch):
    from cascade.batch import cache as plan_cache

    out, cache = tmp_path / "out", tmp_path / "cache"
    run_batch(src, out, jobs=1, html=False, cache_dir=cache)
    monkeypatch.setattr(plan_cache, "engine_fingerprint", lambda: "quy-tac-moi")  # a rule pack was edited
    again = run_batch(src, out, jobs=1, html=False, cache_dir=cache)
    assert (again.stats.audited, again.stats.reused, again.stats.plans_parsed) == (4, 0, 5)


def test_parallel_rerun_reuses_the_cache_too(tmp_path, src):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_batch(src, out, jobs=2, html=False, cache_dir=cache)
    again = run_batch(src, out, jobs=2, html=False, cache_dir=cache)
    assert (again.stats.audited, again.stats.reused) == (0, 4)
    assert [r.codes for r in again.results] == [r.codes for r in first.results]


def test_the_cache_may_not_live_in_the_output_folder(tmp_path, src):
    out = tmp_path / "out"
    with pytest.raises(CascadeError, match="nằm trong thư mục kết quả"):
        run_batch(src, out, jobs=1, cache_dir=out / ".cache")
    assert not (out / ".cache").exists()
    res = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "--cache-dir", str(out)])
    assert res.exit_code == 2 and "nằm trong thư mục kết quả" in res.output and "Traceback" not in res.output


def test_cli_reports_what_the_cache_saved(tmp_path, src):
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--no-html", "--cache-dir",
            str(tmp_path / "cache")]
    CliRunner().invoke(cli, args)
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert "kiểm tra lại 0 kế hoạch, dùng lại kết quả của 4" in res.output


def test_rows_are_compact_and_the_tables_agree_with_the_matrix(tmp_path, src):
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    row = result.results[0]
    assert isinstance(row, ChildRow) and row["agency"] == row.agency and row.get("nope", 1) == 1
    assert len(pickle.dumps(replace(row, ids=()))) < 2000  # what a worker sends back: no audit, no cell dict
    assert len({id(r.ids) for r in result.results}) == 1  # one shared id tuple per parent
    [(_, frame, agencies)] = matrices(result)
    [table] = coverage_tables(result)
    assert [r["id"] for r in table.rows] == list(frame.index) and table.columns == agencies
    for r in table.rows:
        assert [table.status(r, k) for k in range(len(agencies))] == [frame.at[r["id"], a] for a in agencies]
        assert (r["n_carried"], r["n_missing"], r["uncovered"]) == (
            frame.at[r["id"], "n_carried"], frame.at[r["id"], "n_missing"], frame.at[r["id"], "uncovered"])
    doc = json.loads((tmp_path / "out/batch.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "cascade-batch/1" and len(doc["children"]) == 4
    assert doc["children"][0]["cells"] == result.results[0].cells


def test_a_matrix_too_wide_for_the_page_shows_counts_and_the_workbook_splits(tmp_path, src, monkeypatch):
    import cascade.batch.dashboard as dashboard
    import cascade.batch.excel as excel

    monkeypatch.setattr(dashboard, "MATRIX_COLUMNS_MAX", 2)
    monkeypatch.setattr(excel, "EXCEL_COLUMNS", len(excel._HEAD) + len(excel._TAIL) + 3)
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    html = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Có 4 cơ quan, quá nhiều để hiện từng ô trên trang này" in html
    assert "data-agency=" not in html and "<th>Thiếu</th>" in html
    book = openpyxl.load_workbook(result.files["excel"])
    assert book.sheetnames == ["Tổng hợp", "Ma trận 4935-QĐ-UBND", "Ma trận 4935-QĐ-UBND (2)", "Vấn đề"]
    heads = [[c.value for c in book[n][1]] for n in book.sheetnames[1:3]]
    assert [h[3:-5] for h in heads] == [sorted(r.agency for r in result.results)[:3],
                                        sorted(r.agency for r in result.results)[3:]]


def test_the_main_process_works_beside_the_pool(tmp_path):
    import os
    from concurrent.futures import ProcessPoolExecutor

    from cascade.batch.runner import _map

    with ProcessPoolExecutor(max_workers=1) as pool:
        pids = _map(_pid, list(range(40)), pool, jobs=1, local=True)
    assert len(pids) == 40 and os.getpid() in pids and len(set(pids)) == 2


def _pid(_: int) -> int:
    import os
    import time

    time.sleep(0.01)
    return os.getpid()


def test_large_memos_are_emptied_every_so_many_files_read_or_audited(monkeypatch):
    from cascade.batch import memos
    from cascade.text import fold

    monkeypatch.setattr(memos, "TRIM_EVERY", 3)
    monkeypatch.setitem(memos._done, "n", 0)
    fold.cache_clear()
    for k in range(memos._TRIM_MIN_SIZE):
        fold(f"Sở số {k}")
    memos.note_file_done()
    memos.note_file_done()
    assert fold.cache_info().currsize == memos._TRIM_MIN_SIZE  # not yet: two files of three
    memos.note_file_done()
    assert fold.cache_info().currsize == 0
    fold("Sở Nội vụ")
    assert memos.trim_caches() == 0 and fold.cache_info().currsize == 1  # small memos are left alone


def test_the_hierarchy_waits_on_disk_while_children_are_audited(tmp_path, src, monkeypatch):
    from cascade.batch import runner

    seen = {}
    audit = runner._audit

    def spy(tasks, *args, **kwargs):
        import gc

        from cascade.hierarchy.graph import Hierarchy

        gc.collect()
        seen["alive"] = sum(isinstance(o, Hierarchy) for o in gc.get_objects())
        return audit(tasks, *args, **kwargs)

    monkeypatch.setattr(runner, "_audit", spy)
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    assert seen["alive"] == 0
    assert result.hierarchy.graph.number_of_edges() == len(result.results) == 4
    assert {result.hierarchy.metas[r.node].path for r in result.results} == {r.child for r in result.results}


def test_the_streamed_dashboard_is_the_rendered_page(tmp_path, src):
    from cascade.batch.dashboard import render_dashboard

    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page == render_dashboard(result) and page.rstrip().endswith("</html>")
    assert all(r.agency in page for r in result.results)
    from cascade.batch.runner import batch_dict

    written = json.loads((tmp_path / "out" / "batch.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(batch_dict(result), ensure_ascii=False))
    assert len([n for n in written["graph"]["nodes"] if not n["cited_only"]]) == 5 and written["schema"] == "cascade-batch/1"


def test_a_plan_with_too_many_children_draws_the_first_and_counts_the_rest(tmp_path, src):
    from cascade.batch.svg import hierarchy_svg
    from cascade.hierarchy.views import tree_rows

    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    verdicts = {r.node: r.verdict for r in result.results}
    h = result.hierarchy
    _, rows = tree_rows(h, max_children=2)
    [more] = [r for r in rows if r.more]
    drawn = [r.node for r in rows if r.parent == more.node and not r.more]
    assert len(drawn) == 2 and len(more.more) == 2 and not set(more.more) & {r.node for r in rows if not r.more}
    svg = hierarchy_svg(h, verdicts, max_children=2)
    labels = {n: h.graph.nodes[n]["label"] for n in verdicts}
    assert all(labels[n] in svg for n in drawn) and not any(labels[n] in svg for n in more.more)
    hidden = [verdicts[n] for n in more.more]
    assert "… và 2 kế hoạch khác (" in svg and svg.count("xem bảng các cơ quan") == 1
    names = {"dat": "Đạt", "can_sua": "Cần sửa", "loi": "Lỗi khi kiểm tra", "kiem_tra_lai": "Cần kiểm tra lại tệp"}
    assert all(f"{names[v]}: {hidden.count(v)}" in svg for v in hidden)
    assert all(labels[n] in hierarchy_svg(h, verdicts) for n in verdicts)  # under the limit: every child drawn
