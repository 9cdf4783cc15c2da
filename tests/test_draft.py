"""`cascade draft`: the plan skeleton written from a parent plan, and its round trip through the audit.

The main acceptance: auditing the untouched draft against its parent gives no error and no warning, for every
parent in data/ with a Sở, a huyện and a xã, and for the Văn Yên district plan with a xã and a phòng; deleting the
advisory part leaves only the warnings of the advisory items; the draft's required items are exactly those the
audit calls required; the header, citation and numbering read back.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import libreoffice_unavailable

from cascade.audit import audit_plans
from cascade.commands.draft import command
from cascade.draft import build_draft, layout, render, render_text
from cascade.draft.docx import write_docx
from cascade.draft.skeleton import Draft, agency_name
from cascade.model import Plan
from cascade.parse import parse_file
from cascade.read import read_document

ROOT = Path(__file__).resolve().parents[1]
BINH_DINH = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
GIA_LAI = ROOT / "data/gia-lai/2024/tinh-3638-KH-UBND.txt"
HAI_DUONG = ROOT / "data/hai-duong/2024/tinh-du-thao-KH-UBND.txt"
YEN_BAI = ROOT / "data/yen-bai/2022/tinh-271-KH-UBND.txt"
VAN_YEN = ROOT / "tests/keys/yenbai-xa-2022/parent.docx"  # a huyện plan, parent of a xã

CASES: list[tuple[Path, str, str]] = [
    (BINH_DINH, "Sở Tư pháp", "so"), (BINH_DINH, "UBND huyện Phù Cát", "huyen"),
    (BINH_DINH, "UBND xã Cát Tân", "xa"),
    (GIA_LAI, "Sở Tư pháp", "so"), (GIA_LAI, "UBND huyện Chư Sê", "huyen"), (GIA_LAI, "UBND xã Ia Blang", "xa"),
    (HAI_DUONG, "Sở Nội vụ", "so"), (HAI_DUONG, "UBND huyện Gia Lộc", "huyen"),
    (HAI_DUONG, "UBND xã Gia Tân", "xa"),
    (YEN_BAI, "Sở Tư pháp", "so"), (YEN_BAI, "UBND huyện Văn Yên", "huyen"),
    (YEN_BAI, "UBND xã Đông Cuông", "xa"),
    (VAN_YEN, "UBND xã Đông Cuông", "xa"), (VAN_YEN, "Phòng Nội vụ", "phong"),
]  # fmt: skip
IDS = [f"{p.parent.parent.name if p.parent.name.isdigit() else 'van-yen'}-{lvl}" for p, _, lvl in CASES]


@cache
def _parent(path: Path) -> Plan:
    return parse_file(path)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Draft, Path]]:
    """Every case's skeleton and its .docx, written once for the module."""
    out = tmp_path_factory.mktemp("drafts")
    made = {}
    for k, (path, agency, level) in enumerate(CASES):
        draft = build_draft(_parent(path), agency, level)
        target = out / f"{IDS[k]}.docx"
        write_docx(draft, target)
        made[k] = (draft, target)
    return made


@pytest.fixture(scope="module")
def audits(drafts: dict[int, tuple[Draft, Path]]) -> dict[int, object]:
    """The audit of every untouched .docx draft against its parent (read back from the file)."""
    return {k: audit_plans(_parent(CASES[k][0]), parse_file(path), agency=CASES[k][1], level=CASES[k][2])
            for k, (_, path) in drafts.items()}


def _worst(result) -> list[tuple[str, str, str | None, str]]:
    return [(f.severity, f.type, f.parent, f.message) for f in result.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("k", range(len(CASES)), ids=IDS)
def test_round_trip_has_no_error_and_no_warning(audits: dict, k: int) -> None:
    result = audits[k]
    assert _worst(result) == []
    assert result.summary.get("verdict") == "dat"


@pytest.mark.parametrize("k", range(len(CASES)), ids=IDS)
def test_required_items_are_those_the_audit_requires(drafts: dict, audits: dict, k: int) -> None:
    draft, _ = drafts[k]
    result = audits[k]
    parent = _parent(CASES[k][0])
    groups = {it.id for it in parent.items if it.group}
    by_status: dict[str, set[str]] = {"required": set(), "advisory": set(), "not_applicable": set()}
    for item_id, verdict in result.applicability.items():
        if item_id not in groups:
            by_status[verdict.status].add(item_id)
    assert {it.parent_id for it in draft.required()} == by_status["required"]
    assert {it.parent_id for it in draft.advisory_items()} == by_status["advisory"]
    assert {it.parent_id for it in draft.not_applicable} == by_status["not_applicable"]
    assert draft.counts == {s: len(ids) for s, ids in by_status.items()}
    assert by_status["required"], "every case carries something"


@pytest.mark.parametrize("level", ["so", "huyen", "xa", "phong"])
def test_each_level_carries_exactly_its_required_items(level: str, tmp_path: Path) -> None:
    """Per level, on one parent: the items the skeleton prints in its body (before the advisory part) are the
    required ones, and each is linked by the audit to a child item."""
    path, agency = {"so": (GIA_LAI, "Sở Tư pháp"), "huyen": (GIA_LAI, "UBND huyện Chư Sê"),
                    "xa": (BINH_DINH, "UBND xã Cát Tân"), "phong": (VAN_YEN, "Phòng Nội vụ")}[level]
    parent = _parent(path)
    draft = build_draft(parent, agency, level)
    draft.advisory = []
    text = render_text(layout(draft))
    child_path = tmp_path / f"{level}.txt"
    child_path.write_text(text, encoding="utf-8")
    result = audit_plans(parent, parse_file(child_path), agency=agency, level=level)
    required = {it.parent_id for it in draft.required()}
    audit_required = {i for i, a in result.applicability.items() if a.status == "required"
                      and not parent.item(i).group}
    assert required == audit_required
    linked = {lk.parent for lk in result.links}
    assert required <= linked


@pytest.mark.parametrize("k", [0, 4, 8, 11, 13], ids=[IDS[k] for k in (0, 4, 8, 11, 13)])
def test_deleting_the_advisory_part_leaves_only_advisory_warnings(k: int, tmp_path: Path) -> None:
    path, agency, level = CASES[k]
    parent = _parent(path)
    draft = build_draft(parent, agency, level)
    advisory = {it.parent_id for it in draft.advisory_items()}
    assert advisory
    draft.advisory = []
    child = tmp_path / "child.docx"
    write_docx(draft, child)
    result = audit_plans(parent, parse_file(child), agency=agency, level=level)
    worst = _worst(result)
    assert all(sev == "warning" and kind == "missing" for sev, kind, _, _ in worst), worst
    assert {pid for _, _, pid, _ in worst} <= advisory
    assert worst  # the audit notices the deleted advisory items


@pytest.mark.parametrize("k", range(len(CASES)), ids=IDS)
def test_header_citation_and_numbering_read_back(drafts: dict, k: int) -> None:
    path, agency, level = CASES[k]
    draft, target = drafts[k]
    parent = _parent(path)
    plan = parse_file(target)
    assert plan.agency == agency_name(agency)
    assert plan.level == level
    assert plan.year == parent.year
    assert plan.number is None  # "Số: …/KH-…" is a draft
    assert any("chưa có số" in w for w in plan.warnings)
    assert plan.doc_type == "Kế hoạch"
    assert plan.title and plan.title.startswith("Cải cách hành chính năm")
    cited = [c for c in plan.citations if c.relation == "can_cu"]
    assert cited
    if parent.number:
        assert cited[0].number == parent.number and cited[0].date == parent.date
    else:  # the Hải Dương draft: cited by type, issuer and blanks, as a draft is
        assert cited[0].doc_type == "Kế hoạch" and cited[0].number is None
    if level == "so":
        assert plan.parent_body == parent.agency
    paras = [b.text for b in read_document(target).blocks if b.kind == "para"]
    parts = [m.group(1) for t in paras if (m := re.match(r"([IVX]+)\. \S", t))]
    expected = ["I", "II", "III", "IV", "V"] if draft.advisory else ["I", "II", "III", "IV"]
    assert parts == expected
    heads = [t for t in paras if t.split(" ", 1)[0] in {f"{n}." for n in range(1, 20)}]
    assert heads[:2] == ["1. Mục đích", "2. Yêu cầu"]
    area_heads = [h.split(" ", 1)[1] for h in heads if h.split(" ", 1)[1] in {a.name for a in draft.areas}]
    assert area_heads[: len(draft.areas)] == [a.name for a in draft.areas]


def test_docx_is_a_word_document_with_tables_and_numbering(drafts: dict) -> None:
    draft, target = drafts[0]
    doc = docx.Document(str(target))
    assert doc.core_properties.author == "cascade"
    assert len(doc.tables) >= 4  # header, indicators, a task table, signature, appendix
    header = doc.tables[0]
    assert "SỞ TƯ PHÁP" in header.cell(0, 0).text and "Số: …/KH-STP" in header.cell(0, 0).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    numbering = doc.part.numbering_part.element.xml
    assert 'w:val="upperRoman"' in numbering and 'w:val="-"' in numbering
    task_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "TT"]
    assert task_tables
    first = task_tables[0]
    roles = [c.text for c in first.rows[0].cells]
    lead = roles.index("Đơn vị chủ trì")
    assert all(not row.cells[lead].text for row in list(first.rows)[2:])  # the unit in charge is left to fill


def test_wording_for_the_level() -> None:
    draft = build_draft(_parent(BINH_DINH), "Sở Tư pháp", "so")
    texts = [it.text for it in draft.required()]
    assert any(t.startswith("Tham mưu UBND tỉnh ban hành") for t in texts)
    # "của tỉnh Bình Định" names the province: never "của Sở Bình Định"
    assert not any("Sở Bình Định" in t for t in texts)
    advised = [it for it in draft.required() if it.text.startswith("Tham mưu UBND tỉnh")]
    assert all(it.parent_text.lower().startswith(("ban hành", "phê duyệt", "sửa đổi", "kiện toàn")) for it in advised)
    xa = build_draft(_parent(VAN_YEN), "UBND xã Đông Cuông", "xa")
    assert not any("của xã, xã" in it.text for it in xa.required() + xa.advisory_items())
    # an indicator keeps the parent's words
    assert all(it.text == it.parent_text for it in draft.required() if it.kind == "indicator")


def test_per_level_rows_take_the_agency_own_value() -> None:
    parent = _parent(VAN_YEN)
    per_level = [it for it in parent.items if it.level_targets]
    assert per_level
    for level in ("xa", "phong"):
        agency = "UBND xã Đông Cuông" if level == "xa" else "Phòng Nội vụ"
        draft = build_draft(parent, agency, level)
        carried = {it.parent_id: it for it in draft.required() + draft.advisory_items()}
        for item in per_level:
            own = next((lt.target.raw for lt in item.level_targets if lt.level == level), None)
            if own and item.id in carried:
                assert carried[item.id].target == own and carried[item.id].level_value
    xa = build_draft(parent, "UBND xã Đông Cuông", "xa")
    assert any(it.target == "42%" for it in xa.required())


def test_not_applicable_appendix_is_not_read_as_items(drafts: dict) -> None:
    draft, target = drafts[2]  # Bình Định, a xã: many items of other levels and agencies
    plan = parse_file(target)
    texts = {it.text for it in plan.items}
    only_na = [it.parent_text for it in draft.not_applicable]
    assert only_na and not any(t in texts for t in only_na)
    # and the advisory part is: keeping an item is carrying it
    assert sum(1 for it in draft.advisory_items() if it.text in texts) >= len(draft.advisory_items()) * 0.8


def test_text_and_json_forms(tmp_path: Path) -> None:
    draft = build_draft(_parent(GIA_LAI), "UBND huyện Chư Sê", "huyen")
    text = render_text(layout(draft))
    assert text.startswith("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nHUYỆN CHƯ SÊ |")
    assert "Căn cứ Kế hoạch số 3638/KH-UBND ngày 26/12/2023 của Ủy ban nhân dân tỉnh Gia Lai" in text
    path = tmp_path / "huyen.txt"
    path.write_text(text, encoding="utf-8")
    plan = parse_file(path)
    assert (plan.agency, plan.level, plan.year) == ("Ủy ban nhân dân huyện Chư Sê", "huyen", 2024)
    data = draft.to_dict()
    assert data["schema"] == "cascade-draft/1"
    assert data["counts"] == draft.counts
    json.dumps(data, ensure_ascii=False)  # plain data
    # render(): the bytes the command writes (and a web download would send)
    assert render(draft, "txt").decode("utf-8") == text
    assert json.loads(render(draft, "json"))["agency"] == "Ủy ban nhân dân huyện Chư Sê"
    assert render(draft, "docx")[:2] == b"PK"
    with pytest.raises(ValueError):
        render(draft, "pdf")


def test_cli_writes_docx_txt_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "Sở Tư pháp"])  # level read from the name
    assert res.exit_code == 0, res.output
    assert "khung-ke-hoach-cchc-2024-so-tu-phap.docx" in res.output
    assert "nội dung bắt buộc" in res.output
    assert (tmp_path / "khung-ke-hoach-cchc-2024-so-tu-phap.docx").is_file()
    again = runner.invoke(command, [str(GIA_LAI), "--agency", "Sở Tư pháp"])
    assert again.exit_code == 0  # our own previous output may be replaced
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "UBND xã Ia Blang", "--format", "txt"])
    assert res.exit_code == 0 and "XÃ IA BLANG" in res.output
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "UBND xã Ia Blang", "-o", "xa.json"])
    assert res.exit_code == 0
    assert json.loads((tmp_path / "xa.json").read_text(encoding="utf-8"))["level"] == "xa"


def test_cli_errors_in_vietnamese(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "Công an tỉnh"])
    assert res.exit_code != 0 and "hãy ghi rõ --level với" in res.exception.message_vi
    res = runner.invoke(command, [str(tmp_path / "khong-co.txt"), "--agency", "Sở Tư pháp"])
    assert "Không tìm thấy tệp" in res.exception.message_vi
    foreign = tmp_path / "cua-nguoi-khac.docx"
    foreign.write_bytes(b"not ours")
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "Sở Tư pháp", "-o", str(foreign)])
    assert "không ghi đè" in res.exception.message_vi and foreign.read_bytes() == b"not ours"
    res = runner.invoke(command, [str(GIA_LAI), "--agency", "Sở Tư pháp", "-o", str(GIA_LAI), "--force"])
    assert "tệp đầu vào" in res.exception.message_vi


def test_template_dir_overrides_wording(tmp_path: Path) -> None:
    (tmp_path / "draft.yaml").write_text(
        'recipients:\n  so: ["- Chủ tịch UBND tỉnh (b/c);", "- Lưu: VT, VP."]\n'
        'closing: "Trên đây là Kế hoạch của {agency} năm {year}./."\n', encoding="utf-8")
    res = CliRunner().invoke(command, [str(GIA_LAI), "--agency", "Sở Tư pháp", "--level", "so", "--format", "txt",
                                       "--template-dir", str(tmp_path)])
    assert res.exit_code == 0
    assert "- Chủ tịch UBND tỉnh (b/c);" in res.output
    assert "Trên đây là Kế hoạch của Sở Tư pháp năm 2024./." in res.output
    assert "GIÁM ĐỐC" in res.output  # keys the province leaves out keep their default


def test_converts_to_pdf_with_libreoffice(drafts: dict, tmp_path: Path) -> None:
    from cascade.read import convert

    soffice = convert.find_soffice()
    if soffice is None:
        libreoffice_unavailable(f"LibreOffice (soffice) is not on PATH (Debian: apt-get install {convert.PACKAGE})")
    sources = [drafts[0][1], drafts[13][1]]
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, sources)],
        capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # LibreOffice's own start-up notice about Java is about the machine, not the document.
    problems = [line for line in proc.stderr.splitlines() if line.strip() and "javaldx" not in line]
    assert problems == []
    for src in sources:
        pdf = tmp_path / f"{src.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        plan = parse_file(pdf)  # and the PDF still reads as the agency's plan
        assert plan.year == _parent(CASES[0][0] if src == sources[0] else CASES[13][0]).year
        assert plan.items
