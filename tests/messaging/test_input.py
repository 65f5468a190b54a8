"""What members type: empty, blank, too long and hostile bodies get a clear message and save
nothing; markup is shown as text, and links can't run script."""

import re

import pytest

from alongside.messaging.models import Message
from tests.messaging.conftest import say

REQUIRED = "This field is required."
TOO_LONG = "Ensure this value has at most 4000 characters (it has 4001)."

REFUSED = [
    ("", REQUIRED),
    ("   \n\t  ", REQUIRED),
    ("a" * 4001, TOO_LONG),
    ("null \x00 byte", "Null characters are not allowed."),
]


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("body", "error"), REFUSED)
def test_sending_a_bad_body_is_refused_clearly(people, convo, client_for, body, error):
    response = client_for(people.river).post(f"/messages/{convo.pk}/send/", {"body": body})
    assert response.status_code == 400
    assert error in text(response)
    assert not Message.objects.exists()


@pytest.mark.parametrize(("body", "error"), REFUSED)
def test_a_first_message_with_a_bad_body_is_refused_clearly(people, client_for, body, error):
    response = client_for(people.river).post("/messages/with/outsider/", {"body": body})
    assert response.status_code == 400
    assert error in text(response)
    assert not Message.objects.exists()


@pytest.mark.parametrize(("body", "error"), REFUSED)
def test_editing_to_a_bad_body_is_refused_clearly(people, convo, client_for, body, error):
    message = say(people.river, convo, "Original")
    url = f"/messages/{convo.pk}/m/{message.pk}/edit/"
    response = client_for(people.river).post(url, {"body": body})
    assert response.status_code == 400
    assert error in text(response)
    message.refresh_from_db()
    assert (message.body, message.edited_at) == ("Original", None)


def test_the_too_long_text_stays_in_the_box(people, convo, client_for):
    body = "word " * 801  # 4005 characters, 4004 after trimming
    response = client_for(people.river).post(f"/messages/{convo.pk}/send/", {"body": body})
    assert response.status_code == 400
    assert "at most 4000 characters" in text(response)
    assert body + "</textarea>" in text(response)  # as typed


def test_4000_characters_and_surrounding_space_are_fine(people, convo, client_for):
    body = "  " + "é" * 4000 + "\n"
    response = client_for(people.river).post(f"/messages/{convo.pk}/send/", {"body": body})
    assert response.status_code == 302
    assert Message.objects.get().body == "é" * 4000


def test_a_script_is_shown_as_text(people, convo, client_for):
    client = client_for(people.river)
    client.post(f"/messages/{convo.pk}/send/", {"body": "<script>alert(1)</script>"})
    message = Message.objects.get()
    assert message.body == "<script>alert(1)</script>"
    page = text(client_for(people.morgan).get(f"/messages/{convo.pk}/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    fragment = text(client.get(f"/messages/{convo.pk}/m/{message.pk}/"))
    assert "<script>alert" not in fragment and "&lt;script&gt;" in fragment
    updates = text(client.get(f"/messages/{convo.pk}/updates/?after=0"))
    assert "<script>alert" not in updates and "&lt;script&gt;" in updates


@pytest.mark.parametrize(
    "body",
    [
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="https://evil.example" onclick="alert(1)">x</a>',
        "![tracker](https://evil.example/pixel.png)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_hostile_markup_is_inert(people, convo, body):
    html = say(people.river, convo, body).body_html
    assert not re.search(r"<[a-z]+[^>]*\son\w+=", html), html  # no event handlers
    assert "<img" not in html
    assert not re.search(r'href="(javascript|data):', html), html
    assert '<a href="https://evil.example" onclick' not in html  # raw HTML stays text


def test_links_get_nofollow(people, convo):
    html = say(
        people.river, convo, "See https://example.org/help and [this](https://x.org)"
    ).body_html
    assert html.count('rel="nofollow noopener noreferrer ugc"') >= 1
    assert 'href="https://x.org"' in html
