"""Demo on-call roster: mentors covering evenings and nights, and one volunteer waiting for a
moderator's approval."""

from alongside.accounts.models import User
from alongside.support import actions
from alongside.support.models import OnCallVolunteer

EVENINGS = [f"{day}-evening" for day in ("mon", "tue", "wed", "thu", "fri")]
NIGHTS = [f"{day}-night" for day in ("fri", "sat", "sun")]
ROSTER = {
    "sam": [*EVENINGS, *NIGHTS],
    "marisol": ["mon-morning", "wed-morning", "fri-morning", "sat-afternoon", "sun-afternoon"],
    "jordan": ["tue-afternoon", "thu-afternoon", "sat-morning"],
    "quinn": ["sat-evening", "sun-evening"],  # not a mentor: waits for a moderator
}


def load() -> str:
    if OnCallVolunteer.objects.exists():
        return "0 on-call peers"
    users = {u.handle: u for u in User.objects.filter(handle__in=ROSTER)}
    for handle, slots in ROSTER.items():
        if handle in users:
            actions.join_on_call(user=users[handle], slots=slots)
    return f"{len(users)} on-call peers"
