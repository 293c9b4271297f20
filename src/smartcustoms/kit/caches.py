"""A named cache with its bound, its expiry and what drops it, safe to share between threads.

Every cache of the platform is one of these, owned by the app's `caches.AppCaches` (never a
module global), so that what it keeps, for how long and until what event is written where the
cache is made, and a test can read it back (`Kept.describe`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from cachetools import Cache, LRUCache, TTLCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

UNTIL_DROPPED = None  # no time limit: the entry stays until dropped or pushed out by the bound


@dataclass(frozen=True)
class Description:
    """What a cache keeps, how many, for how long and what drops an entry (docs, tests)."""

    name: str
    maxsize: int
    ttl_seconds: float | None
    dropped_when: str


class Kept(Generic[K, V]):
    """A bounded least-recently-used cache, with an optional time to live.

    cachetools caches are not thread-safe (a read reorders the entries), and sync routes run
    in a thread pool, so every access holds a lock; it is never held while a value is made.
    """

    def __init__(
        self,
        name: str,
        *,
        maxsize: int,
        ttl_seconds: float | None,
        dropped_when: str,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        if maxsize < 1:
            raise ValueError("a cache keeps at least one entry")
        self.description = Description(name, maxsize, ttl_seconds, dropped_when)
        self._entries: Cache[K, V] = (
            LRUCache(maxsize)
            if ttl_seconds is None
            else TTLCache(maxsize, ttl=ttl_seconds, timer=timer)
        )
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value kept under `key`, else `make()`'s, kept (two threads may both make it)."""
        found = self.get(key)
        if found is None:
            found = make()
            self.put(key, found)
        return found

    def drop(self, key: K) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def drop_where(self, matches: Callable[[K], bool]) -> None:
        with self._lock:
            for key in [k for k in self._entries if matches(k)]:
                self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def describe(self) -> Description:
        return self.description
