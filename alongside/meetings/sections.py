"""The member's next meetings on the home page."""

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists
from django.utils import timezone

from alongside.accounts.models import User
from alongside.core.sections import Section, register_facts, register_section
from alongside.meetings import selectors
from alongside.meetings.models import RSVP


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    going = RSVP.objects.filter(
        user=user, status=RSVP.Status.GOING, meeting__cancelled_at__isnull=True
    )
    return {"meetings_going": Exists(going)}


@register_section("home")
def next_meetings(*, user: User, facts: dict[str, Any]) -> Section | None:
    if not facts["meetings_going"]:
        return None
    now = timezone.now()
    today = timezone.localtime(now, ZoneInfo(user.timezone or "UTC")).date()
    upcoming = selectors.next_meetings(user, now=now, today=today)
    if not upcoming:
        return None
    return Section("meetings/home_section.html", {"upcoming": upcoming})
