"""Every cache object of a process shares one Redis connection pool (websockets included)."""

import threading

import pytest
from django.core.cache import caches
from django.test import override_settings

from alongside.core.cache_pool import SharedConnectionPool

pytestmark = pytest.mark.redis


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
