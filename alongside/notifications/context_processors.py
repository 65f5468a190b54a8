from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alongside.notifications import unread


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The header's unread count: from the cache (no query on most pages), only on pages that
    show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread.count_for(user.pk))}
