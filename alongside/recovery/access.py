from django.db.models import Q
from django.http import Http404

from alongside.accounts.models import Block, Connection, User, Visibility
from alongside.recovery.models import Journey, Milestone


def access_journey_for_owner(user: User, journey_id: int) -> Journey:
    """A journey is only ever changed by the member it belongs to."""
    journey = Journey.objects.filter(pk=journey_id, user=user).first()
    if journey is None:
        raise Http404
    return journey


def may_see_journey(viewer: User, journey: Journey) -> bool:
    owner_id = journey.user_id
    if viewer.pk == owner_id:
        return True
    if journey.sharing == Visibility.ONLY_ME:
        return False
    if Block.objects.filter(
        Q(blocker=viewer, blocked_id=owner_id) | Q(blocker_id=owner_id, blocked=viewer)
    ).exists():
        return False
    if journey.sharing == Visibility.MEMBERS:
        return True
    return Connection.objects.filter(
        Q(requester=viewer, addressee_id=owner_id) | Q(requester_id=owner_id, addressee=viewer),
        status=Connection.Status.ACCEPTED,
    ).exists()


def access_milestone_for_user(user: User, milestone_id: int) -> Milestone:
    """A milestone someone may congratulate: a celebrated one on a journey shared with them."""
    milestone = Milestone.objects.select_related("journey").filter(pk=milestone_id).first()
    if (
        milestone is None
        or not milestone.celebrated
        or milestone.journey.user_id == user.pk
        or not may_see_journey(user, milestone.journey)
    ):
        raise Http404
    return milestone
