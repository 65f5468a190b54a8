from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from alongside.accounts.models import Block, User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import KeysetPage, keyset_page
from alongside.notifications.models import Notification, PushSubscription


def _visible(user: User) -> QuerySet[Notification]:
    """The member's notifications, minus those about someone they blocked or who blocked them."""
    blocked = blocks_with(user, "actor_id")
    return Notification.objects.filter(recipient=user).exclude(
        Q(actor__isnull=False) & Exists(blocked)
    )


def unread_count(user: User) -> int:
    """What the header shows: unread, and only what the centre would list."""
    return _visible(user).filter(read_at__isnull=True).count()


def unread_counts(user_ids: Collection[int]) -> dict[int, int]:
    """`unread_count` for several members in one query (the header's cache fills from it)."""
    blocked = Block.objects.filter(
        Q(blocker_id=OuterRef("recipient_id"), blocked_id=OuterRef("actor_id"))
        | Q(blocker_id=OuterRef("actor_id"), blocked_id=OuterRef("recipient_id"))
    )
    rows = (
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .exclude(Q(actor__isnull=False) & Exists(blocked))
        .values_list("recipient_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(user_ids, 0)
    counts.update(dict(rows))
    return counts


def notifications_page(
    user: User, *, after: int | None = None, limit: int = 30
) -> KeysetPage[Notification]:
    queryset = _visible(user).select_related("actor")
    return keyset_page(queryset, key="id", after=after, limit=limit, descending=True)


def push_subscriptions(user: User) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(user=user).order_by("-created_at"))
