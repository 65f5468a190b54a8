"""The public meeting finder (/meetings/), a finder meeting's page, and our Meeting Guide feed
(/meetings/feed.json). No login: anyone looking for a meeting is welcome."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alongside.meetings import feed_export, finder, places
from alongside.meetings.models import DirectoryMeeting
from alongside.meetings.types import type_name

COMMON_TYPES = ("O", "C", "BE", "W", "M", "S", "LGBTQ", "X", "SP", "D", "B", "ST", "A", "Y")


def viewer_zone(request: HttpRequest) -> ZoneInfo:
    user = getattr(request, "user", None)
    zone = getattr(user, "timezone", "") if user is not None and user.is_authenticated else ""
    return ZoneInfo(zone or settings.TIME_ZONE)


@dataclass(frozen=True)
class Line:
    """A result as its line shows it, worked out here: per-row template tags (a time zone
    switch, two date formats, a URL, a translated label, lookups three deep) cost more than
    the search itself."""

    result: finder.Result
    url: str
    name: str
    in_progress: bool
    starting_soon: bool
    starts: datetime | None  # in the viewer's zone
    starts_text: str
    attendance: str
    distance: str  # "2.0 mi", or "" without one
    place: str  # "Location, address"


def lines(results: list[finder.Result], zone: ZoneInfo, units: str) -> list[Line]:
    labels = {value: str(label) for value, label in DirectoryMeeting.Attendance.choices}
    # Slugs are [-a-zA-Z0-9_] (slugify, the URL's converter): nothing to quote, so one
    # reverse() serves every line.
    head, _slug, tail = reverse("meetings:detail", args=["__slug__"]).rpartition("__slug__")
    language = translation.get_language()
    shown = []
    for result in results:
        meeting = result.meeting
        starts, text, distance = None, "", ""
        if result.next_start is not None:
            starts = result.next_start.astimezone(zone)
            text = _start_text(language, starts.weekday(), starts.hour, starts.minute)
        if result.distance is not None:
            distance = _("%(d)s %(units)s") % {
                "d": floatformat(result.distance, 1),
                "units": units,
            }
        shown.append(
            Line(
                result=result,
                url=f"{head}{meeting.slug}{tail}",
                name=meeting.name,
                in_progress=result.in_progress,
                starting_soon=result.starting_soon,
                starts=starts,
                starts_text=text,
                attendance=labels.get(meeting.attendance, meeting.attendance),
                distance=distance,
                place=", ".join(
                    part for part in (meeting.location, meeting.formatted_address) if part
                ),
            )
        )
    return shown


@lru_cache(maxsize=4096)
def _start_text(language: str, weekday: int, hour: int, minute: int) -> str:
    """ "Wednesday, 7:30 PM" in `language` (the active one): a few hundred start times recur."""
    moment = datetime(2024, 1, 1 + weekday, hour, minute)  # 2024-01-01 was a Monday
    return formats.date_format(moment, "l, g:i A")


@require_GET
def finder_page(request: HttpRequest) -> HttpResponse:
    search, problems = finder.parse(request.GET, resolve_place=places.resolve)
    searched = bool(request.GET)
    results, total = finder.search(search, timezone.now()) if searched else ([], 0)
    language = getattr(request, "LANGUAGE_CODE", "en")
    zone = viewer_zone(request)
    shown = lines(results, zone, search.units)
    context = {
        "search": search,
        "searched": searched,
        "results": results,
        "lines": shown,
        "total": total,
        "place_unknown": "place" in problems,
        "params": request.GET,
        "distances": finder.DISTANCES,
        "type_options": [(code, type_name(code, language)) for code in COMMON_TYPES],
        "viewer_zone": zone,
        "days": _days(),
        "map_tiles": settings.MEETING_MAP_TILES,
        "map_attribution": settings.MEETING_MAP_ATTRIBUTION,
        "mapped": [
            line
            for line in shown
            if line.result.meeting.latitude is not None and line.result.distance is not None
        ],
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
        ids = finder.matching_ids(search, timezone.now())
        rows = rows.filter(pk__in=ids)
    site = settings.SITE_URL.rstrip("/")
    body = [feed_export.as_feed(m, site) for m in rows.order_by("slug")[:20000]]
    response = JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
