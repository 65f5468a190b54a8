"""The member's own threads on the home page: replies and reactions since they last looked.

The home page shows them beside what's new in the member's groups; groups.sections reads both
lists in one query, with `home_threads` below, and renders both cards."""

from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Value

from alongside.accounts.models import User
from alongside.core.sections import count_of, register_facts
from alongside.discussions.models import PostReaction, ReadMark, Thread


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    mine = Thread.objects.filter(author=user, deleted_at__isnull=True)
    return {"discussions_authored": Exists(mine)}


def my_thread_ids(user: User, *, limit: int = 5) -> QuerySet[Thread, Any]:
    """The member's most recently active threads (ids), for `home_threads`."""
    return (
        Thread.objects.filter(author=user, deleted_at__isnull=True)
        .order_by("-last_activity_at", "-id")
        .values("pk")[:limit]
    )


def home_threads(user: User, *, counted: bool = True) -> QuerySet[Thread, Any]:
    """Threads as the home page shows them (`.values()` rows), with the author's handle and the
    group's name; `counted`: also whether the member has seen the latest and others'
    reactions to the opening post (two subqueries a row: filter it to a handful of ids).
    Without, the same columns hold placeholders, so both kinds of list fit one UNION ALL."""
    if counted:
        seen = ReadMark.objects.filter(
            thread=OuterRef("pk"), user=user, read_at__gte=OuterRef("last_activity_at")
        )
        reactions = PostReaction.objects.filter(
            post__thread=OuterRef("pk"), post__is_opening=True
        ).exclude(user=user)
        found = Thread.objects.annotate(seen=Exists(seen), reactions=count_of(reactions))
    else:
        found = Thread.objects.annotate(seen=Value(True), reactions=Value(0))
    return found.values(
        "id",
        "title",
        "anonymous",
        "reply_count",
        "last_activity_at",
        "author_id",
        "seen",
        "reactions",
        author_handle=F("author__handle"),
        group_name=F("board__group__name"),
    )
