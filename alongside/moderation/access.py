"""Who may see which review items and take which actions. Moderators (and admins) see every
item; a group's facilitators see items about their group's content, never appeals, crisis
flags, messages or profiles, never items about themselves and never anyone on either side of
a block with them. Anything else is the same 404 as a missing item."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Block, Role, User
from alongside.moderation.models import ModAction, ReviewItem

FACILITATOR_ACTIONS = frozenset({"hide", "restore", "edit_title", "lock", "unlock", "warn"})


def is_moderator(user: User) -> bool:
    return user.is_authenticated and (user.has_role(Role.MODERATOR) or user.has_role(Role.ADMIN))


def facilitated_group_ids(user: User) -> list[int]:
    from alongside.groups.models import Membership

    return list(
        Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values_list(
            "group_id", flat=True
        )
    )


def items_visible_to(user: User) -> QuerySet[ReviewItem]:
    items = ReviewItem.objects.all()
    if is_moderator(user):
        return items
    groups = facilitated_group_ids(user)
    if not groups:
        return items.none()
    blocked = Block.objects.filter(blocker=user).values("blocked_id")
    blockers = Block.objects.filter(blocked=user).values("blocker_id")
    return (
        items.filter(group_id__in=groups, crisis_flag__isnull=True)
        .exclude(kind=ReviewItem.Kind.APPEAL)
        .exclude(member=user)
        .exclude(Q(member_id__in=blocked) | Q(member_id__in=blockers))
    )


def may_review(user: User) -> bool:
    return is_moderator(user) or bool(facilitated_group_ids(user))


@dataclass(frozen=True)
class ItemAccess:
    item: ReviewItem
    moderator: bool

    def may(self, action: str) -> bool:
        return self.moderator or action in FACILITATOR_ACTIONS or action == "dismiss"


def access_item_for_user(user: User, item_id: int) -> ItemAccess:
    item = (
        items_visible_to(user)
        .select_related("member", "group", "crisis_flag", "action")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    return ItemAccess(item, is_moderator(user))


def require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise Http404


def access_own_action(user: User, action_id: int) -> ModAction:
    """A decision about this member, which only they (and moderators, in the queue) see."""
    action = ModAction.objects.filter(pk=action_id, member=user).first()
    if action is None:
        raise Http404
    return action
