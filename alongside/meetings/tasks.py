from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.meetings import actions


@periodic(every=timedelta(minutes=15))
@task
def send_meeting_reminders() -> int:
    """Members who are going hear within the hour before; each once (notification keys)."""
    return actions.send_reminders()


@periodic(every=timedelta(days=1))
@task
def sync_meeting_feeds() -> int:
    """Daily: every enabled Meeting Guide feed, one after another (a slow or broken one times
    out and is recorded without stopping the others)."""
    from alongside.meetings.feed_import import sync_all

    return len(sync_all())
