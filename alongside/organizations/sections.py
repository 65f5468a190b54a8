"""What the alumni program adds to the home page: the organisation's news and events for
alumni, their check-on-me link, and the staff's way into their organisation."""

from alongside.accounts.models import User
from alongside.core.sections import Section, register_section
from alongside.organizations import selectors


@register_section("home")
def home_section(*, user: User) -> Section | None:
    organizations = selectors.organizations_of(user)
    if not organizations:
        return None
    alumni_of = [org for org in organizations if getattr(org, "cohort_id", None)]
    return Section(
        "organizations/home_section.html",
        {
            "alumni_of": alumni_of,
            "staff_of": [org for org in organizations if getattr(org, "staff_role", None)],
            "announcements": selectors.feed_for(user) if alumni_of else [],
        },
    )
