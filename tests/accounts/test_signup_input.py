"""Sign-up with bad input: a clear message, and nothing created, half-created or emailed."""

import pytest
from django.core import mail
from django.test import Client

from alongside.accounts.models import Profile, User
from tests.accounts.builders import SCRIPT, html, shows
from tests.conftest import PASSWORD

SIGNUP = "/accounts/signup/"
HANDLE_RULE = "Use 3 to 30 letters, numbers or underscores (no spaces)."


def signup(django_capture_on_commit_callbacks, **changes: str):
    data = {
        "handle": "wren",
        "email": "wren@example.org",
        "password": PASSWORD,
        "timezone": "UTC",
        "accept_guidelines": "on",
        **changes,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return Client().post(SIGNUP, data)


def assert_refused(response, message: str, users_before: int) -> None:
    assert response.status_code == 200
    assert shows(response, message), message
    assert "<script>alert" not in html(response)
    assert User.objects.count() == users_before
    assert Profile.objects.count() == users_before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("", "This field is required."),
        ("w" * 31, "Ensure this value has at most 30 characters (it has 31)."),
        ("ab", HANDLE_RULE),
        (SCRIPT, HANDLE_RULE),
        ("wren wood", HANDLE_RULE),
        ("wren-wood", HANDLE_RULE),
        ("wren@home", HANDLE_RULE),
        ("wrén", HANDLE_RULE),
        ("wren/../admin", HANDLE_RULE),
    ],
    ids=["empty", "overlong", "short", "script", "space", "hyphen", "at", "accent", "slashes"],
)
def test_signup_rejects_a_malformed_handle(
    people, django_capture_on_commit_callbacks, handle, message
):
    before = User.objects.count()
    assert_refused(signup(django_capture_on_commit_callbacks, handle=handle), message, before)


@pytest.mark.parametrize(
    "handle", ["admin", "Admin", "SUPPORT", "root", "settings", "Moderator", "staff", "alongside"]
)
def test_signup_rejects_a_reserved_handle_in_any_case(
    people, django_capture_on_commit_callbacks, handle
):
    before = User.objects.count()
    response = signup(django_capture_on_commit_callbacks, handle=handle)
    assert_refused(response, "That handle is reserved. Try another one.", before)


@pytest.mark.parametrize("handle", ["river", "RIVER", "River", " river "])
def test_signup_rejects_a_taken_handle_in_any_letter_case(
    people, django_capture_on_commit_callbacks, handle
):
    before = User.objects.count()
    response = signup(django_capture_on_commit_callbacks, handle=handle)
    assert_refused(response, "That handle is taken. Try another one.", before)


def test_a_handle_may_use_letters_digits_and_underscores(db, django_capture_on_commit_callbacks):
    response = signup(django_capture_on_commit_callbacks, handle="Wren_Wood_42")
    assert response.status_code == 302
    assert User.objects.get().handle == "Wren_Wood_42"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "This field is required."),
        ("w" * 250 + "@example.org", "Ensure this value has at most 254 characters (it has 262)."),
        (SCRIPT, "Enter a valid email address."),
        ("wren@", "Enter a valid email address."),
        ("wren example.org", "Enter a valid email address."),
    ],
    ids=["empty", "overlong", "script", "no-domain", "no-at"],
)
def test_signup_rejects_a_bad_email(people, django_capture_on_commit_callbacks, email, message):
    before = User.objects.count()
    assert_refused(signup(django_capture_on_commit_callbacks, email=email), message, before)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "This field is required."),
        ("p" * 129, "Ensure this value has at most 128 characters (it has 129)."),
        ("password123", "This password is too common."),
        ("iloveyou12", "This password is too common."),
        ("short-pw", "This password is too short. It must contain at least 10 characters."),
        ("73920184756", "This password is entirely numeric."),
    ],
    ids=["empty", "overlong", "common", "common-2", "short", "numeric"],
)
def test_signup_rejects_a_weak_or_bad_password(
    people, django_capture_on_commit_callbacks, password, message
):
    before = User.objects.count()
    response = signup(django_capture_on_commit_callbacks, password=password)
    assert_refused(response, message, before)
    assert password not in html(response) or password == ""  # never echoed back


def test_signup_rejects_a_password_like_the_email(people, django_capture_on_commit_callbacks):
    before = User.objects.count()
    response = signup(
        django_capture_on_commit_callbacks,
        email="quietmorning42@example.org",
        password="quietmorning42",
    )
    assert_refused(response, "The password is too similar to the email.", before)


def test_signup_rejects_a_password_like_the_handle(people, django_capture_on_commit_callbacks):
    before = User.objects.count()
    response = signup(
        django_capture_on_commit_callbacks,
        handle="quietmorning42",
        email="wren@example.org",
        password="quietmorning42",
    )
    assert_refused(response, "The password is too similar to the handle.", before)


def test_a_password_that_looks_like_a_script_is_just_a_password(
    db, django_capture_on_commit_callbacks
):
    response = signup(django_capture_on_commit_callbacks, password=SCRIPT)
    assert response.status_code == 302
    assert User.objects.get(handle="wren").check_password(SCRIPT)


@pytest.mark.parametrize("timezone", ["", "Mars/Olympus_Mons", SCRIPT])
def test_signup_rejects_an_unknown_timezone(people, django_capture_on_commit_callbacks, timezone):
    before = User.objects.count()
    response = signup(django_capture_on_commit_callbacks, timezone=timezone)
    message = "This field is required." if not timezone else "Select a valid choice."
    assert_refused(response, message, before)


def test_signup_with_several_errors_reports_each_and_keeps_what_was_typed(
    people, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    response = signup(
        django_capture_on_commit_callbacks, handle="RIVER", email=SCRIPT, password="short"
    )
    assert_refused(response, "That handle is taken. Try another one.", before)
    assert shows(response, "Enter a valid email address.")
    assert 'value="RIVER"' in html(response)
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html(response)
