"""What's new in the member's groups, on the home page."""

from alongside.accounts.models import User
from alongside.core.sections import Section, register_section
from alongside.groups import selectors


@register_section("home")
def group_activity(*, user: User) -> Section | None:
    threads, cursor = selectors.activity_in_my_groups(user)
    if not threads:
        return None
    return Section("groups/home_section.html", {"threads": threads, "cursor": cursor})
