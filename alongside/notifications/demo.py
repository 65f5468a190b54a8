"""Demo notifications: the connection requests waiting in the demo world, and quiet hours."""

from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.models import Connection, User
from alongside.notifications.models import Notification, NotificationSettings


def load() -> str:
    now = timezone.now()
    created = 0
    for connection in Connection.objects.select_related("requester", "addressee"):
        if connection.status == Connection.Status.PENDING:
            recipient, actor, verb = (
                connection.addressee,
                connection.requester,
                "connection.requested",
            )
            url = "/me/connections/"
        else:
            recipient, actor, verb = (
                connection.requester,
                connection.addressee,
                "connection.accepted",
            )
            url = f"/people/{actor.handle}/"
        _, made = Notification.objects.get_or_create(
            recipient=recipient,
            key=f"{verb}:{connection.pk}",
            defaults={
                "kind": "connections",
                "verb": verb,
                "actor": actor,
                "url": url,
                "created_at": now - timedelta(hours=connection.pk),
                # Only what is still waiting for an answer is unread.
                "read_at": None if verb == "connection.requested" else now,
            },
        )
        created += made
    river = User.objects.filter(handle__iexact="river").first()
    if river is not None:
        NotificationSettings.objects.get_or_create(
            user=river,
            defaults={"quiet_hours_start": time(22), "quiet_hours_end": time(7)},
        )
    return f"{created} notifications"
