"""Who may see a group, read and write in it, and run it. Forbidden looks exactly like missing."""

from dataclasses import dataclass

from django.db.models import (
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.http import Http404

from alongside.accounts.models import Block, Role, User
from alongside.core.prepared import prepared
from alongside.groups.models import Group, Invitation, JoinRequest, Membership, Tag

TAG_SEPARATOR = "\x1f"  # the ASCII unit separator: never in a tag's name


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


def _facilitator_blocks(user: User, group: Group) -> QuerySet[Block]:
    ids = Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR).values("user_id")
    return Block.objects.filter(Q(blocker=user, blocked__in=ids) | Q(blocked=user, blocker__in=ids))


def blocked_with_a_facilitator(user: User, group: Group) -> bool:
    """A blocked person cannot find their blocker anywhere: groups they facilitate included."""
    return _facilitator_blocks(user, group).exists()


def _as_outsider(user: User, group: Group, *, key: str) -> GroupAccess | None:
    """What a non-member is to the group (one query), or None when it must look missing."""
    invited, requested, blocked = (
        Group.objects.filter(pk=group.pk)
        .annotate(
            invited=Exists(Invitation.objects.filter(group=group, user=user)),
            requested=Exists(JoinRequest.objects.filter(group=group, user=user)),
            blocked=Exists(_facilitator_blocks(user, group)),
        )
        .values_list("invited", "requested", "blocked")
        .get()
    )
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
    return _as_outsider(user, group, key=key)


@prepared
def _group(*, user: User, slug: str) -> QuerySet[Group, Group]:
    """The group, its board and the member's membership (`mine`), with its topics' names in
    the same query (`topic_names`, see selectors.topics)."""
    names = (
        Tag.objects.filter(groups=OuterRef("pk"))
        .order_by()
        .values("groups")
        .annotate(names=StringAgg("name", Value(TAG_SEPARATOR)))
        .values("names")
    )
    mine = FilteredRelation("memberships", condition=Q(memberships__user=user))
    groups = Group.objects.annotate(mine=mine, topic_names=Subquery(names))
    # The stubs don't know a FilteredRelation can be selected like a relation.
    return groups.select_related("board", "mine").filter(slug=slug)  # type: ignore[misc]


def access_group_for_user(user: User, slug: str, *, key: str = "") -> GroupAccess:
    """The group, its board and the member's membership in one query, its SQL built once per
    process (core.prepared); for anyone else, one more (see `_as_outsider`)."""
    found = _group.rows(user=user, slug=slug)
    if not found:
        raise Http404
    group = found[0]
    membership = getattr(group, "mine", None)  # not set when there is no such membership
    if membership is not None:
        return GroupAccess(group, membership, invited=False, requested=False)
    outsider = _as_outsider(user, group, key=key)
    if outsider is None:
        raise Http404
    return outsider


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
