"""Parsing: a `Document` (paragraphs and tables from any reader) → a `Plan` with its items.

The steps live in named modules (`metadata`, `narrative`, `organisation`, `tables`, `ids`) and are chained in
`cascade.parse.pipeline`; this file only re-exports the entry points.
"""

from __future__ import annotations

from cascade.parse.pipeline import parse_document, parse_file

__all__ = ["parse_document", "parse_file"]
