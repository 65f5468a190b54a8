"""Importing a Meeting Guide feed into the finder: fetch (file or http(s), with a timeout and
a size limit), normalise every meeting, then add, update or remove rows so that importing the
same feed again changes nothing. A failed download keeps the meetings already imported."""

import hashlib
import json
import logging
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.meetings.feed_normalize import Problem, Row, directory_slug, normalize
from alongside.meetings.models import DirectoryMeeting, FeedSource
from alongside.meetings.places import place_of

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20
MAX_BYTES = 25 * 1024 * 1024
MAX_PROBLEMS = 2000


class FeedError(Exception):
    """The feed couldn't be read at all (download, size or JSON)."""


@dataclass
class SyncResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: str = ""

    def summary(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "rejected": self.rejected,
            "problems": len(self.problems),
        }


def fetch(location: str, *, timeout: float | None = None) -> Any:
    """The feed's JSON from a URL or a file path."""
    timeout = timeout or TIMEOUT_SECONDS
    try:
        if location.startswith(("http://", "https://")):
            request = urllib.request.Request(  # noqa: S310  (http and https only, checked above)
                location,
                headers={"User-Agent": "Alongside meeting finder", "Accept": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                raw = response.read(MAX_BYTES + 1)
        else:
            path = Path(location)
            if path.stat().st_size > MAX_BYTES:
                raise FeedError("the file is larger than 25 MB")
            raw = path.read_bytes()
    except FeedError:
        raise
    except Exception as error:  # network, timeout, missing file: all just "couldn't read"
        raise FeedError(f"couldn't read the feed: {error}") from error
    if len(raw) > MAX_BYTES:
        raise FeedError("the feed is larger than 25 MB")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(f"the feed isn't valid JSON: {error}") from error
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        data = data["meetings"]  # some servers wrap the list
    if not isinstance(data, list):
        raise FeedError("the feed isn't a list of meetings")
    return data


def _fields(row: Row) -> dict[str, Any]:
    place = place_of(row)
    return {
        "name": row.name,
        "day": row.day,
        "time": row.time,
        "duration_minutes": row.duration_minutes,
        "week_minute": row.week_minute,
        "timezone": row.timezone,
        "attendance": row.attendance,
        "location": row.location,
        "formatted_address": row.formatted_address,
        "city": row.city,
        "state": row.state,
        "postal_code": row.postal_code,
        "country": row.country,
        "latitude": place[0] if place else None,
        "longitude": place[1] if place else None,
        "approximate": row.approximate,
        "point_estimated": place is not None and row.latitude is None,
        "region": row.region,
        "location_notes": row.location_notes,
        "notes": row.notes,
        "group_name": row.group_name,
        "conference_url": row.conference_url,
        "conference_url_notes": row.conference_url_notes,
        "conference_phone": row.conference_phone,
        "conference_phone_notes": row.conference_phone_notes,
        "types": row.types,
        "types_text": "," + ",".join(row.types) + "," if row.types else "",
        "search_text": " ".join(
            p
            for p in (
                row.name,
                row.location,
                row.formatted_address,
                row.region,
                row.group_name,
                row.notes,
            )
            if p
        ).casefold()[:4000],
        "url": row.url,
        "updated": row.updated,
    }


def _with_fingerprint(row: Row) -> dict[str, Any]:
    """The row's fields and a hash of them, so a change in the feed or in how we read it
    (a better geocoder, say) updates the meeting, and nothing else does."""
    fields = _fields(row)
    fields["fingerprint"] = hashlib.sha256(
        json.dumps(fields, sort_keys=True, default=str).encode()
    ).hexdigest()
    return fields


def rows_of(data: list[Any], default_timezone: str) -> tuple[list[Row], SyncResult]:
    """Every meeting's rows, with duplicate slugs made unique as the plugin does (-2, -3)."""
    result = SyncResult()
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for raw in data:
        meeting_rows, problems = normalize(raw, default_timezone=default_timezone)
        result.problems.extend(problems)
        if not meeting_rows:
            result.rejected += 1
            continue
        slug = meeting_rows[0].feed_slug
        if slug in seen:
            seen[slug] += 1
            new_slug = f"{slug}-{seen[slug]}"
            result.problems.append(
                Problem(slug, meeting_rows[0].name, "slug", f"used twice: this one is {new_slug}")
            )
            for row in meeting_rows:
                row.feed_slug = new_slug
        else:
            seen[slug] = 1
        rows.extend(meeting_rows)
    return rows, result


def sync(
    source: FeedSource,
    *,
    data: list[Any] | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SyncResult:
    """Bring the finder in line with the feed. Safe to run again: unchanged meetings are left
    alone, meetings gone from the feed are removed, a broken feed changes nothing."""
    now = timezone.now()
    try:
        data = fetch(source.location) if data is None else data
    except FeedError as error:
        result = SyncResult(error=str(error))
        if not dry_run:
            FeedSource.objects.filter(pk=source.pk).update(
                last_synced_at=now, last_status="failed", last_error=str(error)[:500]
            )
        logger.warning("Meeting feed %s failed: %s", source.name, error)
        return result
    rows, result = rows_of(data, source.default_timezone)
    existing = (
        {
            (m.feed_slug, m.day): m
            for m in DirectoryMeeting.objects.filter(source=source).only(
                "pk", "feed_slug", "day", "fingerprint", "slug"
            )
        }
        if source.pk is not None
        else {}
    )  # a dry run of a new source has nothing yet
    days_per_slug: dict[str, int] = {}
    for row in rows:
        days_per_slug[row.feed_slug] = days_per_slug.get(row.feed_slug, 0) + 1
    keep: set[tuple[str, int | None]] = set()
    to_create: list[DirectoryMeeting] = []
    to_update: list[DirectoryMeeting] = []
    for index, row in enumerate(rows, start=1):
        key = (row.feed_slug, row.day)
        keep.add(key)
        found = existing.get(key)
        fields = _with_fingerprint(row)
        if found is not None and found.fingerprint == fields["fingerprint"]:
            result.unchanged += 1
        else:
            if found is None:
                slug = directory_slug(source.slug, row, days_per_slug[row.feed_slug] > 1)
                to_create.append(
                    DirectoryMeeting(source=source, feed_slug=row.feed_slug, slug=slug, **fields)
                )
                result.added += 1
            else:
                for name, value in fields.items():
                    setattr(found, name, value)
                found.imported_at = now
                to_update.append(found)
                result.updated += 1
        if progress is not None and (index % 100 == 0 or index == len(rows)):
            progress(index, len(rows))
    gone = [m.pk for key, m in existing.items() if key not in keep]
    result.removed = len(gone)
    if dry_run:
        return result
    with transaction.atomic():
        taken = set(
            DirectoryMeeting.objects.filter(slug__in=[m.slug for m in to_create]).values_list(
                "slug", flat=True
            )
        )
        for meeting in to_create:
            base, n = meeting.slug, 2
            while meeting.slug in taken:  # the same slug from another source
                meeting.slug = f"{base[:110]}-{n}"
                n += 1
            taken.add(meeting.slug)
        DirectoryMeeting.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            names = [*_with_fingerprint(rows[0]).keys(), "imported_at"]
            DirectoryMeeting.objects.bulk_update(to_update, names, batch_size=500)
        DirectoryMeeting.objects.filter(pk__in=gone).delete()
        FeedSource.objects.filter(pk=source.pk).update(
            last_synced_at=now,
            last_status="ok",
            last_error="",
            last_summary=result.summary(),
            problems=[
                {"slug": p.slug, "name": p.name, "field": p.field, "message": p.message}
                for p in result.problems[:MAX_PROBLEMS]
            ],
        )
    return result


def sync_all() -> dict[str, dict[str, int]]:
    """Every enabled source, one after another; one failing never stops the others."""
    results = {}
    for source in FeedSource.objects.filter(enabled=True).order_by("pk"):
        try:
            results[source.name] = sync(source).summary()
        except Exception:
            logger.exception("Meeting feed %s could not be synced", source.name)
    return results
