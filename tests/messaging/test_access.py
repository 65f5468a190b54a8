"""Who reaches a conversation: every messaging URL for participants, other members, outsiders,
blocked people, visitors and ids that don't exist (all the same 404), group rooms for members
only, other people's messages, and the conversation websocket."""

import re

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from alongside.accounts.actions import block_member
from alongside.asgi import application
from alongside.messaging import actions
from alongside.messaging.models import Message
from tests.messaging.conftest import connect, say

MISSING = 987654


def same_page(a: bytes, b: bytes) -> bool:
    """Equal but for per-request tokens (CSRF, CSP nonce)."""
    strip = lambda html: re.sub(r'(nonce|value)="[^"]*"', "", html.decode())  # noqa: E731
    return strip(a) == strip(b)


def conversation_urls(conversation_id: int, message_id: int) -> list[tuple[str, str, dict]]:
    c, m = conversation_id, message_id
    return [
        ("get", f"/messages/{c}/", {}),
        ("post", f"/messages/{c}/send/", {"body": "Hello"}),
        ("get", f"/messages/{c}/updates/?after=0", {}),
        ("post", f"/messages/{c}/respond/", {"accept": "1"}),
        ("post", f"/messages/{c}/respond/", {"ignore": "1"}),
        ("post", f"/messages/{c}/delete/", {}),
        ("post", f"/messages/{c}/read-state/", {"share": "on"}),
        ("get", f"/messages/{c}/m/{m}/", {}),
        ("get", f"/messages/{c}/m/{m}/edit/", {}),
        ("post", f"/messages/{c}/m/{m}/edit/", {"body": "Changed"}),
        ("post", f"/messages/{c}/m/{m}/delete/", {}),
    ]


def call(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data) if method == "post" else client.get(url)


@pytest.fixture
def chat(people, convo):
    """river's conversation with morgan, with one message from each."""
    mine = say(people.river, convo, "From river")
    say(people.morgan, convo, "From morgan")
    return convo, mine


def test_the_url_list_covers_every_messaging_route():
    from alongside.messaging.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    assert names == {
        "inbox", "start", "conversation", "send", "updates", "respond", "forget",
        "read_state", "message", "edit", "delete", "group_chat",
    }  # fmt: skip


@pytest.mark.parametrize("index", range(11))
def test_participants_reach_every_conversation_url(people, chat, client_for, index):
    convo, mine = chat
    method, url, data = conversation_urls(convo.pk, mine.pk)[index]
    response = call(client_for(people.river), method, url, data)
    assert response.status_code in (200, 302), (url, response.status_code)


def test_participants_reach_the_inbox_and_start_pages(people, chat, client_for):
    client = client_for(people.river)
    assert client.get("/messages/").status_code == 200
    response = client.get("/messages/with/morgan/")
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{chat[0].pk}/"
    assert client.get("/messages/with/outsider/").status_code == 200


@pytest.mark.parametrize("viewer", ["sam", "outsider", "casey", "blocker", "blocked"])
@pytest.mark.parametrize("index", range(11))
def test_everyone_else_gets_the_same_404_as_for_nothing(people, chat, client_for, viewer, index):
    convo, mine = chat
    if viewer == "blocker":  # a block made after the conversation, from either side
        block_member(blocker=people.morgan, blocked=people.river)
        member = people.morgan
    elif viewer == "blocked":
        block_member(blocker=people.river, blocked=people.morgan)
        member = people.morgan
    else:
        member = getattr(people, viewer)
    client = client_for(member)
    method, url, data = conversation_urls(convo.pk, mine.pk)[index]
    forbidden = call(client, method, url, data)
    m_method, m_url, m_data = conversation_urls(MISSING, MISSING)[index]
    missing = call(client, m_method, m_url, m_data)
    assert forbidden.status_code == missing.status_code == 404, url
    assert same_page(forbidden.content, missing.content)
    mine.refresh_from_db()
    assert (mine.body, mine.edited_at, mine.deleted_at) == ("From river", None, None)
    assert Message.objects.count() == 2


def test_a_block_also_shuts_the_other_side_out(people, chat, client_for):
    convo, _mine = chat
    block_member(blocker=people.morgan, blocked=people.river)
    assert client_for(people.river).get(f"/messages/{convo.pk}/").status_code == 404
    assert client_for(people.river).get("/messages/with/morgan/").status_code == 404


@pytest.mark.parametrize("raw", ["0", "99999999999999999999999"])
def test_odd_ids_are_a_plain_404(people, chat, client_for, raw):
    client = client_for(people.river)
    assert client.get(f"/messages/{raw}/").status_code == 404
    assert client.get(f"/messages/{chat[0].pk}/m/{raw}/").status_code == 404


@pytest.mark.parametrize("index", range(11))
def test_visitors_are_sent_to_log_in(chat, client, index):
    convo, mine = chat
    method, url, data = conversation_urls(convo.pk, mine.pk)[index]
    response = call(client, method, url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Message.objects.count() == 2


@pytest.mark.parametrize("url", ["/messages/", "/messages/with/morgan/", "/groups/x/chat/"])
def test_visitors_are_sent_to_log_in_from_the_other_pages(people, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_nobody_starts_a_conversation_with_themselves_or_across_a_block(people, client_for):
    client = client_for(people.river)
    for handle in ("river", "drew", "nobody-here"):
        assert client.get(f"/messages/with/{handle}/").status_code == 404
        assert client.post(f"/messages/with/{handle}/", {"body": "Hi"}).status_code == 404
    assert client_for(people.drew).get("/messages/with/river/").status_code == 404
    assert not Message.objects.exists()


# Group rooms


def test_group_members_open_the_room(people, group, client_for):
    client = client_for(people.river)
    response = client.get(f"/groups/{group.slug}/chat/")
    assert response.status_code == 302
    room_url = response["Location"]
    assert client.get(room_url).status_code == 200
    assert client_for(people.jordan).get(room_url).status_code == 200


def test_non_members_get_404_for_the_room(people, group, room, client_for):
    message = say(people.river, room, "Group only")
    for member in (people.outsider, people.morgan, people.sam):
        client = client_for(member)
        assert client.get(f"/groups/{group.slug}/chat/").status_code == 404
        for method, url, data in conversation_urls(room.pk, message.pk):
            response = call(client, method, url, data)
            assert response.status_code == 404, url
    assert Message.objects.count() == 1


def test_leaving_the_group_closes_the_room(people, group, room, client_for):
    from alongside.groups.actions import leave_group

    say(people.river, room, "Bye for now")
    leave_group(user=people.river, group=group)
    assert client_for(people.river).get(f"/messages/{room.pk}/").status_code == 404


def test_read_state_is_not_for_group_rooms(people, room, client_for):
    say(people.river, room, "Hi")
    response = client_for(people.river).post(f"/messages/{room.pk}/read-state/", {"share": "on"})
    assert response.status_code == 404


def test_responding_in_a_group_room_does_not_500(people, room, client_for):
    say(people.jordan, room, "Welcome")
    client = client_for(people.river)
    client.raise_request_exception = False
    response = client.post(f"/messages/{room.pk}/respond/", {"accept": "1"})
    assert response.status_code in (302, 404)


# Other people's messages


def test_nobody_edits_or_deletes_someone_elses_message(people, chat, client_for):
    convo, mine = chat
    client = client_for(people.morgan)
    assert client.get(f"/messages/{convo.pk}/m/{mine.pk}/edit/").status_code == 404
    assert client.post(f"/messages/{convo.pk}/m/{mine.pk}/edit/", {"body": "X"}).status_code == 404
    assert client.post(f"/messages/{convo.pk}/m/{mine.pk}/delete/").status_code == 404
    mine.refresh_from_db()
    assert (mine.body, mine.edited_at, mine.deleted_at) == ("From river", None, None)


def test_a_message_is_reached_only_through_its_own_conversation(people, chat, client_for):
    convo, _mine = chat
    connect(people.river, people.sam)
    other = actions.start_conversation(user=people.river, other=people.sam)
    elsewhere = say(people.river, other, "To sam")
    client = client_for(people.morgan)
    assert client.get(f"/messages/{convo.pk}/m/{elsewhere.pk}/").status_code == 404
    river = client_for(people.river)
    assert river.get(f"/messages/{convo.pk}/m/{elsewhere.pk}/").status_code == 404
    assert river.get(f"/messages/{convo.pk}/m/{elsewhere.pk}/edit/").status_code == 404


def test_a_deleted_message_cannot_be_edited(people, chat, client_for):
    convo, mine = chat
    actions.delete_message(user=people.river, message=mine)
    response = client_for(people.river).get(f"/messages/{convo.pk}/m/{mine.pk}/edit/")
    assert response.status_code == 404


# The conversation websocket

ORIGIN = [(b"origin", b"http://127.0.0.1:8000")]


async def _open(user, conversation_id: int):
    communicator = WebsocketCommunicator(
        application, f"/ws/messages/{conversation_id}/", headers=ORIGIN
    )
    if user is not None:
        communicator.scope["user"] = user
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
def test_a_participant_hears_about_new_messages(people, convo):
    async def scenario():
        communicator, connected, _code = await _open(people.morgan, convo.pk)
        assert connected
        # A transactional test: the handlers run on the real commit of send_message.
        message = await sync_to_async(say)(people.river, convo, "Live hello")
        event = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message, event

    message, event = async_to_sync(scenario)()
    assert event == {"type": "message.new", "id": message.pk}


@pytest.mark.django_db(transaction=True)
def test_a_group_member_hears_the_room(people, room):
    async def scenario():
        communicator, connected, _code = await _open(people.jordan, room.pk)
        assert connected
        message = await sync_to_async(say)(people.river, room, "Hello room")
        event = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message, event

    message, event = async_to_sync(scenario)()
    assert event == {"type": "message.new", "id": message.pk}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewer", ["outsider", "blocked", "visitor", "anonymous", "non_member"])
def test_others_are_refused_the_socket(people, convo, viewer):
    from alongside.groups.actions import create_group

    target = convo.pk
    user = {"outsider": people.outsider, "visitor": None, "anonymous": AnonymousUser()}.get(viewer)
    if viewer == "blocked":
        say(people.river, convo, "Before the block")
        block_member(blocker=people.river, blocked=people.morgan)
        user = people.morgan
    if viewer == "non_member":
        group = create_group(
            user=people.jordan, tags=[], name="Quiet room", description="About.",
            guidelines="Kind.", language="en", timezone="UTC", visibility="listed",
            join_policy="open", size_limit=None,
        )  # fmt: skip
        target = actions.group_room(group).pk
        user = people.outsider

    async def scenario():
        communicator, connected, code = await _open(user, target)
        if connected:  # pragma: no cover - a failure: say what leaked
            await communicator.disconnect()
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert not connected
    assert code == (4401 if viewer in ("visitor", "anonymous") else 4404)


@pytest.mark.django_db(transaction=True)
def test_a_missing_conversation_is_refused_like_a_forbidden_one(people, convo):
    async def scenario():
        results = []
        for conversation_id in (convo.pk, MISSING):
            _socket, connected, code = await _open(people.outsider, conversation_id)
            results.append((connected, code))
        return results

    forbidden, missing = async_to_sync(scenario)()
    assert forbidden == missing == (False, 4404)


@pytest.mark.django_db(transaction=True)
def test_a_refused_socket_hears_nothing_later(people, convo):
    async def scenario():
        outsider, connected, _code = await _open(people.outsider, convo.pk)
        assert not connected
        member, ok, _code = await _open(people.morgan, convo.pk)
        assert ok
        await sync_to_async(say)(people.river, convo, "Private")
        await member.receive_json_from(timeout=5)
        nothing = await outsider.receive_nothing(timeout=0.2)
        await member.disconnect()
        return nothing

    assert async_to_sync(scenario)() is True
