from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.notifications import actions


@task
def deliver_notification(delivery_id: int) -> str:
    """Send one email or push; raising makes the worker retry it after a backoff."""
    return actions.deliver(delivery_id=delivery_id)


@periodic(every=timedelta(minutes=1))
@task
def release_due_deliveries() -> int:
    """Deliveries held for quiet hours or waiting for a retry, once they are due."""
    return actions.release_due_deliveries()


@periodic(every=timedelta(hours=1))
@task
def send_digests() -> int:
    """Each member's daily or weekly digest, at the hour they chose in their time zone."""
    return actions.send_due_digests()
