"""What members are told when something happens to their connections."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Connection
from alongside.core.events import subscribe
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "connection.requested",
    kind=Kind.CONNECTIONS,
    text=_("%(actor)s would like to connect with you."),
    summary=_("You have a new connection request"),
)
register_verb(
    "connection.accepted",
    kind=Kind.CONNECTIONS,
    text=_("%(actor)s accepted your connection request."),
    summary=_("A connection request was accepted"),
)


@subscribe("connection.requested")
def tell_the_addressee(*, connection_id: int) -> None:
    connection = (
        Connection.objects.select_related("requester", "addressee").filter(pk=connection_id).first()
    )
    if connection is None or connection.status != Connection.Status.PENDING:
        return
    notify(
        recipient=connection.addressee,
        verb="connection.requested",
        actor=connection.requester,
        url=reverse("people:connections"),
        key=f"connection.requested:{connection.pk}",
    )


@subscribe("connection.accepted")
def tell_the_requester(*, connection_id: int) -> None:
    connection = (
        Connection.objects.select_related("requester", "addressee").filter(pk=connection_id).first()
    )
    if connection is None:
        return
    notify(
        recipient=connection.requester,
        verb="connection.accepted",
        actor=connection.addressee,
        url=reverse("people:profile", args=[connection.addressee.handle]),
        key=f"connection.accepted:{connection.pk}",
    )
