"""Every cache object of a process shares one Redis connection pool (websockets included),
and each uses one client for it rather than a new one per command."""

import threading

import pytest
from django.core.cache import caches
from django.test import override_settings

from alongside.core.cache_pool import SharedConnectionPool

pytestmark = pytest.mark.redis


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "alongside.core.cache_pool.SharedClientCache",
            "LOCATION": url,
            "OPTIONS": {"pool_class": "alongside.core.cache_pool.SharedConnectionPool"},
        }
    }


def test_the_same_address_and_options_give_the_same_pool() -> None:
    first = SharedConnectionPool.from_url("redis://127.0.0.1:6379/3", socket_timeout=5)
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/3", socket_timeout=5) is first
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/4", socket_timeout=5) is not first
    assert (
        SharedConnectionPool.from_url("redis://127.0.0.1:6379/3") is not first
    )  # no connection is made


def test_cache_objects_of_other_threads_share_the_pool(redis_url: str) -> None:
    with override_settings(CACHES=redis_cache(redis_url)):
        pools = use_from_three_threads()
    assert len(pools) == 3 and all(pool is pools[0] for pool in pools)


def use_from_three_threads() -> list:
    pools = []

    def use_the_cache() -> None:
        cache = caches["default"]
        cache.set("pool-test", 1, 5)
        pools.append(cache._cache._get_connection_pool(write=True))  # type: ignore[attr-defined]

    threads = [threading.Thread(target=use_the_cache) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return pools


def test_one_client_serves_every_command_and_the_cache_works(redis_url: str) -> None:
    with override_settings(CACHES=redis_cache(redis_url)):
        cache = caches["default"]
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        assert cache._cache.get_client("any-key") is client  # type: ignore[attr-defined]
        cache.set("client-test", {"n": 1}, 5)
        assert cache.get("client-test") == {"n": 1}
        assert cache.get_many(["client-test", "missing"]) == {"client-test": {"n": 1}}
        assert cache.add("client-count", 1, 5)
        assert cache.incr("client-count") == 2
        cache.delete_many(["client-test", "client-count"])
        assert cache.get("client-test") is None


def test_threads_share_the_client_safely(redis_url: str) -> None:
    with override_settings(CACHES=redis_cache(redis_url)):
        errors: list[BaseException] = []

        def hammer(n: int) -> None:
            cache = caches["default"]
            try:
                for i in range(50):
                    cache.set(f"thread-{n}", i, 5)
                    assert cache.get(f"thread-{n}") == i
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
