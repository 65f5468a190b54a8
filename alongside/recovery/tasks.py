from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.recovery import actions


@periodic(every=timedelta(hours=1))
@task
def sweep_milestones() -> int:
    """Hourly, so each member's milestone arrives soon after their own midnight."""
    return actions.sweep_milestones()
