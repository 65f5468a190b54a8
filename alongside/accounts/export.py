from typing import Any

from alongside.accounts.models import Block, Connection, User
from alongside.accounts.selectors import connections_overview
from alongside.core.exports import register_exporter


@register_exporter("account")
def export_account(user: User) -> dict[str, Any]:
    profile = user.profile
    overview = connections_overview(user)
    return {
        "handle": user.handle,
        "email": user.email,
        "email_confirmed_at": user.email_confirmed_at,
        "date_joined": user.date_joined,
        "timezone": user.timezone,
        "language": user.language,
        "roles": sorted(user.roles),
        "profile": {
            "display_name": profile.display_name,
            "pronouns": profile.pronouns,
            "bio": profile.bio,
            "location": profile.location,
            "languages": profile.languages,
            "pathways": profile.pathways,
            "visibility": profile.visibility,
        },
        "connections": [_connection(e.connection, user) for e in overview.connections],
        "connection_requests_received": [
            _connection(e.connection, user) for e in overview.incoming
        ],
        "connection_requests_sent": [_connection(e.connection, user) for e in overview.outgoing],
        "blocked": list(
            Block.objects.filter(blocker=user).values_list("blocked__handle", flat=True)
        ),
    }


def _connection(connection: Connection, user: User) -> dict[str, Any]:
    return {
        "with": connection.other(user).handle,
        "status": connection.status,
        "message": connection.message,
        "created_at": connection.created_at,
        "accepted_at": connection.accepted_at,
    }
