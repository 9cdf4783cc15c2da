"""Bounded memory in long batches: the pipeline's large memos emptied every so many files in each process.

The memos of the pipeline (functools.lru_cache on texts: words, scopes, term sets, table cells …) are bounded, but
at up to 65,536 entries each; in a long batch every file brings new texts, and a process grew by ~25 KB per child
until they filled. Emptying the large ones every `TRIM_EVERY` files (read or audited) keeps a process's memory flat;
they are pure memos, so results do not change, and refilling them costs little.
"""

from __future__ import annotations

import sys

TRIM_EVERY = 500
_TRIM_MIN_SIZE = 1024
_done = {"n": 0}


def trim_caches() -> int:
    """Empty every functools memo of the cascade package holding at least _TRIM_MIN_SIZE entries; → how many."""
    cleared = 0
    for name, mod in list(sys.modules.items()):
        if not name.startswith("cascade.") or mod is None:
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if callable(info) and hasattr(obj, "cache_clear"):
                try:
                    big = info().currsize >= _TRIM_MIN_SIZE
                except TypeError:
                    continue
                if big:
                    obj.cache_clear()
                    cleared += 1
    return cleared


def note_file_done() -> None:
    """Count one file read or child audited in this process; every TRIM_EVERY of them, empty the large memos."""
    _done["n"] += 1
    if _done["n"] % TRIM_EVERY == 0:
        trim_caches()
