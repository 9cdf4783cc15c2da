"""benchmarks/calibrate.py: one row per key found, the --settings override shows in the scores, --compare shows
deltas, and a key whose pair cannot be read is an error row rather than a crash."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cascade.align.settings import ENV_VAR
from cascade.evaluate import SUMMARY_METRICS

ROOT = Path(__file__).resolve().parents[1]
TEST_KEYS = ROOT / "tests" / "keys"
SMALL_KEY = TEST_KEYS / "binhdinh-snn-mutated-deleted" / "key.yaml"


@pytest.fixture(scope="module")
def cal() -> ModuleType:
    """benchmarks/calibrate.py as a module (benchmarks/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("calibrate", ROOT / "benchmarks" / "calibrate.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is being made
    spec.loader.exec_module(module)
    return module


def _broken_key(tmp_path: Path) -> Path:
    """A key whose parent file is empty: the audit cannot read it."""
    folder = tmp_path / "broken-pair"
    folder.mkdir()
    (folder / "parent.txt").write_text("", encoding="utf-8")
    (folder / "child.txt").write_text((SMALL_KEY.parent / "child.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "key.yaml").write_text("case: broken-pair\nparent: parent.txt\nchild: child.txt\nlinks: []\n",
                                     encoding="utf-8")
    return folder / "key.yaml"


def test_finds_the_dev_keys_and_the_test_keys(cal):
    found = cal.find_keys()
    assert set(sorted(TEST_KEYS.glob("*/key.yaml"))) <= set(found)
    shared = ROOT.parent / "shared" / "eval"
    assert set(shared.glob("*/key.yaml")) <= set(found)


def test_table_has_a_row_per_key_found(cal, score_module):
    keys = cal.find_keys((TEST_KEYS,))
    assert keys, "tests/keys holds keys"
    rows = cal.run(keys)
    assert [r.name for r in rows] == [k.parent.name for k in keys]
    assert all(r.error is None for r in rows), [r.error for r in rows]
    assert all(set(r.scores) == set(SUMMARY_METRICS) for r in rows)
    assert all(set(r.counts) == {"errors", "warnings", "infos", "missing"} for r in rows)
    lines = cal.format_table(rows).splitlines()
    for key in keys:
        assert sum(line.startswith(key.parent.name + " ") for line in lines) == 1
    mean_line = next(line for line in lines if line.startswith("MEAN"))
    assert len(mean_line.split()) == 1 + len(SUMMARY_METRICS)


def test_settings_override_changes_a_threshold_and_shows(cal, score_module, tmp_path: Path, capsys):
    before = tmp_path / "before.json"
    assert cal.main(["--key", str(SMALL_KEY), "--json", str(before)]) == 0
    baseline = json.loads(before.read_text(encoding="utf-8"))
    assert baseline["rows"][0]["scores"]["link_f1"] == 1.0
    capsys.readouterr()

    strict = tmp_path / "strict.yaml"
    strict.write_text("assign:\n  link_threshold: 0.99\n", encoding="utf-8")  # almost nothing links
    after = tmp_path / "after.json"
    assert cal.main(["--key", str(SMALL_KEY), "--settings", str(strict), "--compare", str(before),
                     "--json", str(after)]) == 0
    out = capsys.readouterr().out
    row = json.loads(after.read_text(encoding="utf-8"))["rows"][0]
    assert row["scores"]["link_f1"] < 0.5
    assert row["counts"]["missing"] > baseline["rows"][0]["counts"]["missing"]
    line = next(line for line in out.splitlines() if line.startswith(SMALL_KEY.parent.name))
    assert f"{row['scores']['link_f1']:.2f}({row['scores']['link_f1'] - 1.0:+.2f})" in line
    assert str(strict) in out
    assert ENV_VAR not in os.environ  # the override ends with the run


def test_bad_settings_file_is_one_clear_error(cal, tmp_path: Path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("assign:\n  link_treshold: 0.6\n", encoding="utf-8")
    assert cal.main(["--key", str(SMALL_KEY), "--settings", str(bad)]) == 2
    assert "link_treshold" in capsys.readouterr().err


def test_broken_key_is_an_error_row(cal, score_module, tmp_path: Path, capsys):
    broken = _broken_key(tmp_path)
    out_json = tmp_path / "table.json"
    assert cal.main(["--key", str(broken), "--key", str(SMALL_KEY), "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("broken-pair"))
    assert "ERROR" in line and "parent.txt" in line
    rows = {r["key"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))["rows"]}
    assert rows["broken-pair"]["error"] and rows["broken-pair"]["scores"] == {}
    assert rows[SMALL_KEY.parent.name]["error"] is None  # the other key is still scored, and makes the mean
    assert json.loads(out_json.read_text(encoding="utf-8"))["mean"] == rows[SMALL_KEY.parent.name]["scores"]


def test_explain_diagnoses_one_key(cal, score_module, tmp_path: Path, capsys):
    strict = tmp_path / "strict.yaml"
    strict.write_text("assign:\n  link_threshold: 0.99\n", encoding="utf-8")
    assert cal.main(["--key", str(SMALL_KEY), "--settings", str(strict), "--explain", SMALL_KEY.parent.name]) == 0
    out = capsys.readouterr().out
    assert "-- key links the audit missed" in out and "-- missing items" in out
    missed = out.split("-- key links the audit missed")[1].split("-- wrong links")[0]
    assert "P=['" in missed  # the missed links are listed item by item
    assert cal.main(["--key", str(SMALL_KEY), "--explain", "no-such-key"]) == 2
