"""Background work on Django's tasks API: retries with backoff, and jobs that run on a schedule.

Tasks are written to be idempotent (running one twice does no harm), so every task may be
retried: when one fails, `alongside worker` puts it back in the queue after an exponential
backoff, up to `max_attempts`. Periodic jobs register with `@periodic(every=...)`; the
scheduler enqueues each job at most once per slot, however many schedulers run.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)

    def delay(self, attempts: int) -> timedelta:
        """Wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... with 10 % jitter."""
        seconds = self.first_delay.total_seconds() * 2 ** (attempts - 1)
        seconds = min(seconds, self.max_delay.total_seconds())
        return timedelta(seconds=seconds * random.uniform(0.9, 1.1))  # noqa: S311


DEFAULT_RETRY = RetryPolicy()
_retry_policies: dict[str, RetryPolicy] = {}


def retry(policy: RetryPolicy) -> Callable[[Task[Any, Any]], Task[Any, Any]]:
    """Give one task its own retry policy (e.g. `RetryPolicy(max_attempts=1)`: never retry)."""

    def register(task: Task[Any, Any]) -> Task[Any, Any]:
        _retry_policies[task.module_path] = policy
        return task

    return register


def retry_policy(task_path: str) -> RetryPolicy:
    return _retry_policies.get(task_path, DEFAULT_RETRY)


@dataclass(frozen=True)
class Periodic:
    task: Task[Any, Any]
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path

    def slot(self, now: datetime) -> datetime:
        """The start of the period `now` falls in, aligned to the Unix epoch (so, in UTC)."""
        period = int(self.every.total_seconds())
        return datetime.fromtimestamp(int(now.timestamp()) // period * period, tz=UTC)


_periodic: dict[str, Periodic] = {}


def periodic(*, every: timedelta) -> Callable[[Task[Any, Any]], Task[Any, Any]]:
    """Run a task (one taking no arguments) once every `every`, from the scheduler."""

    def register(task: Task[Any, Any]) -> Task[Any, Any]:
        job = Periodic(task=task, every=every)
        _periodic[job.name] = job
        return task

    return register


def periodic_jobs() -> list[Periodic]:
    return sorted(_periodic.values(), key=lambda job: job.name)


def enqueue_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose current slot has not been claimed yet; return them."""
    from alongside.core.models import ScheduledRun

    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=job.slot(now))
                job.task.enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier tick) already ran this slot
        enqueued.append(job.name)
    return enqueued
