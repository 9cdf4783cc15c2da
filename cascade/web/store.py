"""Finished audits kept in memory for a while so the report, workbook and letter can be downloaded."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from typing import Any


class ReportStore:
    """A small LRU of audit dicts keyed by an unguessable token; entries expire after `ttl` seconds."""

    def __init__(self, capacity: int = 50, ttl: float = 1800.0):
        self.capacity = capacity
        self.ttl = ttl
        self._items: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, audit: dict[str, Any]) -> str:
        """Keep `audit`; return its token."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._items[token] = (time.monotonic(), audit)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> dict[str, Any] | None:
        """The audit for `token`, or None when unknown or expired."""
        with self._lock:
            hit = self._items.get(token)
            if hit is None:
                return None
            if time.monotonic() - hit[0] > self.ttl:
                del self._items[token]
                return None
            self._items.move_to_end(token)
            return hit[1]
