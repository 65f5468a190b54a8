import re
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import KeysetPage, keyset_page, micros_to_moment, moment_to_micros
from alongside.core.prepared import prepared
from alongside.groups.access import TAG_SEPARATOR
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


def topics(group: Group) -> list[str]:
    """The names of the group's topics, in order: from the group's access read (`topic_names`),
    else one query."""
    if not hasattr(group, "topic_names"):
        return [tag.name for tag in group.tags.all()]
    return sorted(group.topic_names.split(TAG_SEPARATOR)) if group.topic_names else []


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


@prepared
def _facilitators(*, group: Group, viewer: User) -> QuerySet[Membership, Membership]:
    return (
        Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
        .exclude(Exists(blocks_with(viewer, "user_id")))
        .select_related("user")
        .order_by("user__handle")
    )


def facilitators_of(group: Group, viewer: User) -> list[Membership]:
    """The group's facilitators, as the viewer may see: nobody on either side of a block. Its
    SQL built once per process (core.prepared)."""
    return _facilitators.rows(group=group, viewer=viewer)


def pending_requests(group: Group, viewer: User) -> list[JoinRequest]:
    """Requests waiting for an answer, minus anyone on either side of a block with the viewer."""
    return list(
        JoinRequest.objects.filter(group=group)
        .exclude(Exists(blocks_with(viewer, "user_id")))
        .select_related("user")
        .order_by("created_at")
    )


def pending_invitations(user: User) -> list[Invitation]:
    return list(
        Invitation.objects.filter(user=user)
        .select_related("group", "invited_by")
        .order_by("-created_at")
    )


def activity_in_my_groups(
    viewer: User, *, after: str | None = None, limit: int = 5
) -> tuple[list["Thread"], str | None]:
    """The most recently active threads across the viewer's groups, minus blocked authors, one
    query a page; the cursor is "<last activity in microseconds>.<id>" of the last row."""
    from alongside.discussions.models import Thread
    from alongside.discussions.selectors import author_label

    threads = (
        Thread.objects.filter(
            board__group__memberships__user=viewer, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .exclude(Exists(blocks_with(viewer, "author_id")))
        .select_related("author", "board__group")
        .order_by("-last_activity_at", "-id")
    )
    match = re.fullmatch(r"(\d{1,20})\.(\d{1,18})", after or "")
    if match:
        moment = micros_to_moment(int(match.group(1)))
        if moment is not None:
            pk = int(match.group(2))
            threads = threads.filter(
                Q(last_activity_at__lt=moment) | Q(last_activity_at=moment, id__lt=pk)
            )
    rows = list(threads[: limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    for thread in rows:
        thread.author_label = author_label(thread, thread.author, viewer, moderator=False)  # type: ignore[attr-defined]
    last = rows[-1] if rows else None
    cursor = f"{moment_to_micros(last.last_activity_at)}.{last.pk}" if more and last else None
    return rows, cursor
