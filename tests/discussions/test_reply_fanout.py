"""A reply reaches its thread's followers without costing the request a query per follower:
the request enqueues the fan-out, and the fan-out tells everyone at once (notify_many)."""

from unittest.mock import patch

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from alongside.accounts import actions as accounts
from alongside.accounts.models import User
from alongside.core.management.commands.worker import RetryingWorker
from alongside.discussions import actions
from alongside.discussions.handlers import notify_the_followers
from alongside.discussions.models import Board, Post, Thread
from alongside.discussions.policies import policy_for, register_policy
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category
from alongside.groups import actions as groups
from alongside.groups.models import Group
from alongside.notifications import actions as notifications
from alongside.notifications.kinds import EmailChoice, Kind
from alongside.notifications.models import Notification
from tests.conftest import make_member

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class BatchPolicy:
    """Answers for all followers at once, as an owner can with one query; never one by one."""

    readers = {"river", "sam", "jordan", "drew"} | {f"fan{n}" for n in range(40)}
    asked = 0

    def may_read(self, user: User, board: Board) -> bool:
        raise AssertionError("the fan-out asked about one follower at a time")

    def readers_among(self, users: list[User], board: Board) -> list[User]:
        BatchPolicy.asked += 1
        return [user for user in users if user.handle in self.readers]

    def may_post(self, user: User, board: Board) -> bool:
        return user.handle in self.readers

    def may_moderate(self, user: User, board: Board) -> bool:
        return False

    def title(self, board: Board) -> str:
        return "Fan-out board"

    def url(self, board: Board) -> str:
        return "/"


POLICY = BatchPolicy()
register_policy("fanout-test", POLICY)


@pytest.fixture
def forum_thread(people) -> Thread:
    ensure_categories(Board, Category)
    board = Category.objects.get(slug="questions").board
    return actions.start_thread(user=people.jordan, board=board, title="Mornings", body="How?")


@pytest.fixture
def group(people) -> Group:
    return groups.create_group(
        user=people.jordan, tags=[], name="Evening circle", description="About us.",
        guidelines="Be kind.", language="en", timezone="UTC", visibility="listed",
        join_policy="open", size_limit=None,
    )  # fmt: skip


def _followers(
    thread: Thread,
    count: int,
    start: int = 0,
    group: Group | None = None,
    email: EmailChoice = EmailChoice.INSTANT,
) -> None:
    for n in range(start, start + count):
        member = make_member(f"fan{n}")
        if n % 3 == 1:  # preferences differ from one follower to the next
            notifications.update_settings(user=member, preferences={Kind.REPLIES: {"email": email}})
        if group is not None:
            groups.join_group(user=member, group=group)
        actions.toggle_follow(user=member, thread=thread)


def _reply_queries(client, thread: Thread, callbacks) -> list[str]:
    with CaptureQueriesContext(connection) as captured, callbacks(execute=True):
        response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Tea first."})
    assert response.status_code == 302
    return [q["sql"] for q in captured.captured_queries]


def _told(thread: Thread) -> list[str]:
    return sorted(
        Notification.objects.filter(
            verb="discussion.reply", url__contains=f"/{thread.pk}/"
        ).values_list("recipient__handle", flat=True)
    )


def _run_worker() -> None:
    RetryingWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[],
    ).run()  # fmt: skip


def test_a_reply_and_its_fan_out_cost_the_same_for_one_follower_or_twenty(
    people, forum_thread, client_for, django_capture_on_commit_callbacks
):
    """The tests' task backend runs the fan-out inside the request: all of it is counted (but
    not the sending of emails, which it would run inline too: these followers get digests)."""
    other = actions.start_thread(user=people.jordan, board=forum_thread.board, title="B", body="b")
    _followers(forum_thread, 1, email=EmailChoice.OFF)
    _followers(other, 20, start=1, email=EmailChoice.OFF)
    sam = client_for(people.sam)
    warm = actions.start_thread(user=people.jordan, board=forum_thread.board, title="C", body="c")
    _reply_queries(sam, warm, django_capture_on_commit_callbacks)  # a first reply costs more
    one = _reply_queries(sam, forum_thread, django_capture_on_commit_callbacks)
    twenty = _reply_queries(sam, other, django_capture_on_commit_callbacks)
    assert len(_told(forum_thread)) == 2 and len(_told(other)) == 21  # and jordan, the author
    assert len(twenty) == len(one), "\n".join(twenty)


def test_the_fan_out_asks_the_board_once_for_all_followers(
    people, django_capture_on_commit_callbacks
):
    board = Board.objects.create(kind="fanout-test")
    small = actions.start_thread(user=people.jordan, board=board, title="A", body="a")
    big = actions.start_thread(user=people.jordan, board=board, title="B", body="b")
    _followers(small, 1, email=EmailChoice.OFF)  # no emails sent inline by the tests' backend
    _followers(big, 20, start=1, email=EmailChoice.OFF)
    actions.toggle_follow(user=people.outsider, thread=big)  # not a reader of this board
    costs = []
    for thread in (small, big):
        post = actions.reply(user=people.sam, thread=thread, body="Hello")
        BatchPolicy.asked = 0
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            notify_the_followers(post_id=post.pk)
        assert BatchPolicy.asked == 1
        costs.append(len(captured))
    assert costs[0] == costs[1], costs
    assert "outsider" not in _told(big) and len(_told(big)) == 21


def test_the_request_only_enqueues_the_fan_out_and_the_worker_tells_everyone(
    transactional_db, people, group, client_for, django_capture_on_commit_callbacks, settings
):
    # transactional_db: the worker closes its connection after a task, as in production.
    settings.TASKS = DB_TASKS
    small = actions.start_thread(user=people.jordan, board=group.board, title="A", body="a")
    big = actions.start_thread(user=people.jordan, board=group.board, title="B", body="b")
    _followers(small, 1, group=group)
    _followers(big, 20, start=1, group=group)
    groups.join_group(user=people.sam, group=group)
    sam = client_for(people.sam)
    warm = actions.start_thread(user=people.jordan, board=group.board, title="C", body="c")
    _reply_queries(sam, warm, django_capture_on_commit_callbacks)  # a first reply costs more
    one = _reply_queries(sam, small, django_capture_on_commit_callbacks)
    twenty = _reply_queries(sam, big, django_capture_on_commit_callbacks)
    assert len(twenty) == len(one), "\n".join(twenty)
    assert _told(big) == []  # not yet: the worker does it
    queued = DBTaskResult.objects.filter(task_path__endswith="handle_event")
    assert [r.args_kwargs["args"][0] for r in queued].count("discussion.replied") == 3
    _run_worker()
    assert len(_told(small)) == 2 and len(_told(big)) == 21


def test_followers_who_left_the_group_hear_nothing(
    people, group, django_capture_on_commit_callbacks
):
    groups.join_group(user=people.river, group=group)
    groups.join_group(user=people.sam, group=group)
    groups.join_group(user=people.outsider, group=group)
    thread = actions.start_thread(user=people.jordan, board=group.board, title="Hi", body="Hello")
    actions.reply(user=people.river, thread=thread, body="Hello from river")
    actions.reply(user=people.outsider, thread=thread, body="Hello from outsider")
    groups.leave_group(user=people.river, group=group)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.sam, thread=thread, body="Welcome, all")
    assert _told(thread) == ["jordan", "outsider"]


def test_nobody_hears_of_a_reply_across_a_block_either_way(
    people, forum_thread, django_capture_on_commit_callbacks
):
    # river blocked drew (the fixture); morgan is blocked by the replier, sam.
    for member in (people.river, people.drew, people.morgan, people.outsider):
        actions.toggle_follow(user=member, thread=forum_thread)
    accounts.block_member(blocker=people.sam, blocked=people.morgan)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.drew, thread=forum_thread, body="From drew")
    assert "river" not in _told(forum_thread)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(user=people.sam, thread=forum_thread, body="From sam")
    told = _told(forum_thread)
    assert "morgan" not in told and {"river", "drew", "outsider", "jordan"} <= set(told)


def test_running_the_fan_out_twice_tells_each_follower_once(
    people, forum_thread, django_capture_on_commit_callbacks
):
    actions.toggle_follow(user=people.river, thread=forum_thread)
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.reply(user=people.sam, thread=forum_thread, body="Hello")
    assert notify_the_followers(post_id=post.pk) == 2  # found by their keys
    assert _told(forum_thread) == ["jordan", "river"]


def test_a_deleted_reply_tells_nobody(people, forum_thread):
    post = actions.reply(user=people.sam, thread=forum_thread, body="Oops")
    actions.delete_post(user=people.sam, post=post)
    assert notify_the_followers(post_id=post.pk) == 0
    assert notify_the_followers(post_id=Post.objects.order_by("-pk")[0].pk + 1) == 0
    assert _told(forum_thread) == []


def test_a_queue_that_is_down_does_not_lose_the_notifications(
    people, forum_thread, django_capture_on_commit_callbacks
):
    actions.toggle_follow(user=people.river, thread=forum_thread)
    with (
        patch("alongside.core.tasks.handle_event") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        task.enqueue.side_effect = OSError("queue down")
        actions.reply(user=people.sam, thread=forum_thread, body="Hello")
    task.enqueue.assert_called_once()
    assert _told(forum_thread) == ["jordan", "river"]


@pytest.mark.parametrize("where", ["group", "forum"])
def test_the_real_boards_tell_their_followers_in_the_same_queries_for_one_or_twenty(
    people, group, forum_thread, where, django_capture_on_commit_callbacks
):
    """The group's and the forum's policies answer for all followers at once
    (`readers_among`): a group asks for its members among them in one query."""
    board = group.board if where == "group" else forum_thread.board
    in_group = group if where == "group" else None
    small = actions.start_thread(user=people.jordan, board=board, title="A", body="a")
    big = actions.start_thread(user=people.jordan, board=board, title="B", body="b")
    _followers(small, 1, group=in_group, email=EmailChoice.OFF)
    _followers(big, 20, start=1, group=in_group, email=EmailChoice.OFF)
    if in_group is not None:  # followed, then left: no longer a reader
        groups.join_group(user=people.river, group=group)
        actions.toggle_follow(user=people.river, thread=big)
        groups.leave_group(user=people.river, group=group)
        groups.join_group(user=people.sam, group=group)
    costs = []
    for thread in (small, big):
        post = actions.reply(user=people.sam, thread=thread, body="Hello")
        with (
            patch.object(type(policy_for(board)), "may_read", side_effect=AssertionError),
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            notify_the_followers(post_id=post.pk)
        costs.append(len(captured))
    assert costs[0] == costs[1], costs
    told = _told(big)
    assert len(told) == 21 and "river" not in told
