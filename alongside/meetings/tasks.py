from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.meetings import actions


@periodic(every=timedelta(minutes=15))
@task
def send_meeting_reminders() -> int:
    """Members who are going hear within the hour before; each once (notification keys)."""
    return actions.send_reminders()
