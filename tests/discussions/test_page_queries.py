"""The thread page costs a fixed, small number of queries, whatever the thread and the
community around it hold; and reading it writes nothing unless there is news to mark read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.actions import block_member
from alongside.discussions import actions
from alongside.discussions.models import Board, ReadMark, Thread
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.groups.actions import create_group
from alongside.groups.models import Group, Membership
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow

# The page's own queries are at most 6; the chrome (session, user, unread counts) at most 4.
BUDGET, OWN_BUDGET = 10, 6

# The header's queries, which are not the page's own (and are being cached away).
CHROME = ('FROM "django_session"', 'FROM "accounts_user" WHERE', 'FROM "auth_group"',
          'FROM "messaging_participant"', 'FROM "notifications_notification"')  # fmt: skip


def own_queries(client, url: str) -> list[str]:
    """The page's own SQL in its steady state (after a first request filled the caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    found = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in found if not any(part in sql for part in CHROME)]


@pytest.fixture
def forum_board(db) -> Board:
    ensure_categories(Board, Category)
    return Category.objects.get(slug="questions").board


@pytest.fixture
def group_board(people) -> Board:
    group = create_group(
        user=people.jordan, tags=["parents"], name="Parents", description="d", guidelines="",
        language="en", timezone="America/Los_Angeles", visibility="listed", join_policy="ask",
        size_limit=None,
    )  # fmt: skip
    for who in (people.river, people.sam, people.drew):
        Membership.objects.create(group=group, user=who)
    return group.board


def _grow(people, thread: Thread):
    """More replies, reactions, follows, bookmarks, read marks, members, posts elsewhere and
    blocks: nothing the page should pay for row by row."""

    group = Group.objects.filter(board=thread.board).first()

    def grow() -> None:
        n = Thread.objects.count()
        for i in range(8):
            member = make_member(f"m{n}x{i}")
            if group is not None:
                Membership.objects.create(group=group, user=member)
            post = actions.reply(user=member, thread=thread, body=f"Reply {i} with **bold**")
            actions.toggle_reaction(user=people.sam, post=post, kind="strength")
            actions.toggle_reaction(user=people.river, post=post, kind="thanks")
            actions.toggle_reaction(user=member, post=post, kind="me_too")
            actions.toggle_bookmark(user=member, thread=thread)
            actions.mark_read(user=member, thread=thread)
            if i % 3 == 0:
                block_member(blocker=people.river, blocked=member)
            if i % 3 == 1:
                actions.set_post_hidden(post=post, hidden=True)
        actions.reply(user=people.river, thread=thread, body="and me")
        actions.start_thread(user=people.river, board=thread.board, title=f"More {n}", body="b")

    return grow


@pytest.mark.parametrize("where", ["forum", "group"])
@pytest.mark.parametrize("viewer", ["river", "sam", "morgan", "jordan"])
def test_the_thread_page_costs_the_same_however_long_the_thread(
    people, client_for, forum_board, group_board, where, viewer
):
    board = forum_board if where == "forum" else group_board
    who = getattr(people, viewer)
    if where == "group" and viewer == "morgan":  # a community moderator who also belongs
        Membership.objects.create(group=Group.objects.get(board=board), user=who)
    thread = actions.start_thread(user=people.sam, board=board, title="Mornings", body="Hi")
    actions.reply(user=people.river, thread=thread, body="Same here")
    client = client_for(who)
    url = f"/discussions/threads/{thread.pk}/"
    count = assert_queries_do_not_grow(client, url, _grow(people, thread))
    own = own_queries(client, url)
    assert count <= BUDGET and len(own) <= OWN_BUDGET, "\n".join(own)


def test_an_anonymous_thread_costs_the_same_for_its_author_and_a_moderator(
    people, client_for, forum_board
):
    thread = actions.start_thread(
        user=people.sam, board=forum_board, title="Quiet", body="Hi", anonymous=True
    )
    for who in (people.sam, people.morgan, people.river):
        client = client_for(who)
        url = f"/discussions/threads/{thread.pk}/"
        count = assert_queries_do_not_grow(client, url, _grow(people, thread))
        own = own_queries(client, url)
        assert count <= BUDGET and len(own) <= OWN_BUDGET, "\n".join(own)


def test_reading_again_writes_nothing_until_there_is_news(people, client_for, forum_board):
    thread = actions.start_thread(user=people.sam, board=forum_board, title="Q", body="b")
    client = client_for(people.river)
    url = f"/discussions/threads/{thread.pk}/"

    def writes() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SELECT")]

    first = writes()
    assert any("discussions_readmark" in sql for sql in first)  # the mark is made
    marked = ReadMark.objects.get(thread=thread, user=people.river).read_at
    assert not [sql for sql in writes() if "discussions_readmark" in sql]  # nothing new
    assert ReadMark.objects.get(thread=thread, user=people.river).read_at == marked
    actions.reply(user=people.sam, thread=thread, body="news")
    assert [sql for sql in writes() if "discussions_readmark" in sql]  # news: marked again
    thread.refresh_from_db()
    assert ReadMark.objects.get(thread=thread, user=people.river).read_at >= thread.last_activity_at
    listing = client.get("/forum/questions/").text
    assert '<span class="badge">New</span> <strong>Q</strong>' not in listing


def test_the_page_shows_what_it_now_reads_in_one_query(people, client_for, forum_board):
    """Follow, keep and the guidelines before a first post come with the thread."""
    thread = actions.start_thread(user=people.sam, board=forum_board, title="Q", body="b")
    newcomer = make_member("newcomer")
    client = client_for(newcomer)
    url = f"/discussions/threads/{thread.pk}/"
    page = client.get(url).text
    assert 'aria-pressed="false">Follow<' in page and 'aria-pressed="false">Keep<' in page
    assert "Before your first post" in page
    actions.toggle_follow(user=newcomer, thread=thread)
    actions.toggle_bookmark(user=newcomer, thread=thread)
    actions.reply(user=newcomer, thread=thread, body="hello")
    page = client.get(url).text
    assert 'aria-pressed="true">Following<' in page and 'aria-pressed="true">Kept<' in page
    assert "Before your first post" not in page
    assert "Back to Questions" in page and 'href="/forum/questions/"' in page


def test_a_group_thread_still_looks_missing_to_outsiders_and_moderators_outside_it(
    people, client_for, group_board
):
    thread = actions.start_thread(user=people.sam, board=group_board, title="Inside", body="b")
    missing = client_for(people.outsider).get("/discussions/threads/999999/")
    for who in (people.outsider, people.morgan):  # morgan moderates, but isn't in the group
        response = client_for(who).get(f"/discussions/threads/{thread.pk}/")
        assert response.status_code == 404 and missing.status_code == 404
    page = client_for(people.jordan).get(f"/discussions/threads/{thread.pk}/").text
    assert "Back to Parents" in page and "Pin to the top" in page  # its facilitator moderates
    page = client_for(people.river).get(f"/discussions/threads/{thread.pk}/").text
    assert "Pin to the top" not in page and "Reply" in page
