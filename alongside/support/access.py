"""Who may see a support request: the person who asked and the people they chose (and, after
widening, the on-call peers who were alerted). Everyone else gets the same 404 as for a
request that doesn't exist."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from alongside.accounts.models import Block, Role, User
from alongside.support.models import OnCallVolunteer, SupportRecipient, SupportRequest


@dataclass(frozen=True)
class RequestAccess:
    request: SupportRequest
    recipient: SupportRecipient | None  # None: the requester themselves

    @property
    def is_requester(self) -> bool:
        return self.recipient is None


def access_request_for_user(user: User, request_id: int) -> RequestAccess:
    request = SupportRequest.objects.select_related("requester").filter(pk=request_id).first()
    if request is None:
        raise Http404
    if request.requester_id == user.pk:
        return RequestAccess(request, None)
    recipient = SupportRecipient.objects.filter(request=request, user=user).first()
    blocked = Block.objects.filter(
        Q(blocker=user, blocked_id=request.requester_id)
        | Q(blocker_id=request.requester_id, blocked=user)
    ).exists()
    if recipient is None or blocked:
        raise Http404
    return RequestAccess(request, recipient)


def may_keep_roster(user: User) -> bool:
    return any(user.has_role(role) for role in (Role.MODERATOR, Role.STAFF, Role.ADMIN))


def require_roster_keeper(user: User) -> None:
    if not may_keep_roster(user):
        raise Http404


def require_moderator(user: User) -> None:
    if not (user.has_role(Role.MODERATOR) or user.has_role(Role.ADMIN)):
        raise Http404


def access_volunteer(user: User, handle: str) -> OnCallVolunteer:
    require_roster_keeper(user)
    volunteer = (
        OnCallVolunteer.objects.select_related("user").filter(user__handle__iexact=handle).first()
    )
    if volunteer is None:
        raise Http404
    return volunteer
