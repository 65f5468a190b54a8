"""What the alumni program adds to the home page: the organisation's news and events for
alumni, their check-on-me link, and the staff's way into their organisation."""

from alongside.accounts.models import User
from alongside.core.sections import Section, register_section
from alongside.organizations import selectors


@register_section("home")
def home_section(*, user: User) -> Section | None:
    memberships = selectors.memberships_of(user)
    staff_roles = selectors.staff_roles_of(user)
    if not memberships and not staff_roles:
        return None
    return Section(
        "organizations/home_section.html",
        {
            "memberships": memberships,
            "staff_roles": staff_roles,
            "announcements": selectors.feed_for(user) if memberships else [],
        },
    )
