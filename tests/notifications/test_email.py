"""Notification emails and digests: multipart, in the member's language, discreet unless the member
opted in, with one-click unsubscribe links that cannot be forged."""

import email.policy
import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from unittest.mock import patch
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alongside.accounts import actions as accounts
from alongside.accounts.tokens import make_confirmation_token
from alongside.notifications import actions
from alongside.notifications.kinds import EmailChoice, Kind, register_verb
from alongside.notifications.models import Delivery, Notification, NotificationSettings
from alongside.notifications.tokens import (
    DIGEST,
    SALT,
    make_unsubscribe_token,
    read_unsubscribe_token,
)
from tests.conftest import make_member

REPLY = register_verb(
    "test.email.reply",
    kind=Kind.MESSAGES,  # emailed at once by default
    text=_("%(actor)s replied to you in %(topic)s."),
    summary=_("Someone replied to you"),
).name
DIGESTED = {
    kind: register_verb(
        f"test.email.{kind}",
        kind=kind,
        text=_("%(actor)s wrote about %(topic)s."),
        summary=_("Something new"),
    ).name
    for kind in (Kind.REPLIES, Kind.CONNECTIONS, Kind.MEETINGS)  # digest kinds by default
}
HANDLE = "zephyrquill"  # a handle no template text could contain by chance
TOPIC = "Tuesday Night Group"


@pytest.fixture
def actor(db):
    return make_member(HANDLE)


def _notify(recipient, verb=REPLY, actor=None, **params) -> Notification:
    notification = actions.notify(
        recipient=recipient, verb=verb, actor=actor, params={"topic": TOPIC, **params}
    )
    assert notification is not None
    return notification


def _send(notification: Notification) -> mail.EmailMultiAlternatives:
    delivery = Delivery.objects.get(notification=notification, channel=Delivery.Channel.EMAIL)
    assert actions.deliver(delivery_id=delivery.pk) == "sent"
    assert len(mail.outbox) >= 1
    return mail.outbox[-1]


def _html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def _raw(message) -> str:
    return message.message().as_bytes().decode("utf-8", "replace")


# One email per notification


def test_the_email_is_multipart_text_and_html(people, actor):
    notification = _notify(people.river, actor=actor)
    message = _send(notification)
    assert message.to == [people.river.email]
    assert message.body.strip()
    html = _html(message)
    assert html.lstrip().startswith("<!doctype html>")
    open_url = f"http://testserver/notifications/{notification.pk}/"
    assert open_url in message.body
    assert open_url in html
    parsed = message_from_bytes(message.message().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.get_payload()] == [
        "text/plain",
        "text/html",
    ]


def test_by_default_the_email_only_says_that_something_happened(people, actor):
    notification = _notify(people.river, actor=actor)
    assert HANDLE in notification.text and TOPIC in notification.text  # the in-app text names
    message = _send(notification)
    assert message.subject == "Someone replied to you on Alongside"
    assert "Someone replied to you" in message.body
    everything = _raw(message) + _html(message) + message.body + message.subject
    assert HANDLE not in everything
    assert TOPIC not in everything
    assert notification.text not in everything
    assert "replied to you in" not in everything


def test_with_details_on_the_email_says_who_and_what(people, actor):
    actions.update_settings(user=people.river, preferences={}, email_details=True)
    notification = _notify(people.river, actor=actor)
    message = _send(notification)
    assert message.subject == f"Alongside: {HANDLE} replied to you in {TOPIC}."
    assert notification.text in message.body
    assert notification.text in _html(message)


def test_the_email_carries_one_click_unsubscribe_headers(people, actor):
    message = _send(_notify(people.river, actor=actor))
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/notifications/unsubscribe/")
    assert header.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = urlsplit(header[1:-1]).path.rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (people.river.pk, Kind.MESSAGES)
    # The footer link is the same one.
    assert header[1:-1] in message.body


def _wire_header(message, name: str) -> str:
    """A header exactly as the SMTP backend puts it on the wire, unfolded."""
    raw = message.message(policy=email.policy.SMTP).as_bytes().decode("ascii")
    head = raw.split("\r\n\r\n", 1)[0]
    unfolded = re.sub(r"\r\n[ \t]+", " ", head)
    [value] = [
        line.split(":", 1)[1].strip()
        for line in unfolded.split("\r\n")
        if line.lower().startswith(name.lower() + ":")
    ]
    return value


def test_the_unsubscribe_header_reaches_mail_apps_as_a_plain_uri(people, actor):
    message = _send(_notify(people.river, actor=actor))
    assert _wire_header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert _wire_header(message, "List-Unsubscribe") == message.extra_headers["List-Unsubscribe"]


def test_the_one_click_post_stops_that_kind_of_email_for_that_member_only(people, actor):
    message = _send(_notify(people.river, actor=actor))
    waiting = _notify(people.river, actor=actor)  # planned, not sent yet
    path = urlsplit(message.extra_headers["List-Unsubscribe"][1:-1]).path

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    prefs = NotificationSettings.objects.get(user=people.river)
    assert prefs.email_for(Kind.MESSAGES) == EmailChoice.OFF
    assert prefs.email_for(Kind.MENTORING) == EmailChoice.INSTANT  # other kinds untouched
    assert prefs.push_for(Kind.MESSAGES) is True
    email = Delivery.objects.get(notification=waiting, channel=Delivery.Channel.EMAIL)
    assert email.status == Delivery.Status.SKIPPED
    # river's link changed nothing for anyone else.
    assert actions.settings_for(people.sam).email_for(Kind.MESSAGES) == EmailChoice.INSTANT


def test_the_email_is_written_in_the_members_language(people, actor):
    people.river.language = "es"
    people.river.save(update_fields=["language"])
    languages = []

    def send(message, *args, **kwargs):
        languages.append((translation.get_language(), message.subject))
        return 1

    target = "alongside.notifications.emails.EmailMultiAlternatives.send"
    with translation.override("en"), patch(target, autospec=True, side_effect=send):
        _notify(people.river, actor=actor)
        delivery = Delivery.objects.get(channel=Delivery.Channel.EMAIL)
        assert actions.deliver(delivery_id=delivery.pk) == "sent"
        assert translation.get_language() == "en"  # restored afterwards
    assert [language for language, _subject in languages] == ["es"]


def test_a_spanish_speaking_member_gets_the_email_in_spanish(people, actor):
    people.river.language = "es"
    people.river.save(update_fields=["language"])
    actions.update_settings(
        user=people.river, preferences={Kind.CONNECTIONS: {"email": EmailChoice.INSTANT}}
    )
    notification = actions.notify(
        recipient=people.river, verb="connection.requested", actor=actor, url="/me/connections/"
    )
    assert notification is not None
    message = _send(notification)
    assert message.subject == "Tienes una nueva solicitud de conexión en Alongside"
    assert "Dejar de recibir estos correos" in message.body
    assert "Dejar de recibir estos correos" in _html(message)
    assert HANDLE not in message.subject + message.body
    assert translation.get_language() == "en"  # the override did not leak


def test_a_spanish_speaking_member_gets_the_digest_in_spanish(river_in_kolkata, actor):
    river_in_kolkata.language = "es"
    river_in_kolkata.save(update_fields=["language"])
    _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    assert actions.send_due_digests(now=KOLKATA_8AM) == 1
    assert mail.outbox[0].subject == "Tu resumen de Alongside"


# Unsubscribe tokens


@pytest.mark.parametrize("kind", [*Kind.values, DIGEST])
def test_unsubscribe_tokens_round_trip(kind):
    token = make_unsubscribe_token(42, kind)
    assert read_unsubscribe_token(token) == (42, kind)
    assert "/" not in token  # safe inside a URL path segment


def test_a_tampered_token_is_rejected():
    token = make_unsubscribe_token(42, Kind.MESSAGES)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert read_unsubscribe_token(flipped) is None
    payload, signature = token.rsplit(":", 1)[0], token.rsplit(":", 1)[1]
    other = make_unsubscribe_token(43, Kind.MESSAGES)
    # Another member's payload with this token's signature: rejected.
    forged = other.rsplit(":", 1)[0] + ":" + signature
    assert forged != other
    assert read_unsubscribe_token(forged) is None
    assert read_unsubscribe_token(payload + ":") is None


def test_tokens_made_elsewhere_are_rejected(people):
    assert read_unsubscribe_token(signing.dumps([people.river.pk, "messages"])) is None
    assert read_unsubscribe_token(signing.dumps([people.river.pk, "messages"], salt="x")) is None
    assert read_unsubscribe_token(make_confirmation_token(people.river)) is None
    forged_key = signing.dumps([people.river.pk, "messages"], salt=SALT, key="not-our-secret")
    assert read_unsubscribe_token(forged_key) is None


@pytest.mark.parametrize(
    "payload", [{"a": 1}, ["1", "messages"], [1, 2], [1], 5, None, [1, "messages", "x"]]
)
def test_tokens_of_the_wrong_shape_are_rejected(payload):
    assert read_unsubscribe_token(signing.dumps(payload, salt=SALT)) is None


@pytest.mark.parametrize("token", ["", "abc", ":", "a:b:c", "x" * 500])
def test_garbage_tokens_are_rejected(token):
    assert read_unsubscribe_token(token) is None


def test_a_forged_link_changes_nothing(people):
    forged = signing.dumps([people.river.pk, "messages"], salt=SALT, key="not-our-secret")
    response = Client().post(f"/notifications/unsubscribe/{forged}/")
    assert response.status_code == 404
    assert not NotificationSettings.objects.filter(user=people.river).exists()


# Digests

KOLKATA_8AM = datetime(2026, 1, 15, 2, 30, tzinfo=UTC)  # 08:00 in Asia/Kolkata (UTC+5:30)


@pytest.fixture
def river_in_kolkata(people):
    people.river.timezone = "Asia/Kolkata"
    people.river.save(update_fields=["timezone"])
    return people.river


def _digest_deliveries(user) -> list[Delivery]:
    return list(
        Delivery.objects.filter(notification__recipient=user, channel=Delivery.Channel.EMAIL)
    )


def test_the_daily_digest_comes_at_the_members_local_hour_and_groups_by_kind(
    river_in_kolkata, actor
):
    river = river_in_kolkata
    _notify(river, DIGESTED[Kind.REPLIES], actor)
    _notify(river, DIGESTED[Kind.REPLIES], actor)
    _notify(river, DIGESTED[Kind.CONNECTIONS], actor)
    assert {d.status for d in _digest_deliveries(river)} == {Delivery.Status.DIGEST}

    # 08:00 UTC (the server's idea of morning) is 13:30 in Kolkata; 02:00 UTC is 07:30 there.
    for wrong in (datetime(2026, 1, 15, 8, 0, tzinfo=UTC), datetime(2026, 1, 15, 2, 0, tzinfo=UTC)):
        assert actions.send_due_digests(now=wrong) == 0
    assert mail.outbox == []

    assert actions.send_due_digests(now=KOLKATA_8AM) == 1
    [message] = mail.outbox
    assert message.to == [river.email]
    assert message.subject == "Your Alongside digest"
    assert "There are 3 new things waiting for you on Alongside." in message.body
    assert "- Replies to your posts: 2" in message.body
    assert "- Connection requests: 1" in message.body
    assert "Replies to your posts: 2" in _html(message)
    everything = _raw(message) + _html(message)
    assert HANDLE not in everything
    assert TOPIC not in everything
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = urlsplit(message.extra_headers["List-Unsubscribe"][1:-1]).path.rsplit("/", 2)[1]
    assert read_unsubscribe_token(token) == (river.pk, DIGEST)

    for delivery in _digest_deliveries(river):
        assert delivery.status == Delivery.Status.SENT
        assert delivery.sent_at == KOLKATA_8AM
    assert NotificationSettings.objects.get(user=river).last_digest_at == KOLKATA_8AM


def test_running_the_digest_job_twice_sends_once(river_in_kolkata, actor):
    river = river_in_kolkata
    _notify(river, DIGESTED[Kind.REPLIES], actor)
    assert actions.send_due_digests(now=KOLKATA_8AM) == 1
    assert actions.send_due_digests(now=KOLKATA_8AM) == 0
    # Something new later in the same hour waits for tomorrow's digest.
    _notify(river, DIGESTED[Kind.MEETINGS], actor)
    assert actions.send_due_digests(now=KOLKATA_8AM + timedelta(minutes=20)) == 0
    assert len(mail.outbox) == 1
    assert actions.send_due_digests(now=KOLKATA_8AM + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2
    assert "There is 1 new thing waiting for you on Alongside." in mail.outbox[1].body
    assert "- Meetings: 1" in mail.outbox[1].body


def test_the_digest_hour_is_the_members_choice(river_in_kolkata, actor):
    actions.update_settings(user=river_in_kolkata, preferences={}, digest_hour=21)
    _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    assert actions.send_due_digests(now=KOLKATA_8AM) == 0
    assert actions.send_due_digests(now=datetime(2026, 1, 15, 15, 30, tzinfo=UTC)) == 1


def test_the_weekly_digest_comes_only_on_mondays_in_the_members_zone(people, actor):
    river = people.river
    river.timezone = "Pacific/Auckland"  # UTC+13 in January: Monday there is Sunday in UTC
    river.save(update_fields=["timezone"])
    actions.update_settings(
        user=river,
        preferences={},
        digest_frequency=NotificationSettings.DigestFrequency.WEEKLY,
        digest_hour=8,
    )
    _notify(river, DIGESTED[Kind.REPLIES], actor)
    sunday_8am = datetime(2026, 1, 17, 19, 0, tzinfo=UTC)  # Sunday 18 January, 08:00 NZDT
    tuesday_8am = datetime(2026, 1, 19, 19, 0, tzinfo=UTC)  # Tuesday 20 January, 08:00 NZDT
    monday_8am = datetime(2026, 1, 18, 19, 0, tzinfo=UTC)  # Monday 19 January, 08:00 NZDT
    assert monday_8am.weekday() == 6  # still Sunday in UTC
    assert actions.send_due_digests(now=sunday_8am) == 0
    assert actions.send_due_digests(now=tuesday_8am) == 0
    assert mail.outbox == []
    assert actions.send_due_digests(now=monday_8am) == 1
    assert len(mail.outbox) == 1


def test_the_digest_with_details_lists_what_happened(river_in_kolkata, actor):
    actions.update_settings(user=river_in_kolkata, preferences={}, email_details=True)
    notification = _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    assert actions.send_due_digests(now=KOLKATA_8AM) == 1
    assert notification.text in mail.outbox[0].body
    assert notification.text in _html(mail.outbox[0])


def test_no_digest_to_an_unconfirmed_address(river_in_kolkata, actor):
    _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    river_in_kolkata.email_confirmed_at = None  # e.g. they changed their address since
    river_in_kolkata.save(update_fields=["email_confirmed_at"])
    actions.send_due_digests(now=KOLKATA_8AM)
    assert mail.outbox == []


def test_a_digest_not_sent_is_neither_counted_nor_marked_sent(river_in_kolkata, actor):
    waiting = _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    river_in_kolkata.email_confirmed_at = None
    river_in_kolkata.save(update_fields=["email_confirmed_at"])
    assert actions.send_due_digests(now=KOLKATA_8AM) == 0
    assert Delivery.objects.get(notification=waiting).status != Delivery.Status.SENT


def test_the_digest_is_in_the_members_language(river_in_kolkata, actor):
    river_in_kolkata.language = "es"
    river_in_kolkata.save(update_fields=["language"])
    _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    languages = []
    target = "alongside.notifications.emails.EmailMultiAlternatives.send"
    with patch(
        target,
        autospec=True,
        side_effect=lambda *a, **k: languages.append(translation.get_language()),
    ):
        assert actions.send_due_digests(now=KOLKATA_8AM) == 1
    assert languages == ["es"]


def test_unsubscribing_from_the_digest_stops_every_digest_kind(river_in_kolkata, actor):
    waiting = _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    actions.unsubscribe(user=river_in_kolkata, kind=DIGEST)
    prefs = actions.settings_for(river_in_kolkata)
    for kind in (Kind.REPLIES, Kind.CONNECTIONS, Kind.MILESTONES, Kind.MEETINGS):
        assert prefs.email_for(kind) == EmailChoice.OFF
    assert prefs.email_for(Kind.MESSAGES) == EmailChoice.INSTANT  # not a digest kind
    assert Delivery.objects.get(notification=waiting).status == Delivery.Status.SKIPPED
    assert actions.send_due_digests(now=KOLKATA_8AM) == 0
    assert mail.outbox == []


def test_a_kind_turned_off_before_the_digest_is_skipped_not_sent(river_in_kolkata, actor):
    waiting = _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    actions.update_settings(
        user=river_in_kolkata, preferences={Kind.REPLIES: {"email": EmailChoice.OFF}}
    )
    assert actions.send_due_digests(now=KOLKATA_8AM) == 0
    assert mail.outbox == []
    assert Delivery.objects.get(notification=waiting).status == Delivery.Status.SKIPPED


# Blocks made after a notification was planned


def test_the_digest_leaves_out_members_blocked_since(river_in_kolkata, actor):
    actions.update_settings(user=river_in_kolkata, preferences={}, email_details=True)
    _notify(river_in_kolkata, DIGESTED[Kind.REPLIES], actor)
    accounts.block_member(blocker=river_in_kolkata, blocked=actor)
    actions.send_due_digests(now=KOLKATA_8AM)
    assert all(HANDLE not in _raw(message) for message in mail.outbox)


def test_an_email_planned_before_a_block_is_not_sent_about_the_blocked_member(people, actor):
    actions.update_settings(user=people.river, preferences={}, email_details=True)
    notification = _notify(people.river, actor=actor)
    accounts.block_member(blocker=people.river, blocked=actor)
    delivery = Delivery.objects.get(notification=notification, channel=Delivery.Channel.EMAIL)
    actions.deliver(delivery_id=delivery.pk)
    assert all(HANDLE not in _raw(message) for message in mail.outbox)
