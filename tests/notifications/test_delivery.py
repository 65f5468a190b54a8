"""Sending deliveries: failures retried with backoff and never losing the in-app notification,
claims that make deliver() safe to run twice, stuck deliveries released, and web push against a
real local HTTP endpoint, decrypted here with the subscriber's keys."""

import base64
import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from smtplib import SMTPServerDisconnected
from typing import Any
from unittest.mock import patch
from urllib.parse import urlsplit

import http_ece
import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.conf import settings as django_settings
from django.core import mail
from django.utils.translation import gettext_lazy as _

from alongside.notifications import actions, webpush
from alongside.notifications.actions import MAX_DELIVERY_ATTEMPTS, NotificationError
from alongside.notifications.kinds import EmailChoice, Kind, register_verb
from alongside.notifications.models import Delivery, Notification, PushSubscription
from alongside.notifications.webpush import PushFailed

MESSAGE = register_verb(
    "test.delivery.message",
    kind=Kind.MESSAGES,  # email at once and push, by default
    text=_("%(actor)s sent you a message about %(topic)s."),
    summary=_("You have a new message"),
).name
SEND = "alongside.notifications.emails.EmailMultiAlternatives.send"


@contextlib.contextmanager
def at(moment: datetime) -> Iterator[None]:
    with patch("django.utils.timezone.now", return_value=moment):
        yield


def _notify(people, **params: Any) -> Notification:
    notification = actions.notify(
        recipient=people.river,
        verb=MESSAGE,
        actor=people.sam,
        params={"topic": "the Tuesday group", **params},
    )
    assert notification is not None
    return notification


def _delivery(notification: Notification, channel: str) -> Delivery:
    return Delivery.objects.get(notification=notification, channel=channel)


# Email failures and retries


def test_a_failing_mail_server_keeps_the_notification_and_retries_later(
    people, django_capture_on_commit_callbacks
):
    before = datetime.now(UTC)
    with (
        patch(SEND, side_effect=SMTPServerDisconnected("mail server down")) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = _notify(people)
    send.assert_called_once()  # it was tried, at once, by the task
    assert Notification.objects.filter(pk=notification.pk, recipient=people.river).exists()
    email = _delivery(notification, Delivery.Channel.EMAIL)
    assert email.status == Delivery.Status.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTPServerDisconnected: mail server down"
    # The first retry waits about 30 s (with 10 % jitter).
    assert before + timedelta(seconds=26) < email.deliver_after
    assert email.deliver_after < datetime.now(UTC) + timedelta(seconds=34)
    assert mail.outbox == []
    # Not due yet: the sweep leaves it alone.
    assert actions.release_due_deliveries() == 0


def test_deliver_reraises_so_the_worker_also_knows(people):
    email = _delivery(_notify(people), Delivery.Channel.EMAIL)
    with (
        patch(SEND, side_effect=SMTPServerDisconnected("down")),
        pytest.raises(SMTPServerDisconnected),
    ):
        actions.deliver(delivery_id=email.pk)


def test_retries_back_off_then_give_up_after_the_last_attempt(people):
    email = _delivery(_notify(people), Delivery.Channel.EMAIL)
    start = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    waits = []
    with (
        patch(SEND, side_effect=SMTPServerDisconnected("down")),
        patch("alongside.core.background.random.uniform", return_value=1.0),
    ):
        for attempt in range(1, MAX_DELIVERY_ATTEMPTS + 1):
            moment = start + timedelta(hours=attempt)
            Delivery.objects.filter(pk=email.pk).update(deliver_after=moment)
            with at(moment), pytest.raises(SMTPServerDisconnected):
                actions.deliver(delivery_id=email.pk)
            email.refresh_from_db()
            assert email.attempts == attempt
            waits.append((email.deliver_after - moment).total_seconds())
            expected = Delivery.Status.FAILED if attempt == MAX_DELIVERY_ATTEMPTS else "pending"
            assert email.status == expected

    assert waits[:4] == [30, 60, 120, 240]
    assert waits == sorted(waits)
    assert max(waits) <= 3600
    # Given up: nothing picks it up again.
    far_later = start + timedelta(days=2)
    with at(far_later), patch(SEND) as send:
        assert actions.release_due_deliveries() == 0
        assert actions.deliver(delivery_id=email.pk) == "not due"
    send.assert_not_called()
    assert email.last_error == "SMTPServerDisconnected: down"


def test_a_later_success_clears_the_error(people):
    email = _delivery(_notify(people), Delivery.Channel.EMAIL)
    with (
        patch(SEND, side_effect=SMTPServerDisconnected("down")),
        pytest.raises(SMTPServerDisconnected),
    ):
        actions.deliver(delivery_id=email.pk)
    Delivery.objects.filter(pk=email.pk).update(deliver_after=datetime(2020, 1, 1, tzinfo=UTC))
    assert actions.deliver(delivery_id=email.pk) == "sent"
    email.refresh_from_db()
    assert email.status == Delivery.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_deliver_run_twice_sends_once(people):
    email = _delivery(_notify(people), Delivery.Channel.EMAIL)
    assert actions.deliver(delivery_id=email.pk) == "sent"
    assert actions.deliver(delivery_id=email.pk) == "not due"
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_delivery_claimed_by_another_worker_is_not_sent_again(people):
    email = _delivery(_notify(people), Delivery.Channel.EMAIL)
    Delivery.objects.filter(pk=email.pk).update(
        status=Delivery.Status.SENDING, claimed_at=datetime.now(UTC)
    )
    assert actions.deliver(delivery_id=email.pk) == "not due"
    assert mail.outbox == []


def test_an_unknown_delivery_is_not_due(db):
    assert actions.deliver(delivery_id=987654) == "not due"


def test_choices_changed_since_planning_skip_the_delivery(people):
    notification = _notify(people)
    email = _delivery(notification, Delivery.Channel.EMAIL)
    actions.update_settings(user=people.river, preferences={Kind.MESSAGES: {"email": "off"}})
    assert actions.deliver(delivery_id=email.pk) == "skipped"
    email.refresh_from_db()
    assert email.status == Delivery.Status.SKIPPED
    assert mail.outbox == []


def test_stuck_deliveries_are_released_after_fifteen_minutes(people):
    stuck = _delivery(_notify(people), Delivery.Channel.EMAIL)
    busy = _delivery(_notify(people), Delivery.Channel.EMAIL)
    now = datetime.now(UTC)
    Delivery.objects.filter(pk=stuck.pk).update(
        status=Delivery.Status.SENDING, claimed_at=now - timedelta(minutes=16), attempts=1
    )
    Delivery.objects.filter(pk=busy.pk).update(
        status=Delivery.Status.SENDING, claimed_at=now - timedelta(minutes=14), attempts=1
    )
    with patch("alongside.notifications.actions._enqueue_delivery") as enqueue:
        assert actions.release_due_deliveries(now=now) == 1
    enqueue.assert_called_once_with(stuck.pk)
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Delivery.Status.PENDING
    assert busy.status == Delivery.Status.SENDING

    # Released for real (the ImmediateBackend runs the task): sent once.
    assert actions.release_due_deliveries(now=now) == 1
    stuck.refresh_from_db()
    assert stuck.status == Delivery.Status.SENT
    assert stuck.attempts == 2
    assert len(mail.outbox) == 1


def test_a_failure_to_enqueue_is_left_for_the_sweep(people, django_capture_on_commit_callbacks):
    with (
        patch("alongside.notifications.tasks.deliver_notification") as task,
        django_capture_on_commit_callbacks(execute=True),
    ):
        task.enqueue.side_effect = RuntimeError("queue down")
        notification = _notify(people)
    task.enqueue.assert_called_once()
    email = _delivery(notification, Delivery.Channel.EMAIL)
    assert email.status == Delivery.Status.PENDING
    assert mail.outbox == []
    assert actions.release_due_deliveries() == 1
    email.refresh_from_db()
    assert email.status == Delivery.Status.SENT


# Web push against a real HTTP endpoint


class PushService:
    """A tiny push service on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def push_service(monkeypatch) -> Iterator[PushService]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    service = PushService()
    service.thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()
    service.thread.join(timeout=5)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """The subscriber's side: a P-256 key pair and an auth secret, as a browser makes them."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = _b64url(public)
        self.auth = _b64url(self.auth_secret)

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body,
            private_key=self.private_key,
            auth_secret=self.auth_secret,
            version="aes128gcm",
        )
        return json.loads(plain)


@pytest.fixture
def local_push(settings, push_service):
    settings.WEB_PUSH_HOSTS = ["127.0.0.1"]
    return push_service


def _subscribe(people, service: PushService, name: str = "river") -> tuple[Browser, Any]:
    browser = Browser()
    subscription = actions.save_push_subscription(
        user=people.river,
        endpoint=service.url(f"/push/{name}"),
        p256dh=browser.p256dh,
        auth=browser.auth,
        device="Firefox on Android",
    )
    return browser, subscription


def _verify_vapid(authorization: str, audience: str) -> dict[str, Any]:
    match = re.fullmatch(r"vapid t=([\w\-.]+),\s*k=([\w\-]+)", authorization)
    assert match, authorization
    jwt, key = match.groups()
    assert key == webpush.public_key()
    signing_input, signature = jwt.rsplit(".", 1)
    header, claims = (json.loads(_unb64url(part)) for part in signing_input.split("."))
    assert header["alg"] == "ES256"
    raw = _unb64url(signature)
    assert len(raw) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64url(key))
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    try:
        public.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:  # pragma: no cover - the assertion message is the point
        pytest.fail("the VAPID JWT is not signed by the instance's key")
    assert claims["aud"] == audience
    assert claims["sub"] == django_settings.VAPID_SUBJECT
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


def test_a_push_is_encrypted_signed_and_discreet(people, local_push):
    browser, _subscription = _subscribe(people, local_push)
    notification = _notify(people)
    push = _delivery(notification, Delivery.Channel.PUSH)

    assert actions.deliver(delivery_id=push.pk) == "sent"

    push.refresh_from_db()
    assert push.status == Delivery.Status.SENT
    assert push.attempts == 1
    [request] = local_push.requests
    assert request["path"] == "/push/river"
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["ttl"] == str(24 * 3600)
    _verify_vapid(headers["authorization"], audience=f"http://127.0.0.1:{local_push.port}")

    # Only the subscriber can read it; the push service sees ciphertext.
    assert b"sam" not in request["body"]
    assert b"Alongside" not in request["body"]
    payload = browser.decrypt(request["body"])
    assert payload == {
        "title": django_settings.SITE_NAME,
        "body": notification.summary,
        "url": f"/notifications/{notification.pk}/",
        "tag": Kind.MESSAGES,
    }
    assert payload["body"] == "You have a new message"
    assert "sam" not in json.dumps(payload)
    assert "Tuesday" not in json.dumps(payload)
    # Another browser's keys cannot read it.
    with pytest.raises(Exception):  # noqa: B017 - any decryption failure will do
        Browser().decrypt(request["body"])


def test_every_device_of_the_member_gets_the_push(people, local_push):
    phone, _ = _subscribe(people, local_push, "phone")
    laptop, _ = _subscribe(people, local_push, "laptop")
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    assert actions.deliver(delivery_id=push.pk) == "sent"
    by_path = {r["path"]: r["body"] for r in local_push.requests}
    assert set(by_path) == {"/push/phone", "/push/laptop"}
    assert phone.decrypt(by_path["/push/phone"])["body"] == "You have a new message"
    assert laptop.decrypt(by_path["/push/laptop"])["body"] == "You have a new message"


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_that_is_gone_is_forgotten(people, local_push, status):
    _subscribe(people, local_push)
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    local_push.status = status
    actions.deliver(delivery_id=push.pk)
    assert len(local_push.requests) == 1
    assert not PushSubscription.objects.filter(user=people.river).exists()
    push.refresh_from_db()
    # Not retried: there is nobody left to send it to.
    assert push.status != Delivery.Status.PENDING
    assert push.last_error == ""


def test_a_push_service_error_keeps_the_device_and_retries(people, local_push):
    _subscribe(people, local_push)
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    local_push.status = 500
    with pytest.raises(PushFailed):
        actions.deliver(delivery_id=push.pk)
    assert len(local_push.requests) == 1
    assert PushSubscription.objects.filter(user=people.river).count() == 1
    push.refresh_from_db()
    assert push.status == Delivery.Status.PENDING
    assert push.attempts == 1
    assert push.last_error.startswith("PushFailed: 500")
    assert push.deliver_after > datetime.now(UTC) + timedelta(seconds=20)

    # The service is back: the retry goes through.
    local_push.status = 201
    Delivery.objects.filter(pk=push.pk).update(deliver_after=datetime(2020, 1, 1, tzinfo=UTC))
    assert actions.deliver(delivery_id=push.pk) == "sent"
    assert len(local_push.requests) == 2


def test_an_unreachable_push_service_is_retried(people, settings):
    settings.WEB_PUSH_HOSTS = ["127.0.0.1"]
    browser = Browser()
    actions.save_push_subscription(
        user=people.river,
        endpoint="http://127.0.0.1:9/push/x",
        p256dh=browser.p256dh,
        auth=browser.auth,
    )
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    with pytest.raises(PushFailed, match="unreachable"):
        actions.deliver(delivery_id=push.pk)
    push.refresh_from_db()
    assert push.status == Delivery.Status.PENDING
    assert PushSubscription.objects.filter(user=people.river).exists()


def test_push_turned_off_for_the_kind_is_skipped(people, local_push):
    _subscribe(people, local_push)
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    actions.update_settings(
        user=people.river, preferences={Kind.MESSAGES: {"email": EmailChoice.OFF, "push": False}}
    )
    assert actions.deliver(delivery_id=push.pk) == "skipped"
    assert local_push.requests == []


def test_the_vapid_keys_are_made_once_and_kept(db):
    first = webpush.vapid_keys()
    assert webpush.vapid_keys() == first
    point = _unb64url(first[1])
    assert len(point) == 65 and point[0] == 4  # an uncompressed P-256 point


# Which endpoints a member may register (SSRF)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://evil.example/push",
        "https://fcm.googleapis.com.evil.example/fcm/send/x",
        "https://evilfcm.googleapis.com.example/x",
        "https://fcm.googleapis.com@evil.example/fcm/send/x",
        "https://evil.example/?fcm.googleapis.com",
        "https://evil.example/#@fcm.googleapis.com",
        "https://localhost/push",
        "https://127.0.0.1/push",
        "file:///etc/passwd",
        "",
    ],
)
def test_endpoints_on_other_hosts_are_refused(people, endpoint):
    with pytest.raises(NotificationError):
        actions.save_push_subscription(user=people.river, endpoint=endpoint, **_keys())
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/abc",
        "https://db5p.notify.windows.com/w/?token=abc",
    ],
)
def test_the_browsers_push_services_are_accepted(people, endpoint):
    subscription = actions.save_push_subscription(user=people.river, endpoint=endpoint, **_keys())
    assert subscription.user == people.river
    assert PushSubscription.objects.get().endpoint == endpoint


def test_outside_development_only_https_is_accepted(people, settings):
    settings.DEBUG = False
    settings.TESTING = False
    assert not webpush.is_allowed_endpoint("http://fcm.googleapis.com/fcm/send/abc")
    assert webpush.is_allowed_endpoint("https://fcm.googleapis.com/fcm/send/abc")


def _keys() -> dict[str, str]:
    browser = Browser()
    return {"p256dh": browser.p256dh, "auth": browser.auth}


def _compressed_point() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return _b64url(
        key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    )


@pytest.mark.parametrize(
    ("p256dh", "auth"),
    [
        ("", "valid"),
        ("valid", ""),
        ("k" * 201, "valid"),
        ("valid", "a" * 101),
        ("not base64 at all!", "valid"),
        ("compressed", "valid"),  # browsers send the uncompressed point
        ("valid", _b64url(b"x" * 15)),  # the auth secret is 16 bytes
        ("valid", "é" * 22),
    ],
)
def test_keys_a_browser_would_not_send_are_refused(people, p256dh, auth):
    good = _keys()
    keys = {
        "p256dh": {"valid": good["p256dh"], "compressed": _compressed_point()}.get(p256dh, p256dh),
        "auth": good["auth"] if auth == "valid" else auth,
    }
    with pytest.raises(NotificationError):
        actions.save_push_subscription(
            user=people.river, endpoint="https://fcm.googleapis.com/fcm/send/abc", **keys
        )
    assert not PushSubscription.objects.exists()


def test_saving_the_same_endpoint_again_updates_it(people):
    endpoint = "https://fcm.googleapis.com/fcm/send/abc"
    actions.save_push_subscription(user=people.river, endpoint=endpoint, **_keys())
    newer = _keys()
    # The same browser, now logged in as sam: the device follows whoever is logged in.
    actions.save_push_subscription(user=people.sam, endpoint=endpoint, device="Phone", **newer)
    subscription = PushSubscription.objects.get()
    assert subscription.user == people.sam
    assert (subscription.p256dh, subscription.auth) == (newer["p256dh"], newer["auth"])
    assert subscription.device == "Phone"


def test_one_broken_device_does_not_stop_the_others(people, local_push):
    off_curve = _b64url(b"\x04" + b"\x01" * 64)
    with contextlib.suppress(NotificationError):  # refusing it at the door is a fix too
        actions.save_push_subscription(
            user=people.river,
            endpoint=local_push.url("/push/broken"),
            p256dh=off_curve,
            auth=Browser().auth,
        )
    good, _ = _subscribe(people, local_push, "good")
    push = _delivery(_notify(people), Delivery.Channel.PUSH)
    with contextlib.suppress(Exception):
        actions.deliver(delivery_id=push.pk)
    assert [r["path"] for r in local_push.requests] == ["/push/good"]
    assert good.decrypt(local_push.requests[0]["body"])["body"] == "You have a new message"


def test_a_backslash_cannot_smuggle_another_host_past_the_allow_list(people):
    smuggled = "https://169.254.169.254\\@fcm.googleapis.com/latest/meta-data/"
    contacted = []

    def connect(adapter, request, *args, **kwargs):
        contacted.append(urlsplit(request.url).hostname)
        raise requests.ConnectionError("no network in tests")

    with contextlib.suppress(NotificationError):
        actions.save_push_subscription(user=people.river, endpoint=smuggled, **_keys())
    if PushSubscription.objects.exists():
        push = _delivery(_notify(people), Delivery.Channel.PUSH)
        with (
            patch("requests.adapters.HTTPAdapter.send", autospec=True, side_effect=connect),
            contextlib.suppress(PushFailed),
        ):
            actions.deliver(delivery_id=push.pk)
    assert contacted == [], f"the push went to {contacted}, outside WEB_PUSH_HOSTS"
