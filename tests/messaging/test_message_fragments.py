"""A conversation's messages are rendered once and reused (core.fragments), and what is shown
to one participant never reaches the other: the author's edit and delete, the other's report,
each one's language; an edit or a deletion shows at once; delete still posts with a token."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from alongside.accounts.actions import set_language
from alongside.core.fragments import ALIAS
from alongside.messaging import actions
from alongside.messaging.models import Message
from tests.helpers import page_html
from tests.messaging.conftest import say


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[ALIAS].clear()
    yield
    caches[ALIAS].clear()


def page(client: Client, conversation) -> str:
    return page_html(client, f"/messages/{conversation.pk}/")


def item(html: str, message: Message) -> str:
    found = re.search(rf'<li class="message-item[^>]*id="message-{message.pk}".*?</li>', html, re.S)
    assert found, f"message {message.pk} is not on the page"
    return found.group(0)


def test_each_participant_sees_their_own_links(people, convo, client_for):
    message = say(people.river, convo, "See you Thursday")
    mine = item(page(client_for(people.river), convo), message)
    theirs = item(page(client_for(people.morgan), convo), message)
    assert "Edit" in mine and "Delete" in mine and "Report" not in mine
    assert "Edit" not in theirs and "Delete" not in theirs and "Report" in theirs
    page(client_for(people.river), convo)  # from the cache now, still the author's own
    assert "Edit" in item(page(client_for(people.river), convo), message)


def test_an_edit_and_a_deletion_show_at_once(people, convo, client_for):
    message = say(people.river, convo, "See you Thursday")
    morgan = client_for(people.morgan)
    assert "See you Thursday" in page(morgan, convo)
    actions.edit_message(user=people.river, message=message, body="See you Friday")
    html = page(morgan, convo)
    assert "See you Friday" in html and "Thursday" not in html
    actions.delete_message(user=people.river, message=message)
    assert "This message was deleted." in item(page(morgan, convo), message)


def test_each_participant_sees_their_own_language(people, convo, client_for):
    message = say(people.river, convo, "Hello")
    assert "Report" in item(page(client_for(people.morgan), convo), message)
    set_language(user=people.morgan, language="es")
    assert "Reportar" in item(page(client_for(people.morgan), convo), message)


def test_delete_posts_through_the_pages_one_form_with_its_token(people, convo):
    message = say(people.river, convo, "Oops")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.river)
    html = page(client, convo)
    form = re.search(r'<form id="message-actions" method="post">(.*?)</form>', html, re.S)
    assert form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    button = re.search(r'form="message-actions" formaction="([^"]+)"', item(html, message))
    assert token and button and "csrfmiddlewaretoken" not in item(html, message)
    response = client.post(button.group(1), {"csrfmiddlewaretoken": token[1]})
    assert response.status_code in (200, 302)
    message.refresh_from_db()
    assert message.deleted_at is not None
