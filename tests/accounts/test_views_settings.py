"""/settings/: the index, email and language, and changing the password."""

import pytest
from django.core import mail
from django.test import Client

from alongside.accounts.models import User
from alongside.accounts.tokens import make_confirmation_token
from tests.accounts.builders import SCRIPT, html, new_member, shows
from tests.conftest import PASSWORD

ACCOUNT = "/settings/account/"
PASSWORD_PAGE = "/settings/password/"
SETTINGS_PAGES = [
    "/settings/",
    "/settings/profile/",
    ACCOUNT,
    PASSWORD_PAGE,
    "/settings/blocked/",
    "/settings/export/",
    "/settings/delete/",
]


@pytest.mark.parametrize("url", SETTINGS_PAGES)
def test_visitors_are_asked_to_log_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", SETTINGS_PAGES)
@pytest.mark.parametrize("who", ["river", "sam", "outsider", "drew"])
def test_every_member_sees_only_their_own_settings(people, client_for, url, who):
    member = getattr(people, who)
    response = client_for(member).get(url)
    assert response.status_code == 200
    others = [u.email for u in User.objects.exclude(pk=member.pk)]
    page = html(response)
    assert not [email for email in others if email in page]


@pytest.mark.parametrize(
    "url", ["/settings/profile/", ACCOUNT, PASSWORD_PAGE, "/settings/export/", "/settings/delete/"]
)
def test_visitors_cannot_post_to_settings(people, url):
    data = {"email": "x@example.org", "language": "es", "password": PASSWORD, "bio": "x"}
    response = Client().post(url, data)
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert User.objects.count() == 7
    assert User.objects.get(pk=people.river.pk).language == "en"


def test_settings_index_links_to_each_setting(people, client_for):
    page = html(client_for(people.river).get("/settings/"))
    for url in [*SETTINGS_PAGES[1:], "/people/river/"]:
        assert f'href="{url}"' in page


# Email and language


def account_form(**changes: str) -> dict[str, str]:
    return {"email": "river@example.org", "language": "en", **changes}


def test_account_page_shows_the_members_own_email(people, client_for):
    response = client_for(people.river).get(ACCOUNT)
    assert 'value="river@example.org"' in html(response)


def test_changing_the_email_sends_a_confirmation_to_the_new_address(
    people, client_for, django_capture_on_commit_callbacks
):
    client = client_for(people.river)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACCOUNT, account_form(email="River.New@Example.org"), follow=True)
    assert response.redirect_chain == [(ACCOUNT, 302)]
    assert shows(response, "We sent a link to confirm your new email.")
    assert shows(response, "Your email isn't confirmed yet.")
    river = User.objects.get(pk=people.river.pk)
    assert river.email == "river.new@example.org"
    assert not river.email_confirmed
    [email] = mail.outbox
    assert email.to == ["river.new@example.org"]
    token = make_confirmation_token(river)
    assert f"/accounts/confirm/{token}/" in email.body


def test_saving_the_same_email_in_other_letter_case_changes_nothing(
    people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.river).post(
            ACCOUNT, account_form(email="RIVER@example.org"), follow=True
        )
    assert shows(response, "Your account settings are saved.")
    assert User.objects.get(pk=people.river.pk).email_confirmed
    assert mail.outbox == []


def test_changing_to_another_members_email_is_refused_and_nothing_changes(
    people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.river).post(
            ACCOUNT, account_form(email="sam@example.org", language="es")
        )
    assert response.status_code == 400
    assert shows(response, "That email can't be used. Try another address.")
    river = User.objects.get(pk=people.river.pk)
    assert (river.email, river.language) == ("river@example.org", "en")
    assert river.email_confirmed
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "This field is required."),
        ({"email": "r" * 250 + "@example.org"}, "Ensure this value has at most 254 characters"),
        ({"email": SCRIPT}, "Enter a valid email address."),
        ({"language": "xx"}, "Select a valid choice. xx is not one of the available choices."),
        ({"language": ""}, "This field is required."),
        ({"language": SCRIPT}, "Select a valid choice."),
    ],
    ids=["no-email", "long-email", "script-email", "bad-language", "no-language", "script-lang"],
)
def test_bad_account_input_is_refused_clearly_and_nothing_changes(
    people, client_for, django_capture_on_commit_callbacks, changes, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.river).post(
            ACCOUNT, {"email": "river.new@example.org", "language": "es", **changes}
        )
    assert response.status_code == 400
    assert shows(response, message)
    assert "<script>alert" not in html(response)
    river = User.objects.get(pk=people.river.pk)
    assert (river.email, river.language) == ("river@example.org", "en")
    assert mail.outbox == []


def test_choosing_spanish_shows_the_site_in_spanish(people, client_for):
    client = client_for(people.river)
    client.post(ACCOUNT, account_form(language="es"))
    assert User.objects.get(pk=people.river.pk).language == "es"
    response = client.post(ACCOUNT, account_form(email=""))
    assert '<html lang="es">' in html(response)
    assert shows(response, "Este campo es obligatorio.")


# Changing the password


def password_form(old: str = PASSWORD, new: str = "a-brand-new-passphrase", again: str = ""):
    return {"old_password": old, "new_password1": new, "new_password2": again or new}


def test_changing_the_password_keeps_the_member_logged_in(people, client_for):
    client = client_for(people.river)
    response = client.post(PASSWORD_PAGE, password_form(), follow=True)
    assert response.redirect_chain == [(ACCOUNT, 302)]
    assert shows(response, "Your password is changed.")
    assert User.objects.get(pk=people.river.pk).check_password("a-brand-new-passphrase")
    assert client.get("/settings/").status_code == 200


def test_changing_the_password_logs_out_other_sessions(people, client_for):
    laptop, phone = client_for(people.river), client_for(people.river)
    laptop.post(PASSWORD_PAGE, password_form())
    assert phone.get("/settings/").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (password_form(old="wrong-old-password"), "Your old password was entered incorrectly."),
        (password_form(old=""), "This field is required."),
        (password_form(new="password123"), "This password is too common."),
        (password_form(new="short"), "This password is too short."),
        (password_form(new="84736251904"), "This password is entirely numeric."),
        (password_form(new="river.example"), "The password is too similar to the email."),
        (
            password_form(again="something-else-entirely"),
            "The two password fields didn\u2019t match.",
        ),
        (password_form(new="", again=""), "This field is required."),
        (password_form(old=SCRIPT), "Your old password was entered incorrectly."),
    ],
    ids=[
        "wrong-old",
        "no-old",
        "common",
        "short",
        "numeric",
        "like-email",
        "mismatch",
        "empty",
        "script",
    ],
)
def test_bad_password_changes_are_refused_clearly(people, client_for, form, message):
    response = client_for(people.river).post(PASSWORD_PAGE, form)
    assert response.status_code == 200
    assert shows(response, message)
    assert "<script>alert" not in html(response)
    assert User.objects.get(pk=people.river.pk).check_password(PASSWORD)


def test_a_new_password_like_the_handle_is_refused(db, client_for):
    wren = new_member("quietmorning42", email="wren@example.org")
    response = client_for(wren).post(PASSWORD_PAGE, password_form(new="quietmorning42"))
    assert shows(response, "The password is too similar to the handle.")
    assert User.objects.get(pk=wren.pk).check_password(PASSWORD)
