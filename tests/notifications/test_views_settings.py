"""/settings/notifications/, the push subscription endpoint and one-click unsubscribe links."""

import re
from datetime import UTC, datetime, time

import pytest
from django.core import signing
from django.forms.models import model_to_dict
from django.test import Client

from alongside.accounts import actions as accounts
from alongside.accounts.models import User
from alongside.accounts.tokens import make_confirmation_token
from alongside.notifications import actions
from alongside.notifications.kinds import DEFAULT_PREFERENCES, EmailChoice, Kind
from alongside.notifications.models import (
    Delivery,
    Notification,
    NotificationSettings,
    PushSubscription,
)
from alongside.notifications.tokens import DIGEST, SALT, make_unsubscribe_token
from tests.accounts.builders import ESCAPED_SCRIPT, SCRIPT, html, shows
from tests.helpers import push_keys

P1, A1 = push_keys(1)
P2, A2 = push_keys(2)
P3, A3 = push_keys(3)
P4, A4 = push_keys(4)
P5, A5 = push_keys(5)
P6, A6 = push_keys(6)
P7, A7 = push_keys(7)


SETTINGS = "/settings/notifications/"
SUBSCRIBE = "/notifications/push/subscribe/"
ENDPOINT = "https://push.example/abc"
NOTHING_SAVED = "Please check the fields marked below. Nothing was saved yet."
BOTH_OR_NEITHER = "Choose both when quiet hours start and when they end, or leave both empty."
SAME_TIMES = "Quiet hours need to start and end at different times."
OVERLONG = "x" * 5000


def settings_form(**changes: str) -> dict[str, str]:
    """A complete, valid settings form as the page posts it (checked boxes send "on")."""
    form = {
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:00",
        "urgent_in_quiet_hours": "on",
        "digest_frequency": "weekly",
        "digest_hour": "19",
    }
    for kind in Kind.values:
        form[f"email_{kind}"] = EmailChoice.DIGEST
        form[f"push_{kind}"] = "on"
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def saved(user: User) -> dict[str, object] | None:
    """Everything the member's settings row holds, or None if they have none."""
    prefs = NotificationSettings.objects.filter(user=user).first()
    return model_to_dict(prefs) if prefs else None


@pytest.fixture
def river_chose(people) -> NotificationSettings:
    """river's earlier choices, different from both the defaults and settings_form()."""
    return actions.update_settings(
        user=people.river,
        preferences={kind: {"email": EmailChoice.OFF, "push": False} for kind in Kind.values},
        quiet_hours_start=time(21, 30),
        quiet_hours_end=time(6, 0),
        urgent_in_quiet_hours=False,
        digest_frequency=NotificationSettings.DigestFrequency.DAILY,
        digest_hour=8,
        email_details=True,
    )


@pytest.fixture
def push_hosts(settings):
    settings.WEB_PUSH_HOSTS = ["push.example"]


# The settings page


def test_the_page_shows_the_members_choices(people, client_for, river_chose):
    page = html(client_for(people.river).get(SETTINGS))
    assert 'value="21:30"' in page
    assert 'value="06:00"' in page
    assert re.search(r'<option value="daily" selected>', page)
    assert re.search(r'<option value="8" selected>08:00</option>', page)
    for kind in Kind.values:
        select = re.search(rf'<select name="email_{kind}".*?</select>', page, re.S).group(0)
        assert '<option value="off" selected>' in select
        assert re.search(rf'<input type="checkbox" name="push_{kind}"[^>]*>', page)
        assert not re.search(rf'<input type="checkbox" name="push_{kind}"[^>]*checked', page)


def test_a_new_member_sees_the_defaults_and_nothing_is_saved(people, client_for):
    page = html(client_for(people.outsider).get(SETTINGS))
    for kind, choice in DEFAULT_PREFERENCES.items():
        select = re.search(rf'<select name="email_{kind}".*?</select>', page, re.S).group(0)
        assert f'<option value="{choice["email"]}" selected>' in select
    assert saved(people.outsider) is None


def test_saving_each_kinds_email_and_push(people, client_for, river_chose):
    choices = {
        Kind.MESSAGES: (EmailChoice.INSTANT, True),
        Kind.REPLIES: (EmailChoice.DIGEST, False),
        Kind.CONNECTIONS: (EmailChoice.OFF, True),
        Kind.MILESTONES: (EmailChoice.OFF, False),
        Kind.MENTORING: (EmailChoice.INSTANT, False),
        Kind.MEETINGS: (EmailChoice.DIGEST, True),
        Kind.SUPPORT_NOW: (EmailChoice.INSTANT, True),
        Kind.MODERATION: (EmailChoice.DIGEST, False),
    }
    form = settings_form()
    for kind, (email, push) in choices.items():
        form[f"email_{kind}"] = email
        if not push:
            del form[f"push_{kind}"]  # an unchecked box is not sent
    response = client_for(people.river).post(SETTINGS, form, follow=True)
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert shows(response, "Your notification settings are saved.")
    prefs = NotificationSettings.objects.get(user=people.river)
    for kind, (email, push) in choices.items():
        assert (prefs.email_for(kind), prefs.push_for(kind)) == (email, push), kind
    assert (prefs.quiet_hours_start, prefs.quiet_hours_end) == (time(22), time(7))
    assert prefs.urgent_in_quiet_hours is True
    assert (prefs.digest_frequency, prefs.digest_hour) == ("weekly", 19)
    assert prefs.email_details is False


def test_saving_changes_only_the_members_own_settings(people, client_for, river_chose):
    sams = saved(people.sam)
    client_for(people.sam).post(SETTINGS, settings_form(digest_hour="3"))
    assert saved(people.river) == model_to_dict(river_chose)
    assert saved(people.sam) != sams
    assert NotificationSettings.objects.get(user=people.sam).digest_hour == 3


def test_what_is_saved_decides_what_notify_sends(people, client_for, push_hosts):
    actions.save_push_subscription(user=people.river, endpoint=ENDPOINT, p256dh=P3, auth=A3)
    form = settings_form(
        email_connections=EmailChoice.OFF, quiet_hours_start="", quiet_hours_end=""
    )
    del form["push_connections"]
    client_for(people.river).post(SETTINGS, form)
    notification = actions.notify(
        recipient=people.river, verb="connection.requested", actor=people.sam
    )
    assert notification is not None
    assert not Delivery.objects.filter(notification=notification).exists()


def test_quiet_hours_may_be_left_empty(people, client_for, river_chose):
    response = client_for(people.river).post(
        SETTINGS, settings_form(quiet_hours_start="", quiet_hours_end="")
    )
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=people.river)
    assert (prefs.quiet_hours_start, prefs.quiet_hours_end) == (None, None)


@pytest.mark.parametrize(
    ("start", "end"), [("22:00", "07:00"), ("00:00", "06:30"), ("13:15", "13:45")]
)
def test_quiet_hours_are_saved_including_across_midnight(people, client_for, start, end):
    response = client_for(people.river).post(
        SETTINGS, settings_form(quiet_hours_start=start, quiet_hours_end=end)
    )
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=people.river)
    assert prefs.quiet_hours_start.strftime("%H:%M") == start
    assert prefs.quiet_hours_end.strftime("%H:%M") == end


def refused(client: Client, form: dict[str, str], user: User, before: object) -> str:
    """Post `form`: it must be a 400 that says nothing was saved, and nothing must be saved."""
    response = client.post(SETTINGS, form)
    assert response.status_code == 400
    assert shows(response, NOTHING_SAVED)
    assert saved(user) == before
    page = html(response)
    assert SCRIPT not in page
    return page


@pytest.mark.parametrize(("start", "end"), [("22:00", ""), ("", "07:00")])
def test_quiet_hours_need_both_times_or_neither(people, client_for, river_chose, start, end):
    form = settings_form(quiet_hours_start=start, quiet_hours_end=end)
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert 'role="alert"' in page
    assert BOTH_OR_NEITHER in page


@pytest.mark.parametrize(("start", "end"), [("22:00", "22:00"), ("07:00", "07:00:00")])
def test_quiet_hours_that_start_when_they_end_are_refused(
    people, client_for, river_chose, start, end
):
    form = settings_form(quiet_hours_start=start, quiet_hours_end=end)
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert SAME_TIMES in page


TIME_FIELDS = ["quiet_hours_start", "quiet_hours_end"]
CHOICE_FIELDS = ["digest_frequency", "digest_hour", *(f"email_{kind}" for kind in Kind.values)]


@pytest.mark.parametrize("field", TIME_FIELDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25:99", "Enter a valid time."),
        ("24:00", "Enter a valid time."),
        ("7pm", "Enter a valid time."),
        (OVERLONG, "Enter a valid time."),
        (SCRIPT, "Enter a valid time."),
        ("", BOTH_OR_NEITHER),
    ],
)
def test_a_bad_time_is_refused_and_nothing_saved(
    people, client_for, river_chose, field, value, message
):
    form = settings_form(**{field: value})
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert message in page


@pytest.mark.parametrize("field", CHOICE_FIELDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25:99", "Select a valid choice."),
        (OVERLONG, "Select a valid choice."),
        (SCRIPT, "Select a valid choice."),
        ("", "This field is required."),
    ],
)
def test_a_bad_choice_is_refused_and_nothing_saved(
    people, client_for, river_chose, field, value, message
):
    form = settings_form(**{field: value})
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert message in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("digest_frequency", "hourly"),
        ("digest_frequency", "monthly"),
        ("digest_frequency", "DAILY"),
        ("digest_hour", "24"),
        ("digest_hour", "-1"),
        ("digest_hour", "8.5"),
        ("digest_hour", "99999999999999999999"),
        ("email_messages", "always"),
        ("email_support_now", "INSTANT"),
    ],
)
def test_choices_that_are_not_offered_are_refused(people, client_for, river_chose, field, value):
    form = settings_form(**{field: value})
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert "Select a valid choice." in page


@pytest.mark.parametrize("value", ["25:99", OVERLONG, "", SCRIPT])
def test_every_field_bad_at_once_is_refused_for_a_member_with_no_settings(
    people, client_for, value
):
    form = dict.fromkeys(settings_form(), value)
    refused(client_for(people.outsider), form, people.outsider, None)


def test_a_post_with_no_fields_is_refused(people, client_for, river_chose):
    response = client_for(people.river).post(SETTINGS, {})
    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert saved(people.river) == model_to_dict(river_chose)


def test_a_checkbox_is_on_whatever_value_it_sends(people, client_for):
    # A checkbox's value carries no meaning: present is on, absent or empty is off.
    form = settings_form(push_messages=SCRIPT, push_replies="", email_details=SCRIPT)
    response = client_for(people.river).post(SETTINGS, form)
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=people.river)
    assert prefs.push_for(Kind.MESSAGES) is True
    assert prefs.push_for(Kind.REPLIES) is False
    assert prefs.email_details is True
    assert SCRIPT not in str(saved(people.river))


def test_checkbox_values_are_escaped_when_the_form_comes_back(people, client_for, river_chose):
    form = settings_form(push_messages=SCRIPT, digest_hour="25")
    page = refused(client_for(people.river), form, people.river, model_to_dict(river_chose))
    assert SCRIPT not in page


# The push subscription endpoint


def subscribe(client: Client, **changes: str):
    data = {"endpoint": ENDPOINT, "p256dh": P4, "auth": A4, "device": "Linux"}
    data.update(changes)
    return client.post(SUBSCRIBE, {k: v for k, v in data.items() if v is not None})


def test_a_valid_subscription_is_stored_for_the_member(people, client_for, push_hosts):
    response = subscribe(client_for(people.river))
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    device = PushSubscription.objects.get()
    assert device.user == people.river
    assert (device.endpoint, device.p256dh, device.auth, device.device) == (
        ENDPOINT,
        P4,
        A4,
        "Linux",
    )
    assert shows(client_for(people.river).get(SETTINGS), "Linux")


def test_a_subdomain_of_an_allowed_push_service_is_allowed(people, client_for, push_hosts):
    response = subscribe(client_for(people.river), endpoint="https://eu-1.push.example/x")
    assert response.status_code == 201
    assert PushSubscription.objects.get().endpoint == "https://eu-1.push.example/x"


def test_the_device_name_is_optional(people, client_for, push_hosts):
    assert subscribe(client_for(people.river), device=None).status_code == 201
    assert PushSubscription.objects.get().device == ""


def test_subscribing_again_from_the_same_browser_keeps_one_row(people, client_for, push_hosts):
    client = client_for(people.river)
    subscribe(client)
    assert subscribe(client, p256dh=P5, auth=A5).status_code == 201
    device = PushSubscription.objects.get()
    assert (device.user, device.p256dh, device.auth) == (people.river, P5, A5)


def assert_refused(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert SCRIPT not in response.content.decode()
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("endpoint", "https://push.example/" + "a" * 1000),
        ("p256dh", "B" * 201),
        ("auth", "a" * 101),
        ("device", "d" * 101),
        ("endpoint", ""),
        ("p256dh", ""),
        ("auth", ""),
        ("endpoint", None),
        ("p256dh", None),
        ("auth", None),
        ("endpoint", SCRIPT),
        ("endpoint", "push.example/abc <script>"),
        ("endpoint", "not a url"),
    ],
)
def test_a_bad_subscription_is_refused_and_nothing_stored(
    people, client_for, push_hosts, field, value
):
    response = subscribe(client_for(people.river), **{field: value})
    assert_refused(response)
    assert response.json() == {"error": "This browser can't receive notifications from us."}


@pytest.mark.parametrize("field", ["p256dh", "auth"])
def test_keys_that_are_not_base64url_are_refused(people, client_for, push_hosts, field):
    assert_refused(subscribe(client_for(people.river), **{field: SCRIPT}))


def test_a_device_name_with_markup_is_only_ever_shown_as_text(people, client_for, push_hosts):
    # The name is a label the browser reports (its platform); it is shown back to its owner only,
    # escaped, so markup in it is harmless text rather than a reason to refuse the device.
    client = client_for(people.river)
    assert subscribe(client, device=SCRIPT).status_code == 201
    page = html(client.get(SETTINGS))
    assert ESCAPED_SCRIPT in page
    assert SCRIPT not in page


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example/abc",
        "https://push.example.evil.example/abc",
        "https://evilpush.example/abc",
        "https://push.example@evil.example/abc",
        "https://127.0.0.1/abc",
        "https://localhost/abc",
    ],
)
def test_a_push_service_that_is_not_allowed_is_refused(people, client_for, push_hosts, endpoint):
    response = subscribe(client_for(people.river), endpoint=endpoint)
    assert_refused(response)


def test_a_host_not_allowed_gets_a_clear_message(people, client_for, push_hosts):
    response = subscribe(client_for(people.river), endpoint="https://evil.example/abc")
    assert response.json() == {
        "error": "This browser gave an address we can't use for notifications."
    }


@pytest.mark.parametrize("endpoint", ["http://push.example/abc", "ftp://push.example/abc"])
def test_push_services_without_https_are_refused_in_production(
    people, client_for, settings, endpoint
):
    settings.WEB_PUSH_HOSTS = ["push.example"]
    settings.DEBUG = False
    settings.TESTING = False
    assert_refused(subscribe(client_for(people.river), endpoint=endpoint))


def test_subscribing_needs_a_csrf_token(people, push_hosts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.river)
    response = subscribe(client)
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()
    # With the token the page gives alongside.js, the same request is accepted.
    client.get(SETTINGS)
    token = client.cookies["csrftoken"].value
    data = {"endpoint": ENDPOINT, "p256dh": P3, "auth": A3}
    assert client.post(SUBSCRIBE, data, headers={"X-CSRFToken": token}).status_code == 201


def test_another_member_on_the_same_browser_takes_the_subscription_over(
    people, client_for, push_hosts
):
    # A push endpoint is one browser: whoever subscribed last is the one using it there, so it
    # moves to them (river's notifications must not keep reaching a browser sam now uses).
    subscribe(client_for(people.river), p256dh=P6, auth=A6, device="Android")
    response = subscribe(client_for(people.sam), p256dh=P7, auth=A7, device="")
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    device = PushSubscription.objects.get()
    assert (device.user, device.p256dh, device.auth, device.device) == (
        people.sam,
        P7,
        A7,
        "",
    )
    sams_page = html(client_for(people.sam).get(SETTINGS))
    assert "Android" not in sams_page
    assert P6 not in sams_page
    assert "river" not in re.sub(r"<header.*?</header>", "", sams_page, flags=re.S).lower()
    assert "/remove/" not in html(client_for(people.river).get(SETTINGS))
    assert not people.river.push_subscriptions.exists()


def test_taking_a_subscription_over_does_not_show_when_the_first_member_subscribed(
    people, client_for, push_hosts
):
    subscribe(client_for(people.river), device="Android")
    PushSubscription.objects.update(created_at=datetime(2020, 3, 4, tzinfo=UTC))
    subscribe(client_for(people.sam), device="Linux")
    assert PushSubscription.objects.get().created_at.year != 2020
    assert "2020" not in html(client_for(people.sam).get(SETTINGS))


# Unsubscribe links in emails


def unsubscribe_url(token: str) -> str:
    return f"/notifications/unsubscribe/{token}/"


def one_click() -> Client:
    """A mail app: no session, no CSRF token, RFC 8058's body."""
    return Client(enforce_csrf_checks=True)


ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def deliveries(user: User) -> dict[int, str]:
    return dict(Delivery.objects.filter(notification__recipient=user).values_list("pk", "status"))


@pytest.fixture
def waiting(people, push_hosts) -> dict[str, int]:
    """river's deliveries in every state, of connections and of messages; their ids by name."""
    river = people.river
    actions.save_push_subscription(user=river, endpoint=ENDPOINT, p256dh=P3, auth=A3)

    def connection_request() -> Notification:
        made = actions.notify(recipient=river, verb="connection.requested", actor=people.sam)
        assert made is not None
        return made

    digest = connection_request()  # connections are in the digest by default
    set_email(river, Kind.CONNECTIONS, EmailChoice.INSTANT)
    pending = connection_request()
    sent = connection_request()
    Delivery.objects.filter(notification=sent).update(status=Delivery.Status.SENT)
    set_email(river, Kind.CONNECTIONS, EmailChoice.DIGEST)
    message = Notification.objects.create(recipient=river, kind=Kind.MESSAGES, verb="message.new")
    message_email = Delivery.objects.create(notification=message, channel=Delivery.Channel.EMAIL)
    email = Delivery.Channel.EMAIL
    ids = {
        "digest email": Delivery.objects.get(notification=digest, channel=email).pk,
        "pending email": Delivery.objects.get(notification=pending, channel=email).pk,
        "sent email": Delivery.objects.get(notification=sent, channel=email).pk,
        "pending push": Delivery.objects.get(notification=pending, channel="push").pk,
        "message email": message_email.pk,
    }
    assert Delivery.objects.get(pk=ids["digest email"]).status == Delivery.Status.DIGEST
    assert Delivery.objects.get(pk=ids["pending email"]).status == Delivery.Status.PENDING
    return ids


def set_email(user: User, kind: str, choice: str) -> None:
    prefs = actions.settings_for(user)
    preferences = {k: {"email": prefs.email_for(k), "push": prefs.push_for(k)} for k in Kind.values}
    preferences[kind]["email"] = choice
    actions.update_settings(user=user, preferences=preferences)


def email_choices(user: User) -> dict[str, str]:
    prefs = actions.settings_for(User.objects.get(pk=user.pk))
    return {kind: prefs.email_for(kind) for kind in Kind.values}


def push_choices(user: User) -> dict[str, bool]:
    prefs = actions.settings_for(User.objects.get(pk=user.pk))
    return {kind: prefs.push_for(kind) for kind in Kind.values}


def test_the_link_asks_first_and_changes_nothing(people, waiting):
    before = (saved(people.river), deliveries(people.river))
    url = unsubscribe_url(make_unsubscribe_token(people.river.pk, Kind.CONNECTIONS))
    response = Client().get(url)
    assert response.status_code == 200
    assert shows(response, "Stop these emails?")
    assert shows(response, "Connection requests")
    assert '<form method="post">' in html(response)
    assert (saved(people.river), deliveries(people.river)) == before


def test_one_click_turns_that_kinds_email_off_and_skips_what_waits(people, waiting):
    emails, pushes = email_choices(people.river), push_choices(people.river)
    url = unsubscribe_url(make_unsubscribe_token(people.river.pk, Kind.CONNECTIONS))
    response = one_click().post(url, ONE_CLICK)
    assert response.status_code == 200
    assert shows(response, "You're unsubscribed")
    assert shows(response, "Connection requests")
    assert email_choices(people.river) == {**emails, Kind.CONNECTIONS: EmailChoice.OFF}
    assert push_choices(people.river) == pushes
    statuses = deliveries(people.river)
    assert statuses[waiting["digest email"]] == Delivery.Status.SKIPPED
    assert statuses[waiting["pending email"]] == Delivery.Status.SKIPPED
    assert statuses[waiting["sent email"]] == Delivery.Status.SENT
    assert statuses[waiting["pending push"]] == Delivery.Status.PENDING
    assert statuses[waiting["message email"]] == Delivery.Status.PENDING


def test_one_click_twice_is_fine(people, waiting):
    url = unsubscribe_url(make_unsubscribe_token(people.river.pk, Kind.CONNECTIONS))
    one_click().post(url, ONE_CLICK)
    response = one_click().post(url, ONE_CLICK)
    assert response.status_code == 200
    assert email_choices(people.river)[Kind.CONNECTIONS] == EmailChoice.OFF


def test_the_digest_link_turns_off_every_kind_that_was_in_the_digest(people, waiting):
    set_email(people.river, Kind.MODERATION, EmailChoice.DIGEST)
    set_email(people.river, Kind.MEETINGS, EmailChoice.INSTANT)
    before, pushes = email_choices(people.river), push_choices(people.river)
    url = unsubscribe_url(make_unsubscribe_token(people.river.pk, DIGEST))
    assert shows(Client().get(url), "digest")
    response = one_click().post(url, ONE_CLICK)
    assert response.status_code == 200
    assert shows(response, "You're unsubscribed")
    expected = {
        kind: EmailChoice.OFF if choice == EmailChoice.DIGEST else choice
        for kind, choice in before.items()
    }
    assert email_choices(people.river) == expected
    assert expected[Kind.MEETINGS] == EmailChoice.INSTANT
    assert expected[Kind.MESSAGES] == EmailChoice.INSTANT
    assert expected[Kind.MODERATION] == expected[Kind.REPLIES] == EmailChoice.OFF
    assert push_choices(people.river) == pushes
    statuses = deliveries(people.river)
    assert statuses[waiting["digest email"]] == Delivery.Status.SKIPPED
    assert statuses[waiting["pending push"]] == Delivery.Status.PENDING
    assert statuses[waiting["message email"]] == Delivery.Status.PENDING


def test_unsubscribing_one_member_never_changes_another(people, waiting):
    actions.update_settings(
        user=people.sam, preferences={Kind.CONNECTIONS: {"email": "instant", "push": True}}
    )
    made = actions.notify(recipient=people.sam, verb="connection.requested", actor=people.jordan)
    sams = (saved(people.sam), deliveries(people.sam))
    assert Delivery.objects.filter(notification=made).exists()
    for kind in (Kind.CONNECTIONS, DIGEST):
        url = unsubscribe_url(make_unsubscribe_token(people.river.pk, kind))
        assert one_click().post(url, ONE_CLICK).status_code == 200
    assert (saved(people.sam), deliveries(people.sam)) == sams
    assert saved(people.outsider) is None


def test_the_link_acts_for_the_member_it_names_whoever_clicks_it(people, client_for, waiting):
    # The token names who it is for, whoever clicks it: sam clicking river's link changes river's.
    url = unsubscribe_url(make_unsubscribe_token(people.river.pk, Kind.CONNECTIONS))
    sams = saved(people.sam)
    assert client_for(people.sam).post(url).status_code == 200
    assert saved(people.sam) == sams
    assert email_choices(people.river)[Kind.CONNECTIONS] == EmailChoice.OFF


def invalid_tokens(river: User, sam: User) -> dict[str, str]:
    good = make_unsubscribe_token(river.pk, Kind.CONNECTIONS)
    flipped = good[:-1] + ("A" if good[-1] != "A" else "B")
    other = make_unsubscribe_token(sam.pk, Kind.CONNECTIONS)  # signed, but for someone else
    return {
        "tampered signature": flipped,
        "tampered payload": other.rsplit(":", 1)[0] + ":" + good.rsplit(":", 1)[1],
        "cut short": good[: len(good) // 2],
        "another salt": signing.dumps([river.pk, Kind.CONNECTIONS], salt="another.salt"),
        "an email confirmation token": make_confirmation_token(river),
        "an unknown kind": make_unsubscribe_token(river.pk, "everything"),
        "not a list": signing.dumps({"user": river.pk}, salt=SALT),
        "a handle for a user id": signing.dumps(["river", Kind.CONNECTIONS], salt=SALT),
        "junk": "abc",
        "markup": "%3Cscript%3Ealert(1)%3C",
    }


@pytest.mark.parametrize(
    "name",
    [
        "tampered signature",
        "tampered payload",
        "cut short",
        "another salt",
        "an email confirmation token",
        "an unknown kind",
        "not a list",
        "a handle for a user id",
        "junk",
        "markup",
    ],
)
def test_an_invalid_link_says_so_and_changes_nothing(people, waiting, name):
    token = invalid_tokens(people.river, people.sam)[name]
    before = (saved(people.river), deliveries(people.river), saved(people.sam))
    for response in (
        Client().get(unsubscribe_url(token)),
        one_click().post(unsubscribe_url(token)),
    ):
        assert response.status_code == 404
        assert shows(response, "This link isn't valid")
        assert '<form method="post">' not in html(response)
        assert "<script>alert" not in html(response)
    assert (saved(people.river), deliveries(people.river), saved(people.sam)) == before


def test_a_link_for_a_deleted_member_is_not_valid(people):
    token = make_unsubscribe_token(people.outsider.pk, Kind.CONNECTIONS)
    accounts.delete_account(user=people.outsider)
    for response in (
        Client().get(unsubscribe_url(token)),
        one_click().post(unsubscribe_url(token)),
    ):
        assert response.status_code == 404
        assert shows(response, "This link isn't valid")
    assert not NotificationSettings.objects.exists()


def test_a_link_for_a_deactivated_member_is_not_valid(people):
    User.objects.filter(pk=people.outsider.pk).update(is_active=False)
    token = make_unsubscribe_token(people.outsider.pk, Kind.CONNECTIONS)
    response = one_click().post(unsubscribe_url(token))
    assert response.status_code == 404
    assert saved(people.outsider) is None
