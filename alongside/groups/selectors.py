from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import KeysetPage, keyset_page
from alongside.groups.models import Group, Invitation, JoinRequest, Membership, Tag

if TYPE_CHECKING:
    from alongside.discussions.models import Thread


def _blocked_facilitator(viewer: User) -> Exists:
    blockers = blocks_with(viewer, "user_id")
    return Exists(
        Membership.objects.filter(group=OuterRef("pk"), role=Membership.Role.FACILITATOR).filter(
            Exists(blockers)
        )
    )


def directory(
    viewer: User, *, query: str = "", tag: str = "", after: str | None = None, limit: int = 20
) -> KeysetPage[Group]:
    """Listed groups (and any the viewer belongs to), minus groups a blocker facilitates."""
    mine = Membership.objects.filter(group=OuterRef("pk"), user=viewer)
    groups: QuerySet[Group] = (
        Group.objects.annotate(is_member=Exists(mine))
        .filter(Q(visibility=Group.Visibility.LISTED) | Q(is_member=True))
        .exclude(_blocked_facilitator(viewer))
        .prefetch_related("tags")
    )
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if tag:
        groups = groups.filter(tags__slug=tag)
    return keyset_page(groups, key="slug", after=after, limit=limit)


def all_tags() -> list[Tag]:
    return list(Tag.objects.filter(groups__visibility=Group.Visibility.LISTED).distinct())


def my_groups(user: User) -> list[Group]:
    return list(Group.objects.filter(memberships__user=user).order_by("name"))


def members_of(group: Group, viewer: User) -> list[Membership]:
    """Who is in the group, as the viewer may see: nobody on either side of a block."""
    blocked = blocks_with(viewer, "user_id")
    return list(
        Membership.objects.filter(group=group)
        .exclude(Exists(blocked))
        .select_related("user", "user__profile")
        .order_by("-role", "user__handle")
    )


def facilitators_of(group: Group) -> list[Membership]:
    return list(
        Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
        .select_related("user")
        .order_by("user__handle")
    )


def pending_requests(group: Group) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(group=group).select_related("user").order_by("created_at")
    )


def pending_invitations(user: User) -> list[Invitation]:
    return list(
        Invitation.objects.filter(user=user)
        .select_related("group", "invited_by")
        .order_by("-created_at")
    )


def recent_threads_in_my_groups(viewer: User, *, limit: int = 5) -> list["Thread"]:
    """The liveliest threads in the viewer's groups, minus blocked authors, in one query."""
    from alongside.discussions.models import Thread
    from alongside.discussions.selectors import author_label

    blocked = blocks_with(viewer, "author_id")
    threads = list(
        Thread.objects.filter(board__group__memberships__user=viewer, deleted_at__isnull=True)
        .exclude(Exists(blocked))
        .select_related("author", "board__group")
        .order_by("-last_activity_at", "-id")[:limit]
    )
    for thread in threads:
        thread.author_label = author_label(thread, thread.author, viewer, moderator=False)  # type: ignore[attr-defined]
    return threads
