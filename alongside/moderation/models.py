"""Reports, automatic flags and appeals as one kind of review item (Discourse's Reviewable),
the actions moderators take, and who accepted the community guidelines."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why a member reported something, or why the system flagged it."""

    HARASSMENT = "harassment", _("Harassment or bullying")
    UNWANTED_CONTACT = "unwanted_contact", _("Unwanted romantic or sexual contact")
    IDENTITY = "identity", _("Sharing someone's identity")
    SUBSTANCES = "substances", _("Selling or offering substances")
    SPAM = "spam", _("Spam")
    CRISIS = "crisis", _("Someone may be in crisis")
    OTHER = "other", _("Something else")
    # Automatic flags only
    LINKS = "links", _("Links in a new member's first posts")
    CONTACT = "contact", _("Contact details or an invitation off Alongside")
    APPEAL = "appeal", _("An appeal")


REPORT_REASONS = [
    Reason.HARASSMENT,
    Reason.UNWANTED_CONTACT,
    Reason.IDENTITY,
    Reason.SUBSTANCES,
    Reason.SPAM,
    Reason.CRISIS,
    Reason.OTHER,
]

# Lower comes first in the queue: someone in danger before anything else.
PRIORITY = {
    "crisis_urgent": 0,
    Reason.CRISIS: 1,
    Reason.HARASSMENT: 2,
    Reason.UNWANTED_CONTACT: 2,
    Reason.IDENTITY: 2,
    Reason.SUBSTANCES: 2,
    Reason.CONTACT: 3,
    Reason.APPEAL: 4,
    Reason.LINKS: 5,
    Reason.SPAM: 5,
    Reason.OTHER: 5,
}


class TargetType(models.TextChoices):
    POST = "post", _("A post")
    MESSAGE = "message", _("A message")
    PROFILE = "profile", _("A profile")
    GROUP = "group", _("A group")
    MEETING = "meeting", _("A meeting")
    STORY = "story", _("A story")
    STRATEGY = "strategy", _("A strategy")
    CHECK_IN = "check_in", _("A private check-in note")
    SUPPORT = "support", _("A support-now request")
    ACTION = "action", _("A moderation decision")


class ReviewItem(models.Model):
    """Something for a moderator (or a group's facilitator) to look at."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        FLAG = "flag", _("Automatic flag")
        APPEAL = "appeal", _("Appeal")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        RESOLVED = "resolved", _("Reviewed")

    class Outcome(models.TextChoices):
        NONE = "", _("Not decided yet")
        ACTION = "action", _("Action taken")
        NO_ACTION = "no_action", _("No action needed")
        UPHELD = "upheld", _("Decision kept")
        REVERSED = "reversed", _("Decision reversed")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    priority = models.PositiveSmallIntegerField(default=5)
    target_type = models.CharField(max_length=10, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Whose content, profile or decision this is about.",
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Set when the group's facilitators review it too.",
    )
    crisis_flag = models.OneToOneField(
        "support.CrisisFlag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        "ModAction", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    appeal_text = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id"],
                condition=Q(status="open") & ~Q(kind="appeal"),
                name="review_item_one_open_per_target",
            ),
            models.UniqueConstraint(
                fields=["action"], condition=Q(kind="appeal"), name="appeal_once_per_action"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "priority", "created_at"], name="review_queue_idx"),
            models.Index(fields=["group", "status"], name="review_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} on {self.target_type}:{self.target_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Report(models.Model):
    """One member's report. The reported person is never told who made it."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    target_type = models.CharField(max_length=10, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"], name="report_once_per_target"
            )
        ]
        indexes = [models.Index(fields=["reporter", "-created_at"], name="report_reporter_idx")]

    def __str__(self) -> str:
        return f"Report {self.pk}"


class ModAction(models.Model):
    """A decision a moderator or facilitator took, as the affected member sees it."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hidden")
        EDIT_TITLE = "edit_title", _("Title edited")
        LOCK = "lock", _("Thread closed to replies")
        WARN = "warn", _("Warning")
        MUTE = "mute", _("Muted")
        SUSPEND = "suspend", _("Suspended")
        BAN = "ban", _("Banned")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_actions",
    )
    target_type = models.CharField(max_length=10, choices=TargetType.choices, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    reason = models.TextField()
    until = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reversal_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member", "kind", "reversed_at"], name="modaction_member_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def in_force(self) -> bool:
        if self.reversed_at is not None:
            return False
        return self.until is None or self.until > timezone.now()


class GuidelinesAcceptance(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidelines_acceptance"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id} accepted the guidelines"
