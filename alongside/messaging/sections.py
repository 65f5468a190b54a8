"""What messaging adds to a member's profile: a way to write to them."""

from alongside.accounts.models import User
from alongside.accounts.selectors import Relationship
from alongside.core.sections import Section, register_section


@register_section("profile")
def profile_section(*, viewer: User, member: User, relationship: Relationship) -> Section | None:
    if relationship.is_self:
        return None
    return Section(
        "messaging/profile_section.html",
        {"member": member, "is_connected": relationship.is_connected},
    )
