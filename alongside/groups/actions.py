"""Every write to groups: creating and running them, joining, leaving, requests, invitations."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.groups.access import blocked_with_a_facilitator, may_create_groups
from alongside.groups.models import Group, Invitation, JoinRequest, Membership, Tag, new_join_key
from alongside.meetings.models import RSVP

BOARD_KIND = "group"


class GroupError(ApplicationError):
    pass


def no_such_member_message() -> str:
    """For an unknown handle and for someone across a block alike, so a block stays unseen."""
    return _("There's no member with that handle. Check the spelling and try again.")


RESERVED_SLUGS = {"new", "activity"}  # pages of their own under /groups/


def _unique_slug(name: str) -> str:
    base = slugify(name)[:80] or "group"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tags(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name.strip()[:40]
        if name and (slug := slugify(name)):
            tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0])
    return tags


@transaction.atomic
def create_group(*, user: User, tags: list[str], **fields: Any) -> Group:
    from alongside.discussions.models import Board

    if not may_create_groups(user):
        raise GroupError(
            _("Facilitators and staff can start groups. Ask one to start it with you.")
        )
    group = Group(slug=_unique_slug(fields.get("name", "")), created_by=user, **fields)
    group.full_clean(exclude=["board", "slug"])
    group.board = Board.objects.create(kind=BOARD_KIND)
    group.save()
    group.tags.set(_tags(tags))
    Membership.objects.create(group=group, user=user, role=Membership.Role.FACILITATOR)
    log_action(actor=user, action="group.created", target=group)
    return group


@transaction.atomic
def update_group(*, user: User, group: Group, tags: list[str], **fields: Any) -> Group:
    _require_facilitator(user, group)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean(exclude=["board"])
    group.save()
    group.tags.set(_tags(tags))
    # A group that stops being listed takes its meetings out of the public finder.
    from alongside.meetings.finder_sync import sync_group_meeting

    for meeting in group.meetings.all():
        sync_group_meeting(meeting)
    return group


def _require_facilitator(user: User, group: Group) -> None:
    if not Membership.objects.filter(
        group=group, user=user, role=Membership.Role.FACILITATOR
    ).exists():
        raise GroupError(_("Only the group's facilitators can do that."))


def _check_room(group: Group) -> None:
    if group.size_limit and group.memberships.count() >= group.size_limit:
        raise GroupError(_("This group is full right now. A facilitator may make room later."))


def _add_member(group: Group, user: User) -> Membership:
    _check_room(group)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user)
    except IntegrityError:
        return Membership.objects.get(group=group, user=user)
    JoinRequest.objects.filter(group=group, user=user).delete()
    Invitation.objects.filter(group=group, user=user).delete()
    publish("group.joined", group_id=group.pk, user_id=user.pk)
    return membership


@transaction.atomic
def join_group(*, user: User, group: Group) -> Membership:
    """Join an open group, or accept an invitation to any group."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    invited = Invitation.objects.filter(group=group, user=user).exists()
    if blocked_with_a_facilitator(user, group):
        raise GroupError(_("That group isn't available."))
    if group.join_policy != Group.JoinPolicy.OPEN and not invited:
        raise GroupError(_("This group needs a facilitator's welcome first."))
    return _add_member(group, user)


@transaction.atomic
def request_to_join(*, user: User, group: Group, message: str = "") -> JoinRequest:
    if group.join_policy != Group.JoinPolicy.ASK:
        raise GroupError(_("This group doesn't take requests."))
    if Membership.objects.filter(group=group, user=user).exists():
        raise GroupError(_("You're already a member."))
    message = message.strip()
    if len(message) > 500:
        raise GroupError(_("Keep the note to 500 characters."))
    request, created = JoinRequest.objects.get_or_create(
        group=group, user=user, defaults={"message": message}
    )
    if created:
        publish("group.join_requested", request_id=request.pk)
    return request


def withdraw_request(*, user: User, group: Group) -> None:
    JoinRequest.objects.filter(group=group, user=user).delete()


@transaction.atomic
def approve_request(*, user: User, request: JoinRequest) -> Membership:
    group = Group.objects.select_for_update().get(pk=request.group_id)
    _require_facilitator(user, group)
    membership = _add_member(group, request.user)
    publish(
        "group.request_approved",
        group_id=group.pk,
        user_id=request.user_id,
        membership_id=membership.pk,
    )
    return membership


def decline_request(*, user: User, request: JoinRequest) -> None:
    """Declining is quiet, like declining a connection."""
    _require_facilitator(user, request.group)
    request.delete()


@transaction.atomic
def invite(*, user: User, group: Group, invitee: User) -> Invitation:
    _require_facilitator(user, group)
    if blocked_with_a_facilitator(invitee, group):  # any facilitator, either way round
        raise GroupError(no_such_member_message())
    if Membership.objects.filter(group=group, user=invitee).exists():
        raise GroupError(_("%(handle)s is already a member.") % {"handle": invitee.handle})
    invitation, created = Invitation.objects.get_or_create(
        group=group, user=invitee, defaults={"invited_by": user}
    )
    if created:
        publish("group.invited", invitation_id=invitation.pk)
    return invitation


def decline_invitation(*, user: User, group: Group) -> None:
    Invitation.objects.filter(group=group, user=user).delete()


def _forget_meeting_replies(group: Group, user: User) -> None:
    """A former member's RSVPs go: no more of the group's meetings in their calendar feed, no
    more reminders, no more cancellation notices."""
    RSVP.objects.filter(meeting__group=group, user=user).delete()


@transaction.atomic
def leave_group(*, user: User, group: Group) -> None:
    # Lock the group: two last facilitators leaving at once must not both see the other stay.
    group = Group.objects.select_for_update().get(pk=group.pk)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        return
    if membership.role == Membership.Role.FACILITATOR:
        others = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR).exclude(
            user=user
        )
        if not others.exists() and group.memberships.count() > 1:
            raise GroupError(
                _("You're the only facilitator. Ask someone to take it on before you leave.")
            )
    membership.delete()
    _forget_meeting_replies(group, user)
    publish("group.left", group_id=group.pk, user_id=user.pk)


def hand_over_unled_groups() -> int:
    """Give every group that still has members but no facilitator (its last one deleted their
    account) to the member who has been there longest, and tell them. Idempotent."""
    facilitators = Membership.objects.filter(group=OuterRef("pk"), role=Membership.Role.FACILITATOR)
    unled = Group.objects.filter(Exists(Membership.objects.filter(group=OuterRef("pk")))).exclude(
        Exists(facilitators)
    )
    handed = 0
    for group_id in unled.values_list("pk", flat=True):
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=group_id)
            if group.memberships.filter(role=Membership.Role.FACILITATOR).exists():
                continue
            successor = group.memberships.order_by("joined_at", "pk").first()
            if successor is None:
                continue
            successor.role = Membership.Role.FACILITATOR
            successor.save(update_fields=["role"])
            log_action(
                actor=None,
                action="group.facilitator_handed_over",
                target=group,
                member=successor.user_id,
            )
            publish(
                "group.facilitator_handed_over",
                group_id=group.pk,
                user_id=successor.user_id,
                membership_id=successor.pk,
            )
            handed += 1
    return handed


@transaction.atomic
def remove_member(*, user: User, group: Group, member: User, reason: str = "") -> None:
    _require_facilitator(user, group)
    if member.pk == user.pk:
        raise GroupError(_("To leave, use “Leave group”."))
    deleted, _count = Membership.objects.filter(group=group, user=member).delete()
    _forget_meeting_replies(group, member)
    if deleted:
        log_action(
            actor=user,
            action="group.member_removed",
            target=group,
            member=member.pk,
            reason=reason[:200],
        )


@transaction.atomic
def set_role(*, user: User, group: Group, member: User, role: str) -> Membership:
    _require_facilitator(user, group)
    if role not in Membership.Role.values:
        raise GroupError(_("Choose a role."))
    membership = Membership.objects.select_for_update().filter(group=group, user=member).first()
    if membership is None:
        raise GroupError(_("%(handle)s isn't a member.") % {"handle": member.handle})
    others = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR).exclude(
        pk=membership.pk
    )
    stepping_down = (
        role == Membership.Role.MEMBER and membership.role == Membership.Role.FACILITATOR
    )
    if stepping_down and not others.exists():
        raise GroupError(_("A group needs at least one facilitator."))
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(actor=user, action="group.role_changed", target=group, member=member.pk, role=role)
    return membership


def new_private_link(*, user: User, group: Group) -> Group:
    """A new key for the private link; the old link stops working."""
    _require_facilitator(user, group)
    group.join_key = new_join_key()
    group.save(update_fields=["join_key"])
    return group
