"""Web push: the instance's VAPID keys and sending a discreet payload to a member's devices."""

import base64
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import IntegrityError, transaction
from py_vapid import Vapid, b64urlencode
from pywebpush import WebPushException, webpush
from requests import RequestException
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from alongside.notifications.models import PushSubscription, WebPushKeys

logger = logging.getLogger(__name__)
GONE = {404, 410}  # the push service says this subscription no longer exists


class PushFailed(Exception):
    """A push service refused or could not be reached; the delivery will be retried."""


def is_allowed_endpoint(endpoint: str) -> bool:
    """Only the browsers' push services: a member must not make us POST to any other host."""
    url = urlsplit(endpoint)
    host = (url.hostname or "").lower()
    # Parsers disagree about "\\", "@" and credentials (urlsplit sees one host, requests
    # connects to another): a real push endpoint has none of them.
    if "\\" in endpoint or "@" in endpoint or url.username or url.password:
        return False
    try:
        if (parse_url(endpoint).host or "").lower() != host:
            return False
    except LocationParseError:
        return False
    if url.scheme != "https" and not (settings.DEBUG or settings.TESTING):
        return False
    return any(
        host == allowed or host.endswith("." + allowed) for allowed in settings.WEB_PUSH_HOSTS
    )


def _urlsafe_bytes(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, TypeError):
        return None


def valid_keys(p256dh: str, auth: str) -> bool:
    """A browser's subscription keys: an uncompressed P-256 point and a 16-byte secret."""
    if not p256dh.isascii() or not auth.isascii():
        return False
    point, secret = _urlsafe_bytes(p256dh), _urlsafe_bytes(auth)
    return (
        point is not None
        and len(point) == 65
        and point[0] == 4
        and secret is not None
        and len(secret) == 16
    )


def _public_key(vapid: Vapid) -> str:
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64urlencode(raw)


def vapid_keys() -> tuple[str, str]:
    """(private key PEM, public key for the browser): from settings, else made once and kept."""
    if settings.VAPID_PRIVATE_KEY:
        vapid = Vapid.from_string(settings.VAPID_PRIVATE_KEY)
        return settings.VAPID_PRIVATE_KEY, _public_key(vapid)
    keys = WebPushKeys.objects.order_by("pk").first()
    if keys is None:
        vapid = Vapid()
        vapid.generate_keys()
        try:
            with transaction.atomic():
                keys = WebPushKeys.objects.create(
                    pk=1, private_pem=vapid.private_pem().decode(), public_key=_public_key(vapid)
                )
        except IntegrityError:  # another process made them first
            keys = WebPushKeys.objects.get(pk=1)
    return keys.private_pem, keys.public_key


def public_key() -> str:
    return vapid_keys()[1]


def send_push(subscriptions: list[PushSubscription], payload: dict[str, Any]) -> int:
    """Send to each device; forget devices that are gone; raise PushFailed if any other failed."""
    private_pem, _ = vapid_keys()
    vapid = Vapid.from_pem(private_pem.encode())
    data = json.dumps(payload)
    sent, failures = 0, []
    for subscription in subscriptions:
        try:
            webpush(
                subscription.as_subscription_info(),
                data=data,
                vapid_private_key=vapid,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                timeout=10,
                ttl=24 * 3600,
            )
            sent += 1
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in GONE:
                subscription.delete()
                continue
            failures.append(f"{status or 'no answer'}: {error.message[:100]}")
        except RequestException as error:
            failures.append(f"unreachable: {type(error).__name__}")
        except (ValueError, TypeError):
            subscription.delete()  # keys no push service could use: this device can't be reached
    if failures:
        raise PushFailed("; ".join(failures))
    return sent
