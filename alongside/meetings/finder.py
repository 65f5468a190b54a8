"""The public meeting finder: filters, distance and "what's on now", shared by /meetings/ and
/meetings/feed.json. Times are each meeting's own wall-clock time (a 19:00 meeting is at 19:00
in its city all year); "in progress" and "starting soon" are computed in that time zone and
shown in the viewer's."""

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from alongside.meetings.models import DirectoryMeeting

WEEK = 7 * 24 * 60
EARTH_KM = 6371.0088
KM_PER_MILE = 1.609344
DISTANCES = (1, 2, 5, 10, 15, 25, 50, 100)
IN_PROGRESS_MINUTES = 10  # still worth joining
SOON_MINUTES = 60
# Times of day as tsml-ui names them (they overlap on purpose).
TIMES_OF_DAY = {
    "morning": (time(4), time(11, 59)),
    "midday": (time(11), time(16, 59)),
    "evening": (time(16), time(20, 59)),
    "night": (time(20), time(4, 59)),
}
MAX_CANDIDATES = 3000
PAGE = 50


@dataclass(frozen=True)
class Search:
    point: tuple[float, float] | None = None
    distance: float = 10
    units: str = "mi"
    day: int | None = None  # 0 = Sunday
    time_of_day: str = ""
    attendance: str = ""  # in_person, online, hybrid
    types: tuple[str, ...] = ()
    query: str = ""
    order: str = ""  # "distance" or "start"; default: distance with a place, else start

    @property
    def radius_km(self) -> float:
        return self.distance * (KM_PER_MILE if self.units == "mi" else 1)


@dataclass(frozen=True)
class Result:
    meeting: DirectoryMeeting
    distance: float | None  # in the search's units
    minutes_until: int | None  # to the next start; None: by appointment
    in_progress: bool
    starting_soon: bool
    next_start: datetime | None  # aware, in the meeting's time zone


def week_minute(moment: datetime) -> int:
    """Minutes since Sunday 00:00 of the moment's own (wall-clock) week."""
    return ((moment.weekday() + 1) % 7) * 1440 + moment.hour * 60 + moment.minute


def timing(
    meeting: DirectoryMeeting, now: datetime, local: datetime | None = None
) -> tuple[int | None, bool, datetime | None]:
    """(minutes until the next start, in progress, the next start) in the meeting's zone;
    `local` is `now` in that zone, when the caller already has it."""
    if meeting.week_minute is None:
        return None, False, None
    local = local or now.astimezone(ZoneInfo(meeting.timezone))
    current = week_minute(local)
    since = (current - meeting.week_minute) % WEEK
    in_progress = since <= IN_PROGRESS_MINUTES and since < meeting.duration_minutes
    until = (meeting.week_minute - current) % WEEK
    # Wall-clock arithmetic: a 19:00 meeting starts at 19:00 local, whatever DST does.
    wall = local.replace(tzinfo=None, second=0, microsecond=0)
    start_wall = wall - timedelta(minutes=since) if in_progress else wall + timedelta(minutes=until)
    next_start = start_wall.replace(tzinfo=ZoneInfo(meeting.timezone))
    return (-since if in_progress else until), in_progress, next_start


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(min(h, 1.0)))


def bounding_box(point: tuple[float, float], km: float) -> tuple[float, float, float, float]:
    lat, lon = point
    dlat = math.degrees(km / EARTH_KM)
    dlon = math.degrees(km / (EARTH_KM * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def candidates(search: Search) -> QuerySet[DirectoryMeeting]:
    """The rows that can match, narrowed by indexed columns first (the box, the day)."""
    rows = DirectoryMeeting.objects.exclude(attendance=DirectoryMeeting.Attendance.INACTIVE)
    if search.attendance == "in_person":
        rows = rows.filter(attendance__in=["in_person", "hybrid"])
    elif search.attendance == "online":
        rows = rows.filter(attendance__in=["online", "hybrid"])
    elif search.attendance == "hybrid":
        rows = rows.filter(attendance="hybrid")
    if search.point is not None and search.attendance != "online":
        low_lat, high_lat, low_lon, high_lon = bounding_box(search.point, search.radius_km)
        nearby = Q(
            latitude__gte=low_lat,
            latitude__lte=high_lat,
            longitude__gte=low_lon,
            longitude__lte=high_lon,
        )
        # Online meetings are found by their home (the intergroup's city, often approximate).
        rows = rows.filter(nearby)
    if search.day is not None:
        rows = rows.filter(day=search.day)
    if search.time_of_day in TIMES_OF_DAY:
        start, end = TIMES_OF_DAY[search.time_of_day]
        if start < end:
            rows = rows.filter(time__gte=start, time__lte=end)
        else:
            rows = rows.filter(Q(time__gte=start) | Q(time__lte=end))
    for code in search.types:
        rows = rows.filter(types_text__contains=f",{code},")
    if search.query:
        for word in search.query.casefold().split()[:6]:
            rows = rows.filter(search_text__contains=word)
    # Only what a result line shows: the notes, links and the source's problem list stay in
    # the database until someone opens the meeting.
    return rows.only(
        "slug", "name", "day", "time", "duration_minutes", "week_minute", "timezone",
        "attendance", "location", "formatted_address", "latitude", "longitude",
    )  # fmt: skip


def search(search: Search, now: datetime, *, limit: int = PAGE) -> tuple[list[Result], int]:
    """Matching meetings, ordered, and how many matched in all (up to the candidate cap)."""
    results = []
    local_now: dict[str, datetime] = {}  # now in each time zone, computed once per zone
    for meeting in candidates(search)[:MAX_CANDIDATES]:
        distance = None
        online_only = meeting.attendance == DirectoryMeeting.Attendance.ONLINE
        if (
            search.point is not None
            and meeting.latitude is not None
            and meeting.longitude is not None
            and not online_only  # an online meeting's "home" city is no distance to travel
        ):
            km = haversine_km(search.point, (meeting.latitude, meeting.longitude))
            if km > search.radius_km and search.attendance != "online":
                continue
            distance = km / KM_PER_MILE if search.units == "mi" else km
        if meeting.timezone not in local_now:
            local_now[meeting.timezone] = now.astimezone(ZoneInfo(meeting.timezone))
        until, in_progress, next_start = timing(meeting, now, local_now[meeting.timezone])
        results.append(
            Result(
                meeting=meeting,
                distance=distance,
                minutes_until=until,
                in_progress=in_progress,
                starting_soon=until is not None and 0 <= until <= SOON_MINUTES,
                next_start=next_start,
            )
        )
    by_distance = search.order == "distance" or (not search.order and search.point is not None)
    if by_distance and search.point is not None:
        results.sort(
            key=lambda r: (r.distance if r.distance is not None else math.inf, r.minutes_until or 0)
        )
    else:
        results.sort(
            key=lambda r: (
                r.minutes_until is None,
                r.minutes_until if r.minutes_until is not None else 0,
                r.meeting.name,
            )
        )
    return results[:limit], len(results)


def parse(params: Any, *, resolve_place: Any = None) -> tuple[Search, list[str]]:
    """A Search from query parameters (the page's and the TSML names alike), and the problems
    with them in words for the page. Junk never raises."""
    from alongside.meetings.types import MEETING_TYPES

    problems: list[str] = []

    def number(name: str) -> float | None:
        raw = (params.get(name) or "").strip()[:20]
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            return None
        return value if math.isfinite(value) else None

    point = None
    latitude, longitude = number("latitude"), number("longitude")
    if (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    ):
        point = (latitude, longitude)
    place = (params.get("near") or "").strip()[:100]
    if point is None and place and resolve_place is not None:
        point = resolve_place(place)
        if point is None:
            problems.append("place")
    distance = number("distance") or 10
    distance = min(max(distance, 1), 100)
    units = "km" if (params.get("distance_units") or params.get("units")) == "km" else "mi"
    day_raw = (params.get("day") or "").strip()
    day = int(day_raw) if day_raw.isascii() and day_raw.isdigit() and int(day_raw) <= 6 else None
    time_of_day = (params.get("time") or "").strip()
    attendance = (params.get("attendance_option") or params.get("attendance") or "").strip()
    if attendance not in ("in_person", "online", "hybrid"):
        attendance = ""
    raw_types = params.getlist("type") if hasattr(params, "getlist") else params.get("type", [])
    if isinstance(raw_types, str):
        raw_types = [raw_types]
    types = tuple(
        sorted({t for item in raw_types for t in str(item).split(",") if t in MEETING_TYPES})
    )[:10]
    query = (params.get("query") or params.get("q") or "").strip()[:100]
    order = (params.get("order") or "").strip()
    return (
        Search(
            point=point,
            distance=distance,
            units=units,
            day=day,
            time_of_day=time_of_day if time_of_day in TIMES_OF_DAY else "",
            attendance=attendance,
            types=types,
            query=query,
            order=order if order in ("distance", "start") else "",
        ),
        problems,
    )
