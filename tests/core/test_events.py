"""core.events: a request's own subscribers run when its transaction commits; background ones
run in the worker, through one task for the event, and at once if the queue is down."""

from unittest.mock import patch

import pytest
from django.db import transaction
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from alongside.core import events
from alongside.core.tasks import handle_event
from tests.notifications.test_background import DB_TASKS, run_worker


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DB_TASKS
    assert isinstance(task_backends["default"], DatabaseBackend)


@pytest.fixture
def heard():
    """Subscribers of "test.happened" that write down what they heard, removed afterwards."""
    seen: list[tuple[str, dict]] = []

    def now(**payload):
        seen.append(("now", payload))

    def later(**payload):
        seen.append(("later", payload))

    def broken(**payload):
        raise RuntimeError("a subscriber that fails")

    events.subscribe("test.happened")(now)
    events.subscribe("test.happened", background=True)(broken)
    events.subscribe("test.happened", background=True)(later)
    yield seen
    events._handlers.pop("test.happened")
    events._background.pop("test.happened")


def test_background_subscribers_wait_for_the_worker(transactional_db, db_queue, heard):
    with transaction.atomic():
        events.publish("test.happened", thing_id=3, tags=["a", "b"])
        assert heard == []  # nothing before the commit
    assert heard == [("now", {"thing_id": 3, "tags": ["a", "b"]})]
    assert DBTaskResult.objects.get().task_path == handle_event.module_path

    run_worker()
    # The broken one before it was logged, not a reason to skip the rest.
    assert heard[1:] == [("later", {"thing_id": 3, "tags": ["a", "b"]})]


def test_nothing_is_heard_from_a_transaction_that_rolled_back(
    db, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        events.publish("test.happened", thing_id=3)
    assert heard == []
    assert len(callbacks) == 1  # it waits for the commit


def test_a_queue_that_is_down_does_not_cost_the_event_its_handlers(
    db, heard, django_capture_on_commit_callbacks
):
    with (
        patch("alongside.core.tasks.handle_event") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        task.enqueue.side_effect = RuntimeError("queue down")
        events.publish("test.happened", thing_id=4)
    assert heard == [("now", {"thing_id": 4}), ("later", {"thing_id": 4})]


def test_screening_and_the_recipients_notification_are_background_work():
    from alongside.messaging import handlers as messaging
    from alongside.moderation import handlers as moderation
    from alongside.support import handlers as support

    assert messaging.fan_out in events._handlers["message.sent"]
    assert messaging.tell_the_recipient in events._background["message.sent"]
    assert moderation.screen_early_message in events._background["message.sent"]
    assert support.screen_message in events._background["message.sent"]
    for name in ("discussion.replied", "discussion.edited"):
        assert moderation.screen_reply in events._background[name]
        assert support.screen_reply in events._background[name]
        assert moderation.screen_reply not in events._handlers[name]
