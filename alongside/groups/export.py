from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.groups.models import JoinRequest, Membership


@register_exporter("groups")
def export_groups(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {"group": m.group.name, "role": m.role, "joined_at": m.joined_at}
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "join_requests": [
            {"group": r.group.name, "message": r.message, "created_at": r.created_at}
            for r in JoinRequest.objects.filter(user=user).select_related("group")
        ],
    }
