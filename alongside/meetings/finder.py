"""The public meeting finder: filters, distance and "what's on now", shared by /meetings/ and
/meetings/feed.json. Times are each meeting's own wall-clock time (a 19:00 meeting is at 19:00
in its city all year); "in progress" and "starting soon" are computed in that time zone and
shown in the viewer's."""

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
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


# What ranking reads, all in the search indexes (directory_near_idx and
# directory_attendance_when_idx), so PostgreSQL answers the candidates from the index alone.
RANKED = (
    "id", "latitude", "longitude", "attendance", "week_minute", "duration_minutes", "timezone",
    "name",
)  # fmt: skip
# What a result line shows, in the model's field order: the notes, links and the source's
# problem list stay in the database until someone opens the meeting.
SHOWN = (
    "id", "slug", "name", "day", "time", "duration_minutes", "week_minute", "timezone",
    "attendance", "location", "formatted_address", "latitude", "longitude",
)  # fmt: skip

# The time zones the ranking knows "now" in (see _ranking_sql). Only grows, a name at a time,
# when a search meets a zone it did not know: a few dozen in North America.
_zones: frozenset[str] = frozenset()


def _ranking_sql(
    search: Search, now: datetime, zones: frozenset[str], limit: int | None
) -> tuple[str, list[Any], str]:
    """The ranked matches as SQL, and its ORDER BY for a query around it (over `r`): the
    candidates (the first MAX_CANDIDATES in id order), their haversine term and minutes until
    the next start, the ones within the distance, in the search's order, counted, and flagged
    `lost` when a zone was not in `zones`. The same arithmetic as timing() and haversine_km(),
    done by the database over a few hundred rows so only the shown ones travel. Portable:
    Django gives SQLite the math functions PostgreSQL has."""
    inner, inner_params = (
        candidates(search).values_list(*RANKED)[:MAX_CANDIDATES].query.sql_with_params()
    )
    # Every value below is a parameter; the text is put together from constant fragments.
    # Minutes since Sunday 00:00 in each meeting's zone, from a table of the known zones.
    current, zone_params = "CAST(NULL AS INTEGER)", []  # nothing known: everything is lost
    if zones:
        current = "CASE c.timezone " + "WHEN %s THEN %s " * len(zones) + "END"
        for zone in zones:
            zone_params += [zone, week_minute(now.astimezone(ZoneInfo(zone)))]
    point, where, where_params = search.point, "", []
    h, h_params = "NULL", []
    if point is not None:
        # haversine_km's h, which grows with the distance: compared and ordered without the
        # square root and arcsine.
        lat1, lon1 = math.radians(point[0]), math.radians(point[1])
        h = (
            "CASE WHEN c.latitude IS NOT NULL AND c.longitude IS NOT NULL"
            " AND c.attendance <> %s THEN"
            " POWER(SIN((RADIANS(c.latitude) - %s) / 2), 2)"
            " + %s * COS(RADIANS(c.latitude)) * POWER(SIN((RADIANS(c.longitude) - %s) / 2), 2)"
            " END"
        )
        h_params = [DirectoryMeeting.Attendance.ONLINE, lat1, math.cos(lat1), lon1]
        if search.attendance != "online":  # online meetings are found anywhere
            limit_h = math.sin(search.radius_km / (2 * EARTH_KM)) ** 2
            where, where_params = "WHERE h IS NULL OR h <= %s", [limit_h]
    postgresql = connection.vendor == "postgresql"
    by_distance = search.order == "distance" or (not search.order and point is not None)
    if by_distance and point is not None:
        order = "{r}h IS NULL, {r}h, COALESCE({r}until, 0), {r}id"
    else:  # names in code point order, as Python sorts them
        collate = ' COLLATE "C"' if postgresql else ""
        order = f"{{r}}until IS NULL, COALESCE({{r}}until, 0), {{r}}name{collate}, {{r}}id"
    sql = (
        f"WITH c AS ({inner}),"  # noqa: S608 (constant fragments)
        # Worked out once per row (PostgreSQL would inline it into every use).
        f" located AS {'MATERIALIZED' if postgresql else ''} (SELECT c.id, c.name,"
        f" c.week_minute, c.duration_minutes, {h} AS h, {current} AS cur FROM c),"
        " near AS (SELECT located.*, (cur - week_minute + %s) %% %s AS since"
        f" FROM located {where}),"
        " timed AS (SELECT id, name, h,"
        " CASE WHEN since <= %s AND since < duration_minutes THEN -since"
        " ELSE (week_minute - cur + %s) %% %s END AS until,"
        " CASE WHEN cur IS NULL AND week_minute IS NOT NULL THEN 1 ELSE 0 END AS lost"
        " FROM near)"
        " SELECT id, h, until, name, COUNT(*) OVER () AS total, MAX(lost) OVER () AS lost"
        f" FROM timed ORDER BY {order.format(r='')}"
    )
    params = [
        *inner_params, *h_params, *zone_params, WEEK, WEEK, *where_params, IN_PROGRESS_MINUTES,
        WEEK, WEEK,
    ]  # fmt: skip
    if limit is not None:
        sql, params = f"{sql} LIMIT %s", [*params, limit]
    return sql, params, order.format(r="r.")


def _ranked(search: Search, now: datetime, limit: int | None, shown: bool) -> list[Any]:
    """The matches in order: (id, h, until, name, total, lost) rows, or with `shown` model
    instances with only SHOWN loaded (and .total, .lost). One query; a zone the ranking did
    not know yet is looked up among the candidates and the search run again."""
    global _zones
    for attempt in range(2):
        sql, params, order = _ranking_sql(search, now, _zones, limit)
        if shown:
            fields = ", ".join(f"m.{connection.ops.quote_name(f)}" for f in SHOWN)
            table = connection.ops.quote_name(DirectoryMeeting._meta.db_table)
            sql = (
                f"SELECT {fields}, r.total, r.lost FROM ({sql}) r"  # noqa: S608
                f" JOIN {table} m ON m.id = r.id ORDER BY {order}"
            )
            rows: list[Any] = list(DirectoryMeeting.objects.raw(sql, params))
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        lost = bool(rows) and (rows[0].lost if shown else rows[0][5])
        if not lost or attempt:
            return rows
        found = candidates(search).order_by().values_list("timezone", flat=True).distinct()
        _zones = _zones | frozenset(found)
    return rows  # pragma: no cover  (the loop returns)


def search(search: Search, now: datetime, *, limit: int = PAGE) -> tuple[list[Result], int]:
    """Matching meetings, ordered, and how many matched in all (up to the candidate cap), in
    one query; the shown ones' distance and timing are worked out here from their columns."""
    meetings = _ranked(search, now, limit, shown=True)
    local_now: dict[str, datetime] = {}
    results = []
    for meeting in meetings:
        distance = None
        if (
            search.point is not None
            and meeting.latitude is not None
            and meeting.longitude is not None
            and meeting.attendance != DirectoryMeeting.Attendance.ONLINE
        ):
            km = haversine_km(search.point, (meeting.latitude, meeting.longitude))
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
    return results, (meetings[0].total if meetings else 0)


def matching_ids(search: Search, now: datetime) -> list[int]:
    """The ids of every match (up to the candidate cap), in the search's order."""
    return [row[0] for row in _ranked(search, now, None, shown=False)]


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
