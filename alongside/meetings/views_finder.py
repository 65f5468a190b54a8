"""The public meeting finder (/meetings/), a finder meeting's page, and our Meeting Guide feed
(/meetings/feed.json). No login: anyone looking for a meeting is welcome."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alongside.meetings import feed_export, finder, places
from alongside.meetings.models import DirectoryMeeting
from alongside.meetings.types import type_name

COMMON_TYPES = ("O", "C", "BE", "W", "M", "S", "LGBTQ", "X", "SP", "D", "B", "ST", "A", "Y")


def viewer_zone(request: HttpRequest) -> ZoneInfo:
    user = getattr(request, "user", None)
    zone = getattr(user, "timezone", "") if user is not None and user.is_authenticated else ""
    return ZoneInfo(zone or settings.TIME_ZONE)


@require_GET
def finder_page(request: HttpRequest) -> HttpResponse:
    search, problems = finder.parse(request.GET, resolve_place=places.resolve)
    searched = bool(request.GET)
    results, total = finder.search(search, timezone.now()) if searched else ([], 0)
    language = getattr(request, "LANGUAGE_CODE", "en")
    context = {
        "search": search,
        "searched": searched,
        "results": results,
        "total": total,
        "place_unknown": "place" in problems,
        "params": request.GET,
        "distances": finder.DISTANCES,
        "type_options": [(code, type_name(code, language)) for code in COMMON_TYPES],
        "viewer_zone": viewer_zone(request),
        "days": _days(),
        "map_tiles": settings.MEETING_MAP_TILES,
        "map_attribution": settings.MEETING_MAP_ATTRIBUTION,
        "mapped": [r for r in results if r.meeting.latitude is not None and r.distance is not None],
    }
    return render(request, "meetings/finder.html", context)


def _days() -> list[tuple[int, str]]:
    from django.utils.dates import WEEKDAYS

    # WEEKDAYS is Monday-first (0 = Monday); the feeds count from Sunday.
    return [(0, str(WEEKDAYS[6]))] + [(d + 1, str(WEEKDAYS[d])) for d in range(6)]


def listing_page(request: HttpRequest, listing: DirectoryMeeting) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", "en")
    _until, in_progress, next_start = finder.timing(listing, timezone.now())
    context = {
        "listing": listing,
        "next_start": next_start,
        "in_progress": in_progress,
        "type_labels": [type_name(code, language) for code in listing.types],
        "viewer_zone": viewer_zone(request),
        "day_name": dict(_days()).get(listing.day) if listing.day is not None else "",
        "group_page": listing.meeting.group if listing.meeting_id and listing.meeting else None,
    }
    return render(request, "meetings/listing.html", context)


@require_GET
def feed_json(request: HttpRequest) -> HttpResponse:
    """Meeting Guide JSON of our public meetings, with the finder's filters (TSML names)."""
    rows = feed_export.published()
    if request.GET:
        search, _problems = finder.parse(request.GET, resolve_place=places.resolve)
        ids = [r.meeting.pk for r in finder.search(search, timezone.now(), limit=5000)[0]]
        rows = rows.filter(pk__in=ids)
    site = settings.SITE_URL.rstrip("/")
    body = [feed_export.as_feed(m, site) for m in rows.order_by("slug")[:20000]]
    response = JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
