"""What the recovery journey adds to the home page and to a member's profile."""

from datetime import date
from typing import Any

from django.db.models import Exists, Q

from alongside.accounts.models import Connection, User
from alongside.accounts.selectors import Relationship
from alongside.core.sections import Section, register_facts, register_section
from alongside.recovery import selectors
from alongside.recovery.models import CheckIn, Journey, Reaction


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    accepted = Connection.objects.filter(status=Connection.Status.ACCEPTED)
    return {
        "recovery_journeys": Exists(Journey.objects.filter(user=user)),
        "recovery_checked_in": Exists(CheckIn.objects.filter(user=user, day=today)),
        # Celebrations are of connections' milestones: none to look for without connections.
        "recovery_connected": Exists(accepted.filter(Q(requester=user) | Q(addressee=user))),
    }


@register_section("home")
def home_section(*, user: User, facts: dict[str, Any]) -> Section:
    today = selectors.member_today(user)
    return Section(
        "recovery/home_section.html",
        {
            "summaries": selectors.journey_counts(user, today)
            if facts["recovery_journeys"]
            else [],
            "checked_in": bool(facts["recovery_checked_in"]),
            "celebrations": selectors.celebrations_for(user) if facts["recovery_connected"] else [],
            "reactions": Reaction.choices,
        },
    )


@register_section("profile")
def profile_section(*, viewer: User, member: User, relationship: Relationship) -> Section | None:
    summaries = selectors.shared_journeys(viewer, member, is_connected=relationship.is_connected)
    if not summaries:
        return None
    return Section(
        "recovery/profile_section.html",
        {"summaries": summaries, "is_self": relationship.is_self},
    )
