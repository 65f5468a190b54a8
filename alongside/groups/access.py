"""Who may see a group, read and write in it, and run it. Forbidden looks exactly like missing."""

from dataclasses import dataclass

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Block, Role, User
from alongside.accounts.selectors import blocks_with
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


def _decide(
    group: Group,
    membership: Membership | None,
    *,
    invited: bool,
    requested: bool,
    blocked: bool,
    key: str,
) -> GroupAccess | None:
    if membership is not None:
        return GroupAccess(group, membership, invited=False, requested=False)
    if blocked:
        return None
    visible = (
        group.visibility != Group.Visibility.PRIVATE
        or invited
        or requested
        or (bool(key) and key == group.join_key)
    )
    return GroupAccess(group, None, invited, requested) if visible else None


def group_access(user: User, group: Group, *, key: str = "") -> GroupAccess | None:
    """What `user` is to `group`, or None when the group must look missing to them."""
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is not None:
        return GroupAccess(group, membership, invited=False, requested=False)
    return _decide(
        group,
        None,
        invited=Invitation.objects.filter(group=group, user=user).exists(),
        requested=JoinRequest.objects.filter(group=group, user=user).exists(),
        blocked=blocked_with_a_facilitator(user, group),
        key=key,
    )


def access_group_for_user(
    user: User, slug: str, *, key: str = "", queryset: QuerySet[Group] | None = None
) -> GroupAccess:
    """The group and what `user` is to it, in one query (with whatever `queryset` annotates):
    the membership, an invitation, a request, and a block with any of its facilitators."""
    mine = FilteredRelation("memberships", condition=Q(memberships__user=user))
    facilitators = Membership.objects.filter(group=OuterRef("pk"), role=Membership.Role.FACILITATOR)
    groups = (queryset if queryset is not None else Group.objects.all()).annotate(
        mine=mine,
        invited=Exists(Invitation.objects.filter(group=OuterRef("pk"), user=user)),
        requested=Exists(JoinRequest.objects.filter(group=OuterRef("pk"), user=user)),
        blocked=Exists(facilitators.filter(Exists(blocks_with(user, "user_id")))),
    )
    # The stubs don't know a FilteredRelation can be selected like a relation.
    group = groups.select_related("board", "mine").filter(slug=slug).first()  # type: ignore[misc]
    found = (
        _decide(
            group,
            getattr(group, "mine", None),  # not set when there is no such membership
            invited=group.invited,
            requested=group.requested,
            blocked=group.blocked,
            key=key,
        )
        if group is not None
        else None
    )
    if found is None:
        raise Http404
    return found


def access_group_as_facilitator(user: User, slug: str) -> GroupAccess:
    found = access_group_for_user(user, slug)
    if not found.is_facilitator:
        raise Http404
    return found


def moderates(user: User, found: GroupAccess) -> bool:
    """`may_moderate` for a member whose membership is already read."""
    return found.is_facilitator or user.has_role(Role.MODERATOR) or user.has_role(Role.ADMIN)


def may_moderate(user: User, group: Group) -> bool:
    if user.has_role(Role.MODERATOR) or user.has_role(Role.ADMIN):
        return True
    return Membership.objects.filter(
        group=group, user=user, role=Membership.Role.FACILITATOR
    ).exists()


def may_create_groups(user: User) -> bool:
    return bool(user.roles & {Role.FACILITATOR, Role.STAFF, Role.ADMIN})
