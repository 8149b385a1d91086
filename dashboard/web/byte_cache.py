"""A least-recently-used cache bounded by the bytes it holds, not by its number of entries: twenty
near-whole exports, each cached whole, took a worker to 4.6 GB under a bound of 2,000 entries."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # per cache and worker


def size_of(value: object) -> int:
    """The bytes a cached value holds: bytes and text their own, a tuple the sum of its parts."""
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, tuple):
        return sum(size_of(part) for part in value)
    return sys.getsizeof(value)  # a str: its characters at their width, plus its header


class ByteCache(Generic[V]):
    """Values by key, the least recently used dropped while their bytes exceed `max_bytes`; a
    value larger than that on its own is built and returned, never kept."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, size: Callable[[V], int] = size_of):
        self.max_bytes, self.size = max_bytes, size
        self.entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self.total = 0  # the bytes the kept values hold

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.entries

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """The value for `key`, built on first use (or again after it was dropped)."""
        if key in self.entries:
            self.entries.move_to_end(key)
            return self.entries[key][0]
        value = build()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: V) -> None:
        size = self.size(value)
        if key in self.entries:
            self.total -= self.entries.pop(key)[1]
        if size > self.max_bytes:
            return
        self.entries[key] = (value, size)
        self.total += size
        while self.total > self.max_bytes:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.total -= dropped
