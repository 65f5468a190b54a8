"""Messaging pages and flows: the inbox and requests, the header count, live updates and their
cursors, sending by fetch and by form, errors that keep the text, answering requests, delete
for me, read state, message fragments, editing, starting a conversation and the data export."""

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from alongside.core.exports import export_member_data
from alongside.messaging import actions
from alongside.messaging.export import export_messages
from alongside.messaging.models import Message, Participant
from tests.messaging.conftest import age, say


def text(response) -> str:
    return response.content.decode()


def header_count(response) -> str:
    match = re.search(r"<span data-count-number>([^<]*)</span>", text(response))
    assert match, "no message count in the header"
    return match.group(1)


def sentinel(response) -> str:
    match = re.search(r'data-updates-url="([^"]+)"', text(response))
    assert match, "no updates sentinel"
    return match.group(1)


def ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'data-message-id="(\d+)"', text(response))]


@pytest.fixture
def request_convo(people):
    """river's message request to outsider."""
    conversation = actions.start_conversation(user=people.river, other=people.outsider)
    say(people.river, conversation, "Hi, I liked your post about walking.")
    return conversation


# The inbox and the header


def test_the_inbox_lists_conversations_and_requests(people, convo, request_convo, client_for):
    say(people.morgan, convo, "Hello river")
    page = text(client_for(people.river).get("/messages/"))
    assert f'href="/messages/{convo.pk}/"' in page
    assert "morgan" in page and "New" in page
    assert "Message requests" not in page

    page = text(client_for(people.outsider).get("/messages/"))
    assert "Message requests" in page
    assert "Read river&#x27;s request" in page or "Read river's request" in page
    assert f'href="/messages/{request_convo.pk}/"' in page


def test_an_empty_inbox_says_so(people, client_for):
    assert "No conversations yet" in text(client_for(people.river).get("/messages/"))


def test_the_header_counts_conversations_with_new_messages(people, convo, client_for):
    client = client_for(people.morgan)
    assert header_count(client.get("/")) == "0"
    say(people.river, convo, "One")
    say(people.river, convo, "Two")
    response = client.get("/")
    assert header_count(response) == "1"
    assert "data-messages-count hidden" not in text(response)
    client.get(f"/messages/{convo.pk}/")  # reading
    assert header_count(client.get("/")) == "0"


def test_the_group_room_shows_in_the_inbox(people, room, client_for):
    say(people.jordan, room, "Welcome all")
    page = text(client_for(people.river).get("/messages/"))
    assert "Evening circle (group chat)" in page


# A conversation and its updates


def test_the_conversation_page_shows_messages_and_marks_them_read(people, convo, client_for):
    message = say(people.river, convo, "**Hi** morgan")
    response = client_for(people.morgan).get(f"/messages/{convo.pk}/")
    assert response.status_code == 200
    assert "<strong>Hi</strong> morgan" in text(response)
    assert ids(response) == [message.pk]
    assert sentinel(response) == f"/messages/{convo.pk}/updates/?after={message.pk}"
    assert (
        Participant.objects.get(user=people.morgan, conversation=convo).last_read_id == message.pk
    )


def test_older_messages_come_a_page_at_a_time(people, convo, client_for):
    from alongside.messaging.selectors import PAGE

    age(people.river)
    sent = [
        Message.objects.create(conversation=convo, author=people.river, body=f"m{n}").pk
        for n in range(PAGE + 5)
    ]
    convo.last_message_id = sent[-1]
    convo.save()
    client = client_for(people.morgan)
    first = client.get(f"/messages/{convo.pk}/")
    assert ids(first) == sent[-PAGE:]
    older = re.search(r'href="\?before=(\d+)"', text(first))
    assert older
    second = client.get(f"/messages/{convo.pk}/?before={older.group(1)}")
    assert ids(second) == sent[:5]


def test_updates_return_only_what_came_after(people, convo, client_for):
    age(people.river)
    first = say(people.river, convo, "One")
    second = say(people.river, convo, "Two")
    third = say(people.river, convo, "Three")
    client = client_for(people.morgan)
    response = client.get(f"/messages/{convo.pk}/updates/?after={first.pk}")
    assert response.status_code == 200
    assert ids(response) == [second.pk, third.pk]
    assert sentinel(response) == f"/messages/{convo.pk}/updates/?after={third.pk}"
    nothing = client.get(f"/messages/{convo.pk}/updates/?after={third.pk}")
    assert ids(nothing) == []
    assert sentinel(nothing) == f"/messages/{convo.pk}/updates/?after={third.pk}"
    assert Participant.objects.get(user=people.morgan, conversation=convo).last_read_id == third.pk


@pytest.mark.parametrize("cursor", ["²", "-1", "abc", "1e3", "9" * 40, "", " 3", "0x10"])
@pytest.mark.parametrize("name", ["after", "before"])
def test_junk_cursors_do_not_break_pages(people, convo, client_for, cursor, name):
    say(people.river, convo, "One")
    client = client_for(people.morgan)
    for url in (f"/messages/{convo.pk}/updates/", f"/messages/{convo.pk}/"):
        response = client.get(url, {name: cursor})
        assert response.status_code == 200, (url, cursor)


# Sending


def test_a_fetch_send_returns_204(people, convo, client_for):
    response = client_for(people.river).post(
        f"/messages/{convo.pk}/send/", {"body": "Quick one"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 204
    assert Message.objects.get().body == "Quick one"


def test_a_plain_send_redirects_to_the_message(people, convo, client_for):
    response = client_for(people.river).post(f"/messages/{convo.pk}/send/", {"body": "Hi"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{convo.pk}/#message-{message.pk}"


def test_a_refused_send_keeps_the_text_in_the_box(people, request_convo, client_for):
    response = client_for(people.river).post(
        f"/messages/{request_convo.pk}/send/", {"body": "Are you there? Please answer"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Your message request is waiting" in page
    assert "Are you there? Please answer</textarea>" in page
    assert Message.objects.count() == 1


def test_a_rate_limited_send_keeps_the_text(people, convo, client_for):
    client = client_for(people.river)
    for n in range(10):
        assert client.post(f"/messages/{convo.pk}/send/", {"body": f"m{n}"}).status_code == 302
    response = client.post(f"/messages/{convo.pk}/send/", {"body": "The eleventh"})
    assert response.status_code == 400
    assert "In your first week you can send 10 messages every 10 minutes" in text(response)
    assert "The eleventh</textarea>" in text(response)
    assert Message.objects.count() == 10


def test_a_rate_limited_fetch_send_is_an_error_not_204(people, convo, client_for):
    client = client_for(people.river)
    for n in range(10):
        say(people.river, convo, f"m{n}")
    response = client.post(
        f"/messages/{convo.pk}/send/", {"body": "Again"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 400


# Requests


def test_the_recipient_of_a_request_can_accept_or_ignore_it(people, request_convo, client_for):
    page = text(client_for(people.outsider).get(f"/messages/{request_convo.pk}/"))
    assert "A message request" in page
    assert "data-message-form" not in page  # no reply box until they accept
    assert "Hi, I liked your post" in page


def test_accepting_a_request(people, request_convo, client_for):
    client = client_for(people.outsider)
    response = client.post(f"/messages/{request_convo.pk}/respond/", {"accept": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{request_convo.pk}/"
    row = Participant.objects.get(user=people.outsider, conversation=request_convo)
    assert row.state == Participant.State.ACTIVE
    page = text(client.get(f"/messages/{request_convo.pk}/"))
    assert "Request accepted" in page and "data-message-form" in page
    say(people.river, request_convo, "Thanks!")


def test_ignoring_a_request(people, request_convo, client_for):
    client = client_for(people.outsider)
    response = client.post(f"/messages/{request_convo.pk}/respond/", {"ignore": "1"})
    assert response.status_code == 302 and response["Location"] == "/messages/"
    row = Participant.objects.get(user=people.outsider, conversation=request_convo)
    assert row.state == Participant.State.IGNORED
    page = text(client.get("/messages/"))
    assert "Request ignored" in page and "Message requests" not in page
    # river sees nothing different from a request still waiting.
    river = text(client_for(people.river).get(f"/messages/{request_convo.pk}/"))
    assert "ignored" not in river.lower()


def test_starting_with_a_stranger_sends_a_request(people, client_for):
    client = client_for(people.river)
    page = text(client.get("/messages/with/outsider/"))
    assert "goes to outsider as a message request" in page
    response = client.post("/messages/with/outsider/", {"body": "Hello from river"})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{message.conversation_id}/"
    row = Participant.objects.get(user=people.outsider, conversation=message.conversation)
    assert row.state == Participant.State.REQUESTED
    again = client.post("/messages/with/outsider/", {"body": "Another"})
    assert again.status_code == 400
    assert "Your message request is waiting" in text(again)
    assert "Another</textarea>" in text(again)
    assert client.get("/messages/with/outsider/")["Location"] == response["Location"]
    assert Message.objects.count() == 1


def test_starting_with_an_empty_body_is_a_400(people, client_for):
    response = client_for(people.river).post("/messages/with/outsider/", {"body": "  "})
    assert response.status_code == 400
    assert not Message.objects.exists()


# Delete for me, read state


def test_delete_for_me(people, convo, client_for):
    say(people.river, convo, "Old")
    client = client_for(people.morgan)
    response = client.post(f"/messages/{convo.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/messages/"
    page = text(client.get("/messages/"))
    assert "The other person keeps their copy" in page
    assert f'href="/messages/{convo.pk}/"' not in page
    assert "Old" in text(client_for(people.river).get(f"/messages/{convo.pk}/"))
    assert "Old" not in text(client.get(f"/messages/{convo.pk}/"))
    new = say(people.river, convo, "New")
    assert ids(client.get(f"/messages/{convo.pk}/")) == [new.pk]


def test_the_read_state_toggle(people, convo, client_for):
    client = client_for(people.river)
    response = client.post(f"/messages/{convo.pk}/read-state/", {"share": "on"})
    assert response.status_code == 302
    row = Participant.objects.get(user=people.river, conversation=convo)
    assert row.share_read_state
    assert "Keep my read state private" in text(client.get(f"/messages/{convo.pk}/"))
    client.post(f"/messages/{convo.pk}/read-state/", {"share": "off"})
    row.refresh_from_db()
    assert not row.share_read_state


def test_seen_shows_when_both_share(people, convo, client_for):
    say(people.river, convo, "Did you see?")
    river, morgan = client_for(people.river), client_for(people.morgan)
    river.post(f"/messages/{convo.pk}/read-state/", {"share": "on"})
    morgan.get(f"/messages/{convo.pk}/")
    assert "data-seen" not in text(river.get(f"/messages/{convo.pk}/"))
    morgan.post(f"/messages/{convo.pk}/read-state/", {"share": "on"})
    assert "data-seen" in text(river.get(f"/messages/{convo.pk}/"))
    assert "data-seen" not in text(morgan.get(f"/messages/{convo.pk}/"))  # no message of theirs


# One message, editing, deleting


def test_the_message_fragment(people, convo, client_for):
    message = say(people.river, convo, "A *fragment*")
    response = client_for(people.morgan).get(f"/messages/{convo.pk}/m/{message.pk}/")
    assert response.status_code == 200
    assert "<em>fragment</em>" in text(response)
    assert "Edit" not in text(response)  # not morgan's
    mine = client_for(people.river).get(f"/messages/{convo.pk}/m/{message.pk}/")
    assert f"/messages/{convo.pk}/m/{message.pk}/edit/" in text(mine)


def test_the_edit_page(people, convo, client_for):
    message = say(people.river, convo, "Helo")
    client = client_for(people.river)
    page = client.get(f"/messages/{convo.pk}/m/{message.pk}/edit/")
    assert page.status_code == 200 and "Helo</textarea>" in text(page)
    bad = client.post(f"/messages/{convo.pk}/m/{message.pk}/edit/", {"body": " "})
    assert bad.status_code == 400
    response = client.post(f"/messages/{convo.pk}/m/{message.pk}/edit/", {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{convo.pk}/#message-{message.pk}"
    fragment = text(client_for(people.morgan).get(f"/messages/{convo.pk}/m/{message.pk}/"))
    assert "Hello" in fragment and "edited" in fragment


def test_deleting_shows_the_message_as_deleted(people, convo, client_for):
    message = say(people.river, convo, "Oops, wrong person")
    client = client_for(people.river)
    response = client.post(f"/messages/{convo.pk}/m/{message.pk}/delete/")
    assert response.status_code == 302
    page = text(client_for(people.morgan).get(f"/messages/{convo.pk}/"))
    assert "This message was deleted." in page
    assert "wrong person" not in page


# The export


def test_the_export_has_only_the_members_own_messages(people, convo, room):
    say(people.river, convo, "River to morgan")
    say(people.morgan, convo, "Morgan's private words")
    say(people.river, room, "River in the group")
    say(people.jordan, room, "Jordan in the group")
    own = export_messages(people.river)["messages_sent"]
    assert [m["body"] for m in own] == ["River to morgan", "River in the group"]
    assert [m["group_chat"] for m in own] == [None, "Evening circle"]
    everything = json.dumps(export_member_data(people.river), cls=DjangoJSONEncoder)
    assert "River to morgan" in everything
    assert "Morgan's private words" not in everything
    assert "Jordan in the group" not in everything
