"""One Redis connection pool per process for the cache, however many cache objects exist.

Django keeps a cache object per thread and per async context, each with its own pool: every
open websocket (its own context) held its own Redis connection for as long as it stayed open,
a thousand connections for a thousand sockets. redis-py's pool is thread-safe and starts over
after a fork, so one shared pool per server address serves them all.
"""

import threading
from typing import Any

import redis

_pools: dict[tuple, redis.ConnectionPool] = {}
_lock = threading.Lock()


class SharedConnectionPool(redis.ConnectionPool):
    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> redis.ConnectionPool:  # type: ignore[override]
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with _lock:
            if key not in _pools:
                _pools[key] = redis.ConnectionPool.from_url(url, **kwargs)
            return _pools[key]
