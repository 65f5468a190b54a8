"""Messaging pages run a fixed number of queries however many conversations or messages."""

import itertools

import pytest

from alongside.messaging import actions
from alongside.messaging.models import Message
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow
from tests.messaging.conftest import age, connect, say

_names = itertools.count()


def more_conversations(member, n: int = 3, *, they_write: bool = True) -> None:
    for _ in range(n):
        other = age(make_member(f"friend{next(_names)}"))
        connect(member, other)
        conversation = actions.start_conversation(user=member, other=other)
        say(other if they_write else member, conversation, "Hello friend")


@pytest.fixture
def river(people):
    return age(people.river)


def _request_to(member, n: int) -> None:
    stranger = age(make_member(f"stranger{n}"))
    say(stranger, actions.start_conversation(user=stranger, other=member), "Hi")


def test_the_inbox(river, room, client_for, people):
    more_conversations(river)
    say(people.jordan, room, "Group hello")
    _request_to(river, 0)
    client = client_for(river)

    def grow():
        more_conversations(river, 4)
        for n in range(1, 4):  # requests too
            _request_to(river, n)

    assert_queries_do_not_grow(client, "/messages/", grow)


def test_a_conversation_page(river, convo, client_for, people):
    age(people.morgan)
    say(river, convo, "First")
    say(people.morgan, convo, "Second")
    actions.set_read_state_sharing(user=river, conversation=convo, on=True)
    actions.set_read_state_sharing(user=people.morgan, conversation=convo, on=True)
    client = client_for(river)

    def grow():
        for n in range(5):
            say(river if n % 2 else people.morgan, convo, f"More {n}")
        actions.delete_message(user=river, message=Message.objects.filter(author=river).first())

    assert_queries_do_not_grow(client, f"/messages/{convo.pk}/", grow)


def test_a_group_room_page(river, room, client_for, people):
    say(people.jordan, room, "Welcome")
    client = client_for(river)
    client.get(f"/messages/{room.pk}/")  # the first visit makes river's place in the room
    say(people.jordan, room, "Something new for river to read")

    def grow():
        for n in range(4):
            say(people.jordan, room, f"More {n}")

    assert_queries_do_not_grow(client, f"/messages/{room.pk}/", grow)


def test_the_updates_endpoint(river, convo, client_for, people):
    age(people.morgan)
    say(people.morgan, convo, "First")
    client = client_for(river)

    def grow():
        for n in range(5):
            say(people.morgan, convo, f"More {n}")

    assert_queries_do_not_grow(client, f"/messages/{convo.pk}/updates/?after=0", grow)


@pytest.mark.parametrize("url", ["/", "/messages/"])
def test_the_header_count(river, client_for, url):
    more_conversations(river, 1)
    client = client_for(river)
    assert_queries_do_not_grow(client, url, lambda: more_conversations(river, 4))
