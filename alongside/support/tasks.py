from datetime import timedelta

from django.tasks import task

from alongside.core.background import periodic
from alongside.support import actions


@periodic(every=timedelta(minutes=1))
@task
def widen_unanswered_requests() -> int:
    """Every minute: a request nobody answered in time reaches on-call peers, then the crisis
    lines are shown again with a gentle note."""
    widened, reshown = actions.widen_unanswered()
    return widened + reshown
