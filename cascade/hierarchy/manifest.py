"""Manifests: a YAML or CSV list of plan files with agency, level and parent, and the agencies expected.

YAML::

    province: Bình Định
    year: 2024
    plans:
      - {file: tinh-4935-QD-UBND.txt, level: tinh}
      - {file: so-nnptnt-KH-SNN.txt, agency: "Sở Nông nghiệp và Phát triển nông thôn", level: so,
         parent: tinh-4935-QD-UBND.txt}
    expected:
      - {agency: "Sở Tư pháp", level: so}

CSV: columns `file, agency, level, parent`; a row with an empty `file` is an agency expected to have a plan.
`parent` is the parent's file (as written in the manifest) or its document number ("4935/QĐ-UBND").
Paths are relative to the manifest's folder.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cascade.errors import CascadeError
from cascade.model import LEVELS

MANIFEST_SUFFIXES = (".yaml", ".yml", ".csv")


@dataclass
class ManifestEntry:
    """One plan of a manifest; empty fields are read from the plan itself."""

    file: str  # absolute path
    agency: str | None = None
    level: str | None = None
    parent: str | None = None  # absolute path of the parent file, or a document number


@dataclass
class Manifest:
    path: str
    entries: list[ManifestEntry] = field(default_factory=list)
    expected: list[tuple[str, str | None]] = field(default_factory=list)  # (agency, level)
    province: str | None = None
    year: int | None = None


def _error(path: Path, what: str) -> CascadeError:
    return CascadeError(f"Tệp danh sách kế hoạch “{path.name}” không đúng: {what}.",
                        f"bad manifest {path}: {what}", str(path), "manifest")


def _clean(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _entry(base: Path, row: dict, path: Path) -> ManifestEntry:
    file = _clean(row.get("file"))
    level = _clean(row.get("level"))
    if level is not None and level not in LEVELS:
        raise _error(path, f"cấp “{level}” không thuộc {', '.join(LEVELS)}")
    parent = _clean(row.get("parent"))
    if parent and (base / parent).exists():
        parent = str((base / parent).resolve())
    return ManifestEntry(str((base / file).resolve()) if file else "", _clean(row.get("agency")), level, parent)


def load_manifest(path: str | Path) -> Manifest:
    """Read a YAML or CSV manifest (CascadeError with a Vietnamese message when it is malformed)."""
    path = Path(path)
    base = path.parent
    try:
        text = path.read_bytes().decode("utf-8-sig")  # newlines kept as written: csv reads quoted line breaks
    except UnicodeDecodeError as exc:  # a CSV saved by Excel in a Windows code page
        raise _error(path, "tệp không ở dạng UTF-8 (hãy lưu lại với bảng mã UTF-8)") from exc
    except OSError as exc:
        raise _error(path, f"không đọc được tệp ({exc.strerror or exc})") from exc
    if path.suffix.lower() == ".csv":
        try:
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            raise _error(path, f"CSV không hợp lệ ({exc})") from exc
        if rows and "file" not in rows[0]:
            raise _error(path, "thiếu cột “file”")
        data: dict = {"plans": [r for r in rows if _clean(r.get("file"))],
                      "expected": [r for r in rows if not _clean(r.get("file"))]}
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise _error(path, f"YAML không hợp lệ ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("plans", []), list):
            raise _error(path, "cần khóa “plans” là một danh sách")
    man = Manifest(str(path), province=_clean(data.get("province")),
                   year=int(data["year"]) if data.get("year") else None)
    for row in data.get("plans") or []:
        entry = _entry(base, row, path)
        if not entry.file:
            raise _error(path, "một dòng trong “plans” thiếu “file”")
        if not Path(entry.file).is_file():
            raise _error(path, f"không tìm thấy tệp “{row.get('file')}”")
        man.entries.append(entry)
    for row in data.get("expected") or []:
        agency = _clean(row.get("agency"))
        if agency:
            man.expected.append((agency, _clean(row.get("level"))))
    return man


def is_manifest(path: str | Path) -> bool:
    """Whether a path names a manifest file (rather than a plan folder)."""
    p = Path(path)
    return p.is_file() and p.suffix.lower() in MANIFEST_SUFFIXES
