import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import timezone_choices


def new_join_key() -> str:
    return secrets.token_urlsafe(18)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """Members gathered around a common issue or experience."""

    class Visibility(models.TextChoices):
        LISTED = "listed", _("Listed: members can find it in the directory")
        UNLISTED = "unlisted", _("Unlisted: only people with the link can find it")
        PRIVATE = "private", _("Private: invisible to anyone who isn't a member or invited")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone who can see it may join")
        ASK = "ask", _("Ask to join: a facilitator approves each request")
        INVITE = "invite", _("Invite only: facilitators invite members")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.TextField(_("what this group is about"), max_length=2000)
    guidelines = models.TextField(
        _("guidelines"),
        max_length=4000,
        blank=True,
        help_text=_("How members look after each other here. Shown before anyone joins."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="groups", verbose_name=_("topics"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=timezone_choices, default=settings.TIME_ZONE
    )
    visibility = models.CharField(
        _("who can find it"), max_length=8, choices=Visibility.choices, default=Visibility.LISTED
    )
    join_policy = models.CharField(
        _("how people join"), max_length=8, choices=JoinPolicy.choices, default=JoinPolicy.ASK
    )
    size_limit = models.PositiveIntegerField(
        _("size limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("Optional. Small groups can feel safer."),
    )
    # Private groups are reached only with this key in the link the facilitators share.
    join_key = models.CharField(max_length=32, default=new_join_key)
    board = models.OneToOneField(
        "discussions.Board", on_delete=models.PROTECT, related_name="group"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["visibility", "name"], name="group_directory_idx")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group")
        ]
        indexes = [models.Index(fields=["user", "group"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id}"


class JoinRequest(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(
        _("a note for the facilitators (optional)"), max_length=500, blank=True
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="join_request_once")]

    def __str__(self) -> str:
        return f"{self.user_id} asks to join {self.group_id}"


class Invitation(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.user_id} invited to {self.group_id}"
