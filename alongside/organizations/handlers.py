"""Who hears about what the alumni program does."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.events import subscribe
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb
from alongside.organizations.models import Organization

register_verb(
    "organizations.outreach",
    kind=Kind.SUPPORT_NOW,
    text=_("%(org)s noted that they reached out to you. See what staff can see."),
    summary=_("A note from your alumni program on Alongside"),
)


@subscribe("organizations.outreach")
def outreach_recorded(*, note_id: int, organization_id: int, member_id: int, **_: Any) -> None:
    organization = Organization.objects.filter(pk=organization_id).first()
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if organization is None or member is None:
        return
    notify(
        recipient=member,
        verb="organizations.outreach",
        params={"org": organization.name},
        url=reverse("organizations:check_on_me", args=[organization.slug]),
        key=f"organizations.outreach:{note_id}",
    )
