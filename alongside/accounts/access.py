"""The only way to fetch a member or a connection someone asks for.

Missing and forbidden look the same: both raise Http404.
"""

from django.http import Http404

from alongside.accounts.models import Connection, User


def access_member_for_user(viewer: User, handle: str) -> User:
    """A member profile is for logged-in members, never across a block."""
    if not viewer.is_authenticated:
        raise Http404
    member = (
        User.objects.select_related("profile")
        .filter(handle__iexact=handle, is_active=True)
        .exclude(blocks_made__blocked=viewer)
        .exclude(blocks_received__blocker=viewer)
        .first()
    )
    if member is None:
        raise Http404
    return member


def access_incoming_request_for_user(user: User, connection_id: int) -> Connection:
    connection = (
        Connection.objects.select_related("requester")
        .filter(pk=connection_id, addressee=user, status=Connection.Status.PENDING)
        .first()
    )
    if connection is None:
        raise Http404
    return connection


def access_outgoing_request_for_user(user: User, connection_id: int) -> Connection:
    connection = Connection.objects.filter(
        pk=connection_id, requester=user, status=Connection.Status.PENDING
    ).first()
    if connection is None:
        raise Http404
    return connection
