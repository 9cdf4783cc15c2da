"""Audits in worker processes that can be stopped, a cap on how many run at once and a bounded queue.

Each job (read, audit, build a report file) runs in a fresh process forked from a fork server that has the code
loaded (`cascade.web.preload`), so a process costs milliseconds and whatever memory a hostile file made it take
is returned when it ends. A job past its deadline is killed with its whole process group — a thread could not be
stopped, and a runaway one used to starve every later request. At most `workers` requests hold a worker; up to
`queue_size` more wait in line, and the time a request waits there is not counted against its time limit; a
request that finds the line full, or waits longer than `queue_timeout`, is answered 429 with Retry-After.

The pool is shared by the event loops of one process (uvicorn has one; the test client opens one per request), so
its bookkeeping is guarded by a thread lock and waiters are woken through their own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from cascade.web.errors import WebError

log = logging.getLogger(__name__)

_context_lock = threading.Lock()
_context: Any = None


def mp_context() -> Any:
    """The multiprocessing context of the workers: a fork server preloaded with cascade where the platform has
    one (forking the server itself, with its threads, could deadlock a child); spawn elsewhere."""
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["cascade.web.preload"])
            else:
                ctx = multiprocessing.get_context("spawn")
            _context = ctx
        return _context


def busy_error(retry_after: int) -> WebError:
    """429 with Retry-After: every worker is taken and the line is full (or moved too slowly)."""
    return WebError(429, f"Máy chủ đang bận kiểm tra các kế hoạch khác; hãy thử lại sau khoảng {retry_after} giây.",
                    "queue full", {"Retry-After": str(retry_after)})


def timeout_error(seconds: float) -> WebError:
    """422: the file took longer than the time limit to read and audit (the work was stopped)."""
    return WebError(422, f"Quá thời gian xử lý ({seconds:.0f} giây): tệp có thể quá dài hoặc có cấu trúc bất thường. "
                         "Hãy thử lại với tệp gọn hơn.", "audit timed out; worker killed")


@dataclass
class _Waiter:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[None]
    granted: bool = False


@dataclass
class Stats:
    """What the pool has done, for tests and the benchmark."""

    started: int = 0
    killed: int = 0
    refused: int = 0
    crashed: int = 0
    killed_pids: deque[int] = field(default_factory=lambda: deque(maxlen=32))
    durations: deque[float] = field(default_factory=lambda: deque(maxlen=32))


class Session:
    """A request's turn on a worker: every job it runs shares one deadline, counted from when the turn began."""

    def __init__(self, pool: WorkerPool, deadline: float):
        self.pool = pool
        self.deadline = deadline

    async def run(self, job: str, *args: Any) -> Any:
        """Run `cascade.web.jobs.JOBS[job](*args)` in a new worker process; its result, or WebError."""
        return await self.pool._run(job, args, self.deadline)


class WorkerPool:
    """Caps concurrent work at `workers` processes with a bounded waiting line; see the module docstring."""

    def __init__(self, workers: int, queue_size: int, timeout: float, queue_timeout: float,
                 memory_mb: int | None = None):
        self.workers = max(1, workers)
        self.queue_size = max(0, queue_size)
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.stats = Stats()
        self._lock = threading.Lock()
        self._running = 0
        self._waiters: deque[_Waiter] = deque()
        self._live: set[Any] = set()

    # --- the line ------------------------------------------------------------------------------------------

    def retry_after(self) -> int:
        """Seconds to suggest in Retry-After: the recent mean job time × the line ahead ÷ workers, 1–120."""
        with self._lock:
            ahead = len(self._waiters) + 1
            mean = sum(self.stats.durations) / len(self.stats.durations) if self.stats.durations else 2.0
        return max(1, min(120, math.ceil(mean * ahead / self.workers)))

    @property
    def waiting(self) -> int:
        """Requests in line now."""
        with self._lock:
            return len(self._waiters)

    @property
    def running(self) -> int:
        """Requests holding a worker now."""
        with self._lock:
            return self._running

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._running < self.workers and not self._waiters:
                self._running += 1
                return
            full = len(self._waiters) >= self.queue_size
            if not full:
                waiter = _Waiter(loop, loop.create_future())
                self._waiters.append(waiter)
        if full:
            self.stats.refused += 1
            raise busy_error(self.retry_after())
        try:
            await asyncio.wait_for(asyncio.shield(waiter.future), timeout=self.queue_timeout)
        except (TimeoutError, asyncio.CancelledError) as exc:
            with self._lock:
                granted = waiter.granted
                if not granted:
                    self._waiters.remove(waiter)
            if granted:  # the turn came just as we gave up: pass it on
                self._release()
            if isinstance(exc, asyncio.CancelledError):
                raise
            self.stats.refused += 1
            raise busy_error(self.retry_after()) from None

    def _release(self) -> None:
        with self._lock:
            if self._waiters:
                waiter = self._waiters.popleft()
                waiter.granted = True  # the turn moves to the waiter; the count of running turns stays
                waiter.loop.call_soon_threadsafe(_wake, waiter.future)
                return
            self._running -= 1

    @contextlib.asynccontextmanager
    async def session(self, timeout: float | None = None) -> AsyncIterator[Session]:
        """Wait for a worker (429 when the line is full or too slow), then hold it for the request's jobs, which
        share `timeout` seconds (the pool's limit by default; the year's dashboard is given longer)."""
        await self._acquire()
        began = time.monotonic()
        try:
            yield Session(self, began + (timeout or self.timeout))
        finally:
            with self._lock:
                self.stats.durations.append(time.monotonic() - began)
            self._release()

    # --- one job ------------------------------------------------------------------------------------------

    async def _run(self, job: str, args: tuple[Any, ...], deadline: float) -> Any:
        from cascade.web.jobs import worker_main

        ctx = mp_context()
        receiver, sender = ctx.Pipe(duplex=False)
        # a backstop only: the deadline below kills it first
        cpu_seconds = math.ceil(max(self.timeout, deadline - time.monotonic())) + 5
        proc = ctx.Process(target=worker_main, args=(sender, job, args, self.memory_bytes, cpu_seconds), daemon=True)
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        try:
            # starting asks the fork server for a process and sends it the job: a few milliseconds, off the loop
            await loop.run_in_executor(None, proc.start)
            with self._lock:
                self._live.add(proc)
                self.stats.started += 1
            sender.close()  # ours; when the worker dies without answering, the pipe ends and we learn of it
            loop.add_reader(receiver.fileno(), lambda: ready.done() or ready.set_result(None))
            try:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                await asyncio.wait_for(ready, timeout=remaining)
            except TimeoutError:
                self.stats.killed += 1
                self.stats.killed_pids.append(proc.pid)
                raise timeout_error(self.timeout) from None
            finally:
                loop.remove_reader(receiver.fileno())
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None
        finally:
            receiver.close()
            self._stop(proc)
        if message is None:
            self.stats.crashed += 1
            from cascade.web.jobs import CRASH_MESSAGE

            log.warning("worker for %s ended without an answer (exit code %s)", job, proc.exitcode)
            raise WebError(422, CRASH_MESSAGE, f"worker died, exit code {proc.exitcode}")
        if message[0] == "ok":
            return message[1]
        _, status, text, detail = message
        log.info("job %s refused: %s", job, (detail or text).splitlines()[0])
        log.debug("job %s: %s", job, detail)
        raise WebError(status, text, detail)

    def _stop(self, proc: Any) -> None:
        """Kill the worker and its process group if it still runs, and reap it."""
        if proc.pid is not None and proc.exitcode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # the worker leads its own group (jobs.worker_init)
            with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
                proc.kill()
        if proc.pid is not None:
            proc.join(timeout=5)
        with self._lock:
            self._live.discard(proc)

    def close(self) -> None:
        """Kill every worker still running (server shutdown)."""
        with self._lock:
            live = list(self._live)
        for proc in live:
            self._stop(proc)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
