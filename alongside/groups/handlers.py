"""Who hears about requests, approvals and invitations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.events import subscribe
from alongside.groups import actions
from alongside.groups.models import Group, Invitation, JoinRequest, Membership
from alongside.notifications.actions import notify, notify_many
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "group.join_requested",
    kind=Kind.GROUPS,
    text=_("%(actor)s asked to join %(group)s."),
    summary=_("Someone asked to join your group"),
)
register_verb(
    "group.request_approved",
    kind=Kind.GROUPS,
    text=_("Welcome to %(group)s! Your request was approved."),
    summary=_("Your request to join a group was approved"),
)
register_verb(
    "group.facilitator_handed_over",
    kind=Kind.GROUPS,
    text=_("You're now a facilitator of %(group)s: its last facilitator left Alongside."),
    summary=_("You're now a facilitator of a group"),
)
register_verb(
    "group.invited",
    kind=Kind.GROUPS,
    text=_("%(actor)s invited you to join %(group)s."),
    summary=_("You were invited to a group"),
)


@subscribe("group.join_requested")
def tell_the_facilitators(*, request_id: int) -> None:
    request = JoinRequest.objects.select_related("group", "user").filter(pk=request_id).first()
    if request is None:
        return
    facilitators = Membership.objects.filter(
        group=request.group, role=Membership.Role.FACILITATOR
    ).select_related("user")
    notify_many(
        recipients=[membership.user for membership in facilitators],
        verb="group.join_requested",
        actor=request.user,
        params={"group": request.group.name},
        url=reverse("groups:manage", args=[request.group.slug]),
        key=lambda user: f"group.join_requested:{request.pk}:{user.pk}",
    )


@subscribe("group.request_approved")
def tell_the_new_member(*, group_id: int, user_id: int, membership_id: int = 0) -> None:
    group = Group.objects.filter(pk=group_id).first()
    user = User.objects.filter(pk=user_id).first()
    if group is None or user is None:
        return
    notify(
        recipient=user,
        verb="group.request_approved",
        params={"group": group.name},
        url=reverse("groups:detail", args=[group.slug]),
        # Per membership: someone who leaves and is welcomed back again hears it again.
        key=f"group.request_approved:{group.pk}:{user.pk}:{membership_id}",
    )


@subscribe("group.invited")
def tell_the_invitee(*, invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("group", "user", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    notify(
        recipient=invitation.user,
        verb="group.invited",
        actor=invitation.invited_by,
        params={"group": invitation.group.name},
        url=reverse("groups:detail", args=[invitation.group.slug]),
        key=f"group.invited:{invitation.pk}",
    )


@subscribe("member.deleted")
def keep_someone_running_each_group(*, user_id: int) -> None:
    """The memberships went with the account: a group left without a facilitator gets one."""
    actions.hand_over_unled_groups()


@subscribe("group.facilitator_handed_over")
def tell_the_new_facilitator(*, group_id: int, user_id: int, membership_id: int) -> None:
    group = Group.objects.filter(pk=group_id).first()
    user = User.objects.filter(pk=user_id).first()
    if group is None or user is None:
        return
    notify(
        recipient=user,
        verb="group.facilitator_handed_over",
        params={"group": group.name},
        url=reverse("groups:manage", args=[group.slug]),
        key=f"group.facilitator_handed_over:{membership_id}",
    )
