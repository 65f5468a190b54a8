"""What the alumni program adds to the home page: the organisation's news and events for
alumni, their check-on-me link, and the staff's way into their organisation."""

from datetime import date
from typing import Any

from django.db.models import Exists

from alongside.accounts.models import User
from alongside.core.sections import Section, register_facts, register_section
from alongside.organizations import selectors
from alongside.organizations.models import CohortMembership, OrganizationStaff


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    """Most members are in no organisation: for them the section reads nothing more."""
    return {
        "organizations_alumni": Exists(CohortMembership.objects.filter(user=user)),
        "organizations_staff": Exists(OrganizationStaff.objects.filter(user=user)),
    }


@register_section("home")
def home_section(*, user: User, facts: dict[str, Any]) -> Section | None:
    if not (facts["organizations_alumni"] or facts["organizations_staff"]):
        return None
    found = selectors.alumni_home(user)
    if not found.organizations:
        return None
    alumni_of = found.alumni_of
    return Section(
        "organizations/home_section.html",
        {
            "alumni_of": alumni_of,
            "staff_of": found.staff_of,
            "announcements": found.news if alumni_of else [],
        },
    )
