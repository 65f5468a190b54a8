"""The background side of events, and housekeeping for the background machinery itself."""

from datetime import timedelta
from typing import Any

from django.tasks import task
from django.utils import timezone

from alongside.core.background import periodic


@task
def handle_event(name: str, payload: dict[str, Any]) -> None:
    """An event's background handlers (core.events). Each handler's failure is logged, as in
    the request, and the task itself succeeds: no handler that did its work runs again."""
    from alongside.core.events import run_in_background

    run_in_background(name, payload)


@periodic(every=timedelta(days=1))
@task
def prune_background_records() -> int:
    """Forget finished task results after 14 days and scheduler slots after 2 days."""
    from django_tasks_db.models import DBTaskResult

    from alongside.core.models import ScheduledRun

    now = timezone.now()
    removed, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - timedelta(days=14)).delete()
    )
    slots, _ = ScheduledRun.objects.filter(slot__lt=now - timedelta(days=2)).delete()
    return removed + slots
