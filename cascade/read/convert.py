"""Converting a legacy Word .doc or an OpenDocument .odt to .docx with LibreOffice headless, so the one .docx
reader (numbering labels, merged cells, legacy fonts) serves all three formats.

Officials still receive many plans as .doc; asking them to re-save each file was the main complaint about the
refusal. The conversion runs on a copy of the bytes in a temporary folder with its own throwaway LibreOffice
profile: the user's file is never opened by LibreOffice, parallel conversions do not fight over one profile
lock, and root (CI, containers) works without a home profile. A time limit guards against a file that makes
LibreOffice hang; the whole process group is killed then, because `soffice` is a shell script whose real
worker (soffice.bin) would otherwise outlive it.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from cascade.errors import ReadError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
TIMEOUT_ENV = "CASCADE_CONVERT_TIMEOUT"
# The Debian package that brings `soffice` without a desktop stack; named in the message to the user.
PACKAGE = "libreoffice-writer-nogui"
EXECUTABLES = ("soffice", "libreoffice")
# What each converted format is called in messages, and the extension the copy gets (LibreOffice picks its
# import filter partly from the extension).
FORMAT_VI = {"doc": "Word cũ (.doc)", "odt": "OpenDocument (.odt)"}


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH (`soffice`, else `libreoffice`), or None when it is not installed."""
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_timeout() -> float:
    """Seconds a conversion may take: CASCADE_CONVERT_TIMEOUT when it is a positive number, else 60."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        log.warning("%s=%r is not a positive number of seconds; using %.0f", TIMEOUT_ENV, raw, DEFAULT_TIMEOUT)
        return DEFAULT_TIMEOUT
    return value


def _run(argv: list[str], timeout: float, env: dict[str, str]) -> tuple[int, str]:
    """Run LibreOffice in its own process group; kill the whole group when the time limit passes."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)  # fmt: skip
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # it ended between the timeout and the kill
            pass
        proc.communicate()
        raise
    return proc.returncode, out.decode("utf-8", "replace")


def convert_to_docx(path: Path, data: bytes, kind: str, timeout: float | None = None) -> bytes:
    """The .docx bytes LibreOffice makes from `data` (the content of `path`, a "doc" or "odt").

    `path` is only named in messages: a copy of `data` is converted, never the file itself. Raises ReadError
    when LibreOffice is not installed (code "no_converter"), runs past the time limit ("timeout") or makes no
    .docx ("corrupt": LibreOffice gives up on damaged files without a useful exit code).
    """
    what = FORMAT_VI[kind]
    soffice = find_soffice()
    if soffice is None:
        raise ReadError.for_file(
            path,
            f"tệp định dạng {what} cần LibreOffice để chuyển sang .docx nhưng máy chưa cài; "
            f"cài gói {PACKAGE}: apt-get install {PACKAGE} (hoặc tự lưu lại tệp thành .docx)",
            f"{kind} needs LibreOffice (soffice) to convert, none on PATH; Debian package {PACKAGE}",
            "no_converter",
        )
    limit = convert_timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="cascade-convert-") as tmp_name:
        tmp = Path(tmp_name)
        # A fixed ASCII name: the user's name may start with "-" or hold characters LibreOffice mangles.
        source = tmp / f"input.{kind}"
        source.write_bytes(data)
        outdir = tmp / "out"
        argv = [
            soffice,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "--convert-to", "docx", "--outdir", str(outdir), str(source),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(tmp)}  # a read-only or missing home must not stop the conversion
        started = time.monotonic()
        try:
            code, output = _run(argv, limit, env)
        except subprocess.TimeoutExpired as exc:
            raise ReadError.for_file(
                path,
                f"chuyển đổi tệp {what} sang .docx bằng LibreOffice quá {limit:g} giây nên đã dừng "
                f"(tệp quá lớn hoặc bị hỏng; có thể tăng thời gian bằng biến {TIMEOUT_ENV} hoặc tự lưu lại thành .docx)",
                f"LibreOffice conversion of {kind} timed out after {limit:g} s",
                "timeout",
            ) from exc
        except OSError as exc:
            raise ReadError.for_file(
                path,
                f"không chạy được LibreOffice ({soffice}) để chuyển đổi tệp {what}",
                f"starting {soffice} failed: {exc}",
                "no_converter",
            ) from exc
        log.debug("LibreOffice converted %s (%s) in %.1f s: %s", path, kind, time.monotonic() - started, output)
        result = outdir / "input.docx"
        if code != 0 or not result.is_file():
            raise ReadError.for_file(
                path,
                f"tệp {what} bị hỏng hoặc LibreOffice không chuyển được sang .docx; hãy mở bằng Word và lưu lại thành .docx",
                f"LibreOffice exit {code}, output {'present' if result.is_file() else 'missing'}: {output.strip()[-300:]}",
                "corrupt",
            )
        return result.read_bytes()
