"""The synthetic sub-plan generator on the real Bình Định province plan: marked synthetic, deterministic,
readable by the parser, and its keys consistent with the texts and with applicability."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cascade.audit.applicability import assess
from cascade.parse import parse_file
from cascade.synth import SYNTHETIC_HEADER, generate_children

REPO = Path(__file__).resolve().parents[1]
AGENCIES = [("Sở Tư pháp", "so"), ("Ủy ban nhân dân huyện Tuy Phước", "huyen")]



@pytest.fixture(scope="module")
def generated(tmp_path_factory, province):
    out = tmp_path_factory.mktemp("gen")
    return generate_children(province, AGENCIES, 11, out)


def _key(child: Path) -> dict:
    return yaml.safe_load((child.parent / "key.yaml").read_text(encoding="utf-8"))


def test_files_say_they_are_synthetic(generated):
    for child in generated:
        text = child.read_text(encoding="utf-8")
        assert text.splitlines()[0] == SYNTHETIC_HEADER
        assert (child.parent / "child.docx").stat().st_size > 0
        key = _key(child)
        assert key["synthetic"] is True and "MÔ PHỎNG" in key["note"]


def test_same_seed_same_bytes_other_seed_other_plan(generated, province, tmp_path):
    again = generate_children(province, AGENCIES, 11, tmp_path / "a")
    other = generate_children(province, AGENCIES, 12, tmp_path / "b")
    for g, a, o in zip(generated, again, other, strict=True):
        assert g.read_bytes() == a.read_bytes()
        assert (g.parent / "key.yaml").read_bytes() == (a.parent / "key.yaml").read_bytes()
        assert (g.parent / "child.docx").read_bytes() == (a.parent / "child.docx").read_bytes()
        assert g.read_bytes() != o.read_bytes()


def test_parser_reads_agency_level_number_and_citation(generated):
    for child, (agency, level) in zip(generated, AGENCIES, strict=True):
        key = _key(child)
        for path in (child, child.parent / "child.docx"):
            plan = parse_file(path)
            assert (plan.agency, plan.level, plan.year) == (agency, level, 2024)
            assert plan.number == key["child_number"]
            assert [c.number for c in plan.citations] == ["4935/QĐ-UBND"]
    assert _key(generated[0])["child_number"].endswith("/KH-STP")
    assert _key(generated[1])["child_number"].endswith("/KH-UBND")


def test_key_covers_every_parent_item_once(generated, province):
    items = [it for it in province.items if not it.group]
    for child in generated:
        key = _key(child)
        named = [e["parent"] for e in key["links"] + key["missing"]]
        assert len(named) == len(items)
        for snippet in named:
            assert 20 <= len(snippet) <= 80 or any(it.text.strip() == snippet for it in items)
            assert sum(snippet in it.text for it in items) >= 1


def test_key_snippets_are_verbatim_and_findings_are_real(generated, province):
    for child, (agency, level) in zip(generated, AGENCIES, strict=True):
        key = _key(child)
        plan = parse_file(child)
        child_text = " ".join(it.text for it in plan.items)
        for link in key["links"]:
            assert link["child"] in child_text
        kinds = {f for link in key["links"] for f in link["findings"]}
        assert {"renumbered", "level_target"} <= kinds
        assert kinds & {"weakened_deadline", "weakened_target", "weakened_wording"}
        for m in key["missing"]:
            # a short snippet may also sit inside a longer item: one of the items it names has that status
            items = [it for it in province.items if m["parent"] in it.text and it.kind == m["kind"] and not it.group]
            assert m["expect"] in {assess(it, agency, level, "tinh").status for it in items}


def test_weakenings_are_in_the_child_text(generated, province):
    plan = parse_file(generated[0])
    by_text = {it.text: it for it in plan.items}
    weakened = [lk for lk in _key(generated[0])["links"] if "weakened_deadline" in lk["findings"]]
    assert weakened
    for link in weakened:
        item = next(it for t, it in by_text.items() if link["child"] in t)
        assert item.deadline.raw in ("Quý IV", "Trong năm")
    # per-level target: the Sở takes 90% of the 90/80/60 row, the huyện 80%
    for child, want in zip(generated, ("90%", "80%"), strict=True):
        row = next(it for it in parse_file(child).items if it.text.startswith("Tỷ lệ lập hồ sơ công việc"))
        assert row.target.raw == want


def test_not_applicable_items_are_left_out(generated, province):
    # Task 25 (tuyển dụng công chức cấp xã) is not for a Sở: the Sở's plan does not carry it.
    key = _key(generated[0])
    assert {"kind": "task", "parent": "Quy chế tổ chức tuyển dụng công chức cấp xã",
            "expect": "not_applicable"} in key["missing"]


def test_an_own_inspection_carries_the_dropped_province_inspection(province, tmp_path):
    # A reviewer links an agency's own "Tự kiểm tra công tác CCHC" to the province's "Kiểm tra CCHC năm …" when
    # the plan has no other inspection task (the real Bình Định key links the two); never "missing" and "added".
    agencies = [(f"Ủy ban nhân dân xã Mẫu {k}", "xa") for k in range(12)]
    inspection = next(it for it in province.items if it.text.startswith("Kiểm tra cải cách hành chính năm"))
    linked = 0
    for child in generate_children(province, agencies, 5, tmp_path, docx=False):
        key = _key(child)
        own = [lk for lk in key["links"] if lk["child"].startswith("Tự kiểm tra")]
        added = [a for a in key["added"] if a["child"].startswith("Tự kiểm tra")]
        dropped = [m for m in key["missing"] if m["parent"] in inspection.text]
        assert not (added and dropped)
        for lk in own:
            assert lk["parent"] in inspection.text and "renumbered" in lk["findings"]
            assert ("weakened_deadline" in lk["findings"]) == (inspection.deadline.end < f"{province.year}-10-01")
            assert lk["child"] in " ".join(it.text for it in parse_file(child).items)
        linked += len(own)
    assert linked >= 1
