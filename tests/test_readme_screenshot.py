"""The README screenshot is made by scripts/readme_screenshot.py from the current report (issue 11, point 7)."""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

from conftest import CHROMIUM, browser_unavailable

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts/readme_screenshot.py"


def _script():
    spec = importlib.util.spec_from_file_location("readme_screenshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_shows_the_screenshot_the_script_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "![Báo cáo kiểm tra](docs/report.png)" in readme and "scripts/readme_screenshot.py" in readme
    assert _script().DEFAULT_OUT == ROOT / "docs/report.png"


def test_chromium_command_is_headless_and_local(tmp_path) -> None:
    cmd = _script().chromium_command("/usr/bin/chromium", tmp_path / "r.html", tmp_path / "r.png", 1280, 900)
    assert "--headless=new" in cmd and "--window-size=1280,900" in cmd
    assert f"--screenshot={tmp_path / 'r.png'}" in cmd and re.match(r"file:///", cmd[-1])


def test_script_photographs_the_current_report(tmp_path) -> None:
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is not installed (Debian: apt-get install chromium)")
    out = _script().shoot(tmp_path / "shot.png", width=800, height=600, chromium=str(CHROMIUM))
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (800, 600)
