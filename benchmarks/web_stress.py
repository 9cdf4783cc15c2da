#!/usr/bin/env python3
"""Stress benchmark of `cascade serve` on loopback: 16 and 32 concurrent clients, normal and hostile uploads.

Starts `python -m cascade.cli serve` on a free port of 127.0.0.1 (its own upload folder, the test hook
CASCADE_WEB_TEST_FAULTS=1 so a "__hang__" upload spins until the deadline kills it), then for each client count
runs the clients for a fixed time. Each client sends, in turn, mostly normal audits (the Sở plan against the
Bình Định province plan from the library) and now and then a hostile one:

- a .docx whose document.xml declares 1,000 bytes and inflates to 512 MiB (zip that lies about its size),
- a PDF with one FlateDecode content stream of 256 MiB (PDF bomb),
- the province plan's table repeated to ~6,000 rows (a long, slow plan),
- binary junk, a file of blank lines, a 70-emoji file name, a 20 MB + 1 byte upload (413),
- a hanging audit (test hook): holds a worker until the time limit.

A 429 answer is honoured: the client sleeps for its Retry-After (at most 2 s here) before its next request.
Printed per client count: answers by status, 5xx count, transport errors, normal audits' p50/p95/max latency
(including time queued), and the server's memory peak (server process, and server + fork server + workers,
sampled every 0.1 s from /proc). Exits 1 on any 5xx or transport error. Loopback only; the server is stopped at
the end.

    .venv/bin/python benchmarks/web_stress.py [--clients 16 32] [--seconds 30] [--timeout 10] [--workers N]
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_load  # noqa: E402 — the same server start as the load benchmark

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
PARENT_ID = "binh-dinh-2024-tinh-4935-qd-ubnd"
MiB = 1024 * 1024


# --- the hostile corpus, built in memory ------------------------------------------------------------------------


def lying_docx(inflated: int = 512 * MiB, declared: int = 1000) -> bytes:
    """A .docx whose word/document.xml inflates to `inflated` bytes while its headers declare `declared`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=False) as member:
            chunk = b"<w:p/>" * (MiB // 6)
            written = 0
            while written < inflated:
                member.write(chunk)
                written += len(chunk)
    data = bytearray(buf.getvalue())
    # patch the uncompressed size of document.xml in its local header (offset 22) and central entry (offset 24)
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30: local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46: central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def pdf_bomb(inflated: int = 256 * MiB) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of drawing operators."""
    comp = zlib.compressobj(9)
    line = b"0 0 m 1 1 l S\n" * 4096
    parts, written = [], 0
    while written < inflated:
        parts.append(comp.compress(line))
        written += len(line)
    parts.append(comp.flush())
    stream = b"".join(parts)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def long_plan(rows: int = 6000) -> bytes:
    """The province plan with its table rows repeated until it has about `rows` rows."""
    text = PARENT.read_text(encoding="utf-8")
    table = [ln for ln in text.splitlines() if ln.count("|") >= 3]
    copies = max(1, rows // max(1, len(table)))
    return (text + "\n" + "\n".join(table * copies) + "\n").encode("utf-8")


@dataclass
class Upload:
    kind: str
    name: str
    data: bytes
    hostile: bool


def corpus() -> list[Upload]:
    """The hostile uploads (built once, about 3 MB in all but the 20 MB one)."""
    return [
        Upload("zip nói dối", "bom-zip.docx", lying_docx(), True),
        Upload("bom PDF", "bom.pdf", pdf_bomb(), True),
        Upload("kế hoạch rất dài", "rat-dai.txt", long_plan(), True),
        Upload("rác nhị phân", "rac.txt", os.urandom(200_000), True),
        Upload("dòng trống", "trong.txt", b"\n" * 1_000_000, True),
        Upload("tên 70 emoji", "😀" * 70 + ".txt", CHILD.read_bytes(), True),
        Upload("quá 20 MB", "lon.txt", b"a" * (20 * MiB + 1), True),
        Upload("treo", "__hang__.txt", CHILD.read_bytes(), True),
    ]


# --- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, timeout: float, workers: int | None, upload_dir: Path) -> subprocess.Popen:
    """`cascade serve` on 127.0.0.1:port with the test hook on; returns once `GET /api/library` answers."""
    extra = ["--upload-dir", str(upload_dir)] + (["--workers", str(workers)] if workers else [])
    return web_load.start_server(port, timeout, extra, {**os.environ, "CASCADE_WEB_TEST_FAULTS": "1"}, wait=90)


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class MemoryProbe(threading.Thread):
    """Samples the RSS of the server and of its whole process tree until stopped; keeps the peaks (KiB)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_server = 0
        self.peak_tree = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_server = max(self.peak_server, _rss_kb(self.pid))
            self.peak_tree = max(self.peak_tree, sum(_rss_kb(p) for p in _descendants(self.pid)))
            self.stop.wait(0.1)


# --- the clients --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    by_kind: dict[str, Counter] = field(default_factory=dict)
    normal_latencies: list[float] = field(default_factory=list)
    transport_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int | None, elapsed: float, problem: str | None = None) -> None:
        with self.lock:
            if status is None:
                self.transport_errors.append(f"{kind}: {problem}")
                return
            self.statuses[status] += 1
            self.by_kind.setdefault(kind, Counter())[status] += 1
            if kind == "bình thường" and status == 200:
                self.normal_latencies.append(elapsed)


def client(base: str, index: int, until: float, hostile: list[Upload], every: int, tally: Tally) -> None:
    """One client: a normal audit, except every `every`-th request is the next hostile upload."""
    child = CHILD.read_bytes()
    turn = itertools.count()
    with httpx.Client(base_url=base, timeout=180) as http:
        while time.monotonic() < until:
            n = next(turn)
            # each client starts at its own point of the hostile cycle, so every kind is sent early on
            up = hostile[(n // every + index) % len(hostile)] if n % every == every - 1 else None
            kind, name, data = (up.kind, up.name, up.data) if up else ("bình thường", CHILD.name, child)
            t0 = time.perf_counter()
            try:
                r = http.post("/api/audit", files={"child": (name, data)}, data={"parent_id": PARENT_ID})
            except httpx.HTTPError as exc:
                tally.add(kind, None, 0, f"{type(exc).__name__}: {exc}")
                continue
            tally.add(kind, r.status_code, time.perf_counter() - t0)
            if r.status_code == 200 and r.json().get("schema") != "cascade-audit/1":
                tally.add(kind, None, 0, "200 without the contract")
            if r.status_code == 429:
                time.sleep(min(2.0, float(r.headers.get("retry-after", "1"))))


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), inclusive method; 0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run_phase(base: str, pid: int, clients: int, seconds: float, hostile: list[Upload], every: int) -> dict:
    tally = Tally()
    probe = MemoryProbe(pid)
    probe.start()
    until = time.monotonic() + seconds
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(base, i, until, hostile, every, tally)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    probe.stop.set()
    probe.join()
    five = sum(n for s, n in tally.statuses.items() if s >= 500)
    return {"clients": clients, "wall": wall, "tally": tally, "5xx": five,
            "peak_server_mb": probe.peak_server / 1024, "peak_tree_mb": probe.peak_tree / 1024}


def report(res: dict) -> None:
    t: Tally = res["tally"]
    lat = t.normal_latencies
    print(f"\n== {res['clients']} clients, {res['wall']:.0f} s ==")
    print("answers: " + ", ".join(f"{s}×{n}" for s, n in sorted(t.statuses.items())) +
          f"; 5xx: {res['5xx']}; transport errors: {len(t.transport_errors)}")
    for kind, counts in sorted(t.by_kind.items()):
        print(f"  {kind:18} " + ", ".join(f"{s}×{n}" for s, n in sorted(counts.items())))
    print(f"normal audits answered 200: {len(lat)}; latency p50 {percentile(lat, 50):.2f} s, "
          f"p95 {percentile(lat, 95):.2f} s, max {max(lat, default=0):.2f} s")
    print(f"memory peak: server {res['peak_server_mb']:.0f} MB, server + workers {res['peak_tree_mb']:.0f} MB")
    for e in t.transport_errors[:5]:
        print("  transport error:", e)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, nargs="+", default=[16, 32])
    ap.add_argument("--seconds", type=float, default=30.0, help="how long each phase sends new requests")
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's time limit per audit (s)")
    ap.add_argument("--workers", type=int, default=None, help="the server's concurrent audits (default: its own)")
    ap.add_argument("--every", type=int, default=5, help="every N-th request of a client is hostile")
    args = ap.parse_args()

    t0 = time.perf_counter()
    hostile = corpus()
    print(f"hostile corpus built in {time.perf_counter() - t0:.1f} s: " +
          ", ".join(f"{u.kind} {len(u.data) / MiB:.1f} MB" for u in hostile))
    upload_dir = Path(tempfile.mkdtemp(prefix="cascade-stress-"))
    port = free_port()
    proc = start_server(port, args.timeout, args.workers, upload_dir)
    results = []
    try:
        for n in args.clients:
            results.append(run_phase(f"http://127.0.0.1:{port}", proc.pid, n, args.seconds, hostile, args.every))
            report(results[-1])
        after = httpx.post(f"http://127.0.0.1:{port}/api/audit", files={"child": (CHILD.name, CHILD.read_bytes())},
                           data={"parent_id": PARENT_ID}, timeout=120)
        print(f"\nnormal audit after the storm: {after.status_code}")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        left = [p for p in upload_dir.rglob("*") if p.is_file()]
        shutil.rmtree(upload_dir, ignore_errors=True)
    print(f"files left in the upload folder after shutdown: {len(left)}")
    bad = any(r["5xx"] or r["tally"].transport_errors for r in results) or after.status_code != 200
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
