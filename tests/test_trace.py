"""`cascade trace`: one province item followed down the real Sở plan and generated district and commune plans."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cascade.cli import cli
from cascade.hierarchy import scan
from cascade.hierarchy.trace import find_item, format_trace, trace
from cascade.parse import parse_file
from cascade.synth import generate_children

REPO = Path(__file__).resolve().parents[1]
BD = REPO / "data/binh-dinh/2024"
PROVINCE = BD / "tinh-4935-QD-UBND.txt"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("trace")
    for f in BD.glob("*.txt"):
        shutil.copy(f, d)
    [huyen] = generate_children(parse_file(PROVINCE), [("Ủy ban nhân dân huyện Tuy Phước", "huyen")], 2, d,
                                docx=False)
    generate_children(parse_file(huyen), [("Ủy ban nhân dân xã Phước Lộc", "xa")], 2, d, docx=False)
    return d


def test_task_23_reaches_the_so_task_16_with_its_later_deadline(folder):
    h = scan(folder, jobs=1)
    root = trace(h, "tinh-4935-QD-UBND.txt", "23")
    assert (root.item_id, root.deadline) == ("task:23", "Tháng 2")
    so = next(s for s in root.children if s.node == "so-nnptnt-KH-SNN.txt")
    assert (so.label, so.deadline, so.status) == ("16", "Trong năm", "carried")
    assert so.text == "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2024"
    assert "weakened_deadline" in so.findings
    lines = format_trace(root)
    i = lines.index("    └── Sở Nông nghiệp và Phát triển nông thôn: 16 Kế hoạch đào tạo, bồi dưỡng cán bộ, "
                    "công chức, viên chức năm 2024")
    assert lines[i + 1] == "        Thời hạn: “Tháng 2” → “Trong năm”"


def test_trace_goes_down_every_level(folder):
    h = scan(folder, jobs=1)
    root = trace(h, "tinh-4935-QD-UBND.txt", "7.3")  # 90% sở / 80% huyện / 60% xã
    assert root.target == "90% (cấp sở) / 80% (cấp huyện) / 60% (cấp xã)"
    huyen = next(s for s in root.children if s.node.startswith("uy-ban-nhan-dan-huyen"))
    assert (huyen.status, huyen.target) == ("carried", "80%")
    [xa] = huyen.children
    assert xa.node.startswith("uy-ban-nhan-dan-xa") and xa.level == "xa"


def test_trace_follows_the_generator_keys_to_the_commune(folder):
    import yaml

    k_huyen = yaml.safe_load((folder / "uy-ban-nhan-dan-huyen-tuy-phuoc/key.yaml").read_text(encoding="utf-8"))
    k_xa = yaml.safe_load((folder / "uy-ban-nhan-dan-xa-phuoc-loc/key.yaml").read_text(encoding="utf-8"))
    xa_parents = {lk["parent"]: lk for lk in k_xa["links"] if lk["kind"] == "task"}
    # a province task the district carries and the commune carries from the district's plan
    chain = [(lk, xa_parents[lk["child"]]) for lk in k_huyen["links"] if lk["child"] in xa_parents]
    assert chain
    top, low = chain[0]
    province = parse_file(PROVINCE)
    item = next(it for it in province.items if it.kind == "task" and top["parent"] in it.text)
    h = scan(folder, jobs=1)
    root = trace(h, "tinh-4935-QD-UBND.txt", item.id)
    huyen = next(s for s in root.children if s.node.startswith("uy-ban-nhan-dan-huyen"))
    assert huyen.status == "carried" and top["child"] in huyen.text
    [xa] = huyen.children
    assert xa.status == "carried" and low["child"] in xa.text


def test_find_item_by_label_or_id():
    plan = parse_file(PROVINCE)
    assert find_item(plan, "23").id == "task:23"
    assert find_item(plan, "ind:7.3").label == "7.3"
    with pytest.raises(KeyError):
        find_item(plan, "99")


def test_cli_trace(folder):
    res = CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "23"])
    assert res.exit_code == 0, res.output
    assert "“Tháng 2” → “Trong năm”" in res.output
    res = CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "23", "--json"])
    data = json.loads(res.output)
    assert data["item_id"] == "task:23" and {c["node"] for c in data["children"]} >= {"so-nnptnt-KH-SNN.txt"}
    res = CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "99"])
    assert res.exit_code != 0 and "không có nhiệm vụ, chỉ tiêu “99”" in str(res.exception.message_vi)


def test_a_task_and_an_indicator_sharing_a_number_are_both_followed(folder):
    """The province plan has task 1.1 and indicator 1.1: the trace says so and follows both."""
    res = CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "1.1"], prog_name="cascade")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "Kế hoạch có 2 mục cùng số “1.1” (nhiệm vụ 1.1 và chỉ tiêu 1.1); dưới đây theo từng mục."
    assert any(line.startswith("Ủy ban nhân dân tỉnh Bình Định: Nhiệm vụ 1.1 – Công bố kết quả") for line in lines)
    assert any(line.startswith("Ủy ban nhân dân tỉnh Bình Định: Chỉ tiêu 1.1 – Chỉ số cải cách hành chính")
               for line in lines)
    data = json.loads(CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "1.1",
                                               "--json"]).output)
    assert [(d["kind"], d["item_id"]) for d in data] == [("task", "task:1.1"), ("indicator", "ind:1.1")]
    # one item with that number: one trace, no note
    single = CliRunner().invoke(cli, ["trace", str(folder / "tinh-4935-QD-UBND.txt"), "23"]).output
    assert "cùng số" not in single and single.startswith("Ủy ban nhân dân tỉnh Bình Định: Nhiệm vụ 23 – ")
