"""The plan hierarchy: parents from citations on the real Bình Định plans and generated children, problems,
manifests, both level schemas, and `cascade graph` output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from expectations import expect

from cascade.cli import cli
from cascade.hierarchy import build_hierarchy, load_manifest, read_metas, scan, schema_for
from cascade.hierarchy.scan import discover
from cascade.parse import parse_file
from cascade.synth import generate_children

REPO = Path(__file__).resolve().parents[1]
BD = REPO / "data/binh-dinh/2024"
PROVINCE = BD / "tinh-4935-QD-UBND.txt"
SO_NN = BD / "so-nnptnt-KH-SNN.txt"



@pytest.fixture(scope="module")
def folder(tmp_path_factory, province) -> Path:
    """The bundled Bình Định plans, another province and generated children, no manifest."""
    d = tmp_path_factory.mktemp("folder")
    for f in BD.glob("*.txt"):
        shutil.copy(f, d)
    shutil.copy(REPO / "data/gia-lai/2024/tinh-3638-KH-UBND.txt", d)
    generate_children(province, [("Sở Tư pháp", "so"), ("Ủy ban nhân dân huyện Tuy Phước", "huyen")], 7, d / "gen")
    return d


def edges(h) -> set[tuple[str, str]]:
    return set(h.graph.edges)


def test_folder_children_linked_to_their_parent_from_citations(folder):
    h = scan(folder, jobs=1)
    assert edges(h) == {
        ("tinh-4935-QD-UBND.txt", "so-nnptnt-KH-SNN.txt"),
        ("tinh-4935-QD-UBND.txt", "gen/so-tu-phap/child.txt"),
        ("tinh-4935-QD-UBND.txt", "gen/uy-ban-nhan-dan-huyen-tuy-phuoc/child.txt"),
    }
    assert all(h.graph.edges[e]["via"] == "citation" for e in h.graph.edges)
    assert h.problems == []  # province plans cite national acts only: roots, not orphans
    assert set(h.roots()) == {"tinh-4935-QD-UBND.txt", "tinh-3638-KH-UBND.txt"}
    assert h.graph.nodes["gen/so-tu-phap/child.txt"]["synthetic"] is True
    assert h.graph.nodes["so-nnptnt-KH-SNN.txt"]["synthetic"] is False
    assert Path(h.graph.nodes["so-nnptnt-KH-SNN.txt"]["path"]).name == "so-nnptnt-KH-SNN.txt"


def test_docx_copy_of_a_plan_is_not_a_second_plan(folder, tmp_path, province):
    generate_children(province, [("Sở Tài chính", "so")], 1, tmp_path)  # writes child.txt and child.docx
    assert [p.name for p in discover(tmp_path)] == ["child.txt"]


def test_discover_skips_hidden_entries_at_any_depth_but_not_a_hidden_root(tmp_path):
    root = tmp_path / ".ke-hoach"  # the folder the user named may itself be hidden
    for rel in ("a.txt", "so/b.docx", "so/b.txt", ".git/x/y/z/old.txt", "so/.~lock.b.docx", "c.DOCX", "readme.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    (root / "thu-muc.pdf").mkdir()  # named like a plan, not a file: kept so reading it reports the problem
    found = [p.relative_to(root).as_posix() for p in discover(root)]
    assert found == ["a.txt", "c.DOCX", "so/b.txt", "thu-muc.pdf"]


def test_child_citing_an_absent_parent_is_reported(folder, tmp_path):
    shutil.copy(PROVINCE, tmp_path)
    text = SO_NN.read_text(encoding="utf-8").replace("4935/QĐ-UBND", "9999/QĐ-UBND")
    (tmp_path / "so-nn.txt").write_text(text, encoding="utf-8")
    h = scan(tmp_path, jobs=1)
    assert h.graph.in_degree("so-nn.txt") == 0
    [p] = [p for p in h.problems if p.kind == "parent_not_in_batch"]
    assert p.nodes == ["so-nn.txt"]
    assert p.details["cited"] == ["9999/QĐ-UBND"]  # the reform plan, not the Sở's functions decision 50/2023
    assert "9999/QĐ-UBND" in p.message and "so-nn.txt" in p.message and p.severity == "error"


def test_manifest_cycle_duplicate_and_expected_agency(folder, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(folder / "gen/so-tu-phap/child.txt", a)
    shutil.copy(folder / "gen/so-tu-phap/child.txt", b)
    (tmp_path / "m.yaml").write_text(
        "plans:\n  - {file: a.txt, parent: b.txt}\n  - {file: b.txt, parent: a.txt}\n"
        "expected:\n  - {agency: Sở Nội vụ, level: so}\n  - {agency: Sở Tư pháp, level: so}\n", encoding="utf-8")
    man = load_manifest(tmp_path / "m.yaml")
    h = build_hierarchy(read_metas([Path(e.file) for e in man.entries], 1), man)
    kinds = sorted(p.kind for p in h.problems)
    assert kinds == ["cycle", "duplicate", "expected_missing"]
    cycle = next(p for p in h.problems if p.kind == "cycle")
    assert cycle.nodes == ["a.txt", "b.txt"]
    dup = next(p for p in h.problems if p.kind == "duplicate")
    assert dup.details == {"agency": "Sở Tư pháp", "year": 2024} and dup.nodes == ["a.txt", "b.txt"]
    missing = next(p for p in h.problems if p.kind == "expected_missing")
    assert missing.details["agency"] == "Sở Nội vụ"  # Sở Tư pháp has its plans


def test_csv_manifest_overrides_citations(folder, tmp_path):
    shutil.copy(PROVINCE, tmp_path)
    shutil.copy(SO_NN, tmp_path)
    shutil.copy(REPO / "data/gia-lai/2024/tinh-3638-KH-UBND.txt", tmp_path)
    (tmp_path / "m.csv").write_text("file,agency,level,parent\ntinh-4935-QD-UBND.txt,,tinh,\n"
                                    "tinh-3638-KH-UBND.txt,,tinh,\nso-nnptnt-KH-SNN.txt,,so,3638/KH-UBND\n"
                                    ",Sở Tư pháp,so,\n", encoding="utf-8")
    h = scan(tmp_path / "m.csv", jobs=1)
    assert edges(h) == {("tinh-3638-KH-UBND.txt", "so-nnptnt-KH-SNN.txt")}
    assert h.graph.edges["tinh-3638-KH-UBND.txt", "so-nnptnt-KH-SNN.txt"]["via"] == "manifest"
    assert [p.kind for p in h.problems] == ["expected_missing"]


@pytest.mark.parametrize(("name", "content", "phrase"), [
    ("m.csv", "file,agency\nk\xe9.txt,S\xe9\n".encode("latin-1"), "tệp không ở dạng UTF-8"),  # saved by Excel in cp1252
    ("m.yaml", b"plans: [\n", "YAML không hợp lệ"),
    ("m.csv", b"agency,level\nS\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p,so\n", "thiếu cột “file”"),
])
def test_bad_manifest_is_a_vietnamese_error_not_a_traceback(tmp_path, capsys, name, content, phrase):
    from cascade.cli import main

    (tmp_path / name).write_bytes(content)
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", str(tmp_path / name)])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "Traceback" not in err
    assert f"Lỗi: Tệp danh sách kế hoạch “{name}” không đúng: {phrase}" in err


def test_example_manifest_of_the_repo():
    h = scan(REPO / "data/binh-dinh/2024/manifest.yaml", jobs=1)
    assert edges(h) == {("tinh-4935-QD-UBND.txt", "so-nnptnt-KH-SNN.txt")}
    assert {p.details.get("agency") for p in h.problems if p.kind == "expected_missing"} >= {"Sở Tư pháp"}


def test_schema_chosen_by_plan_year():
    assert schema_for(2024).key == "four_tier"
    assert schema_for(2026).key == "two_tier"
    assert schema_for(2025, "2025-03-01").key == "four_tier"
    assert schema_for(2025, "2025-08-01").key == "two_tier"
    assert schema_for(2024).parent_levels("xa") == ("huyen",)
    assert schema_for(2026).parent_levels("xa") == ("tinh",)
    assert "huyen" not in schema_for(2026).parents


def test_four_tier_2024_commune_under_its_district(tmp_path, province):
    shutil.copy(PROVINCE, tmp_path)
    [huyen] = generate_children(province, [("Ủy ban nhân dân huyện Tuy Phước", "huyen")], 3, tmp_path, docx=False)
    generate_children(parse_file(huyen), [("Ủy ban nhân dân xã Phước Lộc", "xa")], 3, tmp_path, docx=False)
    h = scan(tmp_path, jobs=1)
    assert edges(h) == {("tinh-4935-QD-UBND.txt", "uy-ban-nhan-dan-huyen-tuy-phuoc/child.txt"),
                        ("uy-ban-nhan-dan-huyen-tuy-phuoc/child.txt", "uy-ban-nhan-dan-xa-phuoc-loc/child.txt")}
    assert h.graph.nodes["uy-ban-nhan-dan-xa-phuoc-loc/child.txt"]["schema"] == "four_tier"
    assert h.problems == []


def test_two_tier_2026_commune_directly_under_province(tmp_path):
    text = (PROVINCE.read_text(encoding="utf-8").replace("năm 2024", "năm 2026").replace("NĂM 2024", "NĂM 2026")
            .replace("năm 2023", "năm 2025").replace("4935/QĐ-UBND", "812/QĐ-UBND"))
    (tmp_path / "tinh-812.txt").write_text(text, encoding="utf-8")
    p2026 = parse_file(tmp_path / "tinh-812.txt")
    assert p2026.year == 2026
    generate_children(p2026, [("Ủy ban nhân dân xã Phước Lộc", "xa"), ("Sở Tư pháp", "so")], 3, tmp_path, docx=False)
    h = scan(tmp_path, jobs=1)
    assert edges(h) == {("tinh-812.txt", "uy-ban-nhan-dan-xa-phuoc-loc/child.txt"),
                        ("tinh-812.txt", "so-tu-phap/child.txt")}
    assert h.graph.nodes["uy-ban-nhan-dan-xa-phuoc-loc/child.txt"]["schema"] == "two_tier"
    # The same commune plan in 2024 would need a district plan: without one it is an orphan.
    (tmp_path / "tinh-812.txt").write_text(PROVINCE.read_text(encoding="utf-8").replace("4935/QĐ-UBND", "812/QĐ-UBND"),
                                           encoding="utf-8")
    xa = tmp_path / "uy-ban-nhan-dan-xa-phuoc-loc/child.txt"
    xa.write_text(xa.read_text(encoding="utf-8").replace("2026", "2024"), encoding="utf-8")
    h = scan(tmp_path, jobs=1)
    assert h.graph.in_degree("uy-ban-nhan-dan-xa-phuoc-loc/child.txt") == 0
    assert [p.nodes for p in h.problems if p.kind == "orphan"] == [["uy-ban-nhan-dan-xa-phuoc-loc/child.txt"]]


def test_graph_json_is_node_link_data_with_paths(folder):
    res = CliRunner().invoke(cli, ["graph", str(folder), "--format", "json", "-j", "1"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    g = nx.node_link_graph(data, edges="links")
    # five plan files, and the two Government acts the provinces cite on top (cited only: no file)
    assert g.is_directed() and g.number_of_nodes() == expect("binh-dinh-gia-lai-folder", "graph_nodes")
    cited = {n for n, attrs in g.nodes(data=True) if attrs["cited_only"]}
    assert cited == {"chinh-phu:76/NQ-CP", "chinh-phu:131/NQ-CP"}
    assert all(Path(attrs["path"]).is_file() for n, attrs in g.nodes(data=True) if n not in cited)
    assert g.has_edge("tinh-4935-QD-UBND.txt", "so-nnptnt-KH-SNN.txt")  # parent → child
    assert data["problems"] == []


def test_graph_tree_and_graphml(folder):
    res = CliRunner().invoke(cli, ["graph", str(folder), "-j", "1"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[0].startswith("Chính phủ — Nghị quyết 76/NQ-CP · Chính phủ (chỉ được viện dẫn")
    assert lines[1].startswith("    └── Ủy ban nhân dân tỉnh Bình Định (2024) — 4935/QĐ-UBND · cấp tỉnh")
    assert any(line.startswith("        └── Sở Nông nghiệp và Phát triển nông thôn (2024) — dự thảo") for line in lines)
    assert any(line.startswith("    └── Ủy ban nhân dân tỉnh Gia Lai (2024) — 3638/KH-UBND") for line in lines)
    res = CliRunner().invoke(cli, ["graph", str(folder), "--format", "graphml", "-j", "1"])
    g = nx.parse_graphml(res.output)
    assert g.number_of_edges() == expect("binh-dinh-gia-lai-folder", "graph_edges")


def test_folder_with_a_manifest_uses_it(tmp_path):
    """`cascade batch DIR` / `graph DIR`: a manifest.yaml at the top of DIR overrides and lists expected agencies;
    a plan file it does not list is still read."""
    for f in BD.iterdir():
        shutil.copy(f, tmp_path)
    shutil.copy(REPO / "data/gia-lai/2024/tinh-3638-KH-UBND.txt", tmp_path)
    h = scan(tmp_path, jobs=1)
    assert h.graph.edges["tinh-4935-QD-UBND.txt", "so-nnptnt-KH-SNN.txt"]["via"] == "manifest"
    assert {p.details.get("agency") for p in h.problems if p.kind == "expected_missing"} == {"Sở Tư pháp",
                                                                                             "Sở Nội vụ"}
    assert "tinh-3638-KH-UBND.txt" in h.graph  # not in the manifest, still read
    (tmp_path / "manifest.yaml").unlink()
    assert not [p for p in scan(tmp_path, jobs=1).problems if p.kind == "expected_missing"]


def test_manifest_level_contradicting_the_document_is_a_warning(tmp_path):
    shutil.copy(PROVINCE, tmp_path)
    shutil.copy(SO_NN, tmp_path)
    (tmp_path / "m.yaml").write_text("plans:\n  - {file: tinh-4935-QD-UBND.txt}\n"
                                     "  - {file: so-nnptnt-KH-SNN.txt, level: huyen}\n", encoding="utf-8")
    h = scan(tmp_path / "m.yaml", jobs=1)
    [p] = [p for p in h.problems if p.kind == "level_mismatch"]
    assert p.severity == "warning" and p.title == "Cấp ghi trong danh sách khác cấp của văn bản"
    assert p.message == ("“so-nnptnt-KH-SNN.txt”: cấp ghi trong danh sách (cấp huyện) khác cấp của văn bản (cấp sở — "
                         "Sở Nông nghiệp và Phát triển nông thôn); kết quả theo cấp huyện.")
    assert h.metas["so-nnptnt-KH-SNN.txt"].level == "huyen"  # the manifest still wins
    (tmp_path / "m.yaml").write_text("plans:\n  - {file: tinh-4935-QD-UBND.txt}\n"
                                     "  - {file: so-nnptnt-KH-SNN.txt, level: so}\n", encoding="utf-8")
    assert not [p for p in scan(tmp_path / "m.yaml", jobs=1).problems if p.kind == "level_mismatch"]


def test_level_conflict_sentence():
    from cascade.hierarchy.problems import level_conflict

    assert level_conflict("so", "huyen", "Sở Tư pháp") == (
        "Cấp được chọn (cấp huyện) khác cấp của văn bản (cấp sở — Sở Tư pháp); kết quả theo cấp huyện.")
    assert level_conflict("so", "so") is None and level_conflict(None, "xa") is None and level_conflict("so", None) is None
