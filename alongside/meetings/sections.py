"""The member's next meetings on the home page."""

from django.utils import timezone

from alongside.accounts.models import User
from alongside.core.sections import Section, register_section
from alongside.meetings import selectors


@register_section("home")
def next_meetings(*, user: User) -> Section | None:
    upcoming = selectors.next_meetings(user, now=timezone.now())
    if not upcoming:
        return None
    return Section("meetings/home_section.html", {"upcoming": upcoming})
