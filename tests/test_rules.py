"""Typed rule packs: a missing or ill-typed key is a CascadeError naming the file and the key, in Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cascade.errors import CascadeError
from cascade.rules import RulePack, load_rules, reload_rules, rule_pack


@pytest.fixture
def rules_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private rules directory (load_rules caches per name, so the cache is cleared around the test)."""
    monkeypatch.setenv("CASCADE_RULES_DIR", str(tmp_path))
    reload_rules()
    yield tmp_path
    monkeypatch.delenv("CASCADE_RULES_DIR")
    reload_rules()


def test_missing_key_names_file_and_key_in_vietnamese(rules_tmp: Path) -> None:
    (rules_tmp / "thu.yaml").write_text("co_mat:\n  - \"một\"\n", encoding="utf-8")
    pack = rule_pack("thu")
    assert pack.strings("co_mat") == ("một",)
    with pytest.raises(CascadeError) as err:
        pack.strings("vang_mat")
    assert "thu.yaml" in err.value.message_vi and "“vang_mat”" in err.value.message_vi
    assert "thiếu khóa" in err.value.message_vi
    assert "missing key 'vang_mat'" in err.value.detail_en
    assert err.value.code == "rules"


def test_ill_typed_and_nested_keys(rules_tmp: Path) -> None:
    (rules_tmp / "thu.yaml").write_text("chu: \"một chữ\"\nbang:\n  con: 3\n", encoding="utf-8")
    pack = RulePack("thu")
    with pytest.raises(CascadeError) as err:
        pack.strings("chu")  # a bare string where a list is wanted
    assert "không đúng kiểu" in err.value.message_vi and "thu.yaml" in err.value.message_vi
    with pytest.raises(CascadeError) as err:
        pack.section("bang").string("con")
    assert "“bang.con”" in err.value.message_vi
    assert "'bang.con'" in err.value.detail_en


def test_missing_file_is_a_cascade_error(rules_tmp: Path) -> None:
    with pytest.raises(CascadeError) as err:
        rule_pack("khong_co")
    assert "khong_co.yaml" in err.value.message_vi


def test_parse_pack_missing_key_is_reported_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's own rules directory with a broken parse pack: the parser's first use of it names file and key."""
    import shutil

    import yaml

    from cascade.parse import vocab
    from cascade.rules import rules_dir

    shutil.copytree(rules_dir(), tmp_path, dirs_exist_ok=True)
    data = yaml.safe_load((tmp_path / "cells.yaml").read_text(encoding="utf-8"))
    del data["deadline_starts"]
    (tmp_path / "cells.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CASCADE_RULES_DIR", str(tmp_path))
    load_rules.cache_clear()
    vocab.cell_words.cache_clear()
    try:
        with pytest.raises(CascadeError) as err:
            vocab.cell_words()
        assert err.value.message_vi == "Tệp quy tắc cells.yaml thiếu khóa “deadline_starts” (cần danh sách chuỗi)."
        assert err.value.path == str(tmp_path / "cells.yaml")
    finally:
        load_rules.cache_clear()
        vocab.cell_words.cache_clear()


def test_parse_packs_load_and_validate() -> None:
    """Every parse pack shipped in rules/ passes its typed loader."""
    from cascade.parse import vocab

    assert vocab.cell_words().agency_heads
    roles = [r.role for r in vocab.table_headers().roles]
    assert roles[0] == "label" and "deadline" in roles


def test_narrative_pack_loads() -> None:
    from cascade.parse import vocab

    w = vocab.narrative_words()
    assert w.indicators_word == "chi tieu" and "phu luc" in w.appendix_titles and "phụ lục" in w.appendix_titles_lower
    assert vocab.generic_heading_openers() == ("cai cach", "xay dung", "cong tac", "day manh")


def test_reform_areas_are_typed_and_the_shared_dict_untouched() -> None:
    from cascade.parse import areas

    found = areas._areas()
    assert found[0].key == "chi_dao_dieu_hanh" and found[0].headings[0] == max(found[0].headings, key=len)
    assert all("_headings" not in a for a in load_rules("reform_areas")["areas"])


# ---------------------------------------------------------------- every parse pack, broken packs, overrides


def _all_pack_consumers() -> list:
    """Every loader and every compiled-pattern builder of the reader and the parser (each reads its packs)."""
    from cascade.parse import cells, deadlines, header, metadata, narrative, organisation, prose, targets, vocab
    from cascade.read import txt

    return [
        vocab.cell_words, vocab.table_headers, vocab.narrative_words, vocab.generic_heading_openers,
        vocab.organisation_words, vocab.header_words, vocab.target_words, vocab.deadline_words, txt.text_headers,
        cells._looks, deadlines._rx, header._rx, metadata._patterns, narrative._indicators_follow,
        organisation._names, prose._prose, targets._rx,
    ]


@pytest.fixture
def fresh_rules():
    """Packs read again before and after the test (it may point CASCADE_RULES_DIR elsewhere)."""
    from cascade.rules import reload_rules

    reload_rules()
    yield
    reload_rules()


def test_every_parse_pack_loads_validates_and_compiles(fresh_rules) -> None:
    """Each shipped pack passes its typed loader and every pattern built from it compiles."""
    for consumer in _all_pack_consumers():
        assert consumer(), consumer.__name__
    from cascade.parse.vocab import header_words

    w = header_words()
    assert w.citation_openers == ("Căn cứ", "Thực hiện") and w.committee_name == "Ủy ban nhân dân"
    assert w.place_lower_syllables == {"pho", "xa", "tran"}


def test_text_reader_shares_the_label_headers_of_column_roles(fresh_rules) -> None:
    """The plain-text reader's label column is the `label` role of rules/table_headers.yaml, folded."""
    from cascade.parse.vocab import table_headers
    from cascade.read.txt import is_header_cells, text_headers

    label = next(r for r in table_headers().roles if r.role == "label")
    assert text_headers().label == label.exact == {"stt", "tt", "so tt", "so thu tu"}
    assert is_header_cells(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"])
    assert is_header_cells(["TT", "NHIEM VU", "Don vi thuc hien", "Thoi han"])  # unaccented copy
    assert not is_header_cells(["1", "Rà soát văn bản", "Sở Tư pháp", "Quý IV"])


def test_lenient_pattern_accepts_a_missing_accent_only() -> None:
    import re

    from cascade.text import lenient_pattern

    rx = re.compile(lenient_pattern(["Nhiệm vụ"]), re.I)
    assert rx.pattern == r"nhi[ệe]m\s*v[ụu]"
    assert rx.search("NHIỆM VỤ") and rx.search("nhiem vu") and rx.search("nhiệmvụ")
    assert not rx.search("nhiễm vụ")


def _province_dir(tmp_path: Path, name: str, edit) -> Path:
    """A province's own rules directory holding only an edited copy of one shipped pack."""
    import yaml

    from cascade.rules import shipped_rules_dir

    data = yaml.safe_load((shipped_rules_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    edit(data)
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_broken_header_pattern_names_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  fresh_rules) -> None:
    from cascade.parse import header
    from cascade.rules import reload_rules

    folder = _province_dir(tmp_path, "header", lambda d: d["patterns"].pop("motto"))
    monkeypatch.setenv("CASCADE_RULES_DIR", str(folder))
    reload_rules()
    with pytest.raises(CascadeError) as err:
        header._rx()
    assert err.value.message_vi == "Tệp quy tắc header.yaml thiếu khóa “patterns.motto” (cần chuỗi)."
    assert err.value.path == str(folder / "header.yaml")


def test_broken_reader_section_names_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  fresh_rules) -> None:
    from cascade.read.txt import text_headers
    from cascade.rules import reload_rules

    folder = _province_dir(tmp_path, "table_headers", lambda d: d["reader"].update(text_headers="Nhiệm vụ"))
    monkeypatch.setenv("CASCADE_RULES_DIR", str(folder))
    reload_rules()
    with pytest.raises(CascadeError) as err:
        text_headers()
    assert "table_headers.yaml" in err.value.message_vi and "“reader.text_headers”" in err.value.message_vi
    assert "không đúng kiểu" in err.value.message_vi


def test_province_directory_overrides_one_pack_and_keeps_the_others(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    fresh_rules) -> None:
    """A province adds its own text-column header ("Công việc"); every other pack is the shipped one, and
    reload_rules switches the reader to the new vocabulary and back."""
    from cascade.read.txt import is_header_cells
    from cascade.rules import reload_rules, rule_path, shipped_rules_dir

    row = ["STT", "Công việc", "Cơ quan chủ trì", "Thời gian"]
    assert not is_header_cells(row)

    def edit(d: dict) -> None:
        d["reader"]["text_headers"].append("Công việc")
        d["reader"]["header_hints"].append("Công việc")

    folder = _province_dir(tmp_path, "table_headers", edit)
    monkeypatch.setenv("CASCADE_RULES_DIR", str(folder))
    reload_rules()
    assert is_header_cells(row)
    assert rule_path("table_headers") == folder / "table_headers.yaml"
    assert rule_path("cells") == shipped_rules_dir() / "cells.yaml"  # not in the province's directory
    monkeypatch.delenv("CASCADE_RULES_DIR")
    reload_rules()
    assert not is_header_cells(row)


# ---------------------------------------------------------------- no vocabulary in the reader's and parser's code

# A string in a literal tuple, list, set or dict counts as a Vietnamese word when it is letters only (words separated
# by single spaces) with an ASCII letter, and either carries Vietnamese diacritics ("sở", "chủ trì") or has several
# words (a folded phrase: "don vi", "can cu"). Single characters and character tables are not words.
_VI_LETTER = re.compile(r"[À-ỹđĐ]")
_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)* ?")
# Modules whose literal collections are not vocabulary.
_ALLOWED = {
    "cascade/read/encodings.py",  # character tables of legacy Vietnamese fonts, not words
}


def _vocabulary_literals(path: Path) -> list[tuple[int, list[str]]]:
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elts = node.elts
        elif isinstance(node, ast.Dict):
            elts = [*[k for k in node.keys if k is not None], *node.values]
        else:
            continue
        words = [
            e.value for e in elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str) and len(e.value) > 1
            and _WORDS.fullmatch(e.value) and re.search(r"[a-zA-Z]", e.value)
            and (_VI_LETTER.search(e.value) or " " in e.value.strip())
        ]
        if words:
            found.append((node.lineno, words))
    return found


def test_no_word_lists_in_reader_or_parser_code() -> None:
    """Word lists live in rules/*.yaml: no module of cascade/parse or cascade/read holds a literal collection of
    Vietnamese words (folded or printed)."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in sorted([*(root / "cascade/parse").rglob("*.py"), *(root / "cascade/read").rglob("*.py")]):
        rel = path.relative_to(root).as_posix()
        if rel in _ALLOWED:
            continue
        offenders += [f"{rel}:{line}: {words}" for line, words in _vocabulary_literals(path)]
    assert offenders == []


def test_the_word_list_check_can_fail(tmp_path: Path) -> None:
    """The check above sees a printed list, a folded tuple and a dict of words, and leaves labels and ids alone."""
    src = tmp_path / "m.py"
    src.write_text('A = ("sở", "phòng")\nB = f(x) in ("can cu", "thuc hien")\nC = {1: "hằng tháng"}\n'
                   'D = ("lead", "partners")\nE = ["Lỗi: tệp (.doc) không đọc được."]\n', encoding="utf-8")
    assert sorted(line for line, _ in _vocabulary_literals(src)) == [1, 2, 3]
