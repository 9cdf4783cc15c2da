"""One vocabulary (cascade/vocab.py), one label table (report/templates/labels.yaml), one severity source
(rules/severity.yaml), the score's penalties as data (rules/scoring.yaml)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
import yaml

from cascade.audit.severity import severity, validate
from cascade.audit.summary import scoring, validate_scoring
from cascade.errors import CascadeError
from cascade.rules import RulePack, load_rules, rules_dir
from cascade.vocab import LABEL_TABLES, PHRASE_TABLES, FindingType, Level, Severity, table

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cascade"
WEAKENED_KEY = ROOT / "tests" / "keys" / "binhdinh-snn-mutated-weakened"

# Modules of other layers that still define their own words for a vocabulary; each must move to `table(...)` /
# `label(...)`. An entry that no longer offends must be removed (test below), so this list only shrinks.
PENDING = {
    "cascade/draft/layout.py",  # KIND_WORDS: "mục" for a directive, the table says "nội dung"
}


@pytest.mark.parametrize("vocab", list(LABEL_TABLES), ids=lambda v: v.__name__)
def test_every_value_has_a_label_and_every_label_a_value(vocab) -> None:
    words = table(LABEL_TABLES[vocab])
    values = {m.value for m in vocab}
    assert values - set(words) == set(), f"labels.yaml: {LABEL_TABLES[vocab]} lacks a word for these values"
    assert set(words) - values == set(), f"labels.yaml: {LABEL_TABLES[vocab]} names values {vocab.__name__} lacks"
    assert all(isinstance(w, str) and w.strip() for w in words.values())


@pytest.mark.parametrize("name", list(PHRASE_TABLES))
def test_phrase_tables_cover_their_vocabulary(name: str) -> None:
    assert set(table(name)) == {m.value for m in PHRASE_TABLES[name]}


def test_the_forms_level_choices_are_levels() -> None:
    assert set(table("level_choices")) <= {m.value for m in Level} and len(table("level_choices")) == 4


def test_the_model_tuples_are_the_vocabulary_in_order() -> None:
    """The JSON orders findings and `counts.by_type` by FINDING_TYPES: the contract's eight first, as before."""
    from cascade.model import FINDING_TYPES, KINDS, LEVELS, SEVERITIES

    assert FINDING_TYPES[:8] == ("missing", "weakened_target", "weakened_deadline", "weakened_wording", "narrowed",
                                 "renumbered", "moved", "added")
    assert FINDING_TYPES[8:] == tuple(sorted(FINDING_TYPES[8:]))
    assert SEVERITIES == ("error", "warning", "info") and KINDS == ("task", "indicator", "directive")
    assert LEVELS == ("chinh_phu", "tinh", "so", "huyen", "phong", "xa")
    assert all(type(v) is str for v in FINDING_TYPES + SEVERITIES + KINDS + LEVELS)  # plain strings for YAML/JSON


def test_findings_make_only_declared_types() -> None:
    """Every finding findings.py makes names its type as a FindingType member (no string a typo could slip in)."""
    tree = ast.parse((PACKAGE / "audit" / "findings.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_make"]
    assert len(calls) >= 10
    for call in calls:
        arg = call.args[1]
        assert isinstance(arg, ast.Attribute) and getattr(arg.value, "id", None) == "FindingType", ast.unparse(call)
        assert arg.attr in FindingType.__members__, ast.unparse(call)


def test_every_emitted_type_is_declared_and_labelled(real: dict) -> None:
    """On the real Bình Định pair and a mutated key: every finding, count and point uses a declared, labelled type
    and severity."""
    from cascade.audit import audit_files

    key = yaml.safe_load((WEAKENED_KEY / "key.yaml").read_text(encoding="utf-8"))
    mutated = audit_files(WEAKENED_KEY / key["parent"], WEAKENED_KEY / key["child"]).to_dict()
    types_words, sev_words = table("finding_types"), table("severities")
    seen: set[str] = set()
    for audit in (real, mutated):
        s = audit["summary"]
        types = [f["type"] for f in audit["findings"]] + list(s["counts"]["by_type"]) + [p["type"] for p in s["points"]]
        seen.update(types)
        assert set(types) <= {m.value for m in FindingType} and set(types) <= set(types_words)
        assert {f["severity"] for f in audit["findings"]} <= set(sev_words)
        assert s["verdict_label"] == table("verdicts")[s["verdict"]]
    assert {"missing", "weakened_target", "added"} <= seen  # the audits did produce findings


def test_one_severity_source() -> None:
    """The severities are in rules/severity.yaml only: applicability.yaml no longer has its own table."""
    assert "severity" not in load_rules("applicability")
    assert [severity("missing", s) for s in ("required", "advisory", "not_applicable")] == ["error", "warning", "info"]
    assert severity("weakened_wording", "advisory") == "info" and severity("level_target", "required") == "info"


@pytest.mark.parametrize(("data", "key"), [
    ({"missng": {"required": "error"}}, "missng"),
    ({"missing": {"requried": "error"}}, "missing.requried"),
    ({"missing": {"required": "fatal"}}, "missing.required"),
    ({"missing": "error"}, "missing"),
])
def test_a_bad_severity_file_names_the_file_and_key(data: dict, key: str) -> None:
    with pytest.raises(CascadeError) as exc:
        validate(data)
    assert "severity.yaml" in exc.value.message_vi and f"“{key}”" in exc.value.message_vi
    assert exc.value.code == "rules"


def test_severity_null_means_no_finding() -> None:
    assert validate({"added": {"required": None}}) == {"added": {"required": None}}


def test_the_score_rules_are_data_and_the_method_says_them() -> None:
    rules = scoring()
    assert rules.penalties == {"error": 1.0, "warning": 0.5, "info": 0.0} and rules.max_per_item == 1.0
    assert rules.method == (
        "Điểm = 100 × (số nội dung cấp trên áp dụng cho đơn vị − khấu trừ) / (số nội dung áp dụng); "
        "mỗi nội dung có lỗi trừ 1, có cảnh báo trừ 0,5, tối đa trừ 1 cho mỗi nội dung; "
        "nội dung không áp dụng và tiêu đề nhóm không tính.")
    data = yaml.safe_load((rules_dir() / "scoring.yaml").read_text(encoding="utf-8"))
    data["penalties"]["warning"] = 0.25
    assert "có cảnh báo trừ 0,25" in validate_scoring(RulePack("scoring", data)).method


@pytest.mark.parametrize(("change", "key"), [
    (lambda d: d.pop("penalties"), "penalties"),
    (lambda d: d["penalties"].pop("info"), "penalties.info"),
    (lambda d: d["penalties"].update(error="một"), "penalties.error"),
    (lambda d: d.update(max_per_item=-1), "max_per_item"),
    (lambda d: d.update(method="trừ {loi}"), "method"),
])
def test_a_bad_scoring_file_names_the_file_and_key(change, key: str) -> None:
    data = yaml.safe_load((rules_dir() / "scoring.yaml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(CascadeError) as exc:
        validate_scoring(RulePack("scoring", data))
    assert "scoring.yaml" in exc.value.message_vi and f"“{key}”" in exc.value.message_vi


@pytest.fixture
def province_rules(tmp_path, monkeypatch):
    """A copy of the rules directory, used through CASCADE_RULES_DIR (caches cleared before and after)."""
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    monkeypatch.setenv("CASCADE_RULES_DIR", str(rules))
    load_rules.cache_clear()
    yield rules
    monkeypatch.delenv("CASCADE_RULES_DIR")
    load_rules.cache_clear()


def test_a_provinces_rules_are_read_on_first_use(province_rules: Path) -> None:
    """The packs are read when first used, from the rules directory in force: a province's own penalties and
    severities apply, and its broken file is named."""
    scoring_file = province_rules / "scoring.yaml"
    scoring_file.write_text(scoring_file.read_text(encoding="utf-8").replace("warning: 0.5", "warning: 0.25"),
                            encoding="utf-8")
    sev_file = province_rules / "severity.yaml"
    sev_file.write_text(sev_file.read_text(encoding="utf-8").replace(
        "weakened_wording:\n  required: warning", "weakened_wording:\n  required: error"), encoding="utf-8")
    assert scoring().penalties["warning"] == 0.25
    assert severity("weakened_wording", "required") == "error"
    sev_file.write_text("missing:\n  required: nguy_hiem\n", encoding="utf-8")
    load_rules.cache_clear()
    with pytest.raises(CascadeError, match="severity.yaml.*“missing.required”"):
        severity("missing", "required")


# ---------------------------------------------------------------- no label dict outside the label table

def _label_dicts(path: Path) -> list[tuple[int, str]]:
    """Dict literals of `path` mapping two or more values of one vocabulary to Vietnamese words (a redefinition
    of a label table). Maps to numbers, colours or symbols are not labels and are not reported."""
    vocabularies = {name: {m.value for m in vocab} for vocab, name in LABEL_TABLES.items()}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Dict) or len(node.keys) < 2:
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        words = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        if len(keys) < len(node.keys) or len(words) < len(node.values):
            continue
        if not any(ch.isalpha() and ord(ch) > 127 for w in words for ch in w):  # Vietnamese: letters with diacritics
            continue
        found += [(node.lineno, name) for name, values in vocabularies.items() if set(keys) <= values]
    return found


def _offenders() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        hits = _label_dicts(path)
        if hits:
            out[path.relative_to(ROOT).as_posix()] = hits
    return out


def test_no_module_defines_its_own_labels_for_the_vocabulary() -> None:
    """Display words come from labels.yaml only (through cascade.vocab.label / table)."""
    offenders = {f: hits for f, hits in _offenders().items() if f not in PENDING}
    assert offenders == {}, "read these words from the label table instead: " + repr(offenders)


def test_the_pending_list_only_shrinks() -> None:
    fixed = PENDING - set(_offenders())
    assert fixed == set(), f"remove from PENDING, they no longer redefine labels: {sorted(fixed)}"


def test_the_scan_sees_a_redefinition(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('WORDS = {"error": "Lỗi", "warning": "Cảnh báo"}\nFILL = {"error": "FDECEA", "info": "x"}\nSYMBOL = {"carried": "✓", "missing": "✗"}\n',
                   encoding="utf-8")
    assert _label_dicts(bad) == [(1, "severities")]
    assert Severity.ERROR == "error"  # a member is its JSON string
