from typing import Any

from alongside.accounts.models import User
from alongside.core.exports import register_exporter
from alongside.notifications.actions import settings_for
from alongside.notifications.kinds import Kind
from alongside.notifications.models import Notification


@register_exporter("notifications")
def export_notifications(user: User) -> dict[str, Any]:
    prefs = settings_for(user)
    return {
        "settings": {
            "preferences": {
                kind: {"email": prefs.email_for(kind), "push": prefs.push_for(kind)}
                for kind in Kind.values
            },
            "quiet_hours": [prefs.quiet_hours_start, prefs.quiet_hours_end],
            "urgent_in_quiet_hours": prefs.urgent_in_quiet_hours,
            "digest": {"frequency": prefs.digest_frequency, "hour": prefs.digest_hour},
            "email_details": prefs.email_details,
        },
        "devices": [
            {"device": device.device, "since": device.created_at}
            for device in user.push_subscriptions.order_by("created_at")
        ],
        "notifications": [
            {"text": n.text, "kind": n.kind, "created_at": n.created_at, "read_at": n.read_at}
            for n in Notification.objects.filter(recipient=user)
            .select_related("actor")
            .order_by("id")
        ],
    }
