"""The national run on a small synthetic country: per-province dashboards, the national page, coverage that matches
the planted omissions, findings scored against the generator's keys, and bad trees reported in Vietnamese."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cascade.batch.national import is_country, run_national, summary_lines
from cascade.errors import CascadeError
from cascade.parse import parse_file
from cascade.synth_country import PROVINCE_KEY, TEMPLATE_FILE, _Finder, generate_country, score_country

REPO = Path(__file__).resolve().parents[1]
N_PROVINCES, N_CHILDREN, N_SOS = 3, 4, 1


@pytest.fixture(scope="module")
def country(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("quoc-gia")
    generate_country(root, provinces=N_PROVINCES, children_per_province=N_CHILDREN, sos=N_SOS, seed=7)
    return root


@pytest.fixture(scope="module")
def national(country, tmp_path_factory):
    out = tmp_path_factory.mktemp("ca-nuoc")
    return run_national(country, out, jobs=1, html=True)


def _key(country: Path, folder: str) -> dict:
    return yaml.safe_load((country / folder / PROVINCE_KEY).read_text(encoding="utf-8"))


def test_generated_country_is_two_tier_and_deterministic(country, tmp_path):
    manifest = yaml.safe_load((country / "country.yaml").read_text(encoding="utf-8"))
    assert [p["name"] for p in manifest["provinces"]] == ["Hà Nội", "Huế", "Lai Châu"]
    for p in manifest["provinces"]:
        plan = parse_file(country / p["folder"] / p["plan"])
        assert (plan.level, plan.year, plan.number, plan.agency) == ("tinh", 2026, p["number"], p["agency"])
        kids = sorted((country / p["folder"] / "gen").glob("*/child.txt"))
        assert len(kids) == N_CHILDREN
        levels = sorted(yaml.safe_load((k.parent / "key.yaml").read_text(encoding="utf-8"))["child_level"]
                        for k in kids)
        assert levels == ["so"] + ["xa"] * (N_CHILDREN - N_SOS)  # two-tier: Sở and xã, no huyện
    xa = parse_file(next((country / "hue" / "gen").glob("uy-ban-nhan-dan-xa-*/child.txt")))
    assert xa.level == "xa" and xa.agency.startswith("Ủy ban nhân dân xã ")
    again = tmp_path / "again"
    generate_country(again, provinces=N_PROVINCES, children_per_province=N_CHILDREN, sos=N_SOS, seed=7)
    other = tmp_path / "other"
    generate_country(other, provinces=N_PROVINCES, children_per_province=N_CHILDREN, sos=N_SOS, seed=8)
    files = sorted(p.relative_to(country) for p in country.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((country / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert (country / "ha-noi" / PROVINCE_KEY).read_bytes() != (other / "ha-noi" / PROVINCE_KEY).read_bytes()


def test_province_keys_are_verbatim_in_the_template_and_true_of_the_plan(country):
    template = parse_file(country / TEMPLATE_FILE)
    for folder in ("ha-noi", "hue", "lai-chau"):
        key = _key(country, folder)
        plan_text = (country / folder / key["child"]).read_text(encoding="utf-8")
        assert key["missing"] or key["links"]
        for m in key["missing"]:
            hits = [it for it in template.items if m["parent"] in it.text and it.kind == "task"]
            assert hits and all(it.text not in plan_text for it in hits)
        for lk in key["links"]:
            assert any(lk["parent"] in it.text for it in template.items)


def test_country_detection(country, tmp_path):
    assert is_country(country)
    assert not is_country(country / "ha-noi")  # a province folder: its plan at the top
    assert not is_country(REPO / "data" / "binh-dinh" / "2024")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt", tmp_path / "a")
    assert not is_country(tmp_path)  # one sub-folder with plans is not a country
    shutil.copy(REPO / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt", tmp_path / "b")
    assert is_country(tmp_path)


def test_dashboards_and_national_page(national):
    out = national.outdir
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Tổng hợp cả nước" in page and "MÔ PHỎNG" in page
    for p in national.provinces:
        assert p.error is None and p.n_children == N_CHILDREN and p.n_failures == 0
        assert (out / p.slug / "index.html").is_file()
        assert f'href="{p.slug}/index.html"' in page and p.name in page
        assert all((out / p.slug / c["json"]).is_file() for c in p.children)
    data = json.loads((out / "national.json").read_text(encoding="utf-8"))
    assert data["schema"] == "cascade-national/1"
    assert [p["name"] for p in data["provinces"]] == ["Hà Nội", "Huế", "Lai Châu"]
    assert len(data["rows"]) == len(national.rows) > 30


def test_coverage_matches_planted_omissions(country, national):
    find = _Finder(national.rows).find
    total_missing = 0
    for p in national.provinces:
        key = _key(country, p.folder)
        planted = set().union(*[find(m["parent"], m["kind"]) for m in key["missing"]] or [set()])
        weakened = set().union(*[find(lk["parent"], lk["kind"]) for lk in key["links"]] or [set()])
        assert {i for i, s in p.template.items() if s == "missing"} == planted
        assert {i for i, s in p.template.items() if s == "weakened"} == weakened
        for iid in planted:  # a task the province dropped: none of its children can carry it through the province
            assert iid not in p.shares
        for carried, applicable in p.shares.values():
            assert 0 <= carried <= applicable <= N_CHILDREN
        total_missing += len(planted)
    page = (national.outdir / "index.html").read_text(encoding="utf-8")
    assert page.count('class="cell c-missing"') == total_missing


def test_findings_match_the_keys(country, national):
    scores = score_country(country, national)
    for kind in ("province_missing", "province_weakened_deadline", "province_weakened_wording"):
        if kind in scores:
            assert (scores[kind].recall, scores[kind].precision) == (1.0, 1.0), kind
    assert scores["missing_required"].planted > 0 and scores["missing_required"].recall == 1.0
    # measured on this country: every planted deviation of the children but a few found, few false alarms
    assert scores["all"].recall >= 0.95 and scores["all"].precision >= 0.9


def test_a_province_as_template(country, tmp_path):
    res = run_national(country, tmp_path / "out", jobs=1, html=False, template="hue")
    hue = next(p for p in res.provinces if p.folder == "hue")
    assert res.template and res.template.endswith(hue.plan)
    assert set(hue.template.values()) == {"carried"}  # a plan compared with itself
    assert [p.folder for p in res.provinces] == ["ha-noi", "hue", "lai-chau"]


def test_bad_tree_gives_vietnamese_problems(country, tmp_path):
    root = tmp_path / "quoc-gia"
    shutil.copytree(country / "ha-noi", root / "ha-noi")
    (root / "tinh-trong").mkdir()  # an empty province folder
    shutil.copytree(country / "hue" / "gen", root / "khong-co-ke-hoach-tinh" / "gen")  # children, no province plan
    assert is_country(root)
    seen: list[tuple[str, int, int]] = []
    res = run_national(root, tmp_path / "out", jobs=1, html=False, on_province=lambda *a: seen.append(a))
    assert [s[1:] for s in seen] == [(1, 3), (2, 3), (3, 3)]
    by = {p.folder: p for p in res.provinces}
    assert by["ha-noi"].error is None and by["ha-noi"].plan
    assert by["tinh-trong"].error == "Thư mục tỉnh “tinh-trong” không có kế hoạch nào (.docx, .pdf, .txt)."
    orphan = by["khong-co-ke-hoach-tinh"]
    assert orphan.plan is None and orphan.problems[0]["title"] == "Thiếu kế hoạch tỉnh"
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "không có kế hoạch nào" in page and "Thiếu kế hoạch tỉnh" in page
    assert "2 tỉnh không kiểm tra được" in page
    lines = summary_lines(res)
    assert lines[0].endswith("2 tỉnh không kiểm tra được.") and lines[0].startswith("Đã kiểm tra 3 tỉnh")
    assert "  tinh-trong: Thư mục tỉnh “tinh-trong” không có kế hoạch nào (.docx, .pdf, .txt)." in lines
    assert "  khong-co-ke-hoach-tinh: không có kế hoạch cấp tỉnh đọc được." in lines


def test_unreadable_country_raises_in_words(tmp_path):
    with pytest.raises(CascadeError, match="không phải thư mục hồ sơ cả nước"):
        run_national(tmp_path / "khong-co", tmp_path / "out")
    (tmp_path / "country.yaml").write_text("provinces: [\n", encoding="utf-8")
    with pytest.raises(CascadeError, match="Không đọc được danh sách tỉnh"):
        run_national(tmp_path, tmp_path / "out")


def test_national_workbook_in_words(national):
    import openpyxl

    wb = openpyxl.load_workbook(national.outdir / "national.xlsx")
    assert wb.sheetnames == ["Tỉnh", "Ma trận cả nước", "Vấn đề"]
    provinces = [r for r in wb["Tỉnh"].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in provinces] == ["Hà Nội", "Huế", "Lai Châu"]
    header = [c.value for c in wb["Ma trận cả nước"][1]]
    assert header[:4] == ["Số TT", "Loại", "Nội dung", "Số tỉnh thiếu"] and header[4:] == ["Hà Nội", "Huế", "Lai Châu"]
    words = {str(v).split(" · ")[0] for r in wb["Ma trận cả nước"].iter_rows(min_row=2, min_col=5, values_only=True)
             for v in r}
    assert words <= {"Đã thể hiện", "Yếu hơn", "Thiếu"} and "Thiếu" in words
    page = (national.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="national.xlsx"' in page


def test_a_named_template_that_fails_is_said_and_not_replaced(country, tmp_path):
    with pytest.raises(CascadeError, match="Không tìm thấy kế hoạch mẫu “khong-co.txt”"):
        run_national(country, tmp_path / "out", jobs=1, html=False, template="khong-co.txt")
    bad = tmp_path / "mau-rong.txt"
    bad.write_text("", encoding="utf-8")
    res = run_national(country, tmp_path / "out", jobs=1, html=False, template=str(bad))
    assert res.problems and res.problems[0].startswith("Không đọc được kế hoạch mẫu:")
    assert all(p.template == {} and p.n_children == N_CHILDREN for p in res.provinces)  # no silent fallback
    assert "Không đọc được kế hoạch mẫu" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_cascade_batch_runs_a_country_from_the_command_line(country, tmp_path):
    """`cascade batch COUNTRY -o OUT` takes the national path: one line per province, the national page and workbook;
    --template is refused for a single province's folder."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "ca-nuoc"
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "batch", str(country), "-o", str(out), "-j", "1",
                           "--no-html"], capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Đã kiểm tra 3 tỉnh" in proc.stdout and "[3/3] Lai Châu" in proc.stderr
    assert (out / "index.html").is_file() and (out / "national.xlsx").is_file()
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["ha-noi", "hue", "lai-chau"]
    proc = subprocess.run([sys.executable, "-m", "cascade.cli", "batch", str(country / "hue"), "-o",
                           str(tmp_path / "mot-tinh"), "--template", "hue"], capture_output=True, text=True, cwd=root,
                          timeout=600)
    assert proc.returncode == 2 and "--template chỉ dùng cho hồ sơ cả nước" in proc.stderr
