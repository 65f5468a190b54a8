"""/settings/: people I've blocked, downloading my data and deleting my account."""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from alongside.accounts import actions
from alongside.accounts.models import Block, Connection, Profile, User, Visibility
from alongside.core.models import AuditLogEntry
from tests.accounts.builders import SCRIPT, connect, html, set_profile, shows
from tests.conftest import PASSWORD

BLOCKED = "/settings/blocked/"
EXPORT = "/settings/export/"
DELETE = "/settings/delete/"


# People I've blocked


def test_blocked_page_lists_the_people_river_blocked(people, client_for):
    response = client_for(people.river).get(BLOCKED)
    assert shows(response, "Unblock drew")
    assert f'action="/settings/blocked/{people.drew.pk}/unblock/"' in html(response)
    assert "drew@example.org" not in html(response)


@pytest.mark.parametrize("who", ["sam", "outsider", "drew"])
def test_others_do_not_see_rivers_blocks(people, client_for, who):
    response = client_for(getattr(people, who)).get(BLOCKED)
    assert shows(response, "You haven't blocked anyone.")
    assert "Unblock drew" not in html(response)
    assert f"/settings/blocked/{people.drew.pk}/unblock/" not in html(response)


def test_unblocking_makes_both_visible_again(people, client_for):
    river = client_for(people.river)
    response = river.post(f"/settings/blocked/{people.drew.pk}/unblock/", follow=True)
    assert response.redirect_chain == [(BLOCKED, 302)]
    assert shows(response, "Unblocked.")
    assert not Block.objects.exists()
    assert river.get("/people/drew/").status_code == 200
    assert client_for(people.drew).get("/people/river/").status_code == 200


@pytest.mark.parametrize("who", ["drew", "sam", "outsider"])
def test_no_one_else_can_lift_rivers_block(people, client_for, who):
    client = client_for(getattr(people, who))
    client.post(f"/settings/blocked/{people.drew.pk}/unblock/")
    client.post(f"/settings/blocked/{people.river.pk}/unblock/")
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).exists()


def test_unblock_needs_a_post_and_a_login(people, client_for):
    url = f"/settings/blocked/{people.drew.pk}/unblock/"
    assert client_for(people.river).get(url).status_code == 405
    assert Client().post(url)["Location"] == f"/accounts/login/?next={url}"
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).exists()


# Download my data


def download(client: Client) -> dict:
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="alongside-')
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


def test_export_page_offers_the_download(people, client_for):
    response = client_for(people.river).get(EXPORT)
    assert response.status_code == 200
    assert '<form method="post">' in html(response)


def test_visitors_cannot_download_anything(people):
    response = Client().post(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={EXPORT}"


def test_the_download_holds_the_members_account_profile_and_connections(people, client_for):
    set_profile(people.river, visibility=Visibility.ONLY_ME, bio=SCRIPT, display_name="River T.")
    connect(people.sam, people.river)
    actions.request_connection(requester=people.jordan, addressee=people.river, message="Hi")
    data = download(client_for(people.river))
    account = data["account"]
    assert "exported_at" in data
    assert (account["handle"], account["email"]) == ("river", "river@example.org")
    assert account["profile"]["bio"] == SCRIPT
    assert account["profile"]["display_name"] == "River T."
    assert [c["with"] for c in account["connections"]] == ["sam"]
    assert [c["with"] for c in account["connection_requests_received"]] == ["jordan"]
    assert account["blocked"] == ["drew"]


def test_the_download_is_the_downloaders_own_and_holds_no_one_elses_private_data(
    people, client_for
):
    set_profile(people.river, visibility=Visibility.CONNECTIONS, bio="River's private story")
    connect(people.sam, people.river)
    for who in ("sam", "outsider", "drew"):
        data = download(client_for(getattr(people, who)))
        text = json.dumps(data)
        assert data["account"]["handle"] == who
        assert "river@example.org" not in text
        assert "River's private story" not in text
        assert "drew" not in text or who == "drew"


# Delete my account


def test_delete_page_asks_for_the_password(people, client_for):
    response = client_for(people.river).get(DELETE)
    assert response.status_code == 200
    assert 'name="password"' in html(response)
    assert 'href="/settings/export/"' in html(response)


def test_deleting_removes_the_member_and_everything_theirs(people, client_for):
    river_id = people.river.pk
    connect(people.sam, people.river)
    actions.request_connection(requester=people.river, addressee=people.jordan)
    client = client_for(people.river)
    response = client.post(DELETE, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert shows(response, "Your account and everything in it are deleted. Take care.")
    assert not User.objects.filter(pk=river_id).exists()
    assert not Profile.objects.filter(user_id=river_id).exists()
    assert not Connection.objects.exists()
    assert not Block.objects.filter(blocker_id=river_id).exists()
    assert client.get("/settings/").status_code == 302  # logged out
    assert client_for(people.sam).get("/people/river/").status_code == 404
    entry = AuditLogEntry.objects.get(action="account.deleted")
    assert entry.data == {"user_id": river_id}
    assert "river" not in json.dumps(entry.data)


def test_a_deleted_member_cannot_log_in_and_their_handle_is_free(
    people, client_for, django_capture_on_commit_callbacks
):
    client_for(people.river).post(DELETE, {"password": PASSWORD})
    login = Client().post("/accounts/login/", {"username": "river", "password": PASSWORD})
    assert login.status_code == 200
    assert actions.register_member(handle="river", email="new@example.org", password=PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "This field is required."),
        ("p" * 129, "Ensure this value has at most 128 characters (it has 129)."),
        (SCRIPT, "That password isn't right."),
        ("not-the-password", "That password isn't right."),
    ],
    ids=["empty", "overlong", "script", "wrong"],
)
def test_deleting_with_a_bad_password_is_refused_and_nothing_is_deleted(
    people, client_for, password, message
):
    connect(people.sam, people.river)
    client = client_for(people.river)
    response = client.post(DELETE, {"password": password})
    assert response.status_code == 400
    assert shows(response, message)
    assert "<script>alert" not in html(response)
    assert User.objects.filter(pk=people.river.pk).exists()
    assert Connection.objects.count() == 1
    assert not AuditLogEntry.objects.filter(action="account.deleted").exists()
    assert client.get("/settings/").status_code == 200  # still logged in


def test_a_member_can_only_delete_their_own_account(people, client_for):
    client_for(people.drew).post(DELETE, {"password": PASSWORD})
    assert not User.objects.filter(pk=people.drew.pk).exists()
    assert User.objects.filter(pk=people.river.pk).exists()
    assert User.objects.count() == 6


def test_deleting_removes_the_members_login_records(people):
    client = Client()
    client.post("/accounts/login/", {"username": "river@example.org", "password": "wrong-guess"})
    client.post("/accounts/login/", {"username": "river@example.org", "password": PASSWORD})
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    assert not AccessLog.objects.filter(username__in=["river", "river@example.org"]).exists()
    assert not AccessAttempt.objects.filter(username__in=["river", "river@example.org"]).exists()
