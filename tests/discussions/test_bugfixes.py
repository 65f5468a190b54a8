"""Regression tests for discussions bugs: reply notifications after leaving, exact cursors."""

import pytest

from alongside.accounts.models import User
from alongside.discussions import actions
from alongside.discussions.models import Board, Follow
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
