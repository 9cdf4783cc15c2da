"""Uploaded files: streamed in chunks into a per-request temporary directory, counted and checked as they land."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from fastapi import UploadFile

from cascade.web.errors import WebError

CHUNK = 256 * 1024
ZIP_MAGIC = b"PK\x03\x04"


def safe_name(filename: str | None, fallback: str) -> str:
    """The user's file name without any directory part, safe to create in our temp dir (kept for messages)."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "_", name).strip(" .")
    if len(name.encode("utf-8")) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:60] + dot + ext[:10]) if dot else name[:60]
    return name or fallback


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


async def save_upload(upload: UploadFile, directory: Path, max_bytes: int, fallback: str) -> Path:
    """Copy the upload to `directory`, refusing (413) as soon as it passes `max_bytes`; return the file's path."""
    path = directory / safe_name(upload.filename, fallback)
    if path.exists():  # parent and child uploaded under the same name
        path = directory / f"2-{path.name}"
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise WebError(413, f"Tệp “{path.name}” quá lớn (tối đa {_mb(max_bytes)}).",
                               f"upload {path.name} passed {max_bytes} bytes")
            out.write(chunk)
    return path


def check_archive(path: Path, max_uncompressed: int) -> None:
    """Refuse a .docx (zip) whose members would inflate beyond `max_uncompressed` (zip bomb), before any reader."""
    with path.open("rb") as f:
        if f.read(4) != ZIP_MAGIC:
            return
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader explains a broken archive in its own words
    if total > max_uncompressed:
        raise WebError(413, f"Không đọc được tệp “{path.name}”: tệp Word giải nén ra quá lớn "
                            f"({_mb(total)}, tối đa {_mb(max_uncompressed)}).",
                       f"{path.name}: uncompressed {total} > {max_uncompressed}")
