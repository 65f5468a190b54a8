"""What the recovery journey adds to the home page and to a member's profile."""

from alongside.accounts.models import User
from alongside.accounts.selectors import Relationship
from alongside.core.sections import Section, register_section
from alongside.recovery import selectors
from alongside.recovery.forms import CongratulateForm
from alongside.recovery.models import Reaction


@register_section("home")
def home_section(*, user: User) -> Section:
    today = selectors.member_today(user)
    return Section(
        "recovery/home_section.html",
        {
            "summaries": selectors.journeys_of(user),
            "checked_in": selectors.check_in_on(user, today) is not None,
            "celebrations": selectors.celebrations_for(user),
            "reactions": Reaction.choices,
            "congratulate_form": CongratulateForm(),
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
