#!/usr/bin/env python3
"""Bounded load test of `cascade serve` on loopback: N clients × M `POST /api/audit` with the real pair.

Starts `python -m cascade.cli serve --host 127.0.0.1 --port <free port>` in a subprocess, waits until the library
is loaded, then runs the clients in threads (httpx), each uploading the Bình Định province plan and its Sở plan.
Prints requests, errors (any non-200 or transport failure), p50/p95/max latency and throughput; exits 1 on errors.
Only loopback traffic; the server is stopped at the end.

    .venv/bin/python benchmarks/web_load.py [--clients 8] [--requests 25]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, timeout: float, extra: list[str] | None = None, env: dict[str, str] | None = None,
                 wait: float = 60) -> subprocess.Popen:
    """`cascade serve` on 127.0.0.1:port (with `extra` options); returns once `GET /api/library` answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cascade.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--timeout", str(timeout), *(extra or [])],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/library", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"server did not start within {wait:.0f} s")


def client(base: str, n: int, files: dict[str, bytes], latencies: list[float], errors: list[str],
           lock: threading.Lock) -> None:
    """One client: `n` sequential audits over one keep-alive connection."""
    with httpx.Client(base_url=base, timeout=120) as http:
        for _ in range(n):
            t0 = time.perf_counter()
            try:
                r = http.post("/api/audit", files={"parent": (PARENT.name, files["parent"]),
                                                   "child": (CHILD.name, files["child"])})
                ok = r.status_code == 200 and r.json().get("schema") == "cascade-audit/1"
                problem = None if ok else f"HTTP {r.status_code}: {r.text[:200]}"
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by the inclusive method."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=25, help="audits per client")
    ap.add_argument("--timeout", type=float, default=30.0, help="the server's per-audit time limit (s)")
    args = ap.parse_args()

    files = {"parent": PARENT.read_bytes(), "child": CHILD.read_bytes()}
    port = free_port()
    proc = start_server(port, args.timeout)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        threads = [threading.Thread(target=client, args=(f"http://127.0.0.1:{port}", args.requests, files, latencies,
                                                         errors, lock)) for _ in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    total = args.clients * args.requests
    print(f"requests: {len(latencies)}/{total} ({args.clients} clients × {args.requests}), errors: {len(errors)}")
    print(f"latency p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
          f"max {max(latencies):.2f} s")
    print(f"wall {wall:.1f} s, throughput {len(latencies) / wall:.2f} audits/s")
    for e in errors[:5]:
        print("  error:", e)
    return 1 if errors or len(latencies) != total else 0


if __name__ == "__main__":
    sys.exit(main())
