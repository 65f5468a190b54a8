import contextlib
import time
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


def query_count(get_response: Callable[[HttpRequest], HttpResponse]):
    """Benchmarks only: `X-Query-Count` (the SQL queries the request ran) and `X-Server-Ms`.

    Installed by alongside.bench_settings (never by the real settings), and even then inert
    unless BENCH_QUERY_COUNT is on.
    """
    from django.conf import settings
    from django.db import connection

    if not getattr(settings, "BENCH_QUERY_COUNT", False):
        return get_response

    def middleware(request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        began = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-Query-Count"] = str(count)
        # The server's own time for the request, without the network or the client's queue.
        response["X-Server-Ms"] = f"{(time.perf_counter() - began) * 1000:.2f}"
        return response

    return middleware
