"""The Redis cache backend keeps one client per connection pool and behaves as Django's."""

import os
import threading
import uuid

import pytest

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def redis_cache():
    """A cache of our backend on ``REDIS_URL`` under a key prefix of its own; its keys
    are deleted afterwards (never ``clear()``, which empties the whole Redis database)."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set (CI sets it)")
    from portal.redis_cache import ReusedClientRedisCache

    prefix = f"test-{uuid.uuid4().hex}"
    cache = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_one_client_per_pool_reused_by_every_operation(redis_cache):
    first = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b") is first
    assert redis_cache._cache.get_client("a", write=True) is first  # one server: one pool


def test_it_stores_reads_counts_and_deletes_as_django_s_backend(redis_cache):
    redis_cache.set("page", {"content": b"<p>\xc3\xa9</p>", "version": 3}, 60)
    assert redis_cache.get_many(["page", "absent"]) == {
        "page": {"content": b"<p>\xc3\xa9</p>", "version": 3}}
    assert redis_cache.add("counter", 1, 60) is True
    assert redis_cache.add("counter", 5, 60) is False
    assert redis_cache.incr("counter") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_threads_share_the_client_without_mixing_answers(redis_cache):
    """redis-py takes a connection from the pool for each command: threads sharing the
    client each read their own values."""
    errors = []

    def work(number):
        for step in range(50):
            key = f"t{number}-{step}"
            redis_cache.set(key, number * 1000 + step, 60)
            if redis_cache.get(key) != number * 1000 + step:
                errors.append(key)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
