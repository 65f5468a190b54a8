"""The header's count of conversations with something new comes from the cache, and is right
again at once after anything that changes it: a message, reading, accepting or ignoring a
request, delete-for-me, a block and an unblock."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.actions import block_member
from alongside.core import cached_counts
from alongside.core.events import publish
from alongside.messaging import actions, selectors, unread
from alongside.messaging.models import Participant
from tests.messaging.conftest import say


def header_count(response) -> int:
    match = re.search(r"<span data-count-number>([^<]*)</span>", response.content.decode())
    assert match, "no message count in the header"
    return int(match.group(1) or 0)


def counts_run(run) -> int:
    """How many times `run` counted unread conversations in the database."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return sum(
        1
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") and "messaging_participant" in q["sql"]
    )


def test_the_second_page_view_does_not_count_again(people, convo, client_for):
    say(people.morgan, convo, "Hello river")
    client = client_for(people.river)
    assert counts_run(lambda: header_count(client.get("/messages/"))) == 1
    assert counts_run(lambda: header_count(client.get("/messages/"))) == 0
    assert header_count(client.get("/messages/")) == 1


def test_a_message_counts_at_once_for_the_other_person(people, convo, client_for):
    client = client_for(people.river)
    assert header_count(client.get("/messages/")) == 0
    say(people.morgan, convo, "Are you free to talk?")
    assert header_count(client.get("/messages/")) == 1
    assert selectors.unread_conversations(people.river) == 1


def test_more_messages_in_an_unread_conversation_keep_the_count(
    people, convo, client_for, on_commit
):
    client = client_for(people.river)

    def send(body: str) -> None:
        with on_commit():  # with its event handlers (the live badge)
            say(people.morgan, convo, body)

    # Newly unread for river: counted once, for the live badge, and kept for the page.
    assert counts_run(lambda: send("One")) == 1
    assert counts_run(lambda: header_count(client.get("/messages/"))) == 0
    # Already unread for river: the count is the same, so nothing is counted again.
    assert counts_run(lambda: send("Two")) == 0
    assert counts_run(lambda: header_count(client.get("/messages/"))) == 0
    assert header_count(client.get("/messages/")) == 1


def test_reading_clears_it(people, convo, client_for):
    say(people.morgan, convo, "One")
    client = client_for(people.river)
    assert header_count(client.get("/messages/")) == 1
    client.get(f"/messages/{convo.pk}/")  # opening the conversation reads it
    assert header_count(client.get("/messages/")) == 0


def test_replying_clears_it_for_the_writer(people, convo, client_for):
    say(people.morgan, convo, "One")
    assert selectors.unread_conversations(people.river) == 1
    say(people.river, convo, "Replying without opening the page")
    assert selectors.unread_conversations(people.river) == 0
    assert selectors.unread_conversations(people.morgan) == 1


def test_delete_for_me_clears_it_and_a_new_message_brings_it_back(people, convo):
    say(people.morgan, convo, "One")
    assert selectors.unread_conversations(people.river) == 1
    actions.delete_for_me(user=people.river, conversation=convo)
    assert selectors.unread_conversations(people.river) == 0
    say(people.morgan, convo, "Still there?")
    assert selectors.unread_conversations(people.river) == 1


def test_accepting_a_request_counts_it_and_ignoring_does_not(people):
    conversation = actions.start_conversation(user=people.outsider, other=people.river)
    say(people.outsider, conversation, "Hi, I liked your post")
    assert selectors.unread_conversations(people.river) == 0  # a request isn't counted
    actions.accept_request(user=people.river, conversation=conversation)
    assert selectors.unread_conversations(people.river) == 1

    other = actions.start_conversation(user=people.sam, other=people.jordan)
    say(people.sam, other, "Hello")
    assert selectors.unread_conversations(people.jordan) == 0
    actions.ignore_request(user=people.jordan, conversation=other)
    assert selectors.unread_conversations(people.jordan) == 0


@pytest.mark.parametrize("who_blocks", ["river", "morgan"])
def test_a_block_either_way_takes_it_out_of_both_counts(people, convo, on_commit, who_blocks):
    say(people.morgan, convo, "One")
    say(people.river, convo, "Two")
    say(people.morgan, convo, "Three")
    assert selectors.unread_conversations(people.river) == 1
    blocker, blocked = (people.river, people.morgan)[:: 1 if who_blocks == "river" else -1]
    with on_commit():
        block_member(blocker=blocker, blocked=blocked)
    assert selectors.unread_conversations(people.river) == 0


def test_an_unblock_event_counts_it_again(people, convo, on_commit):
    say(people.morgan, convo, "One")
    with on_commit():
        block = block_member(blocker=people.river, blocked=people.morgan)
    assert selectors.unread_conversations(people.river) == 0
    block.delete()
    # accounts.unblock_member does not publish "member.unblocked" yet; until it does, the
    # count comes back when its cache entry expires (the next test).
    with on_commit():
        publish("member.unblocked", blocker_id=people.river.pk, blocked_id=people.morgan.pk)
    assert selectors.unread_conversations(people.river) == 1


def test_the_cache_expires_as_a_backstop(people, convo, monkeypatch):
    stored = {}
    real_set_many = cached_counts.cache.set_many

    def remember(data, timeout=None, **options):
        stored.update(dict.fromkeys(data, timeout))
        return real_set_many(data, timeout, **options)

    monkeypatch.setattr(cached_counts.cache, "set_many", remember)
    say(people.morgan, convo, "One")
    assert selectors.unread_conversations(people.river) == 1
    key = unread._count_key(people.river.pk)
    assert stored[key] == unread.UNREAD_SECONDS
    # A change no action announced (a bulk import, a restore): seen once the entry expires.
    Participant.objects.filter(user=people.river).update(last_read_id=10**9)
    assert selectors.unread_conversations(people.river) == 1
    cached_counts.cache.delete(key)  # what the expiry does
    assert selectors.unread_conversations(people.river) == 0


def test_a_count_taken_before_a_change_is_not_served_after_it(db):
    """A page counting while a message commits may store what it counted after the message's
    invalidation: that count carries the old version and is never served."""
    counted = []

    def count() -> int:
        counted.append(1)
        if len(counted) == 1:
            unread.changed([7])  # someone's write lands while this count runs
        return len(counted)

    assert unread.cached(7, count) == 1
    assert unread.cached(7, count) == 2  # counted again
    assert unread.cached(7, count) == 2  # and now from the cache
    assert len(counted) == 2


def test_a_group_room_message_changes_no_count(people, room, client_for):
    client = client_for(people.river)
    header_count(client.get("/messages/"))
    say(people.jordan, room, "Group hello")
    assert counts_run(lambda: header_count(client.get("/messages/"))) == 0
