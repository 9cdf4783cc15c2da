"""Alignment: which child item carries which parent item. The pipeline is in `align/pipeline.py`; this package
re-exports its entry points."""

from __future__ import annotations

from cascade.align.pipeline import MAX_ITEMS, Alignment, align, check_size, release_caches, restatements

__all__ = ["MAX_ITEMS", "Alignment", "align", "check_size", "release_caches", "restatements"]
