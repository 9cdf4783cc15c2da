"""Severity of a finding from its type and the parent item's applicability (`rules/severity.yaml`)."""

from __future__ import annotations

from cascade.rules import load_rules

DEFAULT = "info"


def severity(finding_type: str, status: str) -> str | None:
    """"error" | "warning" | "info", or None when the rules say the finding is not worth reporting."""
    table = load_rules("severity")
    row = table.get(finding_type)
    if row is None:
        return DEFAULT
    return row.get(status, row.get("required", DEFAULT))
