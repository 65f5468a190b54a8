"""Forum search at scale: the same rules on SQLite (substring match) and PostgreSQL (stored
tsvectors, GIN indexes, ranked among the newest matches), title matches first, a page whose cost
does not grow, and on PostgreSQL the indexes, the triggers and each of the search's steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Role
from alongside.discussions import actions as discussions
from alongside.discussions.models import Board, Post, Thread
from alongside.forum import selectors
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.groups.actions import create_group
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's full-text search; the SQLite pass checks the substring search",
)


@pytest.fixture
def board(db) -> Board:
    ensure_categories(Board, Category)
    return Category.objects.get(slug="questions").board


def found(viewer, query: str) -> list[str]:
    return [post.body for post in selectors.search(viewer, query)]


def test_finds_titles_and_bodies_and_puts_title_matches_first(people, board):
    by_title = discussions.start_thread(
        user=people.sam, board=board, title="Walking at dawn", body="A quiet start."
    )
    discussions.reply(user=people.jordan, thread=by_title, body="Lovely, thank you.")
    other = discussions.start_thread(
        user=people.jordan, board=board, title="Evenings", body="I keep walking after dinner."
    )
    discussions.reply(user=people.sam, thread=other, body="Walking helps me too.")
    # The title match is the oldest, and still first; a reply in its thread that does not say
    # the word is not a match (the thread is found once, by its opening post).
    assert found(people.river, "walking") == [
        "A quiet start.",
        "Walking helps me too.",
        "I keep walking after dinner.",
    ]
    assert found(people.river, "breakfast") == []


def test_leaves_out_everything_the_reader_may_not_open(people, board):
    lead = make_member("lead", Role.FACILITATOR)
    private = create_group(
        user=lead, tags=[], name="Private circle", description="d", guidelines="",
        language="en", timezone="UTC", visibility="private", join_policy="invite", size_limit=None,
    )  # fmt: skip
    discussions.start_thread(user=lead, board=private.board, title="Lanterns", body="in private")
    open_thread = discussions.start_thread(
        user=people.sam, board=board, title="Lanterns for all", body="open"
    )
    discussions.reply(user=people.drew, thread=open_thread, body="lanterns by drew")
    discussions.start_thread(user=people.drew, board=board, title="Drew's lanterns", body="d")
    discussions.start_thread(user=people.river, board=board, title="River's lanterns", body="r")
    hidden = discussions.reply(user=people.jordan, thread=open_thread, body="lanterns hidden")
    discussions.set_post_hidden(post=hidden, hidden=True)
    deleted = discussions.reply(user=people.jordan, thread=open_thread, body="lanterns gone")
    discussions.delete_post(user=people.jordan, post=deleted)
    hidden_thread = discussions.start_thread(
        user=people.jordan, board=board, title="Hidden lanterns", body="opening"
    )
    discussions.reply(user=people.sam, thread=hidden_thread, body="lanterns in a hidden thread")
    discussions.set_post_hidden(post=hidden_thread.posts.get(is_opening=True), hidden=True)
    deleted_thread = discussions.start_thread(
        user=people.jordan, board=board, title="Deleted lanterns", body="opening"
    )
    discussions.reply(user=people.sam, thread=deleted_thread, body="lanterns, thread deleted")
    discussions.delete_post(user=people.jordan, post=deleted_thread.posts.get(is_opening=True))

    # river blocked drew: nothing of drew's, not even a reply in someone else's thread.
    assert found(people.river, "lanterns") == ["r", "open"]
    # drew was blocked by river: nothing of river's either.
    assert found(people.drew, "lanterns") == ["d", "open", "lanterns by drew"]
    # The private group's thread: for its members only.
    assert found(people.outsider, "lanterns") == ["r", "d", "open", "lanterns by drew"]
    assert "in private" in found(lead, "lanterns")


def test_odd_input_finds_nothing_and_breaks_nothing(people, board):
    discussions.start_thread(user=people.sam, board=board, title="Hello", body="the plain text")
    for query in ["the", "'", '"', "-", "!!", "a & b | (", "'); DROP TABLE x; --", "é" * 200]:
        assert isinstance(selectors.search(people.river, query), list), query
    assert selectors.search(people.river, "   ") == []


def test_the_search_page_costs_the_same_with_more_posts(people, board, client_for):
    client = client_for(people.river)
    discussions.start_thread(user=people.sam, board=board, title="Walking", body="first")

    def grow() -> None:
        for n in range(6):
            thread = discussions.start_thread(
                user=people.sam, board=board, title=f"Walking {n}", body=f"walking {n}"
            )
            discussions.reply(user=people.jordan, thread=thread, body="walking too")

    queries = assert_queries_do_not_grow(client, "/forum/search/?q=walking", grow)
    assert queries <= 10
    assert len(selectors.search(people.river, "walking")) == 13


# PostgreSQL only: the stored vectors, their indexes and the steps of the search.


@on_postgres
@pytest.mark.postgres
def test_the_indexes_exist_and_the_plans_use_them(people, board):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('discussions_post', 'discussions_thread')"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"post_search_idx", "thread_search_idx", "post_opening_idx"} <= names
    # Enough rows for the planner to weigh its choices (written directly: the plan, not the
    # actions, is under test), every one of them saying "daily", none "zebra".
    threads = Thread.objects.bulk_create(
        Thread(board=board, author=people.sam, title=f"Daily note {n}") for n in range(2000)
    )
    Post.objects.bulk_create(
        Post(thread=t, author=people.sam, body=f"daily body {t.pk}", body_html="", is_opening=True)
        for t in threads
    )
    params = {
        "boards": [board.pk], "blocked": [], "config": selectors.SEARCH_CONFIG,
        "pool": selectors.SEARCH_POOL, "thread_window": 500, "thread_walk": 500,
        "post_window": 500, "post_walk": 500,
    }  # fmt: skip

    def plan(sql: str, query: str) -> str:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, {**params, "query": query})
            return "\n".join(row[0] for row in cursor.fetchall())

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE discussions_thread")
        cursor.execute("ANALYZE discussions_post")
    # A common word: the newest rows, walked in id order until enough match.
    common = plan(selectors._BODY_STEPS["recent"], "daily")
    assert "Index Scan Backward using discussions_post_pkey" in common, common
    # A rare word: the GIN indexes (and the opening posts' index for the titles' threads).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # small tables: keep it honest
    title = plan(selectors._TITLE_STEPS["indexed"], "zebra")
    assert "thread_search_idx" in title and "post_opening_idx" in title, title
    # On a handful of rows the planner may read the posts by primary key instead of the GIN
    # index (both are index reads); it must never scan the table.
    body = plan(selectors._BODY_STEPS["indexed"], "zebra")
    assert "Seq Scan on discussions_post" not in body, body


@on_postgres
@pytest.mark.postgres
def test_the_search_indexes_keep_no_pending_list(db):
    """New posts go straight into the GIN indexes: no reply pays for merging everyone's
    (migration discussions/0006)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class"
            " WHERE relname IN ('post_search_idx', 'thread_search_idx')"
        )
        options = dict(cursor.fetchall())
    assert options == {
        "post_search_idx": ["fastupdate=off"],
        "thread_search_idx": ["fastupdate=off"],
    }


@on_postgres
@pytest.mark.postgres
def test_triggers_keep_the_vectors_current(people, board):
    thread = discussions.start_thread(
        user=people.sam, board=board, title="Morning walks", body="I walk at six."
    )
    opening = thread.posts.get(is_opening=True)
    reply = discussions.reply(user=people.jordan, thread=thread, body="Coffee first.")
    assert found(people.river, "coffee") == ["Coffee first."]
    discussions.edit_post(user=people.jordan, post=reply, body="Tea first.")
    assert found(people.river, "coffee") == []
    assert found(people.river, "tea") == ["Tea first."]
    discussions.edit_post(user=people.sam, post=opening, body="I walk at six.", title="Dawn")
    assert found(people.river, "dawn") == ["I walk at six."]
    assert found(people.river, "morning") == []
    # English stemming, as the stored vectors have it.
    assert found(people.river, "walking") == ["I walk at six."]
    discussions.delete_post(user=people.jordan, post=reply)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM discussions_post WHERE id = %s", [reply.pk])
        assert cursor.fetchone() == ("",)


@on_postgres
@pytest.mark.postgres
def test_each_step_finds_the_newest_matches(people, board, monkeypatch):
    """Shrunk windows, so that a few dozen posts exercise every step: enough matches among the
    newest (recent), a common word found further back (walked), a rare one (indexed)."""
    monkeypatch.setattr(selectors, "SEARCH_POOL", 4)
    monkeypatch.setattr(selectors, "SEARCH_WALK_FROM", 2)
    monkeypatch.setattr(selectors, "POST_WINDOW", 8)
    monkeypatch.setattr(selectors, "POST_WALK", 30)
    monkeypatch.setattr(selectors, "THREAD_WINDOW", 2)
    monkeypatch.setattr(selectors, "THREAD_WALK", 30)
    thread = discussions.start_thread(user=people.sam, board=board, title="Log", body="rare one")
    for n in range(30):
        word = "common" if n % 3 == 0 else "filler"
        discussions.reply(user=people.jordan, thread=thread, body=f"{word} {n}")
    discussions.reply(user=people.jordan, thread=thread, body="common 30")  # the newest
    for n in range(4):
        discussions.start_thread(user=people.sam, board=board, title=f"Log {n}", body=f"t{n}")

    def ranked(query: str) -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as captured:
            bodies = found(people.river, query)
        return bodies, len(captured)

    # common: 2 in the newest 8 posts (recent), 4 more walked to.
    bodies, walked = ranked("common")
    assert bodies == [f"common {n}" for n in [30, 27, 24, 21, 18, 15]]
    # rare: none among the newest, found through the index.
    bodies, indexed = ranked("rare")
    assert bodies == ["rare one"]
    assert walked == indexed  # either way one more statement
    # Titles: "log" is in every title: 2 among the newest 2 threads, 3 more walked to.
    bodies, _count = ranked("log")
    assert bodies == ["t3", "t2", "t1", "t0", "rare one"]
    # Enough among the newest rows for titles and bodies alike: no second statement.
    monkeypatch.setattr(selectors, "SEARCH_POOL", 1)
    bodies, recent = ranked("log or common")
    assert bodies == ["t3", "common 30"]
    assert recent < walked


@on_postgres
@pytest.mark.postgres
def test_title_matches_rank_above_body_matches_with_ts_rank_among_them(people, board):
    discussions.start_thread(user=people.sam, board=board, title="Sponsor", body="one")
    discussions.start_thread(
        user=people.sam, board=board, title="x", body="sponsor sponsor sponsor, my sponsor"
    )
    discussions.start_thread(user=people.sam, board=board, title="y", body="a sponsor")
    discussions.start_thread(user=people.sam, board=board, title="z", body="no match here")
    assert found(people.river, "sponsor") == [
        "one",
        "sponsor sponsor sponsor, my sponsor",
        "a sponsor",
    ]
