import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import micros_to_moment, moment_to_micros
from alongside.core.prepared import prepared
from alongside.discussions.models import (
    Board,
    Post,
    PostReaction,
    ReactionKind,
    ReadMark,
    Thread,
)
from alongside.discussions.policies import policy_for

# "<pinned 0/1>.<last activity in whole microseconds since the epoch>.<id>" of the last row.
CURSOR = re.compile(r"^([01])\.(\d{1,20})\.(\d{1,18})$")
THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 50
LAST_ID = 2**63 - 1  # ids are bigints


@dataclass(frozen=True)
class ThreadPage:
    items: list[Thread]
    next_cursor: str | None


def _not_blocked(viewer: User, field: str) -> Exists:
    return Exists(blocks_with(viewer, field))


def _cursor(thread: Thread) -> str:
    return f"{int(thread.pinned)}.{moment_to_micros(thread.last_activity_at)}.{thread.pk}"


def author_label(thread: Thread, author: User | None, viewer: User, *, moderator: bool) -> str:
    """Who wrote it, as this viewer may know: anonymous threads hide their author."""
    if author is None:
        return _("A former member")
    return label_for(thread, author.pk, author.handle, viewer, moderator=moderator)


def label_for(
    thread: Thread, author_id: int | None, handle: str | None, viewer: User, *, moderator: bool
) -> str:
    """author_label from the author's id and handle alone (no user row needed)."""
    if author_id is None or handle is None:
        return _("A former member")
    if thread.anonymous and author_id == thread.author_id:
        if viewer.pk == author_id:
            return _("You (shown to others as “A member”)")
        if not moderator:
            return _("A member")
    return handle


@prepared
def _threads(
    *,
    viewer: User,
    board_id: int,
    moderator: bool,
    pinned: bool | None,
    moment: datetime | None,
    before_id: int | None,
) -> QuerySet[Thread, Thread]:
    """A page of a board's threads (after the cursor `pinned`, `moment`, `before_id` when
    there is one), the SQL built once per process and shape (core.prepared)."""
    seen = ReadMark.objects.filter(
        thread=OuterRef("pk"), user=viewer, read_at__gte=OuterRef("last_activity_at")
    )
    visible = Q() if moderator else Q(hidden_at__isnull=True) | Q(author=viewer)
    threads = (
        Thread.objects.filter(visible, board_id=board_id, deleted_at__isnull=True)
        .exclude(_not_blocked(viewer, "author_id"))
        .annotate(seen=Exists(seen))
        .select_related("author")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if moment is not None:
        threads = threads.filter(
            Q(pinned__lt=pinned)
            | Q(pinned=pinned, last_activity_at__lt=moment)
            | Q(pinned=pinned, last_activity_at=moment, id__lt=before_id)
        )
    return threads[: THREADS_PER_PAGE + 1]


def threads_page(
    board: Board,
    viewer: User,
    *,
    after: str | None = None,
    limit: int = THREADS_PER_PAGE,
    moderator: bool | None = None,
) -> ThreadPage:
    """Pinned threads first, then the most recently active; blocked authors left out. `limit`
    is at most THREADS_PER_PAGE. `moderator`: whether the viewer moderates the board, when the
    caller already knows."""
    if limit > THREADS_PER_PAGE:
        raise ValueError(f"At most {THREADS_PER_PAGE} threads a page.")
    if moderator is None:
        moderator = policy_for(board).may_moderate(viewer, board)
    cursor: dict[str, Any] = {"pinned": None, "moment": None, "before_id": None}
    match = CURSOR.match(after or "")
    if match:
        moment = micros_to_moment(int(match.group(2)))
        if moment is not None:
            pinned, before_id = match.group(1) == "1", int(match.group(3))
            cursor = {"pinned": pinned, "moment": moment, "before_id": before_id}
    rows = _threads.rows(viewer=viewer, board_id=board.pk, moderator=moderator, **cursor)
    rows = rows[: limit + 1]
    for thread in rows:
        thread.author_label = author_label(thread, thread.author, viewer, moderator=moderator)
    more = len(rows) > limit
    rows = rows[:limit]
    return ThreadPage(rows, _cursor(rows[-1]) if more and rows else None)


@dataclass(frozen=True)
class PostPage:
    items: list[Post]
    next_cursor: int | None


@prepared
def _posts(
    *, viewer: User, thread_id: int, after: int | None, moderator: bool
) -> QuerySet[Post, Post]:
    """One page of a thread's posts, the SQL built once per process and shape (core.prepared)."""
    counts = {
        f"n_{kind}": Count("reactions", filter=Q(reactions__kind=kind), distinct=True)
        for kind in ReactionKind.values
    }
    mine = {
        f"mine_{kind}": Exists(
            PostReaction.objects.filter(post=OuterRef("pk"), user=viewer, kind=kind)
        )
        for kind in ReactionKind.values
    }
    visible = Q() if moderator else Q(hidden_at__isnull=True) | Q(author=viewer)
    posts = (
        Post.objects.filter(visible, thread_id=thread_id)
        .exclude(_not_blocked(viewer, "author_id"))
        .defer("body")  # the page shows body_html; the source can be 20,000 characters more
        # The author's handle, not their user row (password hash, email: nothing the page shows).
        .annotate(author_handle=F("author__handle"), **counts, **mine)
        .order_by("id")
    )
    if after is not None:
        posts = posts.filter(id__gt=after)
    return posts[: POSTS_PER_PAGE + 1]


def thread_posts(
    thread: Thread,
    viewer: User,
    *,
    after: int | None = None,
    moderator: bool | None = None,
) -> PostPage:
    """A thread's posts in order, `POSTS_PER_PAGE` at a time, with reaction counts and the
    viewer's own, in one query. `moderator`: whether the viewer moderates the board, when the
    caller already knows."""
    if after is not None and after > LAST_ID:
        return PostPage([], None)  # a made-up cursor past any post
    if moderator is None:
        moderator = policy_for(thread.board).may_moderate(viewer, thread.board)
    rows = _posts.rows(viewer=viewer, thread_id=thread.pk, after=after or None, moderator=moderator)
    kinds = [(kind, str(label)) for kind, label in ReactionKind.choices]  # translated once
    for post in rows:
        post.author_label = label_for(
            thread, post.author_id, post.author_handle, viewer, moderator=moderator
        )
        post.reaction_list = [
            (kind, label, getattr(post, f"n_{kind}"), getattr(post, f"mine_{kind}"))
            for kind, label in kinds
        ]
    more = len(rows) > POSTS_PER_PAGE
    rows = rows[:POSTS_PER_PAGE]
    return PostPage(rows, rows[-1].pk if more and rows else None)


def posts_by(user: User) -> list[Post]:
    return list(
        Post.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("thread")
        .order_by("id")
    )


def bookmarked(viewer: User) -> list[Thread]:
    """Threads the member kept, that they may still read, newest kept first."""
    from alongside.discussions.policies import policy_for as policy

    kept = list(
        Thread.objects.filter(bookmarks__user=viewer, deleted_at__isnull=True)
        .exclude(_not_blocked(viewer, "author_id"))
        .select_related("author", "board")
        .order_by("-bookmarks__created_at")[:100]
    )
    readable = [t for t in kept if policy(t.board).may_read(viewer, t.board)]
    for thread in readable:
        thread.author_label = author_label(thread, thread.author, viewer, moderator=False)  # type: ignore[attr-defined]
    return readable
