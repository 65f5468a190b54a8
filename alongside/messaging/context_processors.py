from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alongside.messaging.selectors import unread_conversations


def unread_messages(request: HttpRequest) -> dict[str, Any]:
    """The header's count of conversations with something new: from the cache, when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": SimpleLazyObject(lambda: unread_conversations(user))}
