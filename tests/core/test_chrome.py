"""The page chrome (base.html's header and footer) is rendered once per language, section,
sign-in state and unread counts and reused (core.context_processors.chrome): every reader must
still see their own section marked, their own counts, their own language and a logout form
that works."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from alongside.accounts.actions import set_language
from alongside.core.context_processors import nav_sections
from alongside.core.fragments import ALIAS
from alongside.messaging import actions
from tests.helpers import page_html
from tests.messaging.conftest import connect, say


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[ALIAS].clear()
    yield
    caches[ALIAS].clear()


def current(html: str) -> list[str]:
    """The labels of the header links marked as the current page."""
    header = html.split("</header>")[0]
    return [
        re.sub(r"<[^>]+>|\s+", " ", label).split()[0]
        for label in re.findall(r'aria-current="page">(.*?)</a>', header, re.S)
    ]


def badge(html: str, attribute: str) -> tuple[bool, str]:
    """(shown, number) of a header badge."""
    found = re.search(
        rf'<span class="badge" {attribute}( hidden)?>.*?<span [^>]*>(\d*)</span>', html
    )
    assert found, attribute
    return found.group(1) is None, found.group(2)


@pytest.mark.parametrize(
    ("path", "sections"),
    [
        ("/", {"home"}),
        ("/people/", {"people"}),
        ("/groups/", {"groups"}),
        ("/groups/evening-circle/", {"groups"}),
        ("/meetings/", {"meetings"}),
        ("/meetings/some-meeting/", set()),
        ("/forum/questions/", {"forum"}),
        ("/mentoring/", {"mentoring"}),
        ("/mentors/12/", {"mentoring"}),
        ("/me/connections/", {"connections"}),
        ("/messages/4/", {"messages"}),
        ("/notifications/", {"notifications"}),
        ("/settings/privacy/", {"settings"}),
        ("/help/", set()),
    ],
)
def test_each_path_is_in_the_sections_the_header_marks(path, sections):
    assert nav_sections(path) == sections


def test_readers_of_the_same_chrome_each_see_their_own_section(people, client_for):
    river = client_for(people.river)
    assert current(page_html(river, "/")) == ["Home"]
    assert current(page_html(river, "/groups/")) == ["Groups"]
    assert current(page_html(client_for(people.sam), "/")) == ["Home"]
    assert current(page_html(river, "/notifications/")) == ["Notifications"]
    assert current(page_html(river, "/help/")) == []


def test_unread_counts_show_and_go_with_no_stale_header(people, client_for):
    connect(people.river, people.morgan)
    conversation = actions.start_conversation(user=people.river, other=people.morgan)
    morgan = client_for(people.morgan)
    assert badge(page_html(morgan, "/help/"), "data-messages-count") == (False, "0")
    say(people.river, conversation, "Are you coming tonight?")
    assert badge(page_html(morgan, "/help/"), "data-messages-count") == (True, "1")
    page_html(morgan, f"/messages/{conversation.pk}/")  # read
    assert badge(page_html(morgan, "/help/"), "data-messages-count") == (False, "0")
    # river's header, same section and language, never shows morgan's count
    assert badge(page_html(client_for(people.river), "/help/"), "data-messages-count")[0] is False


def test_each_reader_gets_the_header_in_their_language(people, client_for):
    english = page_html(client_for(people.river), "/")
    set_language(user=people.sam, language="es")
    spanish = page_html(client_for(people.sam), "/")
    assert ">Settings<" in english and ">Settings<" not in spanish
    assert ">Ajustes<" in spanish or ">Configuración<" in spanish
    assert ">Settings<" in page_html(client_for(people.river), "/")


def test_anonymous_and_signed_in_headers_are_kept_apart(people, client_for):
    signed_in = page_html(client_for(people.river), "/meetings/")
    anonymous = page_html(Client(), "/meetings/")
    assert "Log out" in signed_in and "Messages" in signed_in and "Support now" in signed_in
    assert "Log out" not in anonymous and "Messages" not in anonymous
    assert "Log in" in anonymous and current(anonymous) == ["Meetings"]
    assert "Log in" not in page_html(client_for(people.sam), "/meetings/")


def test_the_logout_form_carries_this_session_token(people):
    for user in (people.river, people.sam):  # the second reads the cached header
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = page_html(client, "/help/")
        form = re.search(r'<form method="post" action="/accounts/logout/">(.*?)</form>', html, re.S)
        assert form, "no logout form"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
        assert token
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token.group(1)})
        assert response.status_code != 403  # the token passed the CSRF check
        assert "_auth_user_id" not in client.session
