"""The answer keys under tests/keys/ (and the shared dev key): well-formed, anchored in their plans, and met by the
auditor once the parser and the auditor exist."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import load_score_module
from expectations import expect

from cascade.audit import audit_files
from cascade.parse import parse_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KEYS_DIR = HERE / "keys"
SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared/eval"
DEV_KEY = SHARED_EVAL / "binhdinh-snn-2024/key.yaml"

KINDS = {"task", "indicator", "directive"}
LEVELS = {"chinh_phu", "tinh", "so", "huyen", "phong", "xa"}
FINDINGS = {"renumbered", "moved", "narrowed", "weakened_target", "weakened_deadline", "weakened_wording",
            "level_target"}
EXPECT = {"required", "advisory", "not_applicable"}
THRESHOLDS = {"link_f1": 0.95, "weakened_recall": 0.90, "weakened_precision": 0.90, "missing_recall": 0.95,
              "missing_severity_accuracy": 0.90}
# The real plans each key is built on: its parent.txt (and for the mutated cases nothing else) must stay a
# byte-for-byte copy, so a key never silently drifts away from the seed it describes.
SEED_PARENTS = {
    "gialai-huyen-2024": REPO / "data/gia-lai/2024/tinh-3638-KH-UBND.txt",
    "binhdinh-snn-mutated-deleted": REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt",
    "binhdinh-snn-mutated-weakened": REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt",
    "binhdinh-snn-mutated-softened": REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt",
    "yenbai-huyen-2022": REPO / "data/yen-bai/2022/tinh-271-KH-UBND.txt",
    "binhdinh-snv-2024": REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt",
}


def _key_paths() -> list[Path]:
    paths = sorted(KEYS_DIR.glob("*/key.yaml"))
    if DEV_KEY.is_file():
        paths.append(DEV_KEY)
    return paths


KEY_PATHS = _key_paths()
KEY_IDS = [p.parent.name for p in KEY_PATHS]


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    """score.py's comparison view (NFC, markup and '*' dropped, spaces collapsed, casefolded)."""
    text = unicodedata.normalize("NFC", str(text))
    text = re.sub(r"<[^>]+>", " ", text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _dev_key_snippets() -> set[str]:
    return {s for _, _, s in _snippets(_load(DEV_KEY))} if DEV_KEY.is_file() else set()


def _snippets(key: dict):
    """(side, kind, snippet) for every snippet of the key; side is 'parent' or 'child'."""
    for g in key.get("links") or []:
        yield "parent", g["kind"], g["parent"]
        yield "child", g["kind"], g["child"]
    for m in key.get("missing") or []:
        yield "parent", m["kind"], m["parent"]
    for a in key.get("added") or []:
        yield "child", a["kind"], a["child"]


def test_keys_exist() -> None:
    names = {p.parent.name for p in KEY_PATHS}
    assert {"gialai-huyen-2024", "binhdinh-snn-mutated-deleted", "binhdinh-snn-mutated-weakened",
            "binhdinh-snn-mutated-softened"} <= names


# ---------------------------------------------------------------- (i) form, without the parser


@pytest.mark.parametrize("key_path", KEY_PATHS, ids=KEY_IDS)
def test_key_is_well_formed(key_path: Path) -> None:
    key = _load(key_path)
    assert key["case"] == key_path.parent.name
    assert key["child_level"] in LEVELS and key["parent_level"] in LEVELS
    assert isinstance(key["child_agency"], str) and key["child_agency"]
    for side in ("parent", "child"):
        assert (key_path.parent / key[side]).is_file(), f"{side} file {key[side]} missing"
    assert key.get("links"), "a key without links cannot score link recall"
    for g in key["links"]:
        assert set(g) <= {"kind", "parent", "child", "findings", "note"}, g
        assert g["kind"] in KINDS
        assert set(g.get("findings") or []) <= FINDINGS, g
    for m in key.get("missing") or []:
        assert set(m) <= {"kind", "parent", "expect", "note"}, m
        assert m["kind"] in KINDS and m["expect"] in EXPECT, m
    for a in key.get("added") or []:
        assert set(a) <= {"kind", "child", "note"}, a
        assert a["kind"] in KINDS
    inherited = _dev_key_snippets() if key_path != DEV_KEY else set()
    # Without ../shared beside the checkout, the mutated keys' inherited snippets cannot be told apart.
    derived = "mutated" in key_path.parent.name and not DEV_KEY.is_file()
    for _, _, snippet in _snippets(key):
        assert isinstance(snippet, str)
        assert unicodedata.is_normalized("NFC", snippet), snippet
        if key_path == DEV_KEY or snippet in inherited or derived:
            # the hand-made dev key (read-only) has some longer snippets; mutated keys inherit them unchanged
            assert len(snippet) >= 20, snippet
        else:
            assert 20 <= len(snippet) <= 80, f"snippet length {len(snippet)}: {snippet!r}"


@pytest.mark.parametrize("key_path", KEY_PATHS, ids=KEY_IDS)
def test_key_items_are_listed_once(key_path: Path) -> None:
    """A parent item is either carried or missing, never both, and never listed twice."""
    key = _load(key_path)
    linked = [(g["kind"], g["parent"]) for g in key["links"]]
    missing = [(m["kind"], m["parent"]) for m in key.get("missing") or []]
    assert len(set(missing)) == len(missing)
    assert not set(linked) & set(missing)
    added = [(a["kind"], a["child"]) for a in key.get("added") or []]
    assert not set(added) & {(g["kind"], g["child"]) for g in key["links"]}


def _plain_text(path: Path) -> str:
    """A plan's text as printed: the file itself for .txt, paragraphs and table cells for .docx and .pdf."""
    if path.suffix.lower() == ".txt":
        return path.read_text(encoding="utf-8")
    from cascade.read import read_document

    parts = []
    for block in read_document(path).blocks:
        parts.append(block.text if block.kind == "para" else "\n".join(c for row in block.rows for c in row.cells))
    return "\n".join(parts)


@pytest.mark.parametrize("key_path", KEY_PATHS, ids=KEY_IDS)
def test_snippets_are_verbatim_in_the_plan_text(key_path: Path) -> None:
    key = _load(key_path)
    text = {side: _norm(_plain_text(key_path.parent / key[side])) for side in ("parent", "child")}
    lost = [(side, s) for side, _, s in _snippets(key) if _norm(s) not in text[side]]
    assert not lost


@pytest.mark.parametrize("name", sorted(SEED_PARENTS))
def test_parent_is_a_byte_copy_of_the_seed(name: str) -> None:
    case = KEYS_DIR / name
    assert (case / "parent.txt").read_bytes() == SEED_PARENTS[name].read_bytes()


def test_mutated_cases_match_the_mutation_script(tmp_path: Path) -> None:
    """The committed mutated children and keys are exactly what mutate.py writes now."""
    if not DEV_KEY.is_file():
        pytest.skip(f"dev key not available at {DEV_KEY}")
    spec = importlib.util.spec_from_file_location("cascade_keys_mutate", KEYS_DIR / "mutate.py")
    mutate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mutate  # dataclasses look their module up here while the file executes
    argv = sys.argv
    sys.argv = ["mutate.py", "--out", str(tmp_path)]
    try:
        spec.loader.exec_module(mutate)
        mutate.main()
    finally:
        sys.argv = argv
        del sys.modules[spec.name]
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["binhdinh-snn-mutated-deleted", "binhdinh-snn-mutated-softened", "binhdinh-snn-mutated-weakened"]
    for name in names:
        for f in ("parent.txt", "child.txt", "key.yaml"):
            assert (tmp_path / name / f).read_bytes() == (KEYS_DIR / name / f).read_bytes(), f"{name}/{f} is stale"


def test_mutations_are_what_the_keys_say() -> None:
    """Spot checks on the generated cases: rows really gone, values really lowered, verbs really softened."""
    deleted = (KEYS_DIR / "binhdinh-snn-mutated-deleted/child.txt").read_text(encoding="utf-8")
    assert "Trợ lý ảo" not in deleted and "Kế hoạch 153/KH-UBND" not in deleted
    key = _load(KEYS_DIR / "binhdinh-snn-mutated-deleted/key.yaml")
    expects = [m["expect"] for m in key["missing"] if "mutation" in (m.get("note") or "")]
    assert sorted(expects) == expect("binhdinh-snn-mutated-deleted", "mutation_missing_expect")
    weakened = (KEYS_DIR / "binhdinh-snn-mutated-weakened/child.txt").read_text(encoding="utf-8")
    assert "3.2\tThực hiện số hóa hồ sơ, kết quả giải quyết TTHC\t70%" in weakened
    key = _load(KEYS_DIR / "binhdinh-snn-mutated-weakened/key.yaml")
    by_type = [t for g in key["links"] for t in g.get("findings") or [] if t.startswith("weakened")]
    assert by_type.count("weakened_target") == expect("binhdinh-snn-mutated-weakened", "key_weakened_target")
    assert by_type.count("weakened_deadline") == expect("binhdinh-snn-mutated-weakened", "key_weakened_deadline")
    softened = (KEYS_DIR / "binhdinh-snn-mutated-softened/child.txt").read_text(encoding="utf-8")
    assert "\nXây dựng dự thảo Đề án" not in softened and "15\tXây dựng dự thảo Đề án vị trí việc làm" in softened
    assert softened.count("\n12.1\t") == 1 and not softened.endswith("\n")


# ---------------------------------------------------------------- (ii) snippets resolve in the parsed plans



@pytest.mark.parametrize("key_path", KEY_PATHS, ids=KEY_IDS)
def test_snippets_resolve_to_one_item_of_their_kind(key_path: Path) -> None:
    score = load_score_module()
    key = _load(key_path)
    plans = {side: parse_file(key_path.parent / key[side]).to_dict() for side in ("parent", "child")}
    finders = {side: score.Plan(plan) for side, plan in plans.items()}
    kinds = {side: {it["id"]: it["kind"] for it in plan["items"]} for side, plan in plans.items()}
    inherited = _dev_key_snippets() if key_path != DEV_KEY else set()
    problems = []
    # A link across kinds (a province task carried as a chỉ tiêu) names the child's kind: its parent snippet
    # must then find exactly one item of whatever kind.
    cross = {g["parent"] for g in key["links"]
             if not finders["parent"].find(g["parent"], g["kind"]) & {i for i, k in kinds["parent"].items()
                                                                     if k == g["kind"]}}
    for side, kind, snippet in _snippets(key):
        hits = finders[side].find(snippet, kind)
        got = sorted(kinds[side][i] for i in hits)
        if side == "parent" and snippet in cross and len(got) == 1:
            continue
        # The dev key (read-only) names a few indicators stated both in a table row and in a narrative chỉ tiêu;
        # score.py accepts either, so for its snippets (and the mutated keys' copies) one kind is enough.
        lenient = key_path == DEV_KEY or snippet in inherited
        if not got or set(got) != {kind} or (len(got) != 1 and not lenient):
            problems.append(f"{side} {kind} {snippet!r}: {len(hits)} hits of kinds {got}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- (iii) the auditor meets the bar on every key


# Keys the auditor does not meet yet, with why (measured 2026-11-21). strict=True: once the auditor passes, the
# XPASS fails this test so the entry gets removed and the bar then holds for good.
AUDIT_KNOWN_BELOW: dict[str, str] = {  # key dir → why its audit is known to fall short (strict xfail)
    "binhdinh-snv-2024": "measured 2026-12-04: link_f1 0.87 — look-alike chỉ tiêu rows (7.4 heading, 7.4-4, the "
                         "index-ranking sentence) link to the wrong child row, and a restating bullet keeps the "
                         "3416/QĐ-UBND link; missing_recall 0.94 follows from one of those",
    "yenbai-huyen-2022": "measured 2026-12-04: link_f1 0.89 (a merged row split over two child rows is linked to the "
                         "restating bullet), weakened_precision 0.86 (that split reads as a softened verb), "
                         "missing_severity_accuracy 0.73 (the key labels the lead's supervision of its partners not "
                         "applicable; the auditor keeps them advisory, as the shared keys do for inspections)",
    "yenbai-xa-2022": "measured 2026-12-04: link_f1 0.90 (merged and split prose paragraphs), weakened_recall 0.83 "
                      "(an inline 'định kỳ hằng năm' with no 'Thời gian:' is not read as a deadline), "
                      "missing_severity_accuracy 0.86",
}


def _audit_params() -> list:
    return [pytest.param(p, id=p.parent.name,
                         marks=[pytest.mark.xfail(strict=True, reason=AUDIT_KNOWN_BELOW[p.parent.name])]
                         if p.parent.name in AUDIT_KNOWN_BELOW else [])
            for p in KEY_PATHS]


@pytest.mark.parametrize("key_path", _audit_params())
def test_audit_scores_meet_thresholds(key_path: Path) -> None:
    score = load_score_module()
    key = _load(key_path)
    result = audit_files(str(key_path.parent / key["parent"]), str(key_path.parent / key["child"]))
    audit = result.to_dict()
    assert audit["schema"] == "cascade-audit/1"
    out, problems = score.score(key, audit)
    assert not problems, problems
    below = {name: round(out[name], 3) for name, bar in THRESHOLDS.items() if out[name] < bar}
    assert not below, f"{key['case']}: below threshold {below}; all scores {out}"
