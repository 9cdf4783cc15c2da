"""Typed rule packs: a missing or ill-typed key is a CascadeError naming the file and the key, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest

from cascade.errors import CascadeError
from cascade.rules import RulePack, load_rules, rule_pack


@pytest.fixture
def rules_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private rules directory (load_rules caches per name, so the cache is cleared around the test)."""
    monkeypatch.setenv("CASCADE_RULES_DIR", str(tmp_path))
    load_rules.cache_clear()
    yield tmp_path
    load_rules.cache_clear()


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
