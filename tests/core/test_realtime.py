import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from alongside.asgi import application
from alongside.core.realtime import send_to_member

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.mark.django_db(transaction=True)
def test_logged_in_member_gets_their_own_events_only(people):
    river_cookie = session_cookie_for(people.river)
    sam_cookie = session_cookie_for(people.sam)

    async def scenario() -> tuple[dict, bool]:
        river = WebsocketCommunicator(
            application, "/ws/member/", headers=[ORIGIN, (b"cookie", river_cookie)]
        )
        sam = WebsocketCommunicator(
            application, "/ws/member/", headers=[ORIGIN, (b"cookie", sam_cookie)]
        )
        assert (await river.connect())[0]
        assert (await sam.connect())[0]
        await sync_to_async(send_to_member)(people.river.pk, {"kind": "ping"})
        event = await river.receive_json_from(timeout=3)
        sam_heard_nothing = await sam.receive_nothing(timeout=0.3)
        await river.disconnect()
        await sam.disconnect()
        return event, sam_heard_nothing

    event, sam_heard_nothing = async_to_sync(scenario)()
    assert event == {"kind": "ping"}
    assert sam_heard_nothing


@pytest.mark.django_db(transaction=True)
def test_visitor_socket_is_refused():
    async def scenario() -> bool:
        communicator = WebsocketCommunicator(application, "/ws/member/", headers=[ORIGIN])
        connected, _ = await communicator.connect()
        return connected

    assert async_to_sync(scenario)() is False


@pytest.mark.django_db(transaction=True)
def test_socket_from_another_site_is_refused(people):
    cookie = session_cookie_for(people.river)

    async def scenario() -> bool:
        communicator = WebsocketCommunicator(
            application,
            "/ws/member/",
            headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie)],
        )
        connected, _ = await communicator.connect()
        return connected

    assert async_to_sync(scenario)() is False
