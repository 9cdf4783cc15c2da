"""The one table of Vietnamese display words (data in templates/labels.yaml; a province may override the file).

Every output an official reads takes its words from here — the report, workbook, CSV and letter, the terminal
(`cascade parse`, `trace`, `graph`, `batch`), the batch dashboard and summary.xlsx, the web app — so they never
disagree ("Chỉ tiêu cần xem lại" everywhere) and no machine value (`so`, `error`, `chi_dao_dieu_hanh`, an ISO
date) reaches an official.

    label("levels", "so")          # "Cấp sở"
    level_phrase("so")             # "cấp sở"  (inside a sentence)
    format_date("2023-12-29")      # "29/12/2023";  format_date(None) → "chưa ghi ngày"
    area_name("the_che")           # "Cải cách thể chế"
"""

from __future__ import annotations

import re
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


def table(name: str) -> dict[str, str]:
    """One table of the package's labels (a copy: callers may not change the shared data)."""
    return dict(_load(str(TEMPLATES / "labels.yaml")).get(name) or {})


def label(name: str, key: str | None, default: str | None = None) -> str:
    """The display word for `key` in table `name`; `default` (else the table's "unknown" word) when absent.

    Never the key itself: an unknown machine value must not be shown to an official.
    """
    words = _load(str(TEMPLATES / "labels.yaml")).get(name) or {}
    if key is not None and key in words:
        return str(words[key])
    return default if default is not None else unknown("value")


def unknown(what: str) -> str:
    """The words for a value the document does not give: "chưa ghi ngày", "chưa có số", "chưa rõ cấp" …"""
    words = _load(str(TEMPLATES / "labels.yaml")).get("unknown") or {}
    return str(words.get(what) or words.get("value") or "chưa rõ")


def level_name(level: str | None) -> str:
    """"Cấp sở" for `so` (a column value); "chưa rõ cấp" when unknown."""
    return label("levels", level, unknown("level"))


def level_phrase(level: str | None) -> str:
    """"cấp sở" for `so` (inside a sentence); "chưa rõ cấp" when unknown."""
    return label("level_phrases", level, unknown("level"))


def yes_no(value: Any) -> str:
    """"Có" / "Không" for a truth value (Excel would show TRUE / FALSE)."""
    return label("yes_no", "yes" if value else "no")


_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def format_date(value: str | None, missing: str | None = None) -> str:
    """An ISO date as officials write it: "2023-12-29" → "29/12/2023", "2024-03" → "03/2024".

    None or empty → `missing` (default "chưa ghi ngày"); text that is not an ISO date is returned as printed.
    """
    if not value:
        return missing if missing is not None else unknown("date")
    m = _ISO.match(str(value))
    if not m:
        return str(value)
    year, month, day = m.groups()
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"


def area_names() -> dict[str, str]:
    """Reform-area key → Vietnamese name from rules/reform_areas.yaml (empty when the rules are not shipped)."""
    from cascade.rules import load_rules

    return {a["key"]: a["name"] for a in load_rules("reform_areas").get("areas", [])}


def area_name(key: str | None) -> str:
    """The reform area's Vietnamese name ("Cải cách thể chế" for `the_che`); "chưa rõ lĩnh vực" when unknown."""
    return area_names().get(key or "", unknown("area"))


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` characters at a word boundary, with "…" when cut (never mid-word)."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > 0 and (text[width - 1] != " "):  # cut inside a word: back to its start (a lone word is cut)
        cut = cut[:space]
    return cut.rstrip(" ,;:.–-") + "…"
