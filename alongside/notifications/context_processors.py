from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alongside.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The header's unread count: one indexed COUNT, only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
