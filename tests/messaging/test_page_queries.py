"""A conversation page and sending a message stay within the page budget (10 queries in
all, the page chrome included) and don't grow with the conversation or the member's other
conversations; the header's count is cached, so a warm page runs fewer still."""

import itertools

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from alongside.messaging import actions, limits
from alongside.messaging.models import Message
from tests.conftest import make_member
from tests.messaging.conftest import age, connect, say

BUDGET = 10
_names = itertools.count()


def queries(run) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured), "\n".join(q["sql"] for q in captured.captured_queries)


def page_twice(client: Client, url: str) -> tuple[int, int, str]:
    """Queries of a first view (after something changed) and of a second, warm one."""

    def get() -> None:
        assert client.get(url).status_code == 200

    first, sql = queries(get)
    warm, _sql = queries(get)
    assert first <= BUDGET, f"{url}: {first} queries\n{sql}"
    return first, warm, sql


def other_conversations(member, n: int) -> None:
    for _ in range(n):
        friend = age(make_member(f"pal{next(_names)}"))
        connect(member, friend)
        say(friend, actions.start_conversation(user=member, other=friend), "Hello you")


@pytest.fixture(autouse=True)
def _chatty(monkeypatch):
    """These tests write long conversations quickly: lift the per-minute sending limit."""
    monkeypatch.setattr(limits, "EVERYONE", limits.Limit("messages", 10**6, 60))


@pytest.fixture
def chat(people, convo):
    river, morgan = age(people.river), age(people.morgan)
    actions.set_read_state_sharing(user=river, conversation=convo, on=True)
    actions.set_read_state_sharing(user=morgan, conversation=convo, on=True)
    say(river, convo, "First")
    say(morgan, convo, "Second")
    return river, morgan, convo


def test_a_conversation_page_is_flat_and_within_budget(chat, client_for):
    river, morgan, convo = chat
    client = client_for(river)
    url = f"/messages/{convo.pk}/"
    client.get(url)  # the page chrome's own caches (the member, the header counts)
    say(morgan, convo, "Something new to read")
    before = page_twice(client, url)
    for n in range(45):  # past one page of messages
        say(morgan if n % 3 else river, convo, f"More {n}")
    actions.delete_message(user=river, message=Message.objects.filter(author=river).first())
    other_conversations(river, 3)
    after = page_twice(client, url)
    assert after[:2] == before[:2], f"{before[:2]} -> {after[:2]}\n{after[2]}"
    assert after[1] < after[0]  # the second view: nothing new to mark read, the count cached


def test_an_older_page_is_flat_too(chat, client_for):
    river, morgan, convo = chat
    for n in range(45):
        say(morgan, convo, f"Old {n}")
    client = client_for(river)
    oldest_shown = Message.objects.filter(conversation=convo).order_by("-id")[39].pk
    url = f"/messages/{convo.pk}/?before={oldest_shown}"
    client.get(url)
    before = page_twice(client, url)
    for n in range(45):
        say(morgan, convo, f"Newer {n}")
    assert page_twice(client, url)[:2] == before[:2]


def test_a_group_room_page_is_within_budget(people, room, client_for):
    river = age(people.river)
    say(people.jordan, room, "Welcome")
    client = client_for(river)
    client.get(f"/messages/{room.pk}/")  # the first visit makes river's place in the room
    say(people.jordan, room, "Something new")
    client.get("/messages/")
    before = page_twice(client, f"/messages/{room.pk}/")
    for n in range(5):
        say(people.jordan, room, f"More {n}")
    client.get("/messages/")
    assert page_twice(client, f"/messages/{room.pk}/")[:2] == before[:2]


def test_sending_runs_the_same_queries_however_long_the_conversation(chat, client_for):
    river, morgan, convo = chat
    client = client_for(river)
    url = f"/messages/{convo.pk}/send/"

    def send(body: str) -> tuple[int, str]:
        def post() -> None:
            # With the event handlers: the live push, notifications, screening.
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = client.post(url, {"body": body}, HTTP_X_REQUESTED_WITH="fetch")
            assert response.status_code == 204, response.content

        return queries(post)

    for n in range(12):  # past the first messages, which moderation screens more closely
        say(morgan if n % 2 else river, convo, f"Getting to know each other {n}")
    send("Warming up the notification for this stretch")
    before, _sql = send("Hello again")
    for n in range(30):
        say(morgan if n % 2 else river, convo, f"Chatting {n}")
    say(river, convo, "Last")
    other_conversations(river, 3)
    send("A new unread stretch for morgan: notified once")
    after, sql = send("And again")
    assert after == before, f"{before} -> {after}\n{sql}"
