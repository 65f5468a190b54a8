from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField


class CrisisLine(models.Model):
    """A local crisis or support line the hosting organisation adds beside the national ones."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    text = models.CharField(_("text"), max_length=80, blank=True, help_text=_("How to text it."))
    url = models.URLField(_("website"), blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours = models.CharField(_("hours"), max_length=80, blank=True, help_text=_("e.g. 24/7"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("shown on the help page"), default=True)

    class Meta:
        verbose_name = _("local crisis line")
        verbose_name_plural = _("local crisis lines")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class Audience(models.TextChoices):
    MENTOR = "mentor", _("My mentor")
    CONNECTIONS = "connections", _("My connections")
    GROUP = "group", _("A group I belong to")
    ON_CALL = "on_call", _("On-call peers")


class SupportRequest(models.Model):
    """ "I need support now": who was asked, whether anyone came, and how it ended."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    message = EncryptedTextField(_("a few words (optional)"), blank=True)
    audiences = models.JSONField(default=list)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    widened_at = models.DateTimeField(null=True, blank=True)
    lines_reshown_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    what_helped = EncryptedTextField(_("what helped (optional)"), blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "created_at"], name="support_open_idx"),
            models.Index(fields=["requester", "-created_at"], name="support_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"Support request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SupportRecipient(models.Model):
    """Someone told about a request: the only people (with the requester) who may see it."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_alerts"
    )
    reason = models.CharField(max_length=12, choices=Audience.choices)
    alerted_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="support_recipient_once")
        ]
        indexes = [models.Index(fields=["user", "-alerted_at"], name="support_alerts_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} for support request {self.request_id}"


class OnCallVolunteer(models.Model):
    """A peer who takes support-now requests in weekly windows of their choosing. Mentors may
    sign up; anyone else once a moderator approves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="on_call"
    )
    slots = models.JSONField(_("when you're on call (your time zone)"), default=list, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"On-call volunteer {self.user_id}"


class CrisisFlag(models.Model):
    """Text that suggested someone may be in danger: an urgent item for moderators."""

    class Source(models.TextChoices):
        POST = "post", _("A forum or group post")
        MESSAGE = "message", _("A message")
        CHECK_IN = "check_in", _("A private check-in note")
        SUPPORT = "support", _("A support-now request")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crisis_flags"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    object_id = models.PositiveBigIntegerField()
    categories = models.JSONField(default=list)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="crisis_flag_once")
        ]
        indexes = [models.Index(fields=["reviewed_at", "-created_at"], name="crisis_queue_idx")]

    def __str__(self) -> str:
        return f"Crisis flag {self.pk}"
