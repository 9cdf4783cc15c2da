"""Builders of the catalogue's odd inputs: each writes one file into a temporary folder and returns its path.

Derived from the real seeds where possible (a Sở plan relabelled to another province or year, a Sở plan cut
before its task table), so the odd input differs from a real one in exactly the way it is meant to.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNN_CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"

Builder = Callable[[Path], Path]
BUILDERS: dict[str, Builder] = {}


def builder(fn: Builder) -> Builder:
    """Register a builder under its function name (the name the catalogue's `build:` field uses)."""
    BUILDERS[fn.__name__] = fn
    return fn


@builder
def empty_file(tmp: Path) -> Path:
    f = tmp / "rong.txt"
    f.write_bytes(b"")
    return f


@builder
def binary_junk(tmp: Path) -> Path:
    f = tmp / "rac.txt"
    f.write_bytes(random.Random(7).randbytes(4096))
    return f


@builder
def docx_not_a_zip(tmp: Path) -> Path:
    f = tmp / "ke-hoach.docx"
    f.write_text("Kế hoạch cải cách hành chính năm 2024 (chép ra từ trang web, đặt nhầm đuôi .docx)", encoding="utf-8")
    return f


@builder
def docx_broken_zip(tmp: Path) -> Path:
    f = tmp / "hong.docx"
    f.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(600))
    return f


@builder
def office_file_not_word(tmp: Path) -> Path:
    f = tmp / "cu.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(7).randbytes(600).replace(b"W", b"w"))
    return f


@builder
def textless_pdf(tmp: Path) -> Path:
    from fixtures_build import build_blank_pdf

    return build_blank_pdf(tmp / "ban-quet.pdf")


@builder
def encrypted_pdf(tmp: Path) -> Path:
    from fixtures_build import build_encrypted_pdf

    return build_encrypted_pdf(tmp / "mat-khau.pdf")


@builder
def oversized_text(tmp: Path) -> Path:
    f = tmp / "qua-lon.txt"
    with f.open("wb") as fh:
        fh.write("Kế hoạch cải cách hành chính năm 2024\n".encode())
        fh.truncate(21 * 1024 * 1024)  # sparse: 21 MB on paper, nothing written
    return f


@builder
def child_other_province(tmp: Path) -> Path:
    f = tmp / "so-nnptnt-gia-lai.txt"
    f.write_text(SNN_CHILD.read_text(encoding="utf-8").replace("Bình Định", "Gia Lai"), encoding="utf-8")
    return f


@builder
def child_other_year(tmp: Path) -> Path:
    f = tmp / "so-nnptnt-2025.txt"
    f.write_text(SNN_CHILD.read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8")
    return f


@builder
def child_without_task_table(tmp: Path) -> Path:
    text = SNN_CHILD.read_text(encoding="utf-8")
    f = tmp / "so-nnptnt-khong-bang-nhiem-vu.txt"
    f.write_text(text[: text.index("PHỤ LỤC II")], encoding="utf-8")
    return f
