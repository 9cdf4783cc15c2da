"""Vietnamese display words for the report (data in templates/labels.yaml; a province may override the file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def labels(template_dir: str | Path | None = None) -> dict[str, Any]:
    """The label tables, the province's file (if any) overriding the package's per table entry."""
    merged = {k: dict(v) for k, v in _load(str(TEMPLATES / "labels.yaml")).items()}
    if template_dir is not None and (Path(template_dir) / "labels.yaml").is_file():
        for table, entries in _load(str(Path(template_dir) / "labels.yaml")).items():
            merged.setdefault(table, {}).update(entries or {})
    return merged


def area_names() -> dict[str, str]:
    """Reform-area key → Vietnamese name from rules/reform_areas.yaml (empty when the rules are not shipped)."""
    from cascade.rules import load_rules

    return {a["key"]: a["name"] for a in load_rules("reform_areas").get("areas", [])}
