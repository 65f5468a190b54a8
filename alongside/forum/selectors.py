from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from alongside.accounts.models import Block, Connection, User, Visibility
from alongside.accounts.selectors import blocks_with
from alongside.core.prepared import prepared
from alongside.discussions.models import Board, Post
from alongside.discussions.selectors import author_label
from alongside.forum.models import Category, Story, Strategy, Vouch


def _blocked(viewer: User, field: str) -> Exists:
    return Exists(blocks_with(viewer, field))


def categories() -> list[Category]:
    return list(
        Category.objects.annotate(
            last_activity=Max(
                "board__threads__last_activity_at",
                filter=Q(board__threads__deleted_at__isnull=True),
            )
        ).order_by("position", "name")
    )


# Rank among the newest this many title matches and as many body matches: a common word
# matches half the posts, and ranking them all would read them all (docs/decisions.md).
SEARCH_POOL = 100
# Where to look for them (see _ranked_matches): among this many newest threads and posts first;
# if at least SEARCH_WALK_FROM matched there, on through this many more (newest first); if
# fewer, in all of them with the GIN index.
THREAD_WINDOW = 2_000
POST_WINDOW = 5_000
SEARCH_WALK_FROM = 10
THREAD_WALK = 20_000
POST_WALK = 50_000
# The text search configuration of the stored vectors (discussions migration 0004).
SEARCH_CONFIG = "english"


_SHOWN = [
    "body", "created_at", "thread_id", "author_id",
    "thread__title", "thread__anonymous", "thread__content_warning", "thread__author_id",
    "author__handle",
]  # fmt: skip


def search(viewer: User, query: str, *, limit: int = 30) -> list[Post]:
    """Posts the viewer could open anyway: the forum and their own groups, nothing deleted or
    hidden, nobody blocked either way. A post matches on its body, an opening post also on its
    thread's title; title matches come first. PostgreSQL's full-text search (ranked among the
    newest matches) when available, a plain substring match (newest first) on SQLite."""
    query = query.strip()[:200]
    if not query:
        return []
    boards, blocked = _search_scope(viewer)
    if not boards:
        return []
    if connection.vendor == "postgresql":
        ids = _ranked_matches(boards, blocked, query, limit)
    else:
        ids = _substring_matches(boards, blocked, query, limit)
    by_id = (
        Post.objects.select_related("thread", "author")
        .only(*_SHOWN)  # what forum/search.html and author_label read
        .in_bulk(ids)
    )
    found = [by_id[pk] for pk in ids if pk in by_id]
    for post in found:
        post.author_label = author_label(post.thread, post.author, viewer, moderator=False)  # type: ignore[attr-defined]
    return found


@prepared
def _scope(*, viewer: User) -> QuerySet[Any, Any]:
    board, member = Value("board"), Value("member")
    boards = Board.objects.annotate(kind_of=board).values_list("id", "kind_of")
    blocks = Block.objects.annotate(kind_of=member)
    return boards.filter(kind="forum").union(
        boards.filter(group__memberships__user=viewer),
        blocks.filter(blocker=viewer).values_list("blocked_id", "kind_of"),
        blocks.filter(blocked=viewer).values_list("blocker_id", "kind_of"),
        all=True,
    )


def _search_scope(viewer: User) -> tuple[list[int], list[int]]:
    """The boards the viewer may read and everyone blocked either way, in one query (its SQL
    built once per process, core.prepared), as lists of ids: short ones, and subqueries in
    their place would be planned as joins per row."""
    scope: dict[str, list[int]] = {"board": [], "member": []}
    for pk, kind in _scope.rows(viewer=viewer):
        scope[kind].append(pk)
    return scope["board"], scope["member"]


def _substring_matches(boards: list[int], blocked: list[int], query: str, limit: int) -> list[int]:
    """Substring matches (SQLite), title matches first, newest first. The same rules as
    _ranked_matches: change them together."""
    title_match = Q(is_opening=True, thread__title__icontains=query)
    return list(
        Post.objects.filter(
            Q(body__icontains=query) | title_match,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            thread__board_id__in=boards,
            thread__deleted_at__isnull=True,
            thread__hidden_at__isnull=True,  # its opening post is hidden, or held for review
        )
        .exclude(author_id__in=blocked)
        .exclude(thread__author_id__in=blocked)
        .annotate(title_match=ExpressionWrapper(title_match, output_field=BooleanField()))
        .order_by("-title_match", "-id")
        .values_list("id", flat=True)[:limit]
    )


# Full-text matches on PostgreSQL, under the same rules as _substring_matches (change them
# together; tests/forum/test_search_scale.py checks each rule on both databases). SQL because
# the search_vector columns exist only on PostgreSQL, outside the models (discussions migration
# 0004), and because building this with the ORM took longer than running it.
#
# The newest SEARCH_POOL title matches and as many body matches, each found in steps that stop
# as soon as they have enough (docs/decisions.md):
# 1. "recent": among the newest rows (the window). The planner walks them newest first for a
#    common word and uses the GIN index for a rare one; the window bounds the walk when its
#    statistics mislead it (a word it has never seen, a phrase).
# 2. "walked": if the window held at least SEARCH_WALK_FROM matches, the word is common enough
#    to walk on, through at most *_WALK more rows (say a phrase of common words, which the
#    index can only narrow down to the rows holding every word).
# 3. "indexed": if fewer, the word is rare: all rows, through the index ("+ 0" hides the id
#    order, so that they are never walked).
# Step 1 for titles and bodies is one statement, and steps 2 or 3 where needed another: small
# statements plan fast, and one that holds a step it does not run is still costed as a whole
# (past jit_above_cost, PostgreSQL spends more time compiling it than running it). The planner
# sees the query as a literal, not a CTE column or a prepared parameter, and "numnode(...) > 0"
# folds to false for a query of stop words only, which matches nothing.
_WANTED = "websearch_to_tsquery(%(config)s, %(query)s)"
_READABLE_THREAD = """t.board_id = ANY(%(boards)s) AND t.deleted_at IS NULL
       AND t.hidden_at IS NULL AND coalesce(t.author_id, 0) <> ALL(%(blocked)s)"""
_READABLE_POST = """p.deleted_at IS NULL AND p.hidden_at IS NULL
       AND coalesce(p.author_id, 0) <> ALL(%(blocked)s)"""
_MATCHING_THREADS = f"""SELECT t.id FROM discussions_thread t
     WHERE {_READABLE_THREAD} AND numnode({_WANTED}) > 0 AND t.search_vector @@ {_WANTED}"""  # noqa: S608
_MATCHING_POSTS = f"""SELECT p.id
      FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id
     WHERE {_READABLE_POST} AND {_READABLE_THREAD}
       AND numnode({_WANTED}) > 0 AND p.search_vector @@ {_WANTED}"""  # noqa: S608


def _steps(matching: str, table: str, column: str, window: str, walk: str) -> dict[str, str]:
    floor = f"(SELECT max(id) FROM {table}) - {window}"  # noqa: S608 (constant fragments)
    return {
        "recent": f"{matching} AND {column} > {floor} ORDER BY {column} DESC LIMIT %(pool)s",
        "walked": f"{matching} AND {column} <= {floor} AND {column} > {floor} - {walk}"
        f" ORDER BY {column} DESC LIMIT %(pool)s",
        "indexed": f"{matching} ORDER BY {column} + 0 DESC LIMIT %(pool)s",
    }


_TITLE_STEPS = {
    step: f"""SELECT p.id, true, ts_rank(t.search_vector, {_WANTED})
  FROM discussions_post p JOIN discussions_thread t ON t.id = p.thread_id
 WHERE p.is_opening AND {_READABLE_POST} AND t.id IN ({ids})"""  # noqa: S608
    for step, ids in _steps(
        _MATCHING_THREADS, "discussions_thread", "t.id", "%(thread_window)s", "%(thread_walk)s"
    ).items()
}
_BODY_STEPS = {
    step: f"""SELECT p.id, false, ts_rank(p.search_vector, {_WANTED})
  FROM discussions_post p WHERE p.id IN ({ids})"""  # noqa: S608
    for step, ids in _steps(
        _MATCHING_POSTS, "discussions_post", "p.id", "%(post_window)s", "%(post_walk)s"
    ).items()
}


def _ranked_matches(boards: list[int], blocked: list[int], query: str, limit: int) -> list[int]:
    """Full-text matches (the steps above): title matches first, then by ts_rank, newest first.
    One statement for a common word, three for a rare one."""
    params: dict[str, Any] = {
        "boards": boards,
        "blocked": blocked,
        "config": SEARCH_CONFIG,
        "query": query,
        "pool": SEARCH_POOL,
        "thread_window": THREAD_WINDOW,
        "thread_walk": THREAD_WALK,
        "post_window": POST_WINDOW,
        "post_walk": POST_WALK,
    }

    def run(statements: list[str]) -> list[tuple[int, bool, float]]:
        with connection.cursor() as cursor:
            cursor.execute("\nUNION ALL\n".join(statements), params)
            return cursor.fetchall()

    found = run([_TITLE_STEPS["recent"], _BODY_STEPS["recent"]])
    more = []
    for steps, title in [(_TITLE_STEPS, True), (_BODY_STEPS, False)]:
        count = sum(1 for _pk, title_match, _rank in found if title_match is title)
        if count < SEARCH_POOL:
            more.append(steps["walked" if count >= SEARCH_WALK_FROM else "indexed"])
    if more:
        # The index's guess for a word it has no statistics for is thousands of rows, enough
        # for a parallel plan, whose two workers take longer to start than the handful of
        # rows takes to read.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            found += run(more)
    best: dict[int, tuple[bool, float]] = {}
    for pk, title_match, rank in found:
        best[pk] = max(best.get(pk, (False, 0.0)), (title_match, rank))
    ranked = sorted(best, key=lambda pk: (*best[pk], pk), reverse=True)
    return ranked[:limit]


def strategies(viewer: User, *, situation: str = "", limit: int = 50) -> Sequence[Strategy]:
    """Ranked by peers who found them useful lately (recent vouches count double)."""
    recent = timezone.now() - timedelta(days=90)
    mine = Vouch.objects.filter(strategy=OuterRef("pk"), user=viewer)
    found = (
        Strategy.objects.filter(hidden_at__isnull=True)
        .exclude(_blocked(viewer, "author_id"))
        .annotate(
            vouch_count=Count("vouches", distinct=True),
            recent_vouches=Count(
                "vouches", filter=Q(vouches__created_at__gte=recent), distinct=True
            ),
            vouched=Exists(mine),
        )
        .select_related("author")
    )
    if situation:
        found = found.filter(situation=situation)
    ranked = sorted(found[:500], key=lambda s: (-(s.recent_vouches * 2 + s.vouch_count), -s.pk))
    return ranked[:limit]


def stories_for(viewer: User, *, limit: int = 30) -> list[Story]:
    """Published stories shared with the viewer, plus the viewer's own (drafts included)."""
    accepted = Connection.objects.filter(status=Connection.Status.ACCEPTED)
    connected = Q(author__in=accepted.filter(requester=viewer).values("addressee_id")) | Q(
        author__in=accepted.filter(addressee=viewer).values("requester_id")
    )
    shared = Q(published=True) & (
        Q(visibility=Visibility.MEMBERS) | (Q(visibility=Visibility.CONNECTIONS) & connected)
    )
    return list(
        Story.objects.filter(shared | Q(author=viewer))
        .exclude(_blocked(viewer, "author_id"))
        .select_related("author")
        .order_by("-updated_at", "-id")[:limit]
    )
