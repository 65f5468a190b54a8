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
    until, since, in_progress = _until(current, meeting.week_minute, meeting.duration_minutes)
    return until, in_progress, _next_start(local, until, since, in_progress)


def _until(current: int, start: int, duration: int) -> tuple[int, int, bool]:
    """(minutes until the start, negative while in progress; minutes since it; in progress)
    from week minutes, so ranking hundreds of meetings is integer arithmetic."""
    since = (current - start) % WEEK
    in_progress = since <= IN_PROGRESS_MINUTES and since < duration
    return (-since if in_progress else (start - current) % WEEK), since, in_progress


def _next_start(local: datetime, until: int, since: int, in_progress: bool) -> datetime:
    # Wall-clock arithmetic: a 19:00 meeting starts at 19:00 local, whatever DST does.
    wall = local.replace(tzinfo=None, second=0, microsecond=0)
    start_wall = wall - timedelta(minutes=since) if in_progress else wall + timedelta(minutes=until)
    return start_wall.replace(tzinfo=local.tzinfo)


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
    # The first MAX_CANDIDATES in a fixed order, so a search far too wide gives the same
    # meetings every time.
    return rows.order_by("pk")


# What ranking needs, all in the search indexes (directory_near_idx and
# directory_attendance_when_idx), so PostgreSQL answers from the index alone.
RANKED = (
    "id", "latitude", "longitude", "attendance", "week_minute", "duration_minutes", "timezone",
    "name",
)  # fmt: skip
_ID, _LATITUDE, _LONGITUDE, _ATTENDANCE, _WEEK_MINUTE, _DURATION, _TIMEZONE, _NAME = range(8)
# What a result line shows: the notes, links and the source's problem list stay in the
# database until someone opens the meeting.
SHOWN = (
    "slug", "name", "day", "time", "duration_minutes", "week_minute", "timezone", "attendance",
    "location", "formatted_address", "latitude", "longitude",
)  # fmt: skip

# (the ranked row, its distance or None, minutes until its start or None, minutes since it,
# in progress)
_Hit = tuple[tuple[Any, ...], float | None, int | None, int, bool]


def _ranked(search: Search, now: datetime) -> tuple[list[_Hit], dict[str, datetime]]:
    """Every candidate within the distance, in the search's order, as plain rows: the few
    hundred candidates of a search cost tuples and integer arithmetic, not model instances.
    Also `now` in each time zone seen."""
    rows = candidates(search).values_list(*RANKED)[:MAX_CANDIDATES]
    point = search.point
    if point is not None:  # haversine_km, with the searcher's side worked out once
        lat1, lon1 = math.radians(point[0]), math.radians(point[1])
        cos_lat1 = math.cos(lat1)
    radius_km, any_distance = search.radius_km, search.attendance == "online"
    in_miles = search.units == "mi"
    online = DirectoryMeeting.Attendance.ONLINE
    local_now: dict[str, datetime] = {}  # computed once per zone
    current: dict[str, int] = {}
    hits: list[_Hit] = []
    sin, cos, asin, sqrt, radians = math.sin, math.cos, math.asin, math.sqrt, math.radians
    for row in rows:
        distance = None
        latitude, longitude = row[_LATITUDE], row[_LONGITUDE]
        if (
            point is not None
            and latitude is not None
            and longitude is not None
            and row[_ATTENDANCE] != online  # an online meeting's "home" is no distance to travel
        ):
            lat2, lon2 = radians(latitude), radians(longitude)
            h = sin((lat2 - lat1) / 2) ** 2 + cos_lat1 * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
            km = 2 * EARTH_KM * asin(sqrt(min(h, 1.0)))
            if km > radius_km and not any_distance:
                continue
            distance = km / KM_PER_MILE if in_miles else km
        start = row[_WEEK_MINUTE]
        if start is None:  # by appointment
            hits.append((row, distance, None, 0, False))
            continue
        zone = row[_TIMEZONE]
        if zone not in current:
            local_now[zone] = now.astimezone(ZoneInfo(zone))
            current[zone] = week_minute(local_now[zone])
        hits.append((row, distance, *_until(current[zone], start, row[_DURATION])))
    # Both sorts are stable over the candidates' fixed order, so equal keys keep it.
    by_distance = search.order == "distance" or (not search.order and point is not None)
    if by_distance and point is not None:
        hits.sort(key=lambda h: (h[1] if h[1] is not None else math.inf, h[2] or 0))
    else:
        hits.sort(key=lambda h: (h[2] is None, h[2] if h[2] is not None else 0, h[0][_NAME]))
    return hits, local_now


def search(search: Search, now: datetime, *, limit: int = PAGE) -> tuple[list[Result], int]:
    """Matching meetings, ordered, and how many matched in all (up to the candidate cap).
    Two queries: the ranking from the index, then what the shown ones' lines need."""
    hits, local_now = _ranked(search, now)
    shown = hits[:limit]
    meetings = (
        DirectoryMeeting.objects.only(*SHOWN).in_bulk([hit[0][_ID] for hit in shown])
        if shown
        else {}
    )
    results = []
    for row, distance, until, since, in_progress in shown:
        meeting = meetings.get(row[_ID])
        if meeting is None:  # removed by a feed sync in between
            continue
        next_start = None
        if until is not None:
            next_start = _next_start(local_now[row[_TIMEZONE]], until, since, in_progress)
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
    return results, len(hits)


def matching_ids(search: Search, now: datetime) -> list[int]:
    """The ids of every match (up to the candidate cap), in the search's order."""
    return [hit[0][_ID] for hit in _ranked(search, now)[0]]


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
