"""The byte-bounded cache: it drops the least recently used values once their bytes exceed its
bound, never keeps a value larger than the bound, and builds each kept value once."""

from __future__ import annotations

from dashboard.web.byte_cache import ByteCache, size_of


def test_it_evicts_the_least_recently_used_once_the_bytes_exceed_the_bound():
    cache: ByteCache[bytes] = ByteCache(max_bytes=100)
    cache.get("a", lambda: b"a" * 40)
    cache.get("b", lambda: b"b" * 40)
    cache.get("a", lambda: b"never built")  # a is used again: b is now the oldest
    cache.get("c", lambda: b"c" * 40)  # 120 bytes: b goes
    assert "a" in cache
    assert "c" in cache
    assert "b" not in cache
    assert cache.total == 80 == sum(size for _, size in cache.entries.values())


def test_many_small_entries_fit_where_few_large_ones_do_not():
    cache: ByteCache[bytes] = ByteCache(max_bytes=1_000)
    for k in range(100):
        cache.get(k, lambda: b"x" * 10)
    assert len(cache) == 100  # an entry count of 20 would have dropped 80 of them
    cache.get("large", lambda: b"y" * 600)
    assert cache.total <= 1_000
    assert "large" in cache
    assert len(cache) == 41


def test_a_value_larger_than_the_bound_is_returned_but_never_kept():
    cache: ByteCache[bytes] = ByteCache(max_bytes=10)
    cache.get("kept", lambda: b"12345")
    assert cache.get("huge", lambda: b"z" * 11) == b"z" * 11
    assert "huge" not in cache
    assert "kept" in cache
    assert cache.total == 5


def test_a_kept_value_is_built_once():
    builds = []
    cache: ByteCache[bytes] = ByteCache(max_bytes=100)
    for _ in range(3):
        cache.get("k", lambda: builds.append(1) or b"v")
    assert len(builds) == 1


def test_size_of_counts_bytes_tuples_and_text():
    assert size_of(b"abc") == 3
    assert size_of((b"ab", b"cde")) == 5
    assert size_of("x" * 1000) >= 1000
