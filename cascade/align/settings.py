"""The matcher's weights and thresholds, read from `rules/matching.yaml` (numbers as data, not code).

`settings()` is what the scoring, assignment and relatedness code calls: the defaults from the rule file, with
the file named by `CASCADE_MATCHING` merged over them when that variable is set (experiments and calibration:
`benchmarks/calibrate.py --settings FILE`). Both are read once per process and override path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cascade.errors import CascadeError
from cascade.rules import load_rules

ENV_VAR = "CASCADE_MATCHING"
RULE_FILE = "matching"


def _in(section: str) -> Any:
    """A field read from `section:` of the YAML file."""
    return field(metadata={"section": section})


@dataclass(frozen=True)
class MatchSettings:
    """Every number the matcher uses; see rules/matching.yaml for what each does and why it has its value."""

    # scoring: weights of the combined pair score and the floors below which a pair scores 0
    w_text: float = _in("scoring")
    w_section: float = _in("scoring")
    w_product: float = _in("scoring")
    w_order: float = _in("scoring")
    w_label: float = _in("scoring")
    w_form: float = _in("scoring")
    anchor_floor: float = _in("scoring")
    group_mismatch_penalty: float = _in("scoring")
    text_floor: float = _in("scoring")
    distinctive_min: float = _in("scoring")
    activity_weight: float = _in("scoring")
    activity_text_floor: float = _in("scoring")
    # assign: when a pair becomes a link, and when a second (split/merge) link is allowed
    link_threshold: float = _in("assign")
    extra_threshold: float = _in("assign")
    extra_containment: float = _in("assign")
    clear_margin: float = _in("assign")
    fully_carried: float = _in("assign")
    cross_kind_threshold: float = _in("assign")
    restatement_text: float = _in("assign")
    # relatedness: whether two plans belong together at all
    strong_text: float = _in("relatedness")
    full_share: float = _in("relatedness")
    related_min: float = _in("relatedness")
    year_mismatch_factor: float = _in("relatedness")


def _layout() -> dict[str, list[str]]:
    """Section → names of its values, in the order of the dataclass."""
    out: dict[str, list[str]] = {}
    for f in fields(MatchSettings):
        out.setdefault(f.metadata["section"], []).append(f.name)
    return out


def _error(message_vi: str, detail_en: str, source: str) -> CascadeError:
    return CascadeError(message_vi, detail_en=detail_en, path=source, code="rules")


def _merge(into: dict[str, dict[str, Any]], data: Any, source: str) -> None:
    """Copy the values of one file into `into` (section → name → value), refusing names the matcher lacks."""
    if data is None:
        return
    layout = _layout()
    if not isinstance(data, dict):
        raise _error(f"Tệp {source} phải là một bảng các mục scoring/assign/relatedness",
                     f"{source}: expected a mapping of sections {sorted(layout)}", source)
    for section, values in data.items():
        if section not in layout:
            raise _error(f"Tệp {source}: không có nhóm tham số '{section}'",
                         f"{source}: unknown section {section!r}; known sections: {', '.join(layout)}", source)
        if values is None:
            continue
        if not isinstance(values, dict):
            raise _error(f"Tệp {source}: nhóm '{section}' phải là một bảng tên: giá trị",
                         f"{source}: section {section!r} must be a mapping", source)
        for name, value in values.items():
            if name not in layout[section]:
                raise _error(f"Tệp {source}: không có tham số '{section}.{name}'",
                             f"{source}: unknown setting {section}.{name}; known in {section}: "
                             f"{', '.join(layout[section])}", source)
            # bool is an int in Python, but `true` for a weight is surely a mistake
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise _error(f"Tệp {source}: tham số '{section}.{name}' phải là một số từ 0 đến 1",
                             f"{source}: {section}.{name} must be a number between 0 and 1, got {value!r}", source)
            into.setdefault(section, {})[name] = float(value)


def _read_override(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except OSError as exc:
        raise _error(f"Không đọc được tệp tham số so khớp {path}", f"{ENV_VAR} file unreadable: {exc}",
                     str(path)) from exc
    except yaml.YAMLError as exc:
        raise _error(f"Tệp tham số so khớp {path} không đúng định dạng YAML",
                     f"invalid YAML in {path}: {exc}", str(path)) from exc


def load_settings(override: str | Path | None = None) -> MatchSettings:
    """The defaults of rules/matching.yaml with `override` (a YAML file of the same shape) merged over them."""
    values: dict[str, dict[str, Any]] = {}
    _merge(values, load_rules(RULE_FILE), f"{RULE_FILE}.yaml")
    if override:
        _merge(values, _read_override(Path(override)), str(override))
    kwargs: dict[str, float] = {}
    for section, names in _layout().items():
        for name in names:
            if name not in values.get(section, {}):
                raise _error(f"Tệp {RULE_FILE}.yaml thiếu tham số '{section}.{name}'",
                             f"{RULE_FILE}.yaml lacks {section}.{name}", f"{RULE_FILE}.yaml")
            kwargs[name] = values[section][name]
    return MatchSettings(**kwargs)


@cache
def _cached(override: str | None) -> MatchSettings:
    return load_settings(override)


def settings() -> MatchSettings:
    """The settings in force: rules/matching.yaml, with the file in $CASCADE_MATCHING merged over it if set.

    Cached per override path, so callers may call it on every use (a dict look-up after the first call).
    """
    return _cached(os.environ.get(ENV_VAR) or None)
