"""A bounded LRU of whole search results keyed by (index state, request).

A :class:`~search.models.SearchRequest` is a frozen dataclass, so it is its own normalised key:
the params layer has already canonicalised spelling, defaults and order. The index state (live
generation, commit generation, document count) is part of the key, so a commit or a switch makes
every older entry unreachable; they age out of the LRU instead of being invalidated by hand.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from search.models import SearchResult
from search.settings import env_int

DEFAULT_SIZE = 256


def default_size() -> int:
    """``NEWSARCHIVE_RESULT_CACHE`` (entries; 0 disables the cache) or 256."""
    return env_int("NEWSARCHIVE_RESULT_CACHE", DEFAULT_SIZE)


class ResultCache:
    """Thread-safe LRU of at most ``size`` results; ``size`` 0 stores nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, SearchResult] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> SearchResult | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: Hashable, result: SearchResult) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = result
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
