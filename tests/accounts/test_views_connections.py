"""/me/connections/: requests for me, answering them, withdrawing mine; and the home summary."""

import pytest
from django.test import Client

from alongside.accounts import actions
from alongside.accounts.models import Connection, Visibility
from tests.accounts.builders import (
    ESCAPED_SCRIPT,
    SCRIPT,
    connect,
    html,
    profile_handles,
    set_profile,
    shows,
    without_csrf,
)


@pytest.fixture
def sam_asks_river(people) -> Connection:
    return actions.request_connection(
        requester=people.sam, addressee=people.river, message="We met at the Tuesday group"
    )


def test_visitors_are_asked_to_log_in(people, sam_asks_river):
    client = Client()
    assert client.get("/me/connections/")["Location"] == "/accounts/login/?next=/me/connections/"
    for action in ("respond", "withdraw"):
        url = f"/me/connections/{sam_asks_river.pk}/{action}/"
        response = client.post(url, {"answer": "accept"})
        assert response["Location"] == f"/accounts/login/?next={url}"
    assert Connection.objects.get().status == Connection.Status.PENDING


def test_the_addressee_sees_the_request_with_its_note_and_buttons(
    people, client_for, sam_asks_river
):
    response = client_for(people.river).get("/me/connections/")
    assert response.status_code == 200
    assert shows(response, "Requests for you")
    assert shows(response, "We met at the Tuesday group")
    assert f'action="/me/connections/{sam_asks_river.pk}/respond/"' in html(response)
    assert "sam" in profile_handles(response)


def test_the_requester_sees_the_request_they_sent_with_withdraw(people, client_for, sam_asks_river):
    response = client_for(people.sam).get("/me/connections/")
    assert shows(response, "Requests you sent")
    assert f'action="/me/connections/{sam_asks_river.pk}/withdraw/"' in html(response)
    assert "/respond/" not in html(response)


def test_others_see_nothing_of_a_request_between_two_members(people, client_for, sam_asks_river):
    for someone in (people.outsider, people.drew, people.jordan):
        response = client_for(someone).get("/me/connections/")
        assert response.status_code == 200
        assert profile_handles(response) == []
        assert "Tuesday group" not in html(response)


def test_accepting_connects_both_members(people, client_for, sam_asks_river):
    url = f"/me/connections/{sam_asks_river.pk}/respond/"
    response = client_for(people.river).post(url, {"answer": "accept"}, follow=True)
    assert response.redirect_chain == [("/me/connections/", 302)]
    assert shows(response, "You're connected with sam.")
    assert Connection.objects.get().status == Connection.Status.ACCEPTED
    assert "river" in profile_handles(client_for(people.sam).get("/me/connections/"))


def test_declining_is_silent_for_the_person_who_asked(people, client_for, sam_asks_river):
    url = f"/me/connections/{sam_asks_river.pk}/respond/"
    response = client_for(people.river).post(url, {"answer": "decline"}, follow=True)
    assert shows(response, "Request declined. They won't be told.")
    assert not Connection.objects.exists()

    sam = client_for(people.sam)
    for page in ("/me/connections/", "/people/river/", "/"):
        text = html(sam.get(page)).lower()
        assert "declin" not in text
    # Sam can simply ask again later; nothing marks him as turned down.
    assert 'action="/people/river/connect/"' in html(sam.get("/people/river/"))


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_only_the_addressee_can_answer_and_others_get_not_found(
    people, client_for, sam_asks_river, answer
):
    url = f"/me/connections/{sam_asks_river.pk}/respond/"
    for someone in (people.sam, people.outsider, people.drew, people.jordan):
        client = client_for(someone)
        response = client.post(url, {"answer": answer})
        missing = client.post("/me/connections/999999/respond/", {"answer": answer})
        assert response.status_code == missing.status_code == 404
        assert without_csrf(response.content) == without_csrf(missing.content)
    assert Connection.objects.get().status == Connection.Status.PENDING


def test_an_answered_request_cannot_be_answered_again(people, client_for, sam_asks_river):
    river = client_for(people.river)
    url = f"/me/connections/{sam_asks_river.pk}/respond/"
    river.post(url, {"answer": "accept"})
    assert river.post(url, {"answer": "decline"}).status_code == 404
    assert Connection.objects.get().status == Connection.Status.ACCEPTED


def test_answering_needs_a_post(people, client_for, sam_asks_river):
    url = f"/me/connections/{sam_asks_river.pk}/respond/"
    assert client_for(people.river).get(url).status_code == 405
    assert Connection.objects.get().status == Connection.Status.PENDING


def test_the_requester_can_withdraw(people, client_for, sam_asks_river):
    url = f"/me/connections/{sam_asks_river.pk}/withdraw/"
    response = client_for(people.sam).post(url, follow=True)
    assert shows(response, "Request withdrawn.")
    assert not Connection.objects.exists()


def test_only_the_requester_can_withdraw_and_others_get_not_found(
    people, client_for, sam_asks_river
):
    url = f"/me/connections/{sam_asks_river.pk}/withdraw/"
    for someone in (people.river, people.outsider, people.drew):
        client = client_for(someone)
        response, missing = client.post(url), client.post("/me/connections/999999/withdraw/")
        assert response.status_code == missing.status_code == 404
        assert without_csrf(response.content) == without_csrf(missing.content)
    assert Connection.objects.get().status == Connection.Status.PENDING


def test_an_accepted_connection_cannot_be_withdrawn(people, client_for):
    connection = connect(people.sam, people.river)
    response = client_for(people.sam).post(f"/me/connections/{connection.pk}/withdraw/")
    assert response.status_code == 404
    assert Connection.objects.get().status == Connection.Status.ACCEPTED


def test_connections_page_lists_connections_with_display_names_as_their_owners_chose(
    people, client_for
):
    set_profile(people.sam, visibility=Visibility.CONNECTIONS, display_name="Sam K.")
    set_profile(people.jordan, visibility=Visibility.ONLY_ME, display_name="Jordan Private")
    connect(people.sam, people.river)
    connect(people.river, people.jordan)
    response = client_for(people.river).get("/me/connections/")
    assert sorted(profile_handles(response)) == ["jordan", "sam"]
    assert shows(response, "Sam K.")
    assert "Jordan Private" not in html(response)


def test_a_script_in_a_request_note_is_kept_as_typed_and_shown_as_text(people, client_for):
    client_for(people.sam).post("/people/river/connect/", {"message": SCRIPT})
    assert Connection.objects.get().message == SCRIPT
    page = html(client_for(people.river).get("/me/connections/"))
    assert ESCAPED_SCRIPT in page
    assert "<script>alert" not in page


def test_no_one_sees_a_connections_email_on_the_connections_page(people, client_for):
    connect(people.sam, people.river)
    actions.request_connection(requester=people.jordan, addressee=people.river)
    page = html(client_for(people.river).get("/me/connections/"))
    for email in ("sam@example.org", "jordan@example.org"):
        assert email not in page


# The home page summary


def test_home_shows_waiting_requests_and_connections(people, client_for, sam_asks_river):
    connect(people.river, people.jordan)
    response = client_for(people.river).get("/")
    assert shows(response, "1 request is waiting for you.")
    assert "jordan" in profile_handles(response)


def test_home_for_visitors_shows_no_member(people):
    response = Client().get("/")
    assert response.status_code == 200
    assert profile_handles(response) == []
