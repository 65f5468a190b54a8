"""Who may see a group, read and write in it, and run it. Forbidden looks exactly like missing."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from alongside.accounts.models import Block, Role, User
from alongside.groups.models import Group, Invitation, JoinRequest, Membership


@dataclass(frozen=True)
class GroupAccess:
    group: Group
    membership: Membership | None
    invited: bool
    requested: bool

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_facilitator(self) -> bool:
        return self.membership is not None and self.membership.role == Membership.Role.FACILITATOR


def blocked_with_a_facilitator(user: User, group: Group) -> bool:
    """A blocked person cannot find their blocker anywhere: groups they facilitate included."""
    facilitators = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
    ids = facilitators.values("user_id")
    return Block.objects.filter(
        Q(blocker=user, blocked__in=ids) | Q(blocked=user, blocker__in=ids)
    ).exists()


def group_access(user: User, group: Group, *, key: str = "") -> GroupAccess | None:
    """What `user` is to `group`, or None when the group must look missing to them."""
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is not None:
        return GroupAccess(group, membership, invited=False, requested=False)
    invited = Invitation.objects.filter(group=group, user=user).exists()
    requested = JoinRequest.objects.filter(group=group, user=user).exists()
    if blocked_with_a_facilitator(user, group):
        return None
    visible = (
        group.visibility != Group.Visibility.PRIVATE
        or invited
        or requested
        or (bool(key) and key == group.join_key)
    )
    return GroupAccess(group, None, invited, requested) if visible else None


def access_group_for_user(user: User, slug: str, *, key: str = "") -> GroupAccess:
    group = Group.objects.filter(slug=slug).first()
    found = group_access(user, group, key=key) if group is not None else None
    if found is None:
        raise Http404
    return found


def access_group_as_facilitator(user: User, slug: str) -> GroupAccess:
    found = access_group_for_user(user, slug)
    if not found.is_facilitator:
        raise Http404
    return found


def may_moderate(user: User, group: Group) -> bool:
    if user.has_role(Role.MODERATOR) or user.has_role(Role.ADMIN):
        return True
    return Membership.objects.filter(
        group=group, user=user, role=Membership.Role.FACILITATOR
    ).exists()


def may_create_groups(user: User) -> bool:
    return bool(user.roles & {Role.FACILITATOR, Role.STAFF, Role.ADMIN})
