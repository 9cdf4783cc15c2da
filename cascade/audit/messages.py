"""Vietnamese wording of findings: every message names both items and quotes what each document says."""

from __future__ import annotations

from cascade import text as vtext
from cascade.model import Item

KIND_VI = {"task": "nhiệm vụ", "indicator": "chỉ tiêu", "directive": "nội dung"}
# How a plan of each level is named in a sentence ("tỉnh giao 90%, Sở ghi 80%").
LEVEL_SHORT_VI = {
    "chinh_phu": "Chính phủ",
    "tinh": "tỉnh",
    "so": "Sở",
    "huyen": "huyện",
    "phong": "phòng",
    "xa": "xã",
}
QUOTE_WORDS = 12


def side(level: str | None, fallback: str) -> str:
    """The short name of a plan's level, e.g. "tỉnh", "Sở"."""
    return LEVEL_SHORT_VI.get(level or "", fallback)


def quote(s: str | None, n: int = QUOTE_WORDS) -> str:
    """The first words of a text in Vietnamese quotes, with an ellipsis when cut."""
    ws = vtext.nfc(s or "").split()
    body = " ".join(ws[:n]) + ("…" if len(ws) > n else "")
    return f"“{body}”"


def ref(item: Item, capital: bool = False) -> str:
    """"nhiệm vụ 23", "chỉ tiêu 7.2", "nội dung c)" or, without a label, the kind and a quote."""
    kind = KIND_VI.get(item.kind, "mục")
    if capital:
        kind = kind[0].upper() + kind[1:]
    if item.label:
        label = item.label if any(ch.isdigit() for ch in item.label) or len(item.label) > 2 else f"{item.label})"
        return f"{kind} {label}"
    return f"{kind} {quote(item.text, 8)}"


def area_name(key: str | None, names: dict[str, str]) -> str:
    return names.get(key or "", key or "không rõ lĩnh vực")
