"""Regenerate the README screenshot (docs/report.png) from the current report, so it never shows an old one.

    .venv/bin/python scripts/readme_screenshot.py                 # audit the bundled Bình Định pair, shoot
    .venv/bin/python scripts/readme_screenshot.py --out /tmp/x.png --height 1200

The bundled province plan and its Sở NN&PTNT plan are audited in-process, the HTML report written to a temporary
folder and photographed by headless Chromium (Debian `/usr/bin/chromium`, no download).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
DEFAULT_OUT = ROOT / "docs/report.png"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120


def find_chromium(given: str | None = None) -> str:
    """The Chromium executable: `given`, else the first of CHROMIUM_CANDIDATES found."""
    for cand in ([given] if given else []) + list(CHROMIUM_CANDIDATES):
        path = shutil.which(cand) or (cand if Path(cand).is_file() else None)
        if path:
            return path
    raise SystemExit("Không tìm thấy Chromium (Debian: apt-get install chromium); dùng --chromium ĐƯỜNG_DẪN.")


def chromium_command(chromium: str, html: Path, out: Path, width: int, height: int) -> list[str]:
    """The headless Chromium command that photographs `html` into `out` (PNG, width × height pixels)."""
    return [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--force-device-scale-factor=1", f"--window-size={width},{height}", f"--screenshot={out}",
            html.resolve().as_uri()]


def write_report(html: Path) -> None:
    """Audit the bundled pair with the current code and write its HTML report."""
    sys.path.insert(0, str(ROOT))
    from cascade.audit import audit_files
    from cascade.report import write_html

    write_html(audit_files(PARENT, CHILD).to_dict(), html)


def shoot(out: Path = DEFAULT_OUT, width: int = 1280, height: int = 1500, chromium: str | None = None) -> Path:
    """Write the current report's screenshot to `out`; return it."""
    exe = find_chromium(chromium)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cascade-shot-") as tmp:
        html = Path(tmp) / "bao-cao.html"
        write_report(html)
        shot = Path(tmp) / "report.png"
        # Chromium writes its profile next to HOME; a temporary HOME keeps the user's profile untouched.
        env = {"HOME": tmp, "PATH": "/usr/bin:/bin"}
        proc = subprocess.run(chromium_command(exe, html, shot, width, height), capture_output=True, text=True,
                              timeout=TIMEOUT_S, env=env, check=False)
        if not shot.is_file():
            raise SystemExit(f"Chromium không chụp được ảnh (mã {proc.returncode}): {proc.stderr[-500:]}")
        shutil.move(str(shot), out)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: options --out, --width, --height, --chromium."""
    ap = argparse.ArgumentParser(description="Chụp lại ảnh báo cáo trong README từ mã hiện tại.")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="tệp PNG (mặc định: docs/report.png)")
    ap.add_argument("--width", type=int, default=1280, help="chiều rộng (điểm ảnh)")
    ap.add_argument("--height", type=int, default=1500, help="chiều cao (điểm ảnh)")
    ap.add_argument("--chromium", default=None, help="đường dẫn Chromium (mặc định: /usr/bin/chromium)")
    args = ap.parse_args(argv)
    out = shoot(args.out, args.width, args.height, args.chromium)
    print(f"Đã ghi ảnh báo cáo vào {out}")


if __name__ == "__main__":
    main()
