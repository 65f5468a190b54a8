import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import micros_to_moment, moment_to_micros
from alongside.discussions.models import (
    Board,
    Bookmark,
    Follow,
    Post,
    PostReaction,
    ReactionKind,
    ReadMark,
    Thread,
)
from alongside.discussions.policies import policy_for

# "<pinned 0/1>.<last activity in whole microseconds since the epoch>.<id>" of the last row.
CURSOR = re.compile(r"^([01])\.(\d{1,20})\.(\d{1,18})$")


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
    if thread.anonymous and author is not None and author.pk == thread.author_id:
        if viewer.pk == author.pk:
            return _("You (shown to others as “A member”)")
        if not moderator:
            return _("A member")
    return author.handle if author is not None else _("A former member")


def threads_page(
    board: Board,
    viewer: User,
    *,
    after: str | None = None,
    limit: int = 25,
    moderator: bool | None = None,
) -> ThreadPage:
    """Pinned threads first, then the most recently active; blocked authors left out.
    `moderator`: whether the viewer moderates the board, when the caller already knows."""
    seen = ReadMark.objects.filter(
        thread=OuterRef("pk"), user=viewer, read_at__gte=OuterRef("last_activity_at")
    )
    if moderator is None:
        moderator = policy_for(board).may_moderate(viewer, board)
    visible = Q() if moderator else Q(hidden_at__isnull=True) | Q(author=viewer)
    threads: QuerySet[Thread] = (
        Thread.objects.filter(visible, board=board, deleted_at__isnull=True)
        .exclude(_not_blocked(viewer, "author_id"))
        .annotate(seen=Exists(seen))
        .select_related("author")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    match = CURSOR.match(after or "")
    if match:
        pinned = match.group(1) == "1"
        moment = micros_to_moment(int(match.group(2)))
        if moment is not None:
            pk = int(match.group(3))
            threads = threads.filter(
                Q(pinned__lt=pinned)
                | Q(pinned=pinned, last_activity_at__lt=moment)
                | Q(pinned=pinned, last_activity_at=moment, id__lt=pk)
            )
    rows = list(threads[: limit + 1])
    for thread in rows:
        thread.author_label = author_label(thread, thread.author, viewer, moderator=moderator)  # type: ignore[attr-defined]
    more = len(rows) > limit
    rows = rows[:limit]
    return ThreadPage(rows, _cursor(rows[-1]) if more and rows else None)


@dataclass(frozen=True)
class PostPage:
    items: list[Post]
    next_cursor: int | None


def for_thread_page(viewer: User) -> QuerySet[Thread]:
    """Threads with what their page shows of the viewer, read in the same query: whether they
    follow and kept it, their read mark (`read_at`), and whether they ever posted anywhere
    (`has_posted`: the guidelines are offered before a first post)."""
    mine = {"thread": OuterRef("pk"), "user": viewer}
    return Thread.objects.annotate(
        following=Exists(Follow.objects.filter(**mine)),
        bookmarked=Exists(Bookmark.objects.filter(**mine)),
        read_at=Subquery(ReadMark.objects.filter(**mine).values("read_at")[:1]),
        has_posted=Exists(Post.objects.filter(author=viewer)),
    )


def thread_posts(
    thread: Thread,
    viewer: User,
    *,
    after: int | None = None,
    limit: int = 50,
    moderator: bool | None = None,
) -> PostPage:
    """A thread's posts in order, with reaction counts and the viewer's own, in one query.
    `moderator`: whether the viewer moderates the board, when the caller already knows."""
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
    if moderator is None:
        moderator = policy_for(thread.board).may_moderate(viewer, thread.board)
    visible = Q() if moderator else Q(hidden_at__isnull=True) | Q(author=viewer)
    posts = (
        Post.objects.filter(visible, thread=thread)
        .exclude(_not_blocked(viewer, "author_id"))
        .select_related("author")
        .defer("body")  # the page shows body_html; the source can be 20,000 characters more
        .annotate(**counts, **mine)
        .order_by("id")
    )
    if after:
        posts = posts.filter(id__gt=after)
    rows = list(posts[: limit + 1])
    kinds = [(kind, str(label)) for kind, label in ReactionKind.choices]  # translated once
    for post in rows:
        post.author_label = author_label(thread, post.author, viewer, moderator=moderator)  # type: ignore[attr-defined]
        post.reaction_list = [  # type: ignore[attr-defined]
            (kind, label, getattr(post, f"n_{kind}"), getattr(post, f"mine_{kind}"))
            for kind, label in kinds
        ]
    more = len(rows) > limit
    rows = rows[:limit]
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
