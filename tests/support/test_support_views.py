"""Support now through the pages: asking, who may see a request, "I'm here", "I'm okay now",
the rate limit, /help/ and the service worker."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.actions import block_member
from alongside.groups import actions as groups
from alongside.messaging.models import Conversation, Participant
from alongside.notifications.models import Notification
from alongside.support import actions
from alongside.support.models import SupportRecipient, SupportRequest
from tests.conftest import make_member
from tests.messaging.conftest import connect, new_group
from tests.support.test_support_now import LIVE, WED, at, reasons, volunteer

NOW = reverse("support:now")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def asked(people, on_commit):
    """river asked her connection outsider (the default audiences) with a few words."""
    connect(people.river, people.outsider)
    with on_commit():
        return actions.ask_for_support(requester=people.river, message="Rough night, please.")


def url(request: SupportRequest, name: str = "request") -> str:
    return reverse(f"support:{name}", args=[request.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Asking


def test_the_page_offers_the_lines_and_one_tap(people, client_for):
    page = client_for(people.river).get(NOW)
    assert page.status_code == 200
    for text in ("tel:911", "tel:988", "sms:988", "SAMHSA 1-800-662-4357", "Ask for support now"):
        assert text in page.text


def test_one_tap_asks_the_default_audiences_and_shows_who_is_coming(people, client_for, on_commit):
    connect(people.river, people.outsider)
    with patch(LIVE), on_commit():
        response = client_for(people.river).post(NOW, {"message": ""})
    request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url(request)
    assert request.audiences == ["mentor", "connections", "on_call"]
    assert reasons(request) == {"outsider": "connections"}
    page = client_for(people.river).get(url(request))
    assert "1 person has been alerted" in page.text
    assert "tel:988" in page.text


def test_choosing_a_group(people, client_for, on_commit):
    group = new_group(people.jordan)
    groups.join_group(user=people.river, group=group)
    with patch(LIVE), on_commit():
        response = client_for(people.river).post(
            NOW, {"audiences": ["group"], "group": str(group.pk)}
        )
    assert response.status_code == 302
    assert reasons(SupportRequest.objects.get()) == {"jordan": "group"}


def test_a_group_the_requester_is_not_in_is_a_clear_error(people, client_for):
    mine = new_group(people.jordan, name="Evening circle")
    groups.join_group(user=people.river, group=mine)
    theirs = new_group(people.jordan, name="Morning circle")
    client = client_for(people.river)
    response = client.post(NOW, {"audiences": ["group"], "group": str(theirs.pk)})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    response = client.post(NOW, {"audiences": ["group"]})
    assert response.status_code == 400
    assert "Please choose one of your groups" in response.text
    assert not SupportRequest.objects.exists()


def test_a_group_choice_without_any_groups_is_a_visible_error(people, client_for):
    theirs = new_group(people.jordan)
    response = client_for(people.river).post(NOW, {"audiences": ["group"], "group": str(theirs.pk)})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text or "choose one of your groups" in (
        response.text
    )


def test_invalid_audiences_and_overlong_messages_are_clear_errors(people, client_for):
    client = client_for(people.river)
    response = client.post(NOW, {"audiences": ["everyone"]})
    assert response.status_code == 400 and "Select a valid choice" in response.text
    response = client.post(NOW, {"message": "x" * 501})
    assert response.status_code == 400
    assert "at most 500 characters" in response.text
    assert "tel:988" in response.text  # the lines are still there
    assert not SupportRequest.objects.exists()


def test_script_in_the_message_is_stored_as_text_and_escaped(people, client_for, on_commit):
    connect(people.river, people.outsider)
    script = "<script>alert('hi')</script>"
    with patch(LIVE), on_commit():
        client_for(people.river).post(NOW, {"message": script, "audiences": ["connections"]})
    request = SupportRequest.objects.get()
    assert request.message == script
    page = client_for(people.outsider).get(url(request))
    assert page.status_code == 200
    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page.text


def test_a_fourth_request_in_an_hour_still_shows_the_crisis_lines(people, client_for, on_commit):
    client = client_for(people.river)
    for _ in range(3):
        with patch(LIVE), on_commit():
            assert client.post(NOW, {}).status_code == 302
    with patch(LIVE), on_commit():
        response = client.post(NOW, {})
    assert response.status_code == 400
    assert "asked several times in a short while" in response.text
    assert 'role="alert"' in response.text
    for text in ("tel:988", "tel:911", "988", "911"):
        assert text in response.text
    assert SupportRequest.objects.count() == 3


# Who may see a request


def test_the_requester_and_recipients_see_it(people, asked, client_for):
    mine = client_for(people.river).get(url(asked))
    assert mine.status_code == 200
    assert "We&#x27;ve let people know" in mine.text or "We've let people know" in mine.text
    theirs = client_for(people.outsider).get(url(asked))
    assert theirs.status_code == 200
    assert "river needs support now" in theirs.text
    assert "Rough night, please." in theirs.text
    assert "I&#x27;m here" in theirs.text or "I'm here" in theirs.text


def test_everyone_else_gets_the_same_404_as_a_missing_request(people, asked, client_for):
    missing = reverse("support:request", args=[asked.pk + 1000])
    for who in (people.sam, people.jordan, people.morgan, people.casey, people.drew):
        client = client_for(who)
        assert client.get(url(asked)).status_code == 404, who.handle
        assert client.get(missing).status_code == 404
        assert client.post(url(asked, "here")).status_code == 404
        assert client.post(url(asked, "close")).status_code == 404
    stranger = make_member("stranger")
    assert client_for(stranger).get(url(asked)).status_code == 404
    asked.refresh_from_db()
    assert asked.is_open
    assert not SupportRecipient.objects.filter(responded_at__isnull=False).exists()


def test_staff_and_moderators_who_were_not_chosen_get_404(people, asked, client_for):
    assert not asked.recipients.filter(user__in=[people.casey, people.morgan]).exists()
    for who in (people.casey, people.morgan):
        assert client_for(who).get(url(asked)).status_code == 404


def test_a_recipient_blocked_afterwards_gets_404(people, asked, client_for):
    block_member(blocker=people.river, blocked=people.outsider)
    client = client_for(people.outsider)
    assert client.get(url(asked)).status_code == 404
    assert client.post(url(asked, "here")).status_code == 404


def test_a_requester_blocked_by_a_recipient_is_hidden_from_them(people, asked, client_for):
    block_member(blocker=people.outsider, blocked=people.river)
    assert client_for(people.outsider).get(url(asked)).status_code == 404


def test_visitors_are_sent_to_log_in(asked):
    visitor = Client()
    for path in (NOW, url(asked), reverse("support:on_call"), reverse("support:roster")):
        response = visitor.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path
    for path in (url(asked, "here"), url(asked, "close")):
        response = visitor.post(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path
    asked.refresh_from_db()
    assert asked.is_open


# "I'm here"


def test_im_here_takes_the_responder_to_the_conversation(people, client_for, on_commit):
    group = new_group(people.jordan)
    pat = make_member("pat")
    for member in (people.river, pat):
        groups.join_group(user=member, group=group)
    with on_commit():
        request = actions.ask_for_support(
            requester=people.river, audiences=["group"], group_id=group.pk
        )
    client = client_for(pat)
    with patch(LIVE), on_commit():
        response = client.post(url(request, "here"))
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:start", args=["river"])
    followed = client.get(response["Location"], follow=True)
    conversation = Conversation.objects.get(pair_key=Conversation.key_for(pat.pk, people.river.pk))
    assert followed.redirect_chain[-1][0] == reverse(
        "messaging:conversation", args=[conversation.pk]
    )
    assert any("river knows you" in m for m in messages_of(followed))
    assert set(conversation.participants.values_list("state", flat=True)) == {
        Participant.State.ACTIVE
    }
    assert Notification.objects.filter(recipient=people.river, verb="support.responded").exists()
    # The requester's page says who is coming, with a way to talk.
    page = client_for(people.river).get(url(request))
    assert "pat is here for you." in page.text
    assert reverse("messaging:start", args=["pat"]) in page.text
    # The responder's page now links to the conversation instead of the button.
    again = client.get(url(request))
    assert "Open your conversation with river" in again.text
    # A second tap changes nothing.
    with patch(LIVE), on_commit():
        client.post(url(request, "here"))
    assert Notification.objects.filter(verb="support.responded").count() == 1


def test_the_requester_cannot_respond_to_themselves(people, asked, client_for, on_commit):
    with on_commit():
        response = client_for(people.river).post(url(asked, "here"))
    assert response.status_code == 302 and response["Location"] == url(asked)
    assert not SupportRecipient.objects.filter(responded_at__isnull=False).exists()
    assert not Conversation.objects.exists()


def test_im_here_on_a_closed_request_gets_the_kind_message(people, asked, client_for, on_commit):
    actions.close_request(requester=people.river, request=asked)
    client = client_for(people.outsider)
    with on_commit():
        response = client.post(url(asked, "here"), follow=True)
    assert response.redirect_chain == [(url(asked), 302)]
    assert "They've said they're okay now. Thank you for coming." in messages_of(response)
    assert "Thank you for being someone they could ask" in response.text
    assert "I&#x27;m here</button>" not in response.text and "I'm here</button>" not in (
        response.text
    )


# "I'm okay now"


def test_im_okay_now_closes_with_what_helped(people, asked, client_for, on_commit):
    with on_commit():
        response = client_for(people.river).post(
            url(asked, "close"), {"what_helped": "A walk and a call."}, follow=True
        )
    assert response.redirect_chain == [(NOW, 302)]
    assert any("glad you're okay" in m for m in messages_of(response))
    asked.refresh_from_db()
    assert not asked.is_open and asked.what_helped == "A walk and a call."
    assert "A walk and a call." not in client_for(people.outsider).get(url(asked)).text


def test_an_overlong_what_helped_is_a_clear_error(people, asked, client_for):
    response = client_for(people.river).post(
        url(asked, "close"), {"what_helped": "x" * 501}, follow=True
    )
    assert response.redirect_chain == [(url(asked), 302)]
    assert any("at most 500 characters" in m for m in messages_of(response))
    asked.refresh_from_db()
    assert asked.is_open and asked.what_helped == ""


def test_only_the_requester_closes(people, asked, client_for):
    response = client_for(people.outsider).post(url(asked, "close"), {"what_helped": "x"})
    assert response.status_code == 302 and response["Location"] == url(asked)
    asked.refresh_from_db()
    assert asked.is_open and asked.what_helped == ""


# The request page over time


def test_the_requester_sees_the_widening_and_then_the_lines_again(people, client_for, on_commit):
    connect(people.river, people.outsider)
    pat = make_member("pat")
    volunteer(pat, ["wed-morning"])
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.river, audiences=["connections"])
    client = client_for(people.river)
    with at(WED + timedelta(minutes=10)), patch(LIVE), on_commit():
        actions.widen_unanswered()
        page = client.get(url(request))
    assert "2 people have been alerted" in page.text
    assert "asked peers who are on call now" in page.text
    with at(WED + timedelta(minutes=20)), patch(LIVE), on_commit():
        actions.widen_unanswered()
        page = client.get(url(request))
    assert "Nobody has answered yet" in page.text and "call or text 988" in page.text
    # The on-call peer who was added may open it; they weren't chosen at first.
    assert client_for(pat).get(url(request)).status_code == 200


# Always available


def test_help_works_logged_out_with_every_line_and_step(db):
    page = Client().get(reverse("support:help"))
    assert page.status_code == 200
    for text in (
        "911",
        "988",
        "tel:911",
        "tel:988",
        "SAMHSA",
        "1-800-662-4357",
        "naloxone",
        "Narcan",
        "Stay with them",
        "FindTreatment",
        "findtreatment.gov",
    ):
        assert text in page.text, text


def test_help_is_the_same_for_members(people, client_for):
    page = client_for(people.river).get(reverse("support:help"))
    assert page.status_code == 200 and "1-800-662-4357" in page.text


def test_the_service_worker_keeps_the_help_page(db):
    response = Client().get("/sw.js")
    assert response.status_code == 200
    body = response.content.decode()
    assert "alongside-help-v1" in body and "HELP_CACHE" in body
    assert f'"{reverse("support:help")}"' in body
