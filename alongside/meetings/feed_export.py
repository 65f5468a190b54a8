"""Our meetings as a Meeting Guide feed: listed group meetings, and imported ones whose source
allows re-publishing. Importing this feed again gives the same meetings (a round trip)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from alongside.meetings.models import DirectoryMeeting


def published() -> QuerySet[DirectoryMeeting]:
    return DirectoryMeeting.objects.filter(
        Q(source__isnull=True) | Q(source__republish=True)
    ).select_related("source")


def as_feed(meeting: DirectoryMeeting, site_url: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": meeting.name,
        "slug": meeting.slug,
        "day": meeting.day,
        "time": meeting.time.strftime("%H:%M") if meeting.time else None,
        "timezone": meeting.timezone,
        "types": meeting.types,
        "attendance_option": meeting.attendance,
        "url": site_url + reverse("meetings:detail", args=[meeting.slug]),
    }
    if meeting.time is not None:
        end_minutes = meeting.time.hour * 60 + meeting.time.minute + meeting.duration_minutes
        item["end_time"] = f"{end_minutes // 60 % 24:02d}:{end_minutes % 60:02d}"
    if meeting.day is None:
        item.pop("day")
        item.pop("time")
    optional = {
        "location": meeting.location,
        "formatted_address": meeting.formatted_address,
        "city": meeting.city,
        "state": meeting.state,
        "postal_code": meeting.postal_code,
        "country": meeting.country,
        "region": meeting.region,
        "location_notes": meeting.location_notes,
        "notes": meeting.notes,
        "group": meeting.group_name,
        "conference_url": meeting.conference_url,
        "conference_url_notes": meeting.conference_url_notes,
        "conference_phone": meeting.conference_phone,
        "conference_phone_notes": meeting.conference_phone_notes,
    }
    item.update({key: value for key, value in optional.items() if value})
    if (
        meeting.latitude is not None
        and meeting.longitude is not None
        and not meeting.point_estimated
    ):
        item["latitude"] = round(meeting.latitude, 6)
        item["longitude"] = round(meeting.longitude, 6)
    item["approximate"] = "yes" if meeting.approximate else "no"
    if meeting.updated:
        item["updated"] = meeting.updated.strftime("%Y-%m-%d %H:%M:%S")
    return item
