from datetime import time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.notifications.kinds import (
    DEFAULT_PREFERENCES,
    FALLBACK_SUMMARY,
    FALLBACK_TEXT,
    EmailChoice,
    Kind,
    get_verb,
)


class Notification(models.Model):
    """Something a member should know about, shown in their notification centre."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    verb = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Sending the same event twice (a retried task) finds the first notification by this key.
    key = models.CharField(max_length=200, blank=True)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_list_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.verb} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def text(self) -> str:
        """What the notification centre says, in the active language."""
        verb = get_verb(self.verb)
        if verb is None:
            return str(FALLBACK_TEXT)
        params = verb.describe(self.params) if verb.describe else dict(self.params)
        params["actor"] = self.actor.handle if self.actor else _("A member")
        try:
            return str(verb.text) % params
        except (KeyError, TypeError, ValueError):
            return str(FALLBACK_TEXT)

    @property
    def summary(self) -> str:
        """What may be said outside the app (email subject, push): no names, no details."""
        verb = get_verb(self.verb)
        return str(verb.summary if verb else FALLBACK_SUMMARY)


class Delivery(models.Model):
    """One notification on its way to one channel outside the app."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PUSH = "push", _("Push")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        DIGEST = "digest", _("Waiting for the digest")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (preferences changed)")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    deliver_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(
                fields=["deliver_after"],
                condition=Q(status="pending"),
                name="delivery_due_idx",
            ),
            models.Index(fields=["status", "channel"], name="delivery_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} for notification {self.notification_id}"


class NotificationSettings(models.Model):
    """A member's choices: which channel for which kind, quiet hours and the digest."""

    class DigestFrequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly, on Mondays")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    preferences = models.JSONField(default=dict, blank=True)
    quiet_hours_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    urgent_in_quiet_hours = models.BooleanField(
        _("let urgent support requests through during quiet hours"), default=False
    )
    digest_frequency = models.CharField(
        _("digest"), max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    digest_hour = models.PositiveSmallIntegerField(_("digest time"), default=8)
    email_details = models.BooleanField(
        _("include details in emails"),
        default=False,
        help_text=_(
            "Off: emails only say that something happened. On: they may name people and say "
            "what happened, which anyone who can read your email would see."
        ),
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"

    def _choice(self, kind: str) -> dict[str, Any]:
        default = DEFAULT_PREFERENCES.get(kind, {"email": EmailChoice.OFF, "push": False})
        return {**default, **self.preferences.get(kind, {})}

    def email_for(self, kind: str) -> str:
        return str(self._choice(kind)["email"])

    def push_for(self, kind: str) -> bool:
        return bool(self._choice(kind)["push"])

    @property
    def has_quiet_hours(self) -> bool:
        return (
            self.quiet_hours_start is not None
            and self.quiet_hours_end is not None
            and self.quiet_hours_start != self.quiet_hours_end
        )

    def quiet_hours(self) -> tuple[time, time] | None:
        if not self.has_quiet_hours:
            return None
        assert self.quiet_hours_start is not None and self.quiet_hours_end is not None
        return self.quiet_hours_start, self.quiet_hours_end


class PushSubscription(models.Model):
    """One browser or phone that asked for push notifications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of {self.user_id}"

    def as_subscription_info(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class WebPushKeys(models.Model):
    """The instance's VAPID key pair, made on first use so every server shares it."""

    private_pem = models.TextField()
    public_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "web push keys"

    def __str__(self) -> str:
        return "Web push keys"
