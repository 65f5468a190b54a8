from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.moderation import actions


@periodic(every=timedelta(minutes=5))
@task
def lift_expired_suspensions() -> int:
    return actions.lift_expired_suspensions()
