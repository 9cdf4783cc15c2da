"""The hierarchy with drafts and the top of the chain: a child citing its parent draft with a blank number
("Kế hoạch số .../KH-UBND ngày ... tháng 12 năm 2023 của UBND tỉnh Hải Dương …") is linked to the unnumbered
province draft, and the Government acts the province plans cite sit on top as cited-only "Chính phủ" nodes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from expectations import expect

from cascade.cli import cli
from cascade.hierarchy import build_hierarchy, read_meta, scan
from cascade.parse import parse_file

REPO = Path(__file__).resolve().parents[1]
HD_PROVINCE = REPO / "data/hai-duong/2024/tinh-du-thao-KH-UBND.txt"
HD_CHILD_DIR = REPO.parent / "shared/eval/haiduong-stttt-2024"
HD_CHILD = HD_CHILD_DIR / "child.txt"
CHILD_NODE = "hai-duong/so-stttt-KH-STTTT.txt"
DRAFT_NODE = "hai-duong/tinh-du-thao-KH-UBND.txt"

needs_child = pytest.mark.skipif(not HD_CHILD.is_file(), reason="the Hải Dương Sở TT&TT plan is in ../shared/eval")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The bundled plans of data/ (four provinces, one Sở) plus the Hải Dương Sở TT&TT plan beside its draft."""
    d = tmp_path_factory.mktemp("plans")
    for f in (REPO / "data").rglob("*.txt"):
        if f != HD_PROVINCE:
            shutil.copy(f, d / f.name)
    (d / "hai-duong").mkdir()
    shutil.copy(HD_PROVINCE, d / "hai-duong")
    if HD_CHILD.is_file():
        shutil.copy(HD_CHILD, d / "hai-duong/so-stttt-KH-STTTT.txt")
    return d


@needs_child
def test_blank_number_citation_is_parsed_with_month_and_year():
    plan = parse_file(HD_CHILD)
    [draft] = [c for c in plan.citations if c.number is None]
    assert draft.doc_type == "Kế hoạch" and draft.issuer == "UBND tỉnh Hải Dương" and draft.date is None
    assert ".../KH-UBND" in draft.text and "năm 2024" in draft.text
    cited = {c.number: c for c in read_meta(HD_CHILD).citations}
    assert cited[""].blank and cited[""].issued() == (2023, 12) and cited[""].subject_year() == 2024
    assert cited["4347/KH-UBND"].subject_year() is None  # the 2021–2025 plan covers no single year
    assert cited["76/NQ-CP"].national and not cited["4347/KH-UBND"].national


@needs_child
def test_child_linked_to_the_unnumbered_province_draft(folder):
    res = CliRunner().invoke(cli, ["graph", str(folder), "--format", "json", "-j", "1"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    g = nx.node_link_graph(data, edges="links")
    assert list(g.predecessors(CHILD_NODE)) == [DRAFT_NODE]
    assert g.edges[DRAFT_NODE, CHILD_NODE]["via"] == "draft"
    assert not [p for p in data["problems"] if CHILD_NODE in p["nodes"]]


@needs_child
def test_draft_of_another_province_or_year_is_not_the_parent(tmp_path):
    """Issuer place and subject year both decide: a Gia Lai draft or a Hải Dương 2023 draft is no parent."""
    text = HD_PROVINCE.read_text(encoding="utf-8")
    (tmp_path / "gl.txt").write_text(text.replace("Hải Dương", "Gia Lai"), encoding="utf-8")
    (tmp_path / "hd-2023.txt").write_text(text.replace("năm 2024", "năm 2023").replace("năm 2023", "năm 2022", 1),
                                          encoding="utf-8")
    shutil.copy(HD_CHILD, tmp_path / "so.txt")
    h = scan(tmp_path, jobs=1)
    assert h.graph.in_degree("so.txt") == 0
    [p] = [p for p in h.problems if p.kind == "parent_not_in_batch"]
    assert "dự thảo Kế hoạch chưa có số của UBND tỉnh Hải Dương năm 2024" in p.message


@needs_child
def test_child_citing_only_the_multi_year_plan_goes_under_the_draft_that_cites_it(tmp_path):
    """The multi-year plan 4347/KH-UBND is cited by the draft too: it is no absent parent of the child."""
    shutil.copy(HD_PROVINCE, tmp_path)
    lines = HD_CHILD.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if ".../KH-UBND ngày" not in line)
    (tmp_path / "so.txt").write_text(text, encoding="utf-8")
    h = scan(tmp_path, jobs=1)
    assert list(h.graph.predecessors("so.txt")) == ["tinh-du-thao-KH-UBND.txt"]
    assert h.graph.edges["tinh-du-thao-KH-UBND.txt", "so.txt"]["via"] == "shared_basis"
    assert h.problems == []


def test_government_acts_on_top_of_the_province_plans(folder):
    res = CliRunner().invoke(cli, ["graph", str(folder), "--format", "json", "-j", "1"])
    data = json.loads(res.output)
    g = nx.node_link_graph(data, edges="links")
    top = "chinh-phu:76/NQ-CP"
    assert g.nodes[top]["level"] == "chinh_phu" and g.nodes[top]["cited_only"] is True and g.nodes[top]["path"] == ""
    assert g.nodes[top]["agency"] == "Chính phủ" and g.in_degree(top) == 0
    provinces = {n for n, a in g.nodes(data=True) if a["level"] == "tinh"}
    assert len(provinces) == expect("data-folder", "provinces")
    assert {n for n in g.successors(top)} == provinces  # all four cite NQ 76
    assert g.nodes["chinh-phu:23/CT-TTg"]["agency"] == "Thủ tướng Chính phủ"
    # only the Government's acts: no province multi-year plan or ministry circular becomes a node
    assert all(a["cited_only"] is False for n, a in g.nodes(data=True) if a["level"] != "chinh_phu")
    assert "chinh-phu:4347/KH-UBND" not in g
    # cited-only acts are never a pair to audit nor an absent parent
    assert not any(n.startswith("chinh-phu:") for p in data["problems"] for n in p["nodes"])
    h = scan(folder, jobs=1)
    assert not any(n.startswith("chinh-phu:") for e in h.graph.edges for n in e)


def test_tree_and_graphml_read_from_chinh_phu_down(folder):
    res = CliRunner().invoke(cli, ["graph", str(folder), "-j", "1"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[0].startswith("Chính phủ — Nghị quyết 76/NQ-CP · Chính phủ (chỉ được viện dẫn, không có tệp)")
    assert any(line.startswith("    └── Ủy ban nhân dân tỉnh Hải Dương (2024) — dự thảo · cấp tỉnh") for line in lines)
    if HD_CHILD.is_file():
        assert any(line.startswith("        └── Sở Thông tin và Truyền thông (2024) — dự thảo · cấp sở "
                                   "[theo căn cứ dự thảo]") for line in lines)
    res = CliRunner().invoke(cli, ["graph", str(folder), "--format", "graphml", "-j", "1"])
    g = nx.parse_graphml(res.output)
    assert g.nodes["chinh-phu:76/NQ-CP"]["level"] == "chinh_phu"


def test_sole_province_without_national_citations_stays_a_root(tmp_path):
    """A province plan that cites no Government act has nothing above it; nothing is invented."""
    text = HD_PROVINCE.read_text(encoding="utf-8")
    start = text.index("Thực hiện Nghị quyết")
    end = text.index("\n", start)
    (tmp_path / "hd.txt").write_text(text[:start] + "Căn cứ tình hình thực tế." + text[end:], encoding="utf-8")
    h = build_hierarchy([read_meta(tmp_path / "hd.txt")])
    assert h.cited == {} and list(h.display_graph()) == ["hd.txt"]


@needs_child
def test_batch_links_the_pair_and_draws_the_government_on_top(tmp_path):
    from cascade.batch import run_batch
    from cascade.batch.svg import hierarchy_svg

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(HD_PROVINCE, src)
    shutil.copy(HD_CHILD, src / "so-stttt.txt")
    result = run_batch(src, tmp_path / "out", jobs=1, html=False)
    assert [(r["parent_node"], r["node"]) for r in result.results] == [("tinh-du-thao-KH-UBND.txt", "so-stttt.txt")]
    assert not [p for p in result.hierarchy.problems if p.kind in ("parent_not_in_batch", "orphan")]
    svg = hierarchy_svg(result.hierarchy)
    assert svg.index("76/NQ-CP") < svg.index("Ủy ban nhân dân tỉnh Hải Dương") < svg.index("Sở Thông tin")
    assert "chỉ được viện dẫn" in svg and 'stroke-dasharray="2 2"' in svg
