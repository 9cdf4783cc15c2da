"""Severity of a finding from its type and the parent item's applicability: `rules/severity.yaml`, the one source.

The file maps each finding type to a severity per applicability status (`null`: no finding at all). It is read and
checked on first use, not at import (a batch or the service may point `CASCADE_RULES_DIR` at a province's rules):
an unknown finding type, status or severity is refused with a Vietnamese error naming the file and the key.
"""

from __future__ import annotations

from cascade.errors import CascadeError
from cascade.rules import load_rules, rule_key_error, rules_dir
from cascade.vocab import ApplicabilityStatus, FindingType, Severity

FILE = "severity.yaml"
DEFAULT = Severity.INFO
SeverityTable = dict[str, dict[str, str | None]]
_TYPES = tuple(t.value for t in FindingType)
_STATUSES = tuple(s.value for s in ApplicabilityStatus)
_SEVERITIES = tuple(s.value for s in Severity)

# Validated tables by the identity of the parsed file (load_rules shares one dict per file), so the per-finding
# look-up does not re-check the file and a reloaded rules directory is checked again.
_CHECKED: dict[int, tuple[object, SeverityTable]] = {}


def _bad_value(key: str, value: object, allowed: list[str]) -> CascadeError:
    choices = ", ".join(allowed)
    return CascadeError(
        f"Tệp quy tắc {FILE}: khóa “{key}” có giá trị “{value}” không hợp lệ (cần một trong: {choices}).",
        detail_en=f"rule file {FILE}: key '{key}' is '{value}', expected one of {choices}",
        path=str(rules_dir() / FILE), code="rules",
    )


def validate(data: object) -> SeverityTable:
    """The severity table of `data` (the parsed file), every key and value checked against the vocabulary."""
    if not isinstance(data, dict):
        raise rule_key_error(FILE, "(gốc)", "mapping", data)
    table: SeverityTable = {}
    for ftype, row in data.items():
        if ftype not in _TYPES:
            raise _bad_value(str(ftype), ftype, list(_TYPES))
        if not isinstance(row, dict):
            raise rule_key_error(FILE, str(ftype), "mapping", row)
        checked: dict[str, str | None] = {}
        for status, sev in row.items():
            if status not in _STATUSES:
                raise _bad_value(f"{ftype}.{status}", status, list(_STATUSES))
            if sev is not None and sev not in _SEVERITIES:
                raise _bad_value(f"{ftype}.{status}", sev, [*_SEVERITIES, "null"])
            checked[status] = sev
        table[ftype] = checked
    return table


def severity_table() -> SeverityTable:
    """The checked `rules/severity.yaml` of the current rules directory."""
    data = load_rules("severity")
    hit = _CHECKED.get(id(data))
    if hit is None or hit[0] is not data:
        hit = (data, validate(data))
        _CHECKED[id(data)] = hit
    return hit[1]


def severity(finding_type: str, status: str) -> str | None:
    """"error" | "warning" | "info", or None when the rules say the finding is not worth reporting.

    A type the file does not list is "info"; a status its row does not list takes the row's `required` value.
    """
    row = severity_table().get(finding_type)
    if row is None:
        return DEFAULT.value
    return row.get(status, row.get(ApplicabilityStatus.REQUIRED, DEFAULT.value))
