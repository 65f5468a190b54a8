"""A number per member that every page shows (the header's unread counts), from the cache.

The count runs only when something changed for that member, or after `seconds` as a backstop.
What changes it calls `changed(...)` for everyone it affects.

Each member has a version token beside the count. A reader stores the count with the version
it saw before counting; a writer replaces the version, now and again once its transaction has
committed. A count taken from a snapshot older than the last change is therefore never
served: its version no longer matches, even if it is written after the change.
"""

import uuid
from collections.abc import Callable, Collection, Iterable

from django.core.cache import cache
from django.db import transaction


class CachedCounts:
    def __init__(self, name: str, seconds: int) -> None:
        self.name, self.seconds, self.version_seconds = name, seconds, 2 * seconds

    def count_key(self, user_id: int) -> str:
        return f"{self.name}:{user_id}"

    def version_key(self, user_id: int) -> str:
        return f"{self.name}-version:{user_id}"

    def get(self, user_id: int, count: Callable[[], int]) -> int:
        """One member's count from the cache, or `count()` stored under the current version."""
        return self.get_many([user_id], lambda ids: {user_id: count()})[user_id]

    def get_many(
        self, user_ids: Collection[int], count: Callable[[list[int]], dict[int, int]]
    ) -> dict[int, int]:
        """Several members' counts: one cache read, and one `count(ids)` for all that missed."""
        ids = list(dict.fromkeys(user_ids))
        keys = [self.version_key(i) for i in ids] + [self.count_key(i) for i in ids]
        found = cache.get_many(keys)
        counts: dict[int, int] = {}
        versions: dict[int, str | None] = {}
        for user_id in ids:
            version = found.get(self.version_key(user_id))
            stored = found.get(self.count_key(user_id))
            if version is not None and isinstance(stored, tuple) and stored[0] == version:
                counts[user_id] = int(stored[1])
                continue
            if version is None:
                fresh = uuid.uuid4().hex
                added = cache.add(self.version_key(user_id), fresh, self.version_seconds)
                version = fresh if added else cache.get(self.version_key(user_id))
            versions[user_id] = version
        if versions:
            counted = count(list(versions))
            cache.set_many(
                {
                    self.count_key(user_id): (version, counted[user_id])
                    for user_id, version in versions.items()
                    if version is not None
                },
                self.seconds,
            )
            counts.update(counted)
        return counts

    def changed(self, user_ids: Iterable[int]) -> None:
        """The counts of these members may be different now: forget them now, and again once
        the current transaction commits (a count read in between is from before the change)."""
        ids = frozenset(user_ids)
        if not ids:
            return
        self._bump(ids)
        transaction.on_commit(lambda: self._bump(ids))

    def _bump(self, user_ids: frozenset[int]) -> None:
        fresh = {self.version_key(user_id): uuid.uuid4().hex for user_id in user_ids}
        cache.set_many(fresh, self.version_seconds)
