"""Parts of a page rendered once and reused for the next reader: each post of a thread, each
message of a conversation.

A thread page shows 50 posts, and rendering them took as much CPU as everything else on the
page. Most readers see a post exactly as the last reader did, so the template keeps each one
with Django's `{% cache %}` tag in the "fragments" cache (process memory, bounded, least
recently used first out) under `fragment_key(...)`: every value the fragment's rendering
depends on (the reader's language and rights over it included). A change to any of them is a
different key, so nothing is ever invalidated and nothing stale or meant for someone else can
be shown; old entries just age out. A fragment holds no per-request value (no CSRF token:
its forms post through one form outside it).
"""

import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

ALIAS = "fragments"


def _other(part: Any) -> Any:
    # Only what JSON has no form for comes here: lazy translations (whose repr would be their
    # address) by their text, sets in order, dates and anything else by str().
    if isinstance(part, set | frozenset):
        return sorted(part, key=str)
    return str(part)


# JSON's C encoder walks the nested lists and tuples of a key (a 50-post thread page builds
# about 1,300 parts) several times faster than a Python function per part did.
_encode = json.JSONEncoder(default=_other, ensure_ascii=False, separators=(",", ":")).encode


def fragment_key(*parts: Any) -> str:
    """One string naming `parts` (lazy translations as their text)."""
    return _encode(parts)


class FragmentCache(LocMemCache):
    """Django's local-memory cache for rendered fragments, kept as the strings they are.

    LocMemCache pickles every value in and out and checks every key against memcached's rules;
    a fragment is an immutable string, and its key a hash (the cache tag's) or a short name, so
    both were pure cost: a thread page reads 50 fragments.
    """

    # LocMemCache's own state and helpers, which django-stubs leaves out.
    _cache: OrderedDict[str, str]
    _expire_info: dict[str, float | None]
    _lock: Lock
    _has_expired: Callable[[str], bool]
    _delete: Callable[[str], bool]
    _set: Callable[[str, str, Any], None]

    def validate_key(self, key: str) -> None:
        """Keys here never go to memcached."""

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_key(key, version=version)
        with self._lock:
            self._set(key, _text(value), timeout)

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, _text(value), timeout)
                return True
            return False

    def _cull(self) -> None:
        """Make room for one: the least recently read entry goes. LocMemCache drops a third of
        the entries at once, a pause of milliseconds in some unlucky request at 40,000."""
        key, _ = self._cache.popitem()  # reads move entries to the front; the end is oldest
        self._expire_info.pop(key, None)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        raise TypeError("The fragment cache keeps rendered text, not counters.")


def _text(value: Any) -> str:
    if not isinstance(value, str):  # a mutable value would change under its next reader
        raise TypeError("The fragment cache keeps rendered text only.")
    return value
