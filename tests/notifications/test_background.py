"""Background work: the retry policy, periodic jobs enqueued once per slot, and the worker putting
a failed task back in the database queue after a backoff, until it succeeds or gives up."""

import threading
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from alongside.core.background import (
    DEFAULT_RETRY,
    RetryPolicy,
    enqueue_due_jobs,
    periodic_jobs,
    retry,
    retry_policy,
)
from alongside.core.management.commands.worker import RetryingWorker, Scheduler
from alongside.core.models import ScheduledRun

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Tasks for the worker to run. Their calls are counted here (the worker runs in-process).
CALLS: dict[str, int] = {}


@retry(RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=30)))
@task
def flaky(name: str, failures: int) -> str:
    """Fails the first `failures` times it runs for `name`, then succeeds."""
    CALLS[name] = CALLS.get(name, 0) + 1
    if CALLS[name] <= failures:
        raise RuntimeError(f"{name}: failure {CALLS[name]}")
    return f"{name}: done after {CALLS[name]}"


@retry(RetryPolicy(max_attempts=1))
@task
def never_retried(name: str) -> None:
    CALLS[name] = CALLS.get(name, 0) + 1
    raise RuntimeError("once is enough")


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.fixture
def db_queue(settings):
    """The real database queue instead of the tests' ImmediateBackend."""
    settings.TASKS = DB_TASKS
    # Overriding TASKS fires setting_changed, which resets django.tasks' cached backends.
    assert isinstance(task_backends["default"], DatabaseBackend)
    return task_backends["default"]


def run_worker() -> None:
    RetryingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()


def make_due(result_id: str) -> None:
    DBTaskResult.objects.filter(pk=result_id).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )


# RetryPolicy


def test_the_delay_doubles_from_the_first_and_is_capped():
    policy = RetryPolicy(first_delay=timedelta(seconds=30), max_delay=timedelta(hours=1))
    with patch("alongside.core.background.random.uniform", return_value=1.0):
        delays = [policy.delay(attempt).total_seconds() for attempt in range(1, 12)]
    assert delays[:7] == [30, 60, 120, 240, 480, 960, 1920]
    assert delays[7:] == [3600] * 4  # 3840 and more are capped at the hour


def test_the_delay_has_ten_percent_jitter():
    policy = RetryPolicy()
    for attempt in (1, 3, 20):
        base = min(30 * 2 ** (attempt - 1), 3600)
        samples = {policy.delay(attempt).total_seconds() for _i in range(200)}
        assert all(0.9 * base <= s <= 1.1 * base for s in samples)
        assert len(samples) > 1  # jittered, so retries of many tasks spread out


def test_tasks_use_the_default_policy_unless_they_registered_their_own():
    assert retry_policy("some.module.task") == DEFAULT_RETRY
    assert DEFAULT_RETRY.max_attempts == 5
    assert retry_policy(flaky.module_path).max_attempts == 3
    assert retry_policy(never_retried.module_path).max_attempts == 1


# Periodic jobs


def test_the_notification_jobs_are_registered():
    jobs = {job.name: job.every for job in periodic_jobs()}
    assert jobs["alongside.notifications.tasks.release_due_deliveries"] == timedelta(minutes=1)
    assert jobs["alongside.notifications.tasks.send_digests"] == timedelta(hours=1)


def test_each_job_is_enqueued_once_per_slot(db, db_queue):
    names = {job.name: job for job in periodic_jobs()}
    minutely = "alongside.notifications.tasks.release_due_deliveries"
    hourly = "alongside.notifications.tasks.send_digests"
    ten = datetime(2026, 1, 15, 10, 0, 0, tzinfo=UTC)

    first = enqueue_due_jobs(ten)
    assert set(first) == set(names)  # nothing ran yet: every job is due
    assert DBTaskResult.objects.count() == len(names)
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == set(names)

    # The same slot again (a second scheduler, or the next tick): nothing.
    assert enqueue_due_jobs(ten) == []
    assert enqueue_due_jobs(ten + timedelta(seconds=59)) == []
    assert DBTaskResult.objects.count() == len(names)

    # The next minute: the minutely job only.
    next_minute = enqueue_due_jobs(ten + timedelta(minutes=1))
    assert minutely in next_minute
    assert hourly not in next_minute
    assert enqueue_due_jobs(ten + timedelta(minutes=1, seconds=30)) == []

    # The next hour: both again.
    next_hour = enqueue_due_jobs(ten + timedelta(hours=1))
    assert {minutely, hourly} <= set(next_hour)
    assert ScheduledRun.objects.filter(job=hourly).count() == 2
    assert ScheduledRun.objects.filter(job=minutely).count() == 3


def test_slots_are_aligned_to_utc_not_to_the_first_run(db):
    job = next(j for j in periodic_jobs() if j.every == timedelta(hours=1))
    assert job.slot(datetime(2026, 1, 15, 10, 59, 59, tzinfo=UTC)) == datetime(
        2026, 1, 15, 10, 0, tzinfo=UTC
    )
    # The same instant in another zone is the same slot.
    from zoneinfo import ZoneInfo

    local = datetime(2026, 1, 15, 16, 15, tzinfo=ZoneInfo("Asia/Kolkata"))  # 10:45 UTC
    assert job.slot(local) == datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def test_a_job_that_cannot_be_enqueued_leaves_its_slot_free(db, db_queue):
    ten = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    job = periodic_jobs()[0]
    # Claim every other job's slot so only `job` is attempted.
    for other in periodic_jobs()[1:]:
        ScheduledRun.objects.create(job=other.name, slot=other.slot(ten))
    with (
        patch.object(type(job.task), "enqueue", side_effect=IntegrityError("queue full")),
        transaction.atomic(),
    ):
        assert enqueue_due_jobs(ten) == []
    # The slot claim rolled back with the failed enqueue: the next tick tries again.
    assert not ScheduledRun.objects.filter(job=job.name).exists()
    assert enqueue_due_jobs(ten) == [job.name]


def test_a_slot_can_be_claimed_only_once(db):
    slot = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    ScheduledRun.objects.create(job="some.job", slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(job="some.job", slot=slot)
    # Another job, or another slot, is fine.
    ScheduledRun.objects.create(job="other.job", slot=slot)
    ScheduledRun.objects.create(job="some.job", slot=slot + timedelta(minutes=1))
    assert ScheduledRun.objects.count() == 3


def test_the_scheduler_survives_a_failing_tick():
    scheduler = Scheduler(interval=0)
    calls = []

    def tick():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database restarting")
        scheduler.stopped.set()
        return ["alongside.notifications.tasks.send_digests"]

    with patch("alongside.core.management.commands.worker.enqueue_due_jobs", side_effect=tick):
        runner = threading.Thread(target=scheduler.run, daemon=True)
        runner.start()
        runner.join(timeout=5)
    assert not runner.is_alive()
    assert len(calls) == 2  # it went on after the error, and stopped when told


# The worker


def test_a_failed_task_goes_back_in_the_queue_after_a_backoff_then_succeeds(
    transactional_db, db_queue
):
    result = flaky.enqueue("a", 1)
    before = timezone.now()
    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY
    assert row.worker_ids == ["test"]
    assert row.finished_at is None
    # 30 s (+-10 %) after the failure; not yet due.
    assert before + timedelta(seconds=26) < row.run_after < timezone.now() + timedelta(seconds=34)
    assert row.exception_class_path == "builtins.RuntimeError"
    assert CALLS == {"a": 1}

    # Not due: another worker run leaves it alone.
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    assert CALLS == {"a": 1}

    make_due(result.id)
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "a: done after 2"
    assert len(row.worker_ids) == 2
    assert CALLS == {"a": 2}


def test_a_task_that_keeps_failing_stops_after_max_attempts(transactional_db, db_queue):
    result = flaky.enqueue("b", 99)
    delays = []
    for attempt in range(1, 4):
        before = timezone.now()
        run_worker()
        row = DBTaskResult.objects.get(pk=result.id)
        assert len(row.worker_ids) == attempt
        if attempt < 3:
            assert row.status == TaskResultStatus.READY
            delays.append((row.run_after - before).total_seconds())
            make_due(result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.finished_at is not None
    assert "failure 3" in row.traceback
    # The second wait is about twice the first.
    assert 27 <= delays[0] <= 34
    assert 54 <= delays[1] <= 67

    # Given up: further workers do not touch it.
    make_due(result.id)
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    assert CALLS == {"b": 3}


def test_a_task_with_max_attempts_one_is_never_retried(transactional_db, db_queue):
    result = never_retried.enqueue("c")
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.worker_ids == ["test"]
    assert CALLS == {"c": 1}


def test_successful_tasks_are_not_touched_by_the_retry_logic(transactional_db, db_queue):
    result = flaky.enqueue("d", 0)
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "d: done after 1"
    assert row.finished_at is not None


def test_the_worker_runs_a_real_delivery_and_retries_it(transactional_db, db_queue, people):
    # notify() enqueues the delivery on commit; the worker sends it; a failure is retried.
    from smtplib import SMTPServerDisconnected

    from django.core import mail
    from django.utils.translation import gettext_lazy as _

    from alongside.notifications import actions
    from alongside.notifications.kinds import Kind, register_verb
    from alongside.notifications.models import Delivery

    verb = register_verb(
        "test.background.message",
        kind=Kind.MESSAGES,
        text=_("%(actor)s sent you a message."),
        summary=_("You have a new message"),
    ).name
    mail.outbox.clear()  # the people fixture's confirmation emails, sent on commit here
    notification = actions.notify(recipient=people.river, verb=verb, actor=people.sam)
    assert notification is not None
    [row] = DBTaskResult.objects.filter(task_path__endswith="deliver_notification")
    assert row.status == TaskResultStatus.READY

    send = "alongside.notifications.emails.EmailMultiAlternatives.send"
    with patch(send, side_effect=SMTPServerDisconnected("down")):
        run_worker()
    row.refresh_from_db()
    delivery = Delivery.objects.get(notification=notification)
    assert row.status == TaskResultStatus.READY  # the worker will try again...
    assert delivery.status == Delivery.Status.PENDING  # ...and so will the sweep
    assert delivery.attempts == 1
    assert mail.outbox == []

    make_due(row.pk)
    Delivery.objects.filter(pk=delivery.pk).update(
        deliver_after=timezone.now() - timedelta(seconds=1)
    )
    run_worker()
    row.refresh_from_db()
    delivery.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "sent"
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1
