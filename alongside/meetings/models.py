import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import timezone_choices

DIAL_IN_CHARACTERS = re.compile(r"[0-9 +\-(),#*]+")


def validate_dial_in(value: str) -> None:
    """A number to call, with the pauses (,) and codes (# *) phones dial after it."""
    if not DIAL_IN_CHARACTERS.fullmatch(value):
        raise ValidationError(
            _("Use digits, spaces and + - ( ) , # * only, e.g. +1 555 123 4567,,123456#."),
            code="invalid",
        )
    if not 3 <= sum(c.isdigit() for c in value) <= 40:
        raise ValidationError(
            _("That doesn't look like a phone number: use 3 to 40 digits."), code="invalid"
        )


# Members open the link from the meeting page: only web addresses, never other schemes.
validate_web_link = URLValidator(
    schemes=["https", "http"], message=_("Enter a web address starting with https://.")
)


class Meeting(models.Model):
    """A meeting, one-off or weekly, in its own time zone: a group's, or (later) an imported one."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid: in person and online")

    class Repeat(models.TextChoices):
        ONCE = "once", _("Once")
        WEEKLY = "weekly", _("Every week")

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=timezone_choices, default=settings.TIME_ZONE
    )
    start_date = models.DateField(_("date"), help_text=_("The first (or only) date."))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(720)],
    )
    repeat = models.CharField(
        _("repeats"), max_length=8, choices=Repeat.choices, default=Repeat.ONCE
    )
    repeat_until = models.DateField(_("until (optional)"), null=True, blank=True)
    # The recurrence as an RFC 5545 RRULE, kept in step with `repeat` by the actions.
    rrule = models.CharField(max_length=200, blank=True)
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_notes = models.CharField(_("how to find it"), max_length=500, blank=True)
    conference_url = models.URLField(
        _("video link"), max_length=500, blank=True, validators=[validate_web_link]
    )
    conference_phone = models.CharField(
        _("dial-in number"), max_length=60, blank=True, validators=[validate_dial_in]
    )
    conference_notes = models.CharField(_("joining notes"), max_length=300, blank=True)
    types = models.JSONField(_("meeting types"), default=list, blank=True)
    in_finder = models.BooleanField(
        _("show in the public meeting finder"),
        default=False,
        help_text=_(
            "Anyone, signed in or not, can then find this weekly meeting and its place or "
            "link. Only for groups listed in the directory."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["group", "start_date"], name="meeting_group_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.mode in (self.Mode.IN_PERSON, self.Mode.HYBRID)


class CancelledOccurrence(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cancellations")
    occurrence_date = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    cancelled_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "occurrence_date"], name="cancellation_once_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} cancelled on {self.occurrence_date}"


class RSVP(models.Model):
    class Status(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_once")]
        indexes = [models.Index(fields=["user", "status"], name="rsvp_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.meeting_id}"


class Attendance(models.Model):
    """A member at one occurrence: checked in themselves, or marked by a facilitator."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    occurrence_date = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    checked_in_at = models.DateTimeField(default=now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "occurrence_date", "user"], name="attendance_once"
            )
        ]
        indexes = [models.Index(fields=["user", "-occurrence_date"], name="attendance_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.meeting_id} on {self.occurrence_date}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A member's private calendar subscription; a new token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Calendar of {self.user_id}"


class FeedSource(models.Model):
    """A Meeting Guide JSON feed an intergroup publishes (a URL) or a file, re-synced daily."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=40, unique=True)
    location = models.CharField(
        _("feed URL or file path"), max_length=500, help_text=_("https://... or a server path.")
    )
    default_timezone = models.CharField(
        _("time zone for meetings without one"),
        max_length=64,
        choices=timezone_choices,
        default=settings.TIME_ZONE,
    )
    enabled = models.BooleanField(_("re-sync daily"), default=True)
    republish = models.BooleanField(
        _("include these meetings in our own feed"),
        default=False,
        help_text=_("Only if the source allows it."),
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=12, blank=True)  # "ok" or "failed"
    last_error = models.CharField(max_length=500, blank=True)
    last_summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("meeting feed")

    def __str__(self) -> str:
        return self.name


_RANKED = ["week_minute", "duration_minutes", "timezone", "types_text", "name", "id"]


class DirectoryMeeting(models.Model):
    """One weekly meeting time in the public finder: imported from a feed, or a group meeting
    its facilitators chose to list. One row per weekday, so search is one indexed table."""

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")
        INACTIVE = "inactive", _("Not meeting right now")

    source = models.ForeignKey(
        FeedSource, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="listings"
    )
    feed_slug = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=255)
    day = models.PositiveSmallIntegerField(null=True, blank=True)  # 0 = Sunday, as in the feeds
    time = models.TimeField(null=True, blank=True)  # None: by appointment
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    # Minutes from Sunday 00:00 in the meeting's own time zone: "what's on now" wraps the week.
    week_minute = models.PositiveIntegerField(null=True, blank=True)
    timezone = models.CharField(max_length=64)
    attendance = models.CharField(max_length=10, choices=Attendance.choices)
    location = models.CharField(max_length=255, blank=True)
    formatted_address = models.CharField(max_length=400, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=60, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=60, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    approximate = models.BooleanField(default=False)  # the address itself is approximate
    # The point is the ZIP code's or city's centre, not the feed's own coordinates.
    point_estimated = models.BooleanField(default=False)
    region = models.CharField(max_length=200, blank=True)
    location_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    group_name = models.CharField(max_length=255, blank=True)
    conference_url = models.CharField(max_length=500, blank=True)
    conference_url_notes = models.TextField(blank=True)
    conference_phone = models.CharField(max_length=100, blank=True)
    conference_phone_notes = models.TextField(blank=True)
    types = models.JSONField(default=list, blank=True)
    # ",O,D,EN," so "has all these types" is a few LIKEs on both databases.
    types_text = models.CharField(max_length=400, blank=True)
    search_text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    updated = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "feed_slug", "day"], name="directory_once_per_source_day"
            )
        ]
        indexes = [
            # The finder ranks from these two alone: each holds every column a search filters
            # or ranks on (finder.RANKED), so PostgreSQL (once the table is vacuumed) and SQLite
            # answer from the index without reading table rows. The box, or the attendance, day
            # and time, lead; the rest are there to be read.
            models.Index(
                fields=["latitude", "longitude", "attendance", "day", "time", *_RANKED],
                name="directory_near_idx",
            ),
            models.Index(
                fields=["attendance", "day", "time", *_RANKED, "latitude", "longitude"],
                name="directory_attendance_when_idx",
            ),
            models.Index(fields=["day", "time"], name="directory_when_idx"),
        ]

    def __str__(self) -> str:
        return self.name
