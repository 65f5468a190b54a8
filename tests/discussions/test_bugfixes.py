"""Regression tests for discussions bugs: reply notifications after leaving, exact cursors."""

from datetime import UTC, datetime, timedelta

import pytest

from alongside.accounts.models import User
from alongside.core.pagination import micros_to_moment, moment_to_micros
from alongside.discussions import actions, selectors
from alongside.discussions.models import Board, Follow, Thread
from alongside.discussions.policies import register_policy
from alongside.notifications.models import Notification


class Policy:
    """Whoever is in `readers` reads and posts; nobody moderates."""

    readers = {"river", "sam", "jordan"}

    def may_read(self, user: User, board: Board) -> bool:
        return user.is_authenticated and user.handle in self.readers

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        return False

    def title(self, board: Board) -> str:
        return "Bugfix board"

    def url(self, board: Board) -> str:
        return "/"


POLICY = Policy()
register_policy("bugfix-test", POLICY)


@pytest.fixture
def board(db):
    return Board.objects.create(kind="bugfix-test")


def reply_notified() -> list[str]:
    return sorted(
        n.recipient.handle
        for n in Notification.objects.filter(verb="discussion.reply").select_related("recipient")
    )


# Reply notifications skip followers who may no longer read the board


def test_a_member_who_left_the_group_hears_nothing_more_of_its_threads(
    people, django_capture_on_commit_callbacks
):
    from alongside.groups import actions as groups

    group = groups.create_group(
        user=people.jordan, tags=[], name="Evening circle", description="About us.",
        guidelines="Be kind.", language="en", timezone="UTC", visibility="listed",
        join_policy="open", size_limit=None,
    )  # fmt: skip
    groups.join_group(user=people.river, group=group)
    groups.join_group(user=people.sam, group=group)
    thread = actions.start_thread(user=people.jordan, board=group.board, title="Hi", body="Hello")
    actions.reply(user=people.river, thread=thread, body="Hello from river")  # river follows
    groups.leave_group(user=people.river, group=group)
    assert Follow.objects.filter(thread=thread, user=people.river).exists()

    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.sam, thread=thread, body="Welcome, all")
    assert reply_notified() == ["jordan"]


def test_reply_notifications_go_only_to_followers_who_may_still_read(
    people, board, django_capture_on_commit_callbacks, monkeypatch
):
    thread = actions.start_thread(user=people.sam, board=board, title="Mornings", body="How?")
    actions.reply(user=people.river, thread=thread, body="Slowly.")
    monkeypatch.setattr(POLICY, "readers", {"sam", "jordan"})  # river may not read any more
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.jordan, thread=thread, body="Tea first.")
    assert reply_notified() == ["sam"]


# Thread-list cursors are exact


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2040, 1, 1, 0, 0, 0, 3, tzinfo=UTC),  # float microseconds come back as ...2
        datetime(2025, 6, 1, 12, 30, 45, 123457, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_cursor_microseconds_round_trip_exactly(moment):
    assert micros_to_moment(moment_to_micros(moment)) == moment
    assert moment_to_micros(moment) == (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
        microseconds=1
    )


def test_out_of_range_cursor_moments_are_ignored():
    assert micros_to_moment(10**20) is None


@pytest.mark.parametrize(
    "moment",
    [datetime(2040, 1, 1, 0, 0, 0, 3, tzinfo=UTC), datetime(2025, 3, 30, 1, 0, 0, 1, tzinfo=UTC)],
)
def test_paging_through_threads_shows_each_one_once_in_order(people, board, moment):
    threads = [
        actions.start_thread(user=people.sam, board=board, title=f"T{n}", body="b")
        for n in range(6)
    ]
    # Three share one moment to the microsecond, the others are a microsecond either side.
    offsets = [0, 0, 0, 1, -1, 2]
    for thread, offset in zip(threads, offsets, strict=True):
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=moment + timedelta(microseconds=offset)
        )
    Thread.objects.filter(pk=threads[5].pk).update(pinned=True)
    expected = list(
        Thread.objects.filter(board=board)
        .order_by("-pinned", "-last_activity_at", "-id")
        .values_list("title", flat=True)
    )

    seen, cursor = [], None
    for _page in range(10):
        page = selectors.threads_page(board, people.river, after=cursor, limit=1)
        seen += [t.title for t in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == expected


def test_a_pinned_thread_pages_on_to_the_unpinned_ones_exactly(people, board):
    moment = datetime(2040, 1, 1, 0, 0, 0, 3, tzinfo=UTC)
    threads = [
        actions.start_thread(user=people.sam, board=board, title=f"T{n}", body="b")
        for n in range(3)
    ]
    Thread.objects.filter(board=board).update(last_activity_at=moment)
    Thread.objects.filter(pk=threads[0].pk).update(pinned=True)
    first = selectors.threads_page(board, people.river, limit=1)
    assert [t.title for t in first.items] == ["T0"]
    assert first.next_cursor == f"1.{moment_to_micros(moment)}.{threads[0].pk}"
    rest = selectors.threads_page(board, people.river, after=first.next_cursor, limit=5)
    assert [t.title for t in rest.items] == ["T2", "T1"]
