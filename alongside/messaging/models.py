from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

User = settings.AUTH_USER_MODEL
MAX_BODY = 4000


class Conversation(models.Model):
    """A direct conversation between two people, or a group's chat room."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct")
        GROUP = "group", _("Group chat")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # "small-id:large-id" for a direct conversation, so a pair has only one.
    pair_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    group = models.OneToOneField(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    last_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="direct", pair_key__isnull=False, group__isnull=True))
                | Q(kind="group", pair_key__isnull=True, group__isnull=False),
                name="conversation_kind_shape",
            )
        ]

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    @staticmethod
    def key_for(a_id: int, b_id: int) -> str:
        low, high = sorted((a_id, b_id))
        return f"{low}:{high}"


class Participant(models.Model):
    """A member's side of a conversation: whether they accepted it, what they have read."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        REQUESTED = "requested", _("Message request")
        IGNORED = "ignored", _("Ignored")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="conversations")
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    last_read_id = models.BigIntegerField(default=0)
    # "Delete for me": messages up to here are gone for this member; the conversation is
    # hidden until someone writes again.
    cleared_through_id = models.BigIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    share_read_state = models.BooleanField(_("show when I've read messages"), default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once")
        ]
        indexes = [
            models.Index(fields=["user", "state", "hidden"], name="participant_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in conversation {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="messages_sent")
    # Encrypted at rest, like check-in notes: a database dump doesn't give away conversations.
    body = EncryptedTextField(_("message"))
    body_html = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["conversation", "id"], name="message_conversation_idx"),
            models.Index(fields=["author", "created_at"], name="message_author_idx"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"
