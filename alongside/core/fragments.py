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

from typing import Any

from django.utils.functional import Promise

ALIAS = "fragments"


def _text(part: Any) -> str:
    # Plain types first, by exact type: a 50-post page builds ~1,300 of these, and the ABC
    # checks (Iterable) were a tenth of its own time.
    kind = type(part)
    if kind is str:
        return part
    if kind is list or kind is tuple:
        return "(" + ",".join([_text(item) for item in part]) + ")"
    if isinstance(part, Promise):  # a lazy translation's repr would be its address
        return str(part)
    if isinstance(part, list | tuple | set | frozenset):
        items = sorted(part, key=str) if isinstance(part, set | frozenset) else part
        return "(" + ",".join([_text(item) for item in items]) + ")"
    return str(part)


def fragment_key(*parts: Any) -> str:
    """One string naming `parts` (lazy translations as their text)."""
    return "\x1f".join([_text(part) for part in parts])
