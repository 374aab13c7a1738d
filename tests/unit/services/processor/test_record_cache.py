from datetime import UTC, datetime

from projections.record import ChildRecord, FieldValue
from services.processor.record_cache import RecordCache

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def record(key, version=1):
    return ChildRecord(key, version, {"identity.name": FieldValue("张三", "public_security", "e1", T0)})


def test_a_kept_record_comes_back_equal_and_unknown_keys_are_to_be_loaded():
    cache = RecordCache(10)
    cache.keep({"ck_1": record("ck_1", 3)})
    found, missing = cache.take(["ck_1", "ck_2"])
    assert found == {"ck_1": record("ck_1", 3)} and missing == {"ck_2"}
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_record_leaves_first():
    cache = RecordCache(2)
    cache.keep({"ck_1": record("ck_1"), "ck_2": record("ck_2")})
    cache.take(["ck_1"])
    cache.keep({"ck_3": record("ck_3")})
    assert cache.take(["ck_1", "ck_2", "ck_3"])[1] == {"ck_2"} and len(cache) == 2


def test_capacity_zero_keeps_nothing_and_clear_forgets_everything():
    off = RecordCache(0)
    off.keep({"ck_1": record("ck_1")})
    assert len(off) == 0
    cache = RecordCache(5)
    cache.keep({"ck_1": record("ck_1")})
    cache.clear()
    assert cache.take(["ck_1"]) == ({}, {"ck_1"})


def test_the_byte_bound_evicts_the_least_recently_used_and_counts_replacements_once():
    size = len(record("ck_1").dumps()) + RecordCache.ENTRY_OVERHEAD
    cache = RecordCache(100, max_bytes=2 * size)
    cache.keep({"ck_1": record("ck_1"), "ck_2": record("ck_2")})
    cache.keep({"ck_1": record("ck_1")})  # the same child again: replaced, not counted twice
    assert len(cache) == 2 and cache.bytes == 2 * size
    cache.keep({"ck_3": record("ck_3")})
    assert cache.take(["ck_1", "ck_2", "ck_3"])[1] == {"ck_2"} and cache.bytes <= 2 * size
    cache.clear()
    assert cache.bytes == 0
