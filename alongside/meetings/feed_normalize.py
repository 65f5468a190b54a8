"""Turning one meeting of a Meeting Guide feed, as real feeds write it, into clean fields.

Pure functions, no database: `normalize(raw, default_timezone=...)` returns the meeting's rows
(one per weekday) and a list of problems (which field, why). A problem never stops an import:
a field that can't be read is left out, and only a meeting with no name, or a day or time
that can't be understood, is rejected.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.text import slugify

from alongside.meetings.types import MEETING_TYPES

DAY_NAMES = {
    "sunday": 0, "sun": 0, "domingo": 0,
    "monday": 1, "mon": 1, "lunes": 1,
    "tuesday": 2, "tue": 2, "tues": 2, "martes": 2,
    "wednesday": 3, "wed": 3, "miercoles": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "jueves": 4,
    "friday": 5, "fri": 5, "viernes": 5,
    "saturday": 6, "sat": 6, "sabado": 6,
}  # fmt: skip
DAY_SLUGS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
TIMEZONE_ALIASES = {
    "eastern": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "et": "America/New_York", "central": "America/Chicago", "cst": "America/Chicago",
    "cdt": "America/Chicago", "ct": "America/Chicago", "mountain": "America/Denver",
    "mst": "America/Denver", "mdt": "America/Denver", "mt": "America/Denver",
    "arizona": "America/Phoenix", "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage", "akst": "America/Anchorage", "hawaii": "Pacific/Honolulu",
    "hst": "Pacific/Honolulu", "atlantic": "America/Halifax", "ast": "America/Halifax",
    "newfoundland": "America/St_Johns", "utc": "UTC", "gmt": "UTC",
}  # fmt: skip
ONLINE_PROVIDERS = (
    "zoom.us", "zoom.com", "meet.google.com", "teams.microsoft.com", "teams.live.com",
    "webex.com", "gotomeeting.com", "gotomeet.me", "meet.goto.com", "skype.com", "discord.gg",
    "discord.com", "whereby.com", "meet.jit.si", "freeconferencecall.com", "bluejeans.com",
    "ringcentral.com", "signal.group", "chat.whatsapp.com", "facebook.com", "gather.town",
)  # fmt: skip
DEFAULT_MINUTES = 60
MAX_MINUTES = 12 * 60
# Type names (either language, any case) to codes, for feeds that write "Big Book" for B.
TYPE_BY_NAME = {name.casefold(): code for code, names in MEETING_TYPES.items() for name in names}
TYPE_BY_CODE = {code.casefold(): code for code in MEETING_TYPES}
TIME_PATTERN = re.compile(
    r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap])?\.?\s*m?\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Problem:
    slug: str
    name: str
    field: str
    message: str


@dataclass
class Row:
    """One weekly occurrence of a meeting, ready for the directory table."""

    feed_slug: str
    name: str
    day: int | None
    time: time | None
    duration_minutes: int
    timezone: str
    attendance: str
    location: str = ""
    formatted_address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    region: str = ""
    location_notes: str = ""
    notes: str = ""
    group_name: str = ""
    conference_url: str = ""
    conference_url_notes: str = ""
    conference_phone: str = ""
    conference_phone_notes: str = ""
    types: list[str] = field(default_factory=list)
    url: str = ""
    updated: datetime | None = None

    @property
    def week_minute(self) -> int | None:
        if self.day is None or self.time is None:
            return None
        return self.day * 24 * 60 + self.time.hour * 60 + self.time.minute

    def fingerprint(self) -> str:
        data = asdict(self)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class Rejected(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def text(value: Any, limit: int = 5000) -> str:
    """A plain-text field: strings only, trimmed, control characters out; never HTML."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, list):
        value = ", ".join(text(v) for v in value if text(v))
    if not isinstance(value, str):
        return ""
    cleaned = "".join(c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return cleaned.strip()[:limit]


def parse_days(value: Any) -> list[int | None]:
    """0-6 (Sunday first), a day name, or a list of either; nothing means by appointment."""
    if value is None or value == "" or value == []:
        return [None]
    values = value if isinstance(value, list) else [value]
    days: list[int | None] = []
    for item in values:
        if isinstance(item, bool):
            raise Rejected("day", f"{item!r} is not a day")
        if isinstance(item, int) and 0 <= item <= 6:
            days.append(item)
            continue
        if isinstance(item, str):
            word = unicodedata.normalize("NFKD", item).encode("ascii", "ignore").decode()
            word = word.strip().casefold().rstrip(".")
            if word.isdigit() and 0 <= int(word) <= 6:
                days.append(int(word))
                continue
            if word in DAY_NAMES:
                days.append(DAY_NAMES[word])
                continue
        raise Rejected("day", f"{item!r} is not a day (0-6 from Sunday, or a day's name)")
    return sorted(set(days), key=lambda d: -1 if d is None else d)


def parse_time(value: Any, field_name: str = "time") -> time | None:
    """ "19:30", "7:30 PM", "7pm", "19:30:00", "noon" and "midnight"; None if absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Rejected(field_name, f"{value!r} is not a time")
    word = value.strip().casefold()
    if word == "noon":
        return time(12)
    if word == "midnight":
        return time(0)
    match = TIME_PATTERN.match(word)
    if not match:
        raise Rejected(field_name, f"{value!r} is not a time like 19:30 or 7:30 PM")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise Rejected(field_name, f"{value!r} is not a time")
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Rejected(field_name, f"{value!r} is not a time")
    return time(hour, minute)


def parse_timezone(value: Any, default: str) -> tuple[str, str | None]:
    """An IANA zone, an alias like "Eastern" or "PT", or the source's default."""
    name = text(value, 64)
    if not name:
        return default, None
    alias = TIMEZONE_ALIASES.get(name.casefold())
    candidate = alias or name
    try:
        ZoneInfo(candidate)
    except (ZoneInfoNotFoundError, ValueError):
        return default, f"{name!r} is not a time zone; used {default}"
    return candidate, None


def parse_coordinate(value: Any, low: float, high: float) -> float | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Rejected("coordinates", f"{value!r} is not a number") from None
    if not low <= number <= high or number != number:
        raise Rejected("coordinates", f"{value!r} is out of range")
    return number


def parse_types(value: Any) -> tuple[list[str], list[str]]:
    """Codes from codes or names in any case; unknown ones are reported. Closed beats open."""
    if value is None or value == "":
        return [], []
    items = value if isinstance(value, list) else str(value).split(",")
    codes: list[str] = []
    unknown: list[str] = []
    for item in items:
        word = text(item, 60)
        if not word:
            continue
        code = TYPE_BY_CODE.get(word.casefold()) or TYPE_BY_NAME.get(word.casefold())
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    if "O" in codes and "C" in codes:
        codes.remove("O")
    return sorted(codes), unknown


def parse_updated(value: Any) -> datetime | None:
    if not value:
        return None
    raw = text(value, 40)
    for pattern in (
        "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d",
        "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y",
    ):  # fmt: skip
        try:
            return datetime.strptime(raw, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise Rejected("updated", f"{raw!r} is not a date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def web_link(value: Any) -> str:
    link = text(value, 500)
    if not link:
        return ""
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise Rejected("url", f"{link!r} is not a web address")
    return link


def is_known_provider(url: str) -> bool:
    host = (urlparse(url).hostname or "").casefold()
    return any(host == p or host.endswith("." + p) for p in ONLINE_PROVIDERS)


def is_dialable(phone: str) -> bool:
    digits = sum(ch.isdigit() for ch in phone)
    return digits >= 10


def attendance_of(row: Row) -> str:
    """Online is inferred from a conference link of a known provider or a dialable phone; in
    person from a real (not approximate) address, unless temporarily closed (TC)."""
    online = (bool(row.conference_url) and is_known_provider(row.conference_url)) or (
        bool(row.conference_phone) and is_dialable(row.conference_phone)
    )
    has_place = bool(row.formatted_address or row.latitude is not None) and not row.approximate
    in_person = has_place and "TC" not in row.types
    if online and in_person:
        return "hybrid"
    if online:
        return "online"
    if in_person:
        return "in_person"
    return "inactive"


def _address(raw: dict[str, Any]) -> str:
    formatted = text(raw.get("formatted_address"), 400)
    if formatted:
        return formatted
    parts = [text(raw.get(k), 120) for k in ("address", "city", "state", "postal_code")]
    country = text(raw.get("country"), 60)
    return ", ".join(p for p in [*parts, country] if p)


def _approximate(raw: dict[str, Any]) -> bool:
    """The feed's own flag when it has one; otherwise an address without a street (just a
    city or region, as online-only meetings often have) is approximate."""
    flag = raw.get("approximate")
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, str) and flag.strip().casefold() in ("yes", "no", "true", "false"):
        return flag.strip().casefold() in ("yes", "true")
    street = text(raw.get("address"), 200) or text(raw.get("formatted_address"), 400).split(",")[0]
    return not any(ch.isdigit() for ch in street)


def _minutes(start: time | None, end: time | None) -> int:
    if start is None or end is None:
        return DEFAULT_MINUTES
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60  # ends after midnight
    return min(minutes, MAX_MINUTES)


def normalize(raw: Any, *, default_timezone: str) -> tuple[list[Row], list[Problem]]:
    """The rows of one feed meeting, or none (rejected), and what was wrong with it."""
    if not isinstance(raw, dict):
        return [], [Problem("", "", "meeting", "not an object")]
    name = text(raw.get("name"), 255)
    feed_slug = slugify(text(raw.get("slug"), 200))[:64].strip("-") or slugify(name)[:64].strip("-")
    problems: list[Problem] = []

    def problem(field_name: str, message: str) -> None:
        problems.append(Problem(feed_slug, name, field_name, message))

    if not name:
        problem("name", "missing: the meeting is left out")
        return [], problems
    if not text(raw.get("slug")):
        problem("slug", "missing: made one from the name")
    try:
        days = parse_days(raw.get("day"))
        start = parse_time(raw.get("time"))
    except Rejected as error:
        problem(error.field, error.message + ": the meeting is left out")
        return [], problems
    if start is None and days != [None]:
        problem("time", "missing: listed as by appointment")
        days = [None]
    if start is not None and days == [None]:
        problem("day", "missing: listed as by appointment")
        start = None
    try:
        end = parse_time(raw.get("end_time"), "end_time")
    except Rejected as error:
        problem(error.field, error.message + f": assumed {DEFAULT_MINUTES} minutes")
        end = None
    zone, zone_problem = parse_timezone(raw.get("timezone"), default_timezone)
    if zone_problem:
        problem("timezone", zone_problem)
    try:
        latitude = parse_coordinate(raw.get("latitude"), -90, 90)
        longitude = parse_coordinate(raw.get("longitude"), -180, 180)
    except Rejected as error:
        problem(error.field, error.message + ": left out")
        latitude = longitude = None
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        latitude = longitude = None
    types, unknown = parse_types(raw.get("types"))
    if unknown:
        problem("types", "unknown: " + ", ".join(unknown[:10]))
    try:
        updated = parse_updated(raw.get("updated"))
    except Rejected as error:
        problem(error.field, error.message)
        updated = None
    links: dict[str, str] = {}
    for key in ("url", "conference_url"):
        try:
            links[key] = web_link(raw.get(key))
        except Rejected as error:
            problem(key, error.message + ": left out")
            links[key] = ""
    regions = raw.get("regions")
    if isinstance(regions, list) and regions:
        region = " > ".join(text(r, 80) for r in regions if text(r, 80))
    else:
        region = " > ".join(
            p for p in (text(raw.get("region"), 80), text(raw.get("sub_region"), 80)) if p
        )
    approximate = _approximate(raw)
    base = Row(
        feed_slug=feed_slug,
        name=name,
        day=None,
        time=start,
        duration_minutes=_minutes(start, end),
        timezone=zone,
        attendance="inactive",
        location=text(raw.get("location"), 255),
        formatted_address=_address(raw),
        city=text(raw.get("city"), 120),
        state=text(raw.get("state"), 60),
        postal_code=text(raw.get("postal_code"), 20),
        country=text(raw.get("country"), 60),
        latitude=latitude,
        longitude=longitude,
        approximate=approximate,
        region=region[:200],
        location_notes=text(raw.get("location_notes")),
        notes=text(raw.get("notes")),
        group_name=text(raw.get("group"), 255),
        conference_url=links["conference_url"],
        conference_url_notes=text(raw.get("conference_url_notes")),
        conference_phone=text(raw.get("conference_phone"), 100),
        conference_phone_notes=text(raw.get("conference_phone_notes")),
        types=types,
        url=links["url"],
        updated=updated,
    )
    base.attendance = attendance_of(base)
    rows = []
    for day in days:
        row = Row(**{**asdict(base), "day": day, "time": start if day is not None else None})
        rows.append(row)
    return rows, problems


def directory_slug(source_slug: str, row: Row, several_days: bool) -> str:
    suffix = f"-{DAY_SLUGS[row.day]}" if several_days and row.day is not None else ""
    return slugify(f"{source_slug}-{row.feed_slug}")[: 120 - len(suffix)] + suffix
