"""Who hears about a milestone: the member, and their connections if they chose to share."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Connection
from alongside.core.events import subscribe
from alongside.notifications.actions import notify, notify_many
from alongside.notifications.kinds import Kind, register_verb
from alongside.recovery.counting import milestone_by_key
from alongside.recovery.models import Congratulation, Milestone


def describe_milestone(params: dict[str, Any]) -> dict[str, Any]:
    kind = milestone_by_key(str(params.get("milestone", "")))
    return {**params, "milestone": str(kind.label) if kind else _("a milestone")}


register_verb(
    "milestone.reached",
    kind=Kind.MILESTONES,
    text=_("You reached %(milestone)s. Congratulations — every day counts."),
    summary=_("You reached a milestone"),
    describe=describe_milestone,
)
register_verb(
    "milestone.connection",
    kind=Kind.MILESTONES,
    text=_("%(actor)s reached a recovery milestone: %(milestone)s. Send some encouragement?"),
    summary=_("Someone you know reached a milestone"),
    describe=describe_milestone,
)
register_verb(
    "milestone.congratulated",
    kind=Kind.MILESTONES,
    text=_("%(actor)s cheered you on for %(milestone)s."),
    summary=_("Someone cheered you on"),
    describe=describe_milestone,
)


@subscribe("milestone.reached")
def celebrate(*, milestone_id: int) -> None:
    milestone = Milestone.objects.select_related("journey__user").filter(pk=milestone_id).first()
    if milestone is None:
        return
    member = milestone.journey.user
    # Params hold the milestone's key; describe_milestone puts it in the reader's language.
    params = {"milestone": milestone.key}
    notify(
        recipient=member,
        verb="milestone.reached",
        params=params,
        url=reverse("recovery:journey"),
        key=f"milestone.reached:{milestone.pk}",
    )
    if not milestone.celebrated:
        return
    connections = Connection.objects.filter(
        Q(requester=member) | Q(addressee=member), status=Connection.Status.ACCEPTED
    ).select_related("requester", "addressee")
    notify_many(
        recipients=[
            c.addressee if c.requester_id == member.pk else c.requester for c in connections
        ],
        verb="milestone.connection",
        actor=member,
        params=params,
        url=reverse("core:home") + "#celebrations",
        key=f"milestone.connection:{milestone.pk}",
    )


@subscribe("milestone.congratulated")
def tell_the_member(*, congratulation_id: int) -> None:
    congratulation = (
        Congratulation.objects.select_related("milestone__journey__user", "sender")
        .filter(pk=congratulation_id)
        .first()
    )
    if congratulation is None:
        return
    notify(
        recipient=congratulation.milestone.journey.user,
        verb="milestone.congratulated",
        actor=congratulation.sender,
        params={"milestone": congratulation.milestone.key},
        url=reverse("recovery:journey"),
        key=f"milestone.congratulated:{congratulation.pk}",
    )
