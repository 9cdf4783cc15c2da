"""The matcher's numbers live in rules/matching.yaml: the defaults are the former constants, and an override file
(CASCADE_MATCHING) changes only what it names and refuses names the matcher does not have."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cascade.align.settings import ENV_VAR, MatchSettings, load_settings, settings
from cascade.errors import CascadeError
from cascade.rules import rules_dir

# The calibrated values (benchmarks/calibrate.py on every key): a change here must come with a calibration run.
CALIBRATED = {
    "w_text": 0.78, "w_section": 0.07, "w_product": 0.04, "w_order": 0.04, "w_label": 0.03, "w_form": 0.04,
    "anchor_floor": 0.55, "group_mismatch_penalty": 0.15, "text_floor": 0.50, "distinctive_min": 0.20,
    "activity_weight": 0.95, "activity_text_floor": 0.65,
    "link_threshold": 0.52, "extra_threshold": 0.60, "extra_containment": 0.85, "clear_margin": 0.10,
    "fully_carried": 0.90, "cross_kind_threshold": 0.60, "restatement_text": 0.85,
    "strong_text": 0.80, "full_share": 0.40, "related_min": 0.30, "year_mismatch_factor": 0.5,
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "matching.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_calibrated_values(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    got = dataclasses.asdict(settings())
    assert got == CALIBRATED
    # exact float equality, so every score is computed from the very same numbers as before
    assert all(type(v) is float for v in got.values())


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings().link_threshold = 0.1  # type: ignore[misc]


def test_override_changes_only_what_it_names(tmp_path: Path):
    s = load_settings(_write(tmp_path, "assign:\n  link_threshold: 0.6\nscoring:\n  w_text: 0.7\n"))
    expected = dict(CALIBRATED, link_threshold=0.6, w_text=0.7)
    assert dataclasses.asdict(s) == expected


def test_environment_variable_selects_the_override(tmp_path: Path, monkeypatch):
    path = _write(tmp_path, "relatedness:\n  related_min: 0.5\n")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert settings().related_min == 0.5
    monkeypatch.delenv(ENV_VAR)
    assert settings().related_min == CALIBRATED["related_min"]


@pytest.mark.parametrize("text, words", [
    ("assign:\n  link_treshold: 0.6\n", ["assign.link_treshold", "link_threshold"]),  # a typo names the right one
    ("assignment:\n  link_threshold: 0.6\n", ["assignment", "scoring"]),
    ("assign:\n  link_threshold: high\n", ["assign.link_threshold", "between 0 and 1"]),
    ("assign:\n  link_threshold: 1.5\n", ["assign.link_threshold", "between 0 and 1"]),
    ("- 0.6\n", ["mapping"]),
])
def test_bad_override_is_a_clear_error(tmp_path: Path, text: str, words: list[str]):
    path = _write(tmp_path, text)
    with pytest.raises(CascadeError) as err:
        load_settings(path)
    assert all(w in err.value.detail_en for w in words), err.value.detail_en
    assert str(path) in err.value.detail_en
    assert err.value.message_vi  # shown to the user in Vietnamese


def test_unreadable_override_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CascadeError, match="tham số so khớp"):
        load_settings(tmp_path / "absent.yaml")
    with pytest.raises(CascadeError, match="YAML"):
        load_settings(_write(tmp_path, "assign: [unclosed\n"))


def test_every_setting_is_in_the_rule_file_and_commented():
    """Each value of rules/matching.yaml has a comment saying what it does (the file is the documentation)."""
    path = rules_dir() / "matching.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert ENV_VAR in "\n".join(lines[:20])  # the header documents the override
    for f in dataclasses.fields(MatchSettings):
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{f.name}:"))
        assert lines[at - 1].strip().startswith("#"), f"{f.name} has no comment above it"
