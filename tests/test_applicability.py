"""Applicability of parent items to a child: the real Bình Định plan against its Sở, a huyện and a xã."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from expectations import expect

from cascade.audit.applicability import Applicability, assess
from cascade.audit.severity import severity
from cascade.model import Item, LevelTarget, Target

ROOT = Path(__file__).resolve().parent.parent
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
KEY = Path("/work/shared/eval/binhdinh-snn-2024/key.yaml")

SNN = ("Sở Nông nghiệp và Phát triển nông thôn", "so")
HUYEN = ("UBND huyện Tuy Phước", "huyen")
XA = ("UBND xã Phước Hòa", "xa")
_ROW = re.compile(r"^(\d+(?:\.\d+)?) \| ")


def _task_rows() -> list[Item]:
    """The 33 task rows of PHỤ LỤC 2 (30 tasks and 1.1-1.3), cells exactly as printed."""
    lines = PARENT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "PHỤ LỤC 2")
    rows: list[str] = []
    for ln in lines[start + 1:]:
        if ln.startswith("- 1"):
            break
        if _ROW.match(ln):
            rows.append(ln)
        elif rows and ln.startswith("|"):
            rows[-1] += ln
    items = []
    for row in rows:
        cells = [c.strip() for c in row.split("|")]
        label, text, product, lead, partners = cells[:5]
        items.append(Item(id=f"t{label}", kind="task", label=label, text=text, product=product,
                          lead=[lead] if lead else [], partners=[partners] if partners else []))
    return items


TASKS = {it.label: it for it in _task_rows()}

_TINH = "Các cơ quan Trung ương đóng trên địa bàn tỉnh; Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh"
_DVTT = "Các cơ quan, đơn vị thuộc và trực thuộc UBND tỉnh; các cơ quan liên quan"
# PHỤ LỤC 1: (label, indicator name, Đơn vị theo dõi, Đơn vị thực hiện) as printed; 1.2-1.5 have their
# "Đơn vị thực hiện" in the merged cell of row 1.1.
INDICATORS = [
    ("1.1", "Chỉ số cải cách hành chính của tỉnh (Par Index)", "Sở Nội vụ", _TINH + "; UBND cấp huyện, cấp xã"),
    ("1.2", "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước của tỉnh "
            "(SIPAS)", "Sở Nội vụ", ""),
    ("1.3", "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh (PAPI)", "Sở Nội vụ", ""),
    ("1.4", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Sở Kế hoạch và Đầu tư", ""),
    ("1.5", "Chỉ số Chuyển đổi số cấp tỉnh (DTI)", "Sở Thông tin và Truyền thông", ""),
    ("2", "Các văn bản quy phạm pháp luật trên địa bàn tỉnh được ban hành đúng trình tự, thủ tục, thẩm quyền và đảm "
          "bảo chất lượng theo quy định", "Sở Tư pháp",
     "Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND, HĐND cấp huyện, cấp xã"),
    ("3.1", "Thủ tục hành chính nội bộ được công khai trên Cổng thông tin điện tử tỉnh, Trang thông tin điện tử của "
            "cơ quan, đơn vị, địa phương", "Văn phòng Ủy ban nhân dân tỉnh",
     "Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND cấp huyện, cấp xã"),
    ("3.2", "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC", "Văn phòng Ủy ban nhân dân tỉnh",
     "Bưu điện tỉnh, các sở, ngành thuộc tỉnh, UBND cấp huyện, cấp xã"),
    ("3.3", "Khai thác, sử dụng lại thông tin, dữ liệu số hóa", "Văn phòng Ủy ban nhân dân tỉnh",
     "Bưu điện tỉnh, các sở, ngành thuộc tỉnh, UBND cấp huyện, cấp xã"),
    ("4", "Giảm số lượng đơn vị sự nghiệp công lập theo kế hoạch, giảm số lượng người làm việc hưởng lương từ ngân "
          "sách nhà nước", "Sở Nội vụ", _DVTT),
    ("5", "Xây dựng và hoàn thiện Đề án vị trí việc làm; công chức, viên chức được bố trí theo tiêu chuẩn ngạch, "
          "tiêu chuẩn chức danh nghề nghiệp và vị trí việc làm khi được phê duyệt", "Sở Nội vụ", _DVTT),
    ("6.1", "Các chỉ tiêu đề ra theo Quyết định số 3416/QĐ-UBND ngày 14/9/2023 của UBND tỉnh về Kế hoạch đổi mới và "
            "nâng cao năng lực tự chủ tài chính của các đơn vị sự nghiệp công lập thuộc UBND tỉnh và các sở, ngành "
            "trên địa bàn tỉnh Bình Định giai đoạn 2023 - 2025 và các năm tiếp theo", "Sở Tài chính", _DVTT),
    ("7.1", "Hoạt động kiểm tra của cơ quan quản lý nhà nước được thực hiện thông qua môi trường số và hệ thống "
            "thông tin của cơ quan quản lý.", "Sở Thông tin và Truyền thông", _TINH),
    ("7.2", "Số đơn vị hành chính cấp xã chuyển đổi số", "Sở Thông tin và Truyền thông", "UBND cấp huyện; UBND cấp xã"),
    ("7.3", "Tỷ lệ lập hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng:", "Sở Thông tin và Truyền thông",
     "Sở Thông tin và Truyền thông, Sở Nội vụ"),
    ("7.4", "Dịch vụ công trực tuyến và thanh toán trực tuyến:", "Văn phòng Ủy ban nhân dân tỉnh",
     "Các sở, ngành thuộc tỉnh; UBND cấp huyện, UBND cấp xã và các đơn vị liên quan"),
]
_PER_LEVEL_73 = [
    LevelTarget("so", "- Các sở, ngành và tương đương thuộc Ủy ban nhân dân tỉnh", Target("90%", "percent", 90)),
    LevelTarget("huyen", "- Các phòng, ban và tương đương thuộc Ủy ban nhân dân các huyện, thị xã, thành phố.",
                Target("80%", "percent", 80)),
    LevelTarget("xa", "- Ủy ban nhân dân các xã, phường, thị trấn.", Target("60%", "percent", 60)),
]


def _indicator(label: str, text: str, monitor: str, doers: str) -> Item:
    # Which column the parser calls lead and which partners is its business: the rules must not depend on it.
    return Item(id=f"i{label}", kind="indicator", label=label, text=text, lead=[doers] if doers else [],
                partners=[monitor], level_targets=_PER_LEVEL_73 if label == "7.3" else [])


INDS = {lab: _indicator(lab, t, m, d) for lab, t, m, d in INDICATORS}
# The "-" rows under 7.4 have no agency cells of their own (merged with 7.4's).
for _n, _text in enumerate([
    "Phấn đấu tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận, giải quyết TTHC",
    "Phấn đấu tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia trên tổng số giao dịch thanh toán của "
    "dịch vụ công",
    "Tỷ lệ kết quả xử lý hồ sơ TTHC của tỉnh được đồng bộ đầy đủ trên Cổng Dịch vụ công quốc gia.",
    "Tỷ lệ cấp kết quả giải quyết điện tử đối với hồ sơ giải quyết TTHC.",
], start=1):
    INDS[f"7.4-{_n}"] = Item(id=f"i7.4-{_n}", kind="indicator", label=None, text=_text, parent="i7.4")

# Expected status per task label for (Sở NN&PTNT, a huyện, a xã). r = required, a = advisory, n = not applicable.
EXPECTED_TASKS = {
    "1": "aan", "1.1": "nnn", "1.2": "nnn", "1.3": "aan", "2": "aan", "3": "aan", "4": "aan", "5": "aaa",
    "6": "aaa", "7": "aan", "8": "aaa", "9": "aaa", "10": "aaa", "11": "aaa", "12": "aaa", "13": "ann",
    "14": "ann", "15": "aaa", "16": "ann", "17": "aaa", "18": "aaa", "19": "naa", "20": "rrr", "21": "aaa",
    "22": "aaa", "23": "aaa", "24": "aaa", "25": "naa", "26": "rnn", "27": "aaa", "28": "nnn", "29": "aaa",
    "30": "aaa",
}
EXPECTED_INDICATORS = {
    "1.1": "rrr", "1.2": "rrr", "1.3": "rrr", "1.4": "rrr", "1.5": "rrr", "2": "rrr", "3.1": "rrr", "3.2": "rrr",
    "3.3": "rrr", "7.4-1": "rrr", "7.4-2": "rrr", "7.4-3": "rrr", "7.4-4": "rrr", "4": "rnn", "5": "rnn", "6.1": "rnn", "7.1": "rnn", "7.2": "nrr", "7.3": "rrr", "7.4": "rrr",
}
_CODE = {"r": "required", "a": "advisory", "n": "not_applicable"}


def test_seed_has_all_thirty_tasks_and_their_subrows() -> None:
    assert len(TASKS) == expect("binh-dinh-2024-tinh", "tasks")
    assert set(TASKS) == set(EXPECTED_TASKS)
    assert TASKS["19"].partners == ["Các sở, ngành, địa phương"]
    assert TASKS["1"].partners == ["Văn phòng UBND tỉnh và các sở, ban, ngành; UBND các huyện, thị xã, thành phố"]
    assert TASKS["1.1"].partners == []


@pytest.mark.parametrize("label", list(EXPECTED_TASKS))
def test_every_task_for_sở_huyện_xã(label: str) -> None:
    got = [assess(TASKS[label], agency, level, "tinh").status for agency, level in (SNN, HUYEN, XA)]
    assert got == [_CODE[c] for c in EXPECTED_TASKS[label]]


@pytest.mark.parametrize("label", list(EXPECTED_INDICATORS))
def test_every_indicator_for_sở_huyện_xã(label: str) -> None:
    got = [assess(INDS[label], agency, level, "tinh").status for agency, level in (SNN, HUYEN, XA)]
    assert got == [_CODE[c] for c in EXPECTED_INDICATORS[label]]


def test_indicator_columns_may_be_swapped_by_the_parser() -> None:
    for it in INDS.values():
        swapped = Item(id=it.id, kind=it.kind, label=it.label, text=it.text, lead=it.partners, partners=it.lead,
                       level_targets=it.level_targets)
        for agency, level in (SNN, HUYEN, XA):
            assert assess(swapped, agency, level).status == assess(it, agency, level).status, (it.label, level)


def test_reasons_are_short_vietnamese_phrases() -> None:
    assert assess(TASKS["20"], *SNN) == Applicability(
        "required", "thuộc nhóm 'các cơ quan, đơn vị, địa phương' được giao chủ trì")
    assert assess(TASKS["3"], *SNN) == Applicability(
        "advisory", "thuộc nhóm 'các sở, ban, ngành' chỉ là cơ quan phối hợp")
    assert assess(TASKS["19"], *SNN) == Applicability("not_applicable", "nhiệm vụ dành cho cấp xã")
    assert assess(TASKS["13"], *HUYEN) == Applicability("not_applicable", "nhiệm vụ riêng của Sở Tư pháp")
    assert assess(TASKS["1"], *XA) == Applicability("not_applicable", "nhiệm vụ riêng của Sở Nội vụ")
    assert assess(TASKS["1.1"], *SNN).reason == (
        "công bố kết quả hoặc tự đánh giá chỉ số của tỉnh là việc của cơ quan chủ trì (Công bố kết quả đánh giá)")
    assert assess(TASKS["28"], *SNN).reason == (
        "sản phẩm chung của tỉnh do Sở Thông tin và Truyền thông chủ trì (nền tảng phân tích xử lý dữ liệu tổng hợp "
        "cấp tỉnh); Sở chỉ phối hợp, cung cấp thông tin")
    assert assess(INDS["7.3"], *SNN).reason == "chỉ tiêu có giá trị riêng cho cấp sở"


def test_the_lead_agency_itself_is_required_even_for_another_levels_content() -> None:
    assert assess(TASKS["19"], "Sở Nội vụ", "so") == Applicability("required", "Sở là cơ quan chủ trì")
    assert assess(TASKS["2"], "Sở Nội vụ", "so").status == "required"
    assert assess(TASKS["13"], "Sở Tư pháp", "so").status == "required"
    # abbreviation and diacritic-insensitive naming of the child
    assert assess(TASKS["3"], "Sở TT&TT", "so").status == "required"
    assert assess(TASKS["6"], "So Ke hoach va Dau tu", None).status == "required"
    assert assess(INDS["7.3"], "Sở Nội vụ", "so").reason == "Sở là đơn vị được giao thực hiện chỉ tiêu"


def test_child_level_derived_from_agency_name() -> None:
    assert assess(TASKS["20"], "UBND huyện Tuy Phước", None).status == "required"
    assert assess(TASKS["13"], "UBND huyện Tuy Phước", None).status == "not_applicable"
    assert assess(TASKS["10"], "UBND xã Phước Hòa", None).status == "advisory"


# ---- calibration against the hand-labelled key ------------------------------------------------------------

def _parent_lines() -> list[str]:
    return PARENT.read_text(encoding="utf-8").splitlines()


def _narrative(snippet: str, kind: str) -> Item:
    line = next(ln for ln in _parent_lines() if snippet in ln and " | " not in ln)
    return Item(id="n", kind=kind, label=None, text=re.sub(r"^[a-zđ]\)\s*", "", line))


def _find(kind: str, snippet: str) -> Item:
    pool = TASKS.values() if kind == "task" else INDS.values()
    hits = [it for it in pool if snippet in it.text]
    if hits:
        return hits[0]
    return _narrative(snippet, kind)


@pytest.mark.skipif(not KEY.exists(), reason="shared answer key not mounted")
def test_key_missing_items_have_the_expected_status() -> None:
    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    assert len(key["missing"]) == expect("shared-binhdinh-snn-2024", "key_missing")
    for m in key["missing"]:
        got = assess(_find(m["kind"], m["parent"]), key["child_agency"], key["child_level"], key["parent_level"])
        assert got.status == m["expect"], (m["parent"], got)


@pytest.mark.skipif(not KEY.exists(), reason="shared answer key not mounted")
def test_key_linked_items_are_required_or_advisory() -> None:
    key = yaml.safe_load(KEY.read_text(encoding="utf-8"))
    assert len(key["links"]) >= expect("shared-binhdinh-snn-2024", "key_links_at_least")
    for link in key["links"]:
        got = assess(_find(link["kind"], link["parent"]), key["child_agency"], key["child_level"], "tinh")
        # A diligent agency may mirror what the rules leave to others (publishing an index's results, a province
        # platform it only feeds); everything else it carried must have applied to it.
        spared = got.reason.startswith(("công bố kết quả", "sản phẩm chung của tỉnh"))
        assert got.status in ("required", "advisory") or spared, (link["parent"], got)


# ---- narrative items without agency columns ----------------------------------------------------------------

def test_narrative_items_use_kind_defaults_and_addressing() -> None:
    directive = _narrative("Tăng cường đối thoại với người dân, doanh nghiệp; chủ động", "directive")
    assert assess(directive, *SNN) == Applicability("advisory", "chỉ đạo chung, không giao riêng cho Sở")
    # the group is what the sentence is about ("… của các sở, ngành"), not whom it addresses
    about = _narrative("công khai kết quả chỉ số cải cách hành chính của các sở, ngành", "directive")
    assert assess(about, *SNN).status == "advisory"
    addressed = Item(id="a", kind="directive", label=None,
                     text="Các sở, ngành, UBND cấp huyện, cấp xã tự đánh giá, chấm điểm chỉ số cải cách hành chính.")
    assert assess(addressed, *SNN) == Applicability("required", "nội dung giao cho nhóm 'các sở, ban, ngành'")
    assert assess(addressed, *XA).status == "required"
    target = _narrative("nằm trong nhóm 20 địa phương dẫn đầu cả nước", "indicator")
    assert assess(target, *SNN) == Applicability("required", "chỉ tiêu chung, áp dụng cho cấp sở")
    # the commune clause of 4.b does not make the whole directive a commune task
    mixed = _narrative("Xây dựng Đề án sắp xếp đơn vị hành chính cấp xã", "directive")
    assert assess(mixed, *SNN).status == "advisory"
    commune_only = Item(id="c", kind="directive", label="b",
                        text="Xây dựng Đề án sắp xếp đơn vị hành chính cấp xã trên địa bàn tỉnh giai đoạn 2023-2025.")
    assert assess(commune_only, *SNN).status == "not_applicable"
    assert assess(commune_only, *HUYEN).status == "advisory"


def test_per_level_sentence_split_keeps_the_sở_part_of_target_g() -> None:
    g2 = _narrative("Mỗi đơn vị cấp huyện xây dựng ít nhất 10% đơn vị hành chính cấp xã", "indicator")
    assert assess(g2, *SNN).status == "required"


# ---- a district under Gia Lai (Kế hoạch 3638/KH-UBND) ------------------------------------------------------

CHU_SE = ("UBND huyện Chư Sê", "huyen")


def test_gia_lai_district() -> None:
    t28 = Item(id="28", kind="task", label="28",
               text="Xây dựng, phát triển Nền tảng ứng dụng trên thiết bị di động hỗ trợ người dân, doanh nghiệp sử "
                    "dụng các dịch vụ, tiện ích trong Chính quyền điện tử, Chính phủ số.",
               lead=["Sở Thông tin và Truyền thông, các sở, ban, ngành tỉnh; UBND thành phố Pleiku, UBND các huyện, "
                     "thị xã, thành phố"])
    assert assess(t28, *CHU_SE).status == "required"
    assert assess(t28, "UBND thành phố Pleiku", "huyen").reason == "UBND huyện là cơ quan chủ trì"
    t3 = Item(id="3", kind="task", label="3", text="Ban hành Kế hoạch kiểm soát TTHC năm 2024.",
              lead=["Văn phòng UBND tỉnh"], partners=["Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố"])
    assert assess(t3, *CHU_SE).status == "advisory"
    t40 = Item(id="40", kind="task", label="40", text="Tiếp tục vận hành cơ sở dữ liệu đất đai của tỉnh Gia Lai.",
               lead=["Sở Tài nguyên và Môi trường"], partners=["UBND các huyện, thị xã, thành phố"])
    # the province's land database is Sở TN&MT's product; districts only feed it (eval/README.md: not applicable)
    assert assess(t40, *CHU_SE).status == "not_applicable"
    assert assess(t40, *SNN).status == "not_applicable"
    t1 = Item(id="1", kind="task", label="1", text="Nâng cao chất lượng công tác xây dựng pháp luật.",
              lead=["Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh; Văn phòng UBND tỉnh; các Sở, ban, ngành có liên "
                    "quan"], partners=["Sở Tư pháp"])
    assert assess(t1, *CHU_SE).status == "not_applicable"
    assert assess(t1, *SNN).status == "required"
    vague = Item(id="v", kind="task", label="2", text="Triển khai các hoạt động theo dõi tình hình thi hành pháp luật.",
                 lead=["Các cơ quan, đơn vị có liên quan"], partners=["Sở Tư pháp"])
    assert assess(vague, *CHU_SE).status == "advisory"
    # "… và các đơn vị liên quan" next to named bodies of the province and one city: not every district
    t47 = Item(id="47", kind="task", label="47",
               text="Phát triển các dịch vụ đô thị thông minh phù hợp điều kiện, đặc thù, nhu cầu thực tế.",
               lead=["Sở Thông tin và Truyền thông, các sở, ban, ngành tỉnh, UBND thành phố Pleiku và các đơn vị liên "
                     "quan"])
    assert assess(t47, *CHU_SE).status == "not_applicable"
    assert assess(t47, "UBND thành phố Pleiku", "huyen").status == "required"
    law = Item(id="1b", kind="task", label="1", text="Nâng cao chất lượng công tác xây dựng pháp luật.",
               lead=["Sở Tư pháp; các cơ quan có liên quan theo chức năng, nhiệm vụ"],
               partners=["Văn phòng UBND tỉnh; các sở, ban, ngành có liên quan"])
    assert assess(law, *CHU_SE).status == "not_applicable"
    alone = Item(id="a", kind="task", label="9", text="Bảo đảm an toàn thông tin mạng.",
                 lead=["Sở Thông tin và Truyền thông"], partners=["Công an tỉnh và các đơn vị có liên quan"])
    assert assess(alone, *CHU_SE).reason == (
        "thuộc nhóm 'các cơ quan, đơn vị liên quan' chỉ là cơ quan phối hợp")
    led_by_districts = Item(id="h", kind="task", label="5", text="Rà soát, sắp xếp các thôn, tổ dân phố.",
                            lead=["UBND cấp huyện"])
    assert assess(led_by_districts, *CHU_SE).status == "required"
    assert assess(led_by_districts, *SNN) == Applicability(
        "not_applicable", "nhiệm vụ giao cho UBND các huyện, thị xã, thành phố")


def test_commune_items() -> None:
    commune = Item(id="x", kind="task", label="7", text="Kiện toàn Bộ phận Một cửa cấp xã.", lead=["UBND cấp xã"],
                   partners=["UBND cấp huyện"])
    assert assess(commune, *XA).status == "required"
    assert assess(commune, *HUYEN).status == "advisory"
    assert assess(commune, *SNN).status == "not_applicable"


def test_unknown_child_is_conservative_and_severities_come_from_rules() -> None:
    assert assess(TASKS["3"], None, None).status == "required"
    # one severity source, rules/severity.yaml: a missing item by its status
    assert [severity("missing", s) for s in ("required", "advisory", "not_applicable")] == ["error", "warning", "info"]


def test_partners_are_spared_the_provinces_own_acts_and_the_leads_products() -> None:
    act = Item(id="a", kind="task", label="5", text="Ban hành Chỉ thị của UBND tỉnh về đẩy mạnh cải cách hành chính.",
               lead=["Sở Nội vụ"], partners=["Các sở, ban, ngành, cơ quan, đơn vị liên quan"])
    assert assess(act, *SNN).status == "not_applicable"
    assert "của UBND tỉnh" in assess(act, *SNN).reason
    review = Item(id="r", kind="task", label="2", text="Thẩm định các dự thảo VBQPPL trình HĐND, UBND tỉnh ban hành.",
                  lead=["Sở Tư pháp"], partners=["Các sở, ban, ngành"])
    assert assess(review, *SNN).status == "not_applicable"
    exam = Item(id="e", kind="task", label="3", text="Tổ chức kỳ thi nâng ngạch công chức năm 2024.",
                lead=["Sở Nội vụ"], partners=["Các sở, ban, ngành"])
    assert assess(exam, *SNN).status == "not_applicable"
    # implementing the province's act is the partners' own work
    carry_out = Item(id="c", kind="task", label="6", text="Triển khai Kế hoạch cải cách hành chính của UBND tỉnh.",
                     lead=["Sở Nội vụ"], partners=["Các sở, ban, ngành"])
    assert assess(carry_out, *SNN).status == "advisory"


def test_a_district_plans_own_acts_and_the_objects_of_its_inspection_are_not_a_communes() -> None:
    commune = ("UBND xã An Thịnh", "xa")
    own_plan = Item(id="k", kind="task", label="10",
                    text="Xây dựng, ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2022 của UBND huyện.",
                    lead=["Văn phòng HĐND và UBND huyện"],
                    partners=["Các cơ quan chuyên môn thuộc UBND huyện; UBND các xã, thị trấn"])
    assert assess(own_plan, *commune).status == "not_applicable"
    inspection = Item(id="i", kind="task", label="4",
                      text="Ban hành Kế hoạch kiểm tra cải cách hành chính của UBND huyện đối với các cơ quan chuyên "
                           "môn và UBND các xã, thị trấn.", lead=["Phòng Nội vụ"],
                      partners=["Văn phòng HĐND và UBND huyện; Phòng Tư pháp"])
    assert assess(inspection, *commune).status == "not_applicable"
