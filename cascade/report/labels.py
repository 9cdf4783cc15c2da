"""The one table of Vietnamese display words (data in templates/labels.yaml; a province may override the file).

Every output an official reads takes its words from here — the report, workbook, CSV and letter, the terminal
(`cascade parse`, `trace`, `graph`, `batch`), the batch dashboard and summary.xlsx, the web app — so they never
disagree ("Chỉ tiêu cần xem lại" everywhere) and no machine value (`so`, `error`, `chi_dao_dieu_hanh`, an ISO
date) reaches an official. The machine values themselves are declared in cascade.vocab, which also reads the table
(`label`, `table`, `unknown`, `level_name`, `level_phrase`, re-exported here) so that layers below the report use the
same words; this module adds a province's overrides (`labels(template_dir)`) and the formatting helpers.

    label("levels", "so")          # "Cấp sở"
    level_phrase("so")             # "cấp sở"  (inside a sentence)
    format_date("2023-12-29")      # "29/12/2023";  format_date(None) → "chưa ghi ngày"
    area_name("the_che")           # "Cải cách thể chế"
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# The table itself and its plain look-ups live in the bottom layer (cascade.vocab), so the model and the audit read
# the same words without importing the report; re-exported here for the outputs.
from cascade.vocab import LABELS_FILE, label, level_name, level_phrase, load_label_file, table, unknown

__all__ = ["TEMPLATES", "area_name", "area_names", "format_date", "label", "labels", "level_name", "level_phrase",
           "shorten", "table", "unknown", "yes_no"]

TEMPLATES = LABELS_FILE.parent


def labels(template_dir: str | Path | None = None) -> dict[str, Any]:
    """The label tables, the province's file (if any) overriding the package's per table entry."""
    merged = {k: dict(v) for k, v in load_label_file(str(LABELS_FILE)).items()}
    if template_dir is not None and (Path(template_dir) / "labels.yaml").is_file():
        for name, entries in load_label_file(str(Path(template_dir) / "labels.yaml")).items():
            merged.setdefault(name, {}).update(entries or {})
    return merged


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
