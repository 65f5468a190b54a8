"""Rules every mentoring action and page agrees on: eligibility, room, contact hours."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from alongside.accounts.models import User
from alongside.mentoring.models import MentorProfile, Mentorship
from alongside.notifications.quiet_hours import quiet_until
from alongside.recovery import counting
from alongside.recovery.models import Journey
from alongside.recovery.selectors import member_today

MAX_OPEN_REQUESTS = 3
REQUEST_DAYS = 7


@dataclass(frozen=True)
class Eligibility:
    days: int
    needed: int

    @property
    def eligible(self) -> bool:
        return self.days >= self.needed

    @property
    def days_to_go(self) -> int:
        return max(self.needed - self.days, 0)


def eligibility(user: User, today: date | None = None) -> Eligibility:
    """Mentoring asks for continuous recovery of `MENTOR_MIN_DAYS` on one of the member's
    journeys (its current stretch): the journey's own days, never anyone's word for it."""
    today = today or member_today(user)
    starts = Journey.objects.filter(user=user).values_list("start_date", flat=True)
    days = max((counting.days_since(start, today) for start in starts), default=0)
    return Eligibility(days=days, needed=settings.MENTOR_MIN_DAYS)


def active_mentee_count(mentor: User) -> int:
    return Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count()


def has_room(profile: MentorProfile, active: int) -> bool:
    return active < min(profile.capacity, settings.MENTOR_MAX_CAPACITY)


def is_listed(profile: MentorProfile, today: date) -> bool:
    return profile.accepting and not profile.is_paused(today)


def contact_hold(mentor: User, now: datetime, *, urgent: bool = False) -> datetime | None:
    """Until when email and push to a mentor wait: outside their contact hours, until the hours
    begin (urgent support-now alerts pass for mentors who chose to let them through)."""
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is None or (urgent and profile.urgent_through):
        return None
    # Quiet time is the rest of the day: from the end of contact hours to their start.
    return quiet_until(now, profile.contact_end, profile.contact_start, ZoneInfo(mentor.timezone))


def is_mentor(user: User) -> bool:
    return MentorProfile.objects.filter(user=user).exists()


def message_hold(
    recipient: User, sender: User, now: datetime, *, from_mentee: bool | None = None
) -> datetime | None:
    """A message from a mentee reaches their mentor's email and push in contact hours.
    `from_mentee`: whether `sender` is `recipient`'s mentee, if the caller already knows."""
    if from_mentee is None:
        from_mentee = Mentorship.objects.filter(
            mentor=recipient, mentee=sender, status=Mentorship.Status.ACTIVE
        ).exists()
    if not from_mentee:
        return None
    return contact_hold(recipient, now)
