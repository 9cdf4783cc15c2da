#!/usr/bin/env python3
"""Bounded load test of the province service: N agency users logging in, uploading drafts and polling for their
audits at once, against one `cascade serve --data-dir` on loopback.

Creates N agency accounts (and their agencies) in a fresh data dir, starts the server in a subprocess, then runs
one thread per user (httpx, own cookies): log in through the form (CSRF token), upload the Bình Định Sở plan as a
new submission (`POST /api/submissions`), poll `GET /api/submissions/{id}` every second until the audit is done,
and for `--rounds 2` upload a second version and poll again. Prints every request by status, errors (non-2xx/3xx
answers other than 303, transport failures, failed audits, audits not finished by the deadline), request latency
p50/p95/max, upload-to-result time p50/p95, the server's memory (RSS of the server process, and of the server with
its fork server and workers) at start, after each round and at peak, and checks in the database that every upload
was stored and audited. With `--dashboard`, a reviewer then waits for the year's batch dashboard the service
rebuilds by itself over every agency's latest version, and its build time and the memory meanwhile are printed.
Exits 1 on any error. Loopback only; the server is stopped at the end.

    .venv/bin/python benchmarks/service_load.py [--users 50] [--rounds 2] [--workers 2] [--deadline 900] [--dashboard]
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from web_stress import MemoryProbe, _descendants, _rss_kb  # noqa: E402

CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
PARENT_ID = "binh-dinh-2024-tinh-4935-qd-ubnd"
PASSWORD = "mat-khau-tai-thu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_users(data_dir: Path, n: int) -> None:
    from cascade.service import Database
    from cascade.service.accounts import create_user

    db = Database.open(data_dir, None)
    with db.session() as s:
        for i in range(n):
            create_user(s, f"coquan{i:02d}", PASSWORD, "agency", f"UBND xã Thử Nghiệm {i:02d}", "xa")
        create_user(s, "noivu", PASSWORD, "reviewer")
    db.dispose()


def wait_dashboard(base: str, users: int, deadline: float, tally: Tally) -> tuple[dict | None, float]:
    """As a reviewer: poll the year's dashboard until it is built over every user's latest version."""
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as http:
        page = tally.request(http, "GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1) if page is not None else ""
        tally.request(http, "POST", "/login", data={"username": "noivu", "password": PASSWORD, "csrf_token": token})
        while time.monotonic() < deadline:
            r = tally.request(http, "GET", "/api/dashboards")
            rows = {row["year"]: row for row in r.json()} if r is not None and r.status_code == 200 else {}
            row = rows.get(2024)
            if row and row["state"] == "failed":
                tally.errors.append(f"dashboard failed: {row['error']}")
                return row, time.monotonic() - started
            if row and row["state"] == "done" and row["children"] == users:
                page = tally.request(http, "GET", "/tong-hop/2024/", follow_redirects=True)
                if page is None or page.status_code != 200:
                    tally.errors.append("dashboard page not served")
                return row, time.monotonic() - started
            time.sleep(2.0)
    tally.errors.append("dashboard not built by the deadline")
    return None, time.monotonic() - started


def start_server(port: int, data_dir: Path, workers: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "cascade.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--data-dir", str(data_dir), "--workers", str(workers), "--upload-dir", str(data_dir / "uploads")]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not start within 90 s")


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    turnaround: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, http: httpx.Client, method: str, url: str, **kw) -> httpx.Response | None:
        start = time.monotonic()
        try:
            r = http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            with self.lock:
                self.errors.append(f"{method} {url}: {type(exc).__name__}")
            return None
        with self.lock:
            self.latencies.append(time.monotonic() - start)
            self.statuses[r.status_code] += 1
            if r.status_code >= 400:
                self.errors.append(f"{method} {url}: {r.status_code} {r.text[:120]}")
        return r


def user(base: str, index: int, round_barrier: threading.Barrier, rounds: int, deadline: float,
         tally: Tally) -> None:
    """One agency user: log in, upload, poll until audited; again for each round."""
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as http:
        page = tally.request(http, "GET", "/login")
        if page is None:
            return
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = tally.request(http, "POST", "/login",
                          data={"username": f"coquan{index:02d}", "password": PASSWORD, "csrf_token": token})
        if r is None or r.status_code != 303:
            return
        page = tally.request(http, "GET", "/ho-so")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1) if page is not None else ""
        pid = None
        for number in range(1, rounds + 1):
            round_barrier.wait()
            url = f"/api/submissions/{pid}/versions" if pid else "/api/submissions"
            started = time.monotonic()
            r = tally.request(http, "POST", url, files={"child": (f"ke-hoach-{index}.txt", CHILD.read_bytes())},
                              data={"parent_id": PARENT_ID}, headers={"X-CSRF-Token": token})
            if r is None or r.status_code != 202:
                continue
            pid = r.json()["id"]
            while time.monotonic() < deadline:
                time.sleep(1.0)
                r = tally.request(http, "GET", f"/api/submissions/{pid}")
                if r is None or r.status_code != 200:
                    continue
                state = r.json()["versions"][number - 1]["state"]
                if state == "done":
                    with tally.lock:
                        tally.turnaround.append(time.monotonic() - started)
                    break
                if state == "failed":
                    with tally.lock:
                        tally.errors.append(f"audit failed: {pid} v{number}")
                    break
            else:
                with tally.lock:
                    tally.errors.append(f"not audited by the deadline: {pid} v{number}")


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2, help="versions each user uploads, one round at a time")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--deadline", type=float, default=900.0, help="seconds for the whole run")
    ap.add_argument("--dashboard", action="store_true", help="then wait for the year's dashboard to be rebuilt")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="cascade-service-load-") as tmp:
        data_dir = Path(tmp) / "data"
        make_users(data_dir, args.users)
        port = free_port()
        proc = start_server(port, data_dir, args.workers)
        probe = MemoryProbe(proc.pid)
        probe.start()
        tree = lambda: sum(_rss_kb(p) for p in _descendants(proc.pid)) // 1024  # noqa: E731
        memory = [("start", _rss_kb(proc.pid) // 1024, tree())]
        tally = Tally()
        deadline = time.monotonic() + args.deadline

        def snapshot(name: str) -> None:
            memory.append((name, _rss_kb(proc.pid) // 1024, tree()))

        # the barrier's action runs once every user has finished the round before: memory between rounds
        barrier = threading.Barrier(args.users, action=lambda: snapshot(f"before round {len(memory)}"))
        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(f"http://127.0.0.1:{port}", i, barrier, args.rounds,
                                                       deadline, tally), daemon=True) for i in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
        snapshot("end")
        dashboard = None
        if args.dashboard:
            dashboard = wait_dashboard(f"http://127.0.0.1:{port}", args.users, deadline, tally)
            snapshot("dashboard built")
        probe.stop.set()
        proc.terminate()
        proc.wait(timeout=30)

        from sqlalchemy import func, select

        from cascade.service import Database
        from cascade.service.models import Version

        db = Database.open(data_dir, None)
        with db.session() as s:
            states = dict(s.execute(select(Version.state, func.count()).group_by(Version.state)).all())
        db.dispose()

    expected = args.users * args.rounds
    print(f"{args.users} agency users × {args.rounds} versions, {args.workers} workers, {elapsed:.0f} s")
    print("answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    print(f"errors: {len(tally.errors)}" + ("".join(f"\n  {e}" for e in tally.errors[:10])))
    print(f"request latency: p50 {pct(tally.latencies, .5) * 1000:.0f} ms, p95 {pct(tally.latencies, .95) * 1000:.0f} ms, "
          f"max {max(tally.latencies, default=0) * 1000:.0f} ms over {len(tally.latencies)} requests")
    print(f"upload → audited: p50 {pct(tally.turnaround, .5):.1f} s, p95 {pct(tally.turnaround, .95):.1f} s, "
          f"max {max(tally.turnaround, default=0):.1f} s ({len(tally.turnaround)}/{expected})")
    print("server memory (MB, server process / with workers): "
          + ", ".join(f"{name} {srv}/{all_}" for name, srv, all_ in memory)
          + f", peak {probe.peak_server // 1024}/{probe.peak_tree // 1024}")
    print(f"versions in the database: {states} (expected {expected} done)")
    if dashboard is not None:
        row, waited = dashboard
        print(f"year dashboard: {row['state'] if row else 'not built'}, {row['children'] if row else 0} child plans, "
              f"{waited:.0f} s after the last audit")
    lost = states.get("done", 0) != expected
    return 1 if tally.errors or lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
