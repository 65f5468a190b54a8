import logging
from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.notifications import actions

logger = logging.getLogger(__name__)


@task
def deliver_notification(delivery_id: int) -> str:
    """Send one email or push; raising makes the worker retry it after a backoff."""
    return actions.deliver(delivery_id=delivery_id)


@task
def deliver_notifications(delivery_ids: list[int]) -> int:
    """A batch of deliveries from one fan-out (a reply to a busy thread, say). Each failure is
    recorded on its delivery, which the minute sweep retries after its backoff; the others
    still go. Returns how many were sent."""
    sent = 0
    for delivery_id in delivery_ids:
        try:
            sent += actions.deliver(delivery_id=delivery_id) == "sent"
        except Exception:
            logger.warning("Delivery %s failed; the sweep retries it", delivery_id, exc_info=True)
    return sent


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
