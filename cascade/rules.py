"""Loading of the rule files (`rules/<name>.yaml`): vocabularies and patterns kept as data, not code."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cascade.errors import CascadeError

_PACKAGE_DIR = Path(__file__).resolve().parent
# libyaml's C loader reads the rule packs about ten times faster than the pure-Python one (start-up time of
# every command); both are safe loaders.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def rules_dir() -> Path:
    """The directory holding the rule files.

    `CASCADE_RULES_DIR` wins (tests, site overrides); then `<package parent>/rules` (a checkout or an editable
    install); then `cascade/rules` (rules shipped inside an installed package).
    """
    env = os.environ.get("CASCADE_RULES_DIR")
    candidates = [Path(env)] if env else []
    # a wheel installs the rule packs as data files under <prefix>/share/cascade/rules (pyproject.toml)
    candidates += [_PACKAGE_DIR.parent / "rules", _PACKAGE_DIR / "rules", Path(sys.prefix) / "share/cascade/rules"]
    for cand in candidates:
        if cand.is_dir():
            return cand
    return candidates[-1]


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed `rules/<name>.yaml` (cached: every caller shares one dict, so do not mutate it)."""
    path = rules_dir() / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)
    except FileNotFoundError as exc:
        raise CascadeError(
            f"Không tìm thấy tệp quy tắc {path.name}", detail_en=f"rule file not found: {path}", path=str(path), code="rules"
        ) from exc
    except yaml.YAMLError as exc:
        raise CascadeError(
            f"Tệp quy tắc {path.name} không đúng định dạng YAML", detail_en=f"invalid YAML in {path}: {exc}", path=str(path), code="rules"
        ) from exc
    return data or {}
