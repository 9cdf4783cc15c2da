"""Uploaded files: streamed in chunks into a per-request folder of the server's upload area, counted as they land.

The upload area (`Settings.upload_dir`) holds one folder per running server, locked with `flock` for the server's
life. At start-up every folder whose lock is free belongs to a server that died (killed, power cut) and is removed,
so uploads never pile up; so are `/tmp/cascade-web-…` folders an older version left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
import unicodedata
import weakref
from pathlib import Path

from fastapi import UploadFile

from cascade.web.errors import WebError

log = logging.getLogger(__name__)

CHUNK = 256 * 1024
MAX_NAME_BYTES = 120  # well under the 255-byte limit of Linux file systems, with room for a "2-" prefix
MAX_EXT_CHARS = 10
LOCK = ".lock"
STALE_TMP = 3600.0  # an old-style /tmp/cascade-web-… folder untouched this long is a leftover
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _cut_bytes(text: str, max_bytes: int) -> str:
    """`text` shortened to at most `max_bytes` of UTF-8, never splitting a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")


def safe_name(filename: str | None, fallback: str) -> str:
    """The user's file name without any directory part, safe to create in our folder (kept for messages).

    Cut by UTF-8 bytes, not characters: 70 emoji are 70 characters but 280 bytes, past what a file system takes."""
    raw = (filename or "").encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be file names
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", name).strip(" .")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= MAX_EXT_CHARS and ext.isascii():
            name = _cut_bytes(stem, MAX_NAME_BYTES - len(ext) - 1).rstrip(" .") + "." + ext
        else:
            name = _cut_bytes(name, MAX_NAME_BYTES).rstrip(" .")
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


def _lock_is_free(folder: Path) -> bool:
    """Whether no live server holds `folder`'s lock (its owner died); a folder without a lock file counts as free
    once it is older than a minute (a server killed between creating the folder and its lock)."""
    lock = folder / LOCK
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > 60
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops the lock we may have taken
    return True


def sweep(root: Path) -> int:
    """Remove the folders of dead servers under `root` and old `/tmp/cascade-web-…` leftovers; return how many."""
    removed = 0
    for folder in sorted(root.glob("srv-*")):
        if folder.is_dir() and not folder.is_symlink() and _lock_is_free(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob("cascade-web-*"):
        try:
            stale = folder.is_dir() and not folder.is_symlink() and now - folder.stat().st_mtime > STALE_TMP
        except OSError:
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        log.info("swept %d leftover upload folder(s)", removed)
    return removed


def _close(folder: Path, fd: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.close(fd)


class UploadArea:
    """This server's folder for uploads in flight and for the files of a form kept after an error."""

    def __init__(self, root: Path, kept_ttl: float = 1800.0):
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        sweep(root)
        self.root = root
        self.kept_ttl = kept_ttl
        self.dir = Path(tempfile.mkdtemp(prefix=f"srv-{os.getpid()}-", dir=root))
        fd = os.open(self.dir / LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # removed when the app goes away or the interpreter exits; a hard kill leaves it for the next sweep
        self._finalizer = weakref.finalize(self, _close, self.dir, fd)

    def close(self) -> None:
        """Remove this server's folder now."""
        self._finalizer()

    def new_request(self) -> Path:
        """A fresh folder for one request's uploads; the caller removes it (`discard`)."""
        return Path(tempfile.mkdtemp(prefix="req-", dir=self.dir))

    @staticmethod
    def discard(folder: Path) -> None:
        """Remove a request's folder and whatever it holds."""
        shutil.rmtree(folder, ignore_errors=True)

    # --- files of a form kept for its next submit ----------------------------------------------------------

    def _kept_root(self) -> Path:
        root = self.dir / "kept"
        root.mkdir(exist_ok=True)
        return root

    def _expire(self) -> None:
        now = time.time()
        for folder in self._kept_root().iterdir():
            try:
                if now - folder.stat().st_mtime > self.kept_ttl:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def keep(self, files: dict[str, Path], token: str | None = None) -> str | None:
        """Move `files` (role → path) out of a request folder for a while; return the token naming them."""
        self._expire()
        if not files:
            return None
        token = token if token and _TOKEN.match(token) else secrets.token_urlsafe(18)
        for role, path in files.items():
            target = self._kept_root() / token / role
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            shutil.move(str(path), target / path.name)
        os.utime(self._kept_root() / token)
        return token

    def kept(self, token: str | None) -> dict[str, Path]:
        """The files kept under `token` (role → path); empty when unknown or expired."""
        if not token or not _TOKEN.match(token):
            return {}
        self._expire()
        folder = self._kept_root() / token
        found = {}
        if folder.is_dir():
            for role_dir in folder.iterdir():
                files = [p for p in role_dir.iterdir() if p.is_file()] if role_dir.is_dir() else []
                if files:
                    found[role_dir.name] = files[0]
        return found

    def drop(self, token: str | None) -> None:
        """Forget the files kept under `token`."""
        if token and _TOKEN.match(token):
            shutil.rmtree(self._kept_root() / token, ignore_errors=True)
