"""The hosting organisation, its staff, alumni cohorts, invites, announcements and the
"check on me" consent. Nothing clinical lives here (docs/clinical-records.md)."""

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import timezone_choices
from alongside.core.crypto import EncryptedTextField

# No 0/O, 1/I/L: a code read aloud over the phone or copied from paper still works.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    logo = models.FileField(
        _("logo"),
        upload_to="organizations/",
        blank=True,
        # No SVG: an uploaded SVG can carry script.
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, choices=timezone_choices
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class HelpLine(models.Model):
    """A local crisis or help line the organisation wants its alumni to have at hand."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="help_lines"
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)
    hours = models.CharField(_("hours"), max_length=80, blank=True, help_text=_("e.g. 24/7"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("local help line")
        verbose_name_plural = _("local help lines")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class OrganizationStaff(models.Model):
    """Staff of the hosting organisation: separate from moderators and from operators."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Alumni coordinator")
        SUPERVISOR = "supervisor", _("Peer-support supervisor")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="org_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.organization_id} ({self.role})"


class Cohort(models.Model):
    """Alumni who left treatment around the same time, e.g. the November 2026 cohort."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=60)
    discharge_month = models.DateField(_("discharge month"), help_text=_("The first of the month."))
    groups = models.ManyToManyField(
        "groups.Group", blank=True, related_name="+", verbose_name=_("cohort groups")
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["discharge_month", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="cohort_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    """A member in one cohort of an organisation (at most one cohort per organisation)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    invite = models.ForeignKey(
        "Invite", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_cohort_per_org")
        ]
        indexes = [models.Index(fields=["cohort", "user"], name="cohort_member_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in cohort {self.cohort_id}"


class Invite(models.Model):
    """A link and a code that enrol whoever uses it into a cohort (and chosen cohort groups)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invites")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=16, unique=True, default=new_invite_code)
    label = models.CharField(_("label (only staff see it)"), max_length=80, blank=True)
    groups = models.ManyToManyField(
        "groups.Group", blank=True, related_name="+", verbose_name=_("also join these groups")
    )
    max_uses = models.PositiveIntegerField(
        _("how many people can use it"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(_("works until"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite {self.code}"

    def usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > now()
            and (self.max_uses is None or self.uses < self.max_uses)
        )


class Announcement(models.Model):
    """News or an event for alumni, on their home page. An event may be a group meeting."""

    class Kind(models.TextChoices):
        NEWS = "news", _("Announcement")
        EVENT = "event", _("Event")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="announcements"
    )
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("for"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=2000)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("group meeting (members RSVP there)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["organization", "-published_at"], name="org_news_idx")]

    def __str__(self) -> str:
        return self.title


class CheckOnMe(models.Model):
    """A member's consent that staff may reach out on the signals they chose. Opting out
    deletes the row: staff then see nothing of them again but aggregates."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_on_me"
    )
    quiet_days = models.PositiveSmallIntegerField(
        _("after how many days without a check-in"),
        default=7,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
    )
    when_quiet = models.BooleanField(_("when I haven't checked in for a while"), default=True)
    when_craving = models.BooleanField(
        _("when a check-in shows a high craving (7 or more)"), default=False
    )
    when_unanswered = models.BooleanField(
        _("when nobody answered a support-now request of mine"), default=False
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="check_on_me_once"),
            models.CheckConstraint(
                condition=models.Q(quiet_days__gte=2, quiet_days__lte=60),
                name="check_on_me_days_2_60",
            ),
        ]

    def __str__(self) -> str:
        return f"Check on {self.user_id} ({self.organization_id})"


class OutreachNote(models.Model):
    """Staff's note that they reached out. The member can read it too."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "member", "-created_at"], name="outreach_idx")
        ]

    def __str__(self) -> str:
        return f"Outreach note {self.pk}"
