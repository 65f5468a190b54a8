import contextlib
import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


def member_preferences(get_response: Callable[[HttpRequest], HttpResponse]):
    """Show every page in the member's own language and every time in their own timezone."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        timezone.deactivate()
        if user.is_authenticated:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        return get_response(request)

    return middleware
