"""Login throttling (django-axes): five failures lock an account, and separately an address."""

import re

from django.conf import settings
from django.core import mail
from django.test import Client

from tests.accounts.builders import html, shows
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
WRONG = "not-the-right-password"
LOCKED = "Too many attempts to log in. For your safety, please try again in 15 minutes"


def log_in(username: str, password: str, ip: str = "127.0.0.1"):
    return Client().post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def assert_locked(response) -> None:
    assert response.status_code == 429
    assert shows(response, LOCKED)
    assert 'href="/accounts/password-reset/"' in html(response)
    assert "sessionid" not in response.cookies


def test_the_test_settings_lock_after_five_failures():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_five_failures_for_one_account_lock_it_even_for_the_right_password(people):
    for attempt in range(4):
        response = log_in("river", WRONG, ip=f"10.0.0.{attempt}")
        assert response.status_code == 200, attempt
        assert shows(response, "That handle or email and password didn't match.")
    assert_locked(log_in("river", WRONG, ip="10.0.0.4"))
    assert_locked(log_in("river", PASSWORD, ip="10.0.0.5"))
    assert_locked(log_in("RIVER", PASSWORD, ip="10.0.0.6"))


def test_an_account_is_locked_however_the_handle_is_capitalised(people):
    for attempt, typed in enumerate(["river", "RIVER", "River", " river", "rIVER"]):
        log_in(typed, WRONG, ip=f"10.0.1.{attempt}")
    assert_locked(log_in("River", PASSWORD, ip="10.0.1.9"))


def test_an_account_is_locked_whether_failures_used_the_handle_or_the_email(people):
    for attempt in range(3):
        log_in("river", WRONG, ip=f"10.0.2.{attempt}")
    for attempt in range(2):
        log_in("River@Example.org", WRONG, ip=f"10.0.3.{attempt}")
    assert_locked(log_in("river", PASSWORD, ip="10.0.4.1"))


def test_a_locked_account_does_not_lock_other_members(people):
    for attempt in range(5):
        log_in("river", WRONG, ip=f"10.0.5.{attempt}")
    assert log_in("sam", PASSWORD, ip="10.0.6.1").status_code == 302


def test_five_failures_from_one_address_lock_it_for_every_handle(people):
    for attempt, handle in enumerate(["sam", "jordan", "morgan", "casey", "nobody_here"]):
        response = log_in(handle, WRONG, ip="203.0.113.7")
        assert response.status_code == (200 if attempt < 4 else 429)
    assert_locked(log_in("river", PASSWORD, ip="203.0.113.7"))
    assert_locked(log_in("outsider@example.org", PASSWORD, ip="203.0.113.7"))
    # River herself, from her own address, is not affected.
    assert log_in("river", PASSWORD, ip="198.51.100.1").status_code == 302


def test_a_successful_login_clears_earlier_failures(people):
    for attempt in range(4):
        log_in("river", WRONG, ip=f"10.0.7.{attempt}")
    assert log_in("river", PASSWORD, ip="10.0.7.9").status_code == 302
    for attempt in range(4):
        assert log_in("river", WRONG, ip=f"10.0.8.{attempt}").status_code == 200
    assert log_in("river", PASSWORD, ip="10.0.8.9").status_code == 302


def test_bad_form_input_does_not_count_as_a_failed_login(people):
    for _attempt in range(6):
        assert log_in("", WRONG).status_code == 200
        assert log_in("river", "").status_code == 200
    assert log_in("river", PASSWORD).status_code == 302


def test_resetting_the_password_lifts_the_lockout_as_the_message_promises(people):
    for _attempt in range(5):
        log_in("river", WRONG)
    client = Client()
    client.post("/accounts/password-reset/", {"email": "river@example.org"})
    match = re.search(r"http://testserver(/\S+)", str(mail.outbox[0].body))
    assert match
    form_page = client.get(match.group(1), follow=True)
    new = {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"}
    assert client.post(form_page.redirect_chain[-1][0], new).status_code == 302
    assert log_in("river", "a-brand-new-passphrase").status_code == 302
