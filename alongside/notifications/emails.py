"""Notification emails: multipart, in the member's language, discreet unless they opted in."""

import email.policy
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.notifications.kinds import Kind
from alongside.notifications.models import Notification, NotificationSettings
from alongside.notifications.tokens import DIGEST, make_unsubscribe_token


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class NotificationEmail(EmailMultiAlternatives):
    """Headers may run to RFC 5322's 998 characters: a List-Unsubscribe link has no space to
    fold at, and encoding it instead would hide the mail app's unsubscribe button."""

    def message(self, *, policy: Any = None) -> Any:
        policy = policy or email.policy.default
        message = super().message(policy=policy)  # body parts encoded as usual
        message.policy = policy.clone(max_line_length=998)  # only top-level headers relax
        return message


def _send(user: User, subject: str, template: str, context: dict, unsubscribe_url: str) -> None:
    context = {
        **context,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": _absolute(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = NotificationEmail(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            # RFC 8058: mail apps show an unsubscribe button that POSTs to this link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    message.send()


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = make_unsubscribe_token(user_id, kind)
    return _absolute(reverse("notifications:unsubscribe", args=[token]))


def send_notification_email(notification: Notification, prefs: NotificationSettings) -> None:
    user = notification.recipient
    with translation.override(user.language):
        kind_label = Kind(notification.kind).label
        if prefs.email_details:
            headline = notification.text
            subject = _("%(site)s: %(text)s") % {"site": settings.SITE_NAME, "text": headline}
        else:
            headline = notification.summary
            subject = _("%(summary)s on %(site)s") % {
                "summary": headline,
                "site": settings.SITE_NAME,
            }
        _send(
            user,
            subject[:150],
            "notification",
            {
                "headline": headline,
                "kind_label": kind_label,
                "open_url": _absolute(reverse("notifications:open", args=[notification.pk])),
            },
            unsubscribe_url(user.pk, notification.kind),
        )


def send_digest_email(
    user: User, notifications: Sequence[Notification], prefs: NotificationSettings
) -> None:
    with translation.override(user.language):
        counts = Counter(n.kind for n in notifications)
        context = {
            "count": len(notifications),
            "by_kind": [(Kind(kind).label, count) for kind, count in sorted(counts.items())],
            "items": [n.text for n in notifications] if prefs.email_details else [],
            "open_url": _absolute(reverse("notifications:index")),
        }
        subject = _("Your %(site)s digest") % {"site": settings.SITE_NAME}
        _send(user, subject, "digest", context, unsubscribe_url(user.pk, DIGEST))
