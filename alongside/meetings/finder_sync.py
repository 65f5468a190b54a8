"""Group meetings their facilitators chose to show in the public finder become directory rows
(one per weekday of a weekly meeting); anything else is taken out."""

import hashlib

from dateutil.rrule import rrulestr

from alongside.meetings.feed_normalize import Row, attendance_of
from alongside.meetings.models import DirectoryMeeting, Meeting


def _days(meeting: Meeting) -> list[int]:
    """The weekdays (0 = Sunday) of a weekly meeting."""
    if meeting.repeat != Meeting.Repeat.WEEKLY:
        return []
    first = (meeting.start_date.weekday() + 1) % 7
    try:
        rule = rrulestr(meeting.rrule) if meeting.rrule else None
    except (ValueError, TypeError):
        rule = None
    byweekday = getattr(rule, "_byweekday", None) if rule is not None else None
    if byweekday:
        return sorted({(d + 1) % 7 for d in byweekday})
    return [first]


def sync_group_meeting(meeting: Meeting) -> None:
    listed = (
        meeting.in_finder
        and meeting.cancelled_at is None
        and meeting.group is not None
        and meeting.group.visibility == "listed"
    )
    days = _days(meeting) if listed else []
    DirectoryMeeting.objects.filter(meeting=meeting).exclude(day__in=days).delete()
    for day in days:
        row = Row(
            feed_slug=meeting.slug,
            name=meeting.name,
            day=day,
            time=meeting.start_time,
            duration_minutes=meeting.duration_minutes,
            timezone=meeting.timezone,
            attendance="inactive",
            location=meeting.location_name,
            formatted_address=meeting.address,
            latitude=float(meeting.latitude) if meeting.latitude is not None else None,
            longitude=float(meeting.longitude) if meeting.longitude is not None else None,
            notes=meeting.notes,
            location_notes=meeting.location_notes,
            group_name=meeting.group.name if meeting.group else "",
            conference_url=meeting.conference_url,
            conference_url_notes=meeting.conference_notes,
            conference_phone=meeting.conference_phone,
            types=sorted(meeting.types),
        )
        if meeting.mode != Meeting.Mode.ONLINE and meeting.address:
            row.attendance = "hybrid" if meeting.mode == Meeting.Mode.HYBRID else "in_person"
        else:
            row.attendance = attendance_of(row) if meeting.mode != Meeting.Mode.ONLINE else "online"
        suffix = f"-{day}" if len(days) > 1 else ""
        fields = {
            "name": row.name,
            "time": row.time,
            "duration_minutes": row.duration_minutes,
            "week_minute": row.week_minute,
            "timezone": row.timezone,
            "attendance": row.attendance,
            "location": row.location,
            "formatted_address": row.formatted_address,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "notes": row.notes,
            "location_notes": row.location_notes,
            "group_name": row.group_name,
            "conference_url": row.conference_url,
            "conference_url_notes": row.conference_url_notes,
            "conference_phone": row.conference_phone,
            "types": row.types,
            "types_text": "," + ",".join(row.types) + "," if row.types else "",
            "search_text": " ".join(
                p for p in (row.name, row.location, row.formatted_address, row.group_name) if p
            ).casefold(),
            "fingerprint": hashlib.sha256(repr(sorted(vars(row).items())).encode()).hexdigest(),
        }
        existing = DirectoryMeeting.objects.filter(source=None, feed_slug=meeting.slug, day=day)
        slug = existing.values_list("slug", flat=True).first() or _free_slug(
            f"{meeting.slug}{suffix}"
        )
        DirectoryMeeting.objects.update_or_create(
            source=None,
            feed_slug=meeting.slug,
            day=day,
            defaults={"meeting": meeting, "slug": slug, **fields},
        )


def _free_slug(wanted: str) -> str:
    """The slug, or with -2, -3... if an imported meeting already has it."""
    slug, n = wanted, 2
    while DirectoryMeeting.objects.filter(slug=slug).exists():
        slug = f"{wanted[:110]}-{n}"
        n += 1
    return slug
