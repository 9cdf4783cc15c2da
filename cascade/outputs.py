"""Writing output files safely: never over an input, never over someone else's file, never half-written.

Every command that writes files (audit, batch, `python -m cascade.report`) goes through here:

- `check_outputs` refuses an output path that is one of the inputs (same file by device and inode, so a hard link
  or another spelling of the path is caught too), two outputs on one file, an output that exists but is not a
  regular file (a device, a FIFO, a folder), and an existing file that is not a previous output of the same kind
  unless the user passes `--force` (as splink refuses to overwrite by default);
- `atomic_output` hands the writer a temporary file beside the target (same suffix, so libraries that choose a
  format by extension still work) and renames it over the target only when the writer succeeded, so a crash or
  Ctrl-C leaves the old file or nothing, never a truncated one;
- `inert_text` neutralises spreadsheet formulas in text cells (OWASP CSV injection guidance).

A previous output is recognised by content, not by name: our JSON carries its `schema`, our HTML a generator
meta tag, our .docx/.xlsx the creator "cascade" in their core properties (`GENERATOR`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cascade.errors import CascadeError

GENERATOR = "cascade"
# The tag every HTML page we write carries in its <head>.
HTML_MARKER = f'<meta name="generator" content="{GENERATOR}">'
JSON_SCHEMAS = ("cascade-audit/1", "cascade-batch/1", "cascade-graph/1")
# Kinds of output and how each names itself to the user.
KIND_VI = {
    "json": "tệp kết quả JSON",
    "html": "báo cáo HTML",
    "xlsx": "sổ Excel",
    "csv": "bảng CSV",
    "letter": "văn bản góp ý",
    "docx": "tệp Word",
}
# Office files must keep their extension: Word, Excel and LibreOffice choose how to open a file by it.
EXTENSIONS = {"xlsx": (".xlsx",), "letter": (".docx",), "docx": (".docx",)}
# Text outputs may go to a terminal or a pipe (`--json /dev/stdout`); Office files never can.
STREAMABLE = ("json", "html")
# A text cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CREATOR = re.compile(r"<dc:creator(?:\s[^>]*)?>([^<]*)</dc:creator>")


@dataclass(frozen=True)
class Output:
    """One file the command is about to write: its kind (a key of KIND_VI) and path."""

    kind: str
    path: Path


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_outputs(inputs: Iterable[str | Path], outputs: Iterable[Output], force: bool = False) -> None:
    """Refuse, with a Vietnamese CascadeError, any output that would destroy an input or a file we did not write.

    `inputs` are the files the user gave us to read; `outputs` the files the command will write (a CSV folder is
    given as one Output per file it will hold). Nothing is written or removed here.
    """
    seen_in = {}
    for p in inputs:
        ident = _identity(Path(p))
        if ident:
            seen_in[ident] = Path(p)
    seen_out: dict[tuple[int, int] | str, Path] = {}
    for out in outputs:
        path = out.path
        wanted = EXTENSIONS.get(out.kind)
        if wanted and path.suffix.lower() not in wanted:
            raise CascadeError(
                f"Tên tệp {path} cho {KIND_VI[out.kind]} phải có đuôi {' hoặc '.join(wanted)}.",
                detail_en=f"{out.kind} output {path} must end in {wanted}",
                path=str(path),
                code="output",
            )
        ident = _identity(path)
        if ident and ident in seen_in:
            raise CascadeError(
                f"Không ghi {KIND_VI.get(out.kind, 'kết quả')} vào {path}: đây là tệp đầu vào "
                f"{seen_in[ident]}; hãy chọn tên tệp khác để không mất văn bản gốc.",
                detail_en=f"output {path} is the input {seen_in[ident]} (same device and inode)",
                path=str(path),
                code="output",
            )
        key: tuple[int, int] | str = ident or str(path.resolve())
        if key in seen_out:
            raise CascadeError(
                f"Hai kết quả cùng ghi vào một tệp {path}; hãy đặt tên khác nhau.",
                detail_en=f"two outputs write {path} (also {seen_out[key]})",
                path=str(path),
                code="output",
            )
        seen_out[key] = path
        if ident is None:
            continue  # a new file
        mode = path.stat().st_mode
        if out.kind in STREAMABLE and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            continue  # a terminal, /dev/null or a pipe: written as a stream
        if not stat.S_ISREG(mode):
            raise CascadeError(
                f"Không ghi được {KIND_VI.get(out.kind, 'kết quả')} vào {path}: đường dẫn này không phải là một tệp "
                "thông thường (thư mục hoặc thiết bị).",
                detail_en=f"output {path} exists and is not a regular file (mode {oct(mode)})",
                path=str(path),
                code="output",
            )
        if not force and not is_previous_output(path, out.kind):
            raise CascadeError(
                f"Tệp {path} đã có và không phải {KIND_VI.get(out.kind, 'kết quả')} do cascade lập trước đây; "
                "không ghi đè. Hãy chọn tên khác, hoặc thêm --force nếu chắc chắn muốn ghi đè.",
                detail_en=f"refusing to overwrite {path}: not a previous cascade {out.kind} output (use --force)",
                path=str(path),
                code="output",
            )


def is_previous_output(path: Path, kind: str) -> bool:
    """Whether `path` holds an output of this kind that cascade wrote (so re-running may replace it)."""
    try:
        if kind == "json":
            return _json_schema(path) in JSON_SCHEMAS
        if kind == "html":
            with path.open("rb") as fh:
                head = fh.read(8192).decode("utf-8", "replace")
            # Reports written before the marker existed are known by their title.
            return HTML_MARKER in head or "<title>Báo cáo kiểm tra kế hoạch CCHC" in head
        if kind in ("xlsx", "letter", "docx"):
            return _office_creator(path) == GENERATOR
        if kind == "csv":
            # Ours start with the UTF-8 byte order mark (Excel needs it to show the diacritics).
            with path.open("rb") as fh:
                return path.suffix.lower() == ".csv" and fh.read(3) == b"\xef\xbb\xbf"
    except (OSError, ValueError, zipfile.BadZipFile):
        return False
    return False


def _json_schema(path: Path) -> str | None:
    # An audit is sorted by key, so "schema" may sit anywhere; a file too large to be ours is not read at all.
    if path.stat().st_size > 200_000_000:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data.get("schema") if isinstance(data, dict) else None


def _office_creator(path: Path) -> str | None:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("docProps/core.xml")
        if info.file_size > 1_000_000:
            return None
        with zf.open(info) as fh:
            xml = fh.read(1_000_001).decode("utf-8", "replace")
    # A regular expression, not an XML parser: the file may be anyone's, and only this one element matters.
    m = _CREATOR.search(xml)
    return m.group(1).strip() if m else None


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path` in one rename, on failure it is removed.

    The temporary name keeps the target's suffix (pandas and openpyxl choose the format by extension). OSError
    while writing becomes a Vietnamese CascadeError naming the target.
    """
    target = Path(path)
    try:
        mode = target.stat().st_mode
    except OSError:
        mode = 0
    if mode and not stat.S_ISREG(mode):
        # A device or a pipe cannot be renamed over: write to it directly.
        try:
            yield target
        except OSError as exc:
            raise CascadeError(f"Không ghi được tệp {target}", detail_en=str(exc), path=str(target)) from exc
        return
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:  # a folder that does not exist or cannot be written: not created behind the user's back
        raise CascadeError(f"Không ghi được tệp {target}", detail_en=str(exc), path=str(target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if target.exists():
            # Keep the permissions of the file being replaced (a shared folder's group rights).
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        raise CascadeError(f"Không ghi được tệp {target}", detail_en=str(exc), path=str(target)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text through `atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def inert_text(value: object) -> object:
    """A text that a spreadsheet would run as a formula, made plain text (OWASP: prefix a single quote).

    Other values (numbers, booleans, None) pass unchanged; so does text that starts any other way.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
