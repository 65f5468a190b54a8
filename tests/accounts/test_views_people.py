"""/people/: the directory, a member's page, connect, disconnect and block.

Each page for a visitor, the owner, another member, an outsider and the person river blocked.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from alongside.accounts import actions
from alongside.accounts.models import Block, Connection
from tests.accounts.builders import (
    ESCAPED_SCRIPT,
    SCRIPT,
    connect,
    html,
    new_member,
    profile_handles,
    shows,
    without_csrf,
)

RIVER_PAGES = [
    ("get", "/people/river/"),
    ("get", "/people/river/block/"),
    ("post", "/people/river/block/"),
    ("post", "/people/river/connect/"),
    ("post", "/people/river/disconnect/"),
]


def request(client: Client, method: str, url: str):
    return getattr(client, method)(url)


# Visitors see nothing


@pytest.mark.parametrize(("method", "url"), [*RIVER_PAGES, ("get", "/people/")])
def test_visitors_are_asked_to_log_in_and_see_nothing(people, method, url):
    connections_before = Connection.objects.count()
    response = request(Client(), method, url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert Connection.objects.count() == connections_before
    assert not Block.objects.filter(blocked=people.river).exists()


# The person river blocked: river does not exist for them


@pytest.mark.parametrize(("method", "url"), RIVER_PAGES)
def test_the_blocked_person_gets_the_same_not_found_as_for_a_missing_member(
    people, client_for, method, url
):
    drew = client_for(people.drew)
    blocked = request(drew, method, url)
    missing = request(drew, method, url.replace("/river/", "/nobody_here/"))
    assert blocked.status_code == missing.status_code == 404
    assert without_csrf(blocked.content) == without_csrf(missing.content)
    assert not Connection.objects.exists()
    assert not Block.objects.filter(blocker=people.drew).exists()


@pytest.mark.parametrize(("method", "url"), RIVER_PAGES)
def test_river_does_not_see_the_person_she_blocked_either(people, client_for, method, url):
    river = client_for(people.river)
    response = request(river, method, url.replace("/river/", "/drew/"))
    assert response.status_code == 404
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).count() == 1


def test_the_blocked_person_cannot_find_river_in_the_directory(people, client_for):
    drew = client_for(people.drew)
    assert "river" not in profile_handles(drew.get("/people/"))
    for query in ("river", "RIV", "iver"):
        response = drew.get("/people/", {"q": query})
        assert "river" not in profile_handles(response)
        assert shows(response, f"No one matches “{query}”")
    assert "drew" not in profile_handles(client_for(people.river).get("/people/?q=drew"))


# The directory


def test_directory_lists_other_members_with_links_to_their_pages(people, client_for):
    response = client_for(people.outsider).get("/people/")
    assert response.status_code == 200
    assert profile_handles(response) == ["casey", "drew", "jordan", "morgan", "river", "sam"]


def test_directory_search_finds_handles_in_any_case(people, client_for):
    response = client_for(people.outsider).get("/people/", {"q": "SA"})
    assert profile_handles(response) == ["sam"]


def test_directory_marks_who_you_are_connected_with(people, client_for):
    connect(people.sam, people.river)
    page = html(client_for(people.river).get("/people/?q=sam"))
    assert 'class="badge">Connected</span>' in page
    page = html(client_for(people.outsider).get("/people/?q=sam"))
    assert 'class="badge">Connected</span>' not in page


def test_directory_pages_with_after_show_every_member_once(people, client_for):
    for n in range(35):
        new_member(f"member_{n:02d}")
    client = client_for(people.outsider)
    first = client.get("/people/")
    first_handles = profile_handles(first)
    assert len(first_handles) == 30
    assert f"after={first_handles[-1].lower()}" in html(first)

    second = client.get("/people/", {"after": first_handles[-1].lower()})
    second_handles = profile_handles(second)
    assert not set(first_handles) & set(second_handles)
    assert len(first_handles) + len(second_handles) == 41  # 35 new and 6 from the fixture
    assert "More people" not in html(second)


def test_directory_search_keeps_its_query_across_pages(people, client_for):
    for n in range(32):
        new_member(f"seeker_{n:02d}")
    client = client_for(people.outsider)
    first = client.get("/people/", {"q": "seeker"})
    assert "?q=seeker&amp;after=seeker_29" in html(first)
    second = client.get("/people/", {"q": "seeker", "after": "seeker_29"})
    assert profile_handles(second) == ["seeker_30", "seeker_31"]


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_lists_everyone(people, client_for, query):
    response = client_for(people.outsider).get("/people/", {"q": query})
    assert response.status_code == 200
    assert len(profile_handles(response)) == 6


def test_an_overlong_search_says_so_and_finds_nothing_it_should_not(people, client_for):
    response = client_for(people.outsider).get("/people/", {"q": "r" * 61})
    assert response.status_code == 200
    assert shows(response, "That search is too long. Try fewer words.")
    assert "r" * 61 not in html(response)


def test_an_overlong_cursor_is_refused_like_an_overlong_search(people, client_for):
    response = client_for(people.outsider).get("/people/", {"after": "a" * 31})
    assert shows(response, "That search is too long. Try fewer words.")


def test_a_script_in_the_search_is_shown_as_text(people, client_for):
    response = client_for(people.outsider).get("/people/", {"q": SCRIPT})
    assert response.status_code == 200
    assert profile_handles(response) == []
    assert f'value="{ESCAPED_SCRIPT}"' in html(response)
    assert f"No one matches “{ESCAPED_SCRIPT}”" in html(response)
    assert "<script>alert" not in html(response)


# A member's page


def test_a_member_sees_another_members_page_with_connect_and_block(people, client_for):
    response = client_for(people.outsider).get("/people/river/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>river</h1>" in page
    assert 'action="/people/river/connect/"' in page
    assert 'href="/people/river/block/"' in page
    assert shows(response, "river keeps their profile private.")


def test_a_members_page_answers_to_any_letter_case(people, client_for):
    assert client_for(people.outsider).get("/people/RIVER/").status_code == 200


def test_the_owner_sees_their_own_page_with_an_edit_link_and_no_connect_or_block(
    people, client_for
):
    page = html(client_for(people.river).get("/people/river/"))
    assert 'href="/settings/profile/"' in page
    assert "/people/river/connect/" not in page
    assert "/people/river/block/" not in page


def test_a_connected_member_sees_connected_and_remove(people, client_for):
    connect(people.sam, people.river)
    page = html(client_for(people.sam).get("/people/river/"))
    assert 'action="/people/river/disconnect/"' in page
    assert "/people/river/connect/" not in page


def test_a_deactivated_member_is_not_found(people, client_for):
    people.sam.is_active = False
    people.sam.save(update_fields=["is_active"])  # there is no action for this yet
    assert client_for(people.river).get("/people/sam/").status_code == 404


# Connect


def test_connect_sends_a_request_with_a_note(people, client_for):
    response = client_for(people.outsider).post(
        "/people/river/connect/", {"message": "Hi from the Tuesday group"}, follow=True
    )
    assert response.redirect_chain == [("/people/river/", 302)]
    assert shows(response, "Request sent to river.")
    assert shows(response, "Request sent. You'll be connected once they accept.")
    connection = Connection.objects.get()
    assert (connection.requester, connection.addressee) == (people.outsider, people.river)
    assert connection.message == "Hi from the Tuesday group"


def test_connect_without_a_note_is_fine(people, client_for):
    client_for(people.outsider).post("/people/river/connect/", {"message": ""})
    assert Connection.objects.get().message == ""


def test_an_overlong_note_is_refused_clearly_and_nothing_is_sent(people, client_for):
    response = client_for(people.outsider).post("/people/river/connect/", {"message": "n" * 301})
    assert response.status_code == 400
    assert shows(response, "Ensure this value has at most 300 characters (it has 301).")
    assert not Connection.objects.exists()


def test_a_script_in_a_note_is_kept_as_typed_and_never_echoed_raw(people, client_for):
    response = client_for(people.outsider).post("/people/river/connect/", {"message": SCRIPT})
    assert response.status_code == 302
    assert Connection.objects.get().message == SCRIPT
    too_long = client_for(people.sam).post(
        "/people/river/connect/", {"message": SCRIPT + "n" * 300}
    )
    assert too_long.status_code == 400
    assert ESCAPED_SCRIPT in html(too_long)
    assert "<script>alert" not in html(too_long)


def test_connect_to_someone_who_asked_you_connects_at_once(people, client_for):
    actions.request_connection(requester=people.river, addressee=people.sam)
    response = client_for(people.sam).post("/people/river/connect/", follow=True)
    assert shows(response, "You're connected with river.")
    assert Connection.objects.get().status == Connection.Status.ACCEPTED


def test_connect_to_yourself_explains_and_creates_nothing(people, client_for):
    response = client_for(people.river).post("/people/river/connect/", follow=True)
    assert shows(response, "You can't connect with yourself.")
    assert not Connection.objects.exists()


def test_connect_needs_a_post(people, client_for):
    assert client_for(people.sam).get("/people/river/connect/").status_code == 405
    assert not Connection.objects.exists()


def test_the_blocked_person_cannot_connect_to_river(people, client_for):
    response = client_for(people.drew).post("/people/river/connect/", {"message": "please"})
    assert response.status_code == 404
    assert not Connection.objects.exists()


# Disconnect


def test_either_side_can_remove_a_connection(people, client_for):
    connect(people.sam, people.river)
    response = client_for(people.river).post("/people/sam/disconnect/", follow=True)
    assert shows(response, "You're no longer connected with sam.")
    assert not Connection.objects.exists()


def test_disconnect_does_not_touch_other_peoples_connections(people, client_for):
    connect(people.sam, people.river)
    client_for(people.outsider).post("/people/river/disconnect/")
    assert Connection.objects.count() == 1


# Block


def test_block_page_explains_what_blocking_does(people, client_for):
    response = client_for(people.river).get("/people/sam/block/")
    assert response.status_code == 200
    assert shows(response, "Block sam?")
    assert shows(response, "They won't be able to contact you or find you in search.")
    assert not Block.objects.filter(blocked=people.sam).exists()


def test_blocking_removes_the_connection_and_hides_each_from_the_other(people, client_for):
    connect(people.sam, people.river)
    river = client_for(people.river)
    response = river.post("/people/sam/block/", follow=True)
    assert response.redirect_chain == [("/settings/blocked/", 302)]
    assert shows(response, "You blocked sam. They can't see you, contact you or find you.")
    assert Block.objects.filter(blocker=people.river, blocked=people.sam).exists()
    assert not Connection.objects.exists()
    assert client_for(people.sam).get("/people/river/").status_code == 404
    assert river.get("/people/sam/").status_code == 404


def test_an_outsider_can_block_river_without_affecting_anyone_else(people, client_for):
    client_for(people.outsider).post("/people/river/block/")
    assert Block.objects.filter(blocker=people.outsider, blocked=people.river).exists()
    assert client_for(people.sam).get("/people/river/").status_code == 200


def test_blocking_yourself_is_refused_without_an_error_page(people):
    client = Client(raise_request_exception=False)
    client.force_login(people.river)
    response = client.post("/people/river/block/")
    assert response.status_code in (302, 404)
    assert not Block.objects.filter(blocker=people.river, blocked=people.river).exists()


def test_an_operator_made_with_createsuperuser_does_not_break_the_directory(people, client_for):
    call_command("createsuperuser", interactive=False, handle="operator", email="op@example.org")
    client = client_for(people.river)
    assert client.get("/people/").status_code == 200
    assert client.get("/people/operator/").status_code == 200
