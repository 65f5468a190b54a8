"""Sign up, confirm the email, log in and out, reset a forgotten password."""

import re
import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client

from alongside.accounts import actions
from alongside.accounts.models import User
from alongside.accounts.tokens import make_confirmation_token
from tests.accounts.builders import html, new_member, shows
from tests.conftest import PASSWORD

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def signup_data(**changes: str) -> dict[str, str]:
    return {
        "handle": "wren",
        "email": "wren@example.org",
        "password": PASSWORD,
        "timezone": "America/Chicago",
        "accept_guidelines": "on",
        **changes,
    }


def link_in(body: object) -> str:
    match = re.search(r"http://testserver(/\S+)", str(body))
    assert match, body
    return match.group(1)


# Sign up


def test_signup_page_shows_the_form_to_visitors(db):
    response = Client().get(SIGNUP)
    assert response.status_code == 200
    assert 'name="handle"' in html(response)
    assert 'name="password"' in html(response)


def test_signup_redirects_members_who_are_logged_in(people, client_for):
    response = client_for(people.river).get(SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signup_creates_an_unconfirmed_member_and_sends_a_confirmation_link(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/check-your-inbox/"
    wren = User.objects.get(handle="wren")
    assert not wren.email_confirmed
    assert wren.timezone == "America/Chicago"
    assert wren.check_password(PASSWORD)
    [email] = mail.outbox
    assert email.to == ["wren@example.org"]
    assert "Confirm your email" in email.subject
    assert link_in(email.body).startswith("/accounts/confirm/")


def test_signup_with_an_existing_email_looks_the_same_and_tells_the_owner(
    people, django_capture_on_commit_callbacks
):
    count = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(SIGNUP, signup_data(email="River@Example.org"), follow=True)
    assert response.redirect_chain == [("/accounts/signup/check-your-inbox/", 302)]
    assert shows(response, "We sent you an email with a link to confirm your address.")
    assert User.objects.count() == count
    [email] = mail.outbox
    assert email.to == ["river@example.org"]
    assert "You already have an account" in email.subject
    assert "Hi river," in email.body
    assert "/accounts/password-reset/" in email.body


def test_check_inbox_page_is_open_to_anyone(db):
    response = Client().get("/accounts/signup/check-your-inbox/")
    assert response.status_code == 200
    assert shows(response, "Check your inbox")
    assert 'href="/accounts/confirm-again/"' in html(response)


# Confirm the email


def test_confirmation_link_confirms_and_sends_to_login(db):
    wren = new_member("wren", confirmed=False)
    client = Client()
    response = client.get(f"/accounts/confirm/{make_confirmation_token(wren)}/", follow=True)
    assert response.redirect_chain == [(LOGIN, 302)]
    assert shows(response, "Your email is confirmed. Welcome! You can log in now.")
    wren.refresh_from_db()
    assert wren.email_confirmed


def test_confirmation_link_for_a_logged_in_member_goes_home(people, client_for):
    response = client_for(people.river).get(
        f"/accounts/confirm/{make_confirmation_token(people.river)}/"
    )
    assert response["Location"] == "/"


def test_expired_confirmation_link_is_refused_with_a_way_to_get_a_new_one(db):
    wren = new_member("wren", confirmed=False)
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch.object(signing, "time", SimpleNamespace(time=lambda: four_days_ago)):
        token = make_confirmation_token(wren)
    response = Client().get(f"/accounts/confirm/{token}/", follow=True)
    assert response.redirect_chain == [("/accounts/confirm-again/", 302)]
    assert shows(response, "That confirmation link has expired or was already replaced.")
    wren.refresh_from_db()
    assert not wren.email_confirmed


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "<script>alert(1)</script>",
    ],
    ids=["signature", "payload", "script"],
)
def test_tampered_confirmation_link_is_refused(db, tamper):
    wren = new_member("wren", confirmed=False)
    response = Client().get(f"/accounts/confirm/{tamper(make_confirmation_token(wren))}/")
    assert response.status_code in (302, 404)
    wren.refresh_from_db()
    assert not wren.email_confirmed


def test_confirmation_link_signed_for_another_purpose_is_refused(people):
    wren = new_member("wren", confirmed=False)
    forged = signing.dumps({"u": wren.pk, "e": wren.email}, salt="another-purpose", compress=True)
    response = Client().get(f"/accounts/confirm/{forged}/")
    assert response["Location"] == "/accounts/confirm-again/"
    wren.refresh_from_db()
    assert not wren.email_confirmed


def test_confirmation_link_stops_working_once_the_email_changes(people):
    wren = new_member("wren", confirmed=False)
    token = make_confirmation_token(wren)
    actions.change_email(user=wren, email="wren.new@example.org")
    Client().get(f"/accounts/confirm/{token}/")
    wren.refresh_from_db()
    assert not wren.email_confirmed


def test_resend_confirmation_sends_a_new_link_to_an_unconfirmed_address(db):
    new_member("wren", confirmed=False)
    response = Client().post("/accounts/confirm-again/", {"email": "WREN@example.org"})
    assert response["Location"] == "/accounts/signup/check-your-inbox/"
    [email] = mail.outbox
    assert email.to == ["wren@example.org"]
    wren = User.objects.get(handle="wren")
    Client().get(link_in(email.body))
    wren.refresh_from_db()
    assert wren.email_confirmed


@pytest.mark.parametrize("email", ["river@example.org", "nobody@example.org"])
def test_resend_confirmation_answers_the_same_and_sends_nothing_otherwise(people, email):
    response = Client().post("/accounts/confirm-again/", {"email": email})
    assert response["Location"] == "/accounts/signup/check-your-inbox/"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("<script>alert(1)</script>", "Enter a valid email address."),
        ("a" * 250 + "@example.org", "Ensure this value has at most 254 characters"),
    ],
    ids=["empty", "script", "overlong"],
)
def test_resend_confirmation_rejects_bad_email_clearly(db, email, message):
    response = Client().post("/accounts/confirm-again/", {"email": email})
    assert response.status_code == 200
    assert shows(response, message)
    assert "<script>alert" not in html(response)
    assert mail.outbox == []


# Log in and out


@pytest.mark.parametrize(
    "username", ["river", "RIVER", "River", "river@example.org", "RIVER@EXAMPLE.ORG"]
)
def test_login_works_with_handle_or_email_in_any_case(people, username):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/settings/").status_code == 200


def test_login_with_a_wrong_password_says_so_without_saying_which_part(people):
    response = Client().post(LOGIN, {"username": "river", "password": "not-the-password"})
    assert response.status_code == 200
    assert shows(response, "That handle or email and password didn't match.")
    unknown = Client().post(LOGIN, {"username": "nobody_here", "password": "not-the-password"})
    assert shows(unknown, "That handle or email and password didn't match.")


def test_login_with_an_unconfirmed_email_is_refused_with_a_resend_link(db):
    new_member("wren", confirmed=False)
    client = Client()
    response = client.post(LOGIN, {"username": "wren", "password": PASSWORD})
    assert response.status_code == 200
    assert shows(response, "Please confirm your email first: we sent you a link.")
    assert '<a href="/accounts/confirm-again/">Send a new link</a>' in html(response)
    assert client.get("/settings/").status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", PASSWORD, "This field is required."),
        ("river", "", "This field is required."),
        ("r" * 255, PASSWORD, "Ensure this value has at most 254 characters (it has 255)."),
        ("<script>alert(1)</script>", PASSWORD, "didn't match"),
    ],
    ids=["empty-name", "empty-password", "overlong-name", "script"],
)
def test_login_rejects_bad_input_clearly(people, username, password, message):
    response = Client().post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 200
    assert shows(response, message)
    assert "<script>alert" not in html(response)


def test_login_works_with_an_email_longer_than_a_handle(db):
    new_member("wren", email="wren.with.a.rather.long.address@example.org")
    response = Client().post(
        LOGIN, {"username": "wren.with.a.rather.long.address@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_login_field_lets_a_member_type_a_long_email(db):
    form_html = html(Client().get(LOGIN))
    username_input = re.search(r'<input[^>]*name="username"[^>]*>', form_html)
    assert username_input
    maxlength = re.search(r'maxlength="(\d+)"', username_input.group(0))
    assert maxlength is None or int(maxlength.group(1)) >= 254


def test_login_does_not_redirect_to_another_site(people):
    response = Client().post(
        f"{LOGIN}?next=https://evil.example/", {"username": "river", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_login_page_redirects_members_already_logged_in(people, client_for):
    assert client_for(people.river).get(LOGIN)["Location"] == "/"


def test_logout_needs_a_post_and_then_logs_out(people, client_for):
    client = client_for(people.river)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/settings/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert "logged out" in response.text
    assert client.get("/settings/").status_code == 302


# Reset a forgotten password


def test_password_reset_sends_a_working_link_and_the_new_password_works(people):
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "RIVER@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    [email] = mail.outbox
    assert email.to == ["river@example.org"]
    assert email.subject == "Choose a new password for Alongside"
    assert "Hi river," in email.body
    link = link_in(email.body)
    assert link.startswith("/accounts/password-reset/")

    form_page = client.get(link, follow=True)
    assert shows(form_page, "Choose a new password")
    new = {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"}
    response = client.post(form_page.redirect_chain[-1][0], new)
    assert response["Location"] == "/accounts/password-reset/done/"
    assert User.objects.get(pk=people.river.pk).check_password("a-brand-new-passphrase")
    # The link works once.
    assert shows(client.get(link, follow=True), "This link has expired or was already used.")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(people):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "This password is too common."),
        ("short", "This password is too short. It must contain at least 10 characters."),
        ("20240918273645", "This password is entirely numeric."),
        ("", "This field is required."),
    ],
)
def test_password_reset_refuses_weak_passwords(people, password, message):
    client = Client()
    client.post("/accounts/password-reset/", {"email": "river@example.org"})
    form_page = client.get(link_in(mail.outbox[0].body), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert shows(response, message)
    assert User.objects.get(pk=people.river.pk).check_password(PASSWORD)


def test_password_reset_with_a_bad_link_offers_a_new_one(people):
    response = Client().get("/accounts/password-reset/MQ/not-a-token/")
    assert response.status_code == 200
    assert shows(response, "This link has expired or was already used.")
    assert 'name="new_password1"' not in html(response)
