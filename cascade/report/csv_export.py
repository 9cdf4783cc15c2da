"""CSV files (UTF-8 with BOM so Excel shows the diacritics) and the audit JSON itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from cascade.outputs import atomic_output, inert_text, write_text_atomic
from cascade.report.frames import alignment_frame, coverage_frame, findings_frame, summary_frame
from cascade.report.view import build_view

CSV_FILES = ("summary.csv", "coverage.csv", "findings.csv", "alignment.csv")


def write_csv(audit: dict[str, Any], directory: str | Path) -> list[Path]:
    """Write summary.csv, coverage.csv, findings.csv and alignment.csv into `directory` (created if needed)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    view = build_view(audit)
    frames = (summary_frame(audit, view), coverage_frame(audit, view), findings_frame(audit, view),
              alignment_frame(audit, view))
    paths = []
    for name, frame in zip(CSV_FILES, frames, strict=True):
        path = out / name
        with atomic_output(path) as tmp:
            inert_frame(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
        paths.append(path)
    return paths


def write_json(audit: dict[str, Any], path: str | Path, compact: bool = False) -> None:
    """Write the audit dict as UTF-8 JSON: indented to read, or compact (json's C encoder: batch runs)."""
    text = json.dumps(audit, ensure_ascii=False, separators=(",", ":")) if compact else json.dumps(
        audit, ensure_ascii=False, indent=2)
    write_text_atomic(path, text + "\n")


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell a spreadsheet would run as a formula made plain text (OWASP CSV injection)."""
    return frame.map(inert_text)
