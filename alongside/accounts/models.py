import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Greatest, Least, Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

HANDLE_MAX_LENGTH = 30
handle_validator = RegexValidator(
    r"^[A-Za-z0-9_]{3,30}\Z",
    _("Use 3 to 30 letters, numbers or underscores (no spaces)."),
)


class Role(models.TextChoices):
    """Roles are Django groups of the same name, so they show and can be granted in the admin."""

    MEMBER = "member", _("Member")
    MENTOR = "mentor", _("Sober mentor")
    FACILITATOR = "facilitator", _("Facilitator")
    MODERATOR = "moderator", _("Moderator")
    STAFF = "staff", _("Staff")
    ADMIN = "admin", _("Administrator")


class Visibility(models.TextChoices):
    ONLY_ME = "me", _("Only me")
    CONNECTIONS = "connections", _("My connections")
    MEMBERS = "members", _("All members")


class Pathway(models.TextChoices):
    TWELVE_STEP = "12-step", _("12-step")
    SMART = "smart", _("SMART Recovery")
    MEDICATION = "medication", _("Medication-assisted")
    FAITH = "faith", _("Faith-based")
    SECULAR = "secular", _("Secular")
    HARM_REDUCTION = "harm-reduction", _("Harm reduction")
    OTHER = "other", _("Other")


# Canonical IANA names only: "US/Pacific", "Etc/GMT+8" and the like are legacy aliases.
TIMEZONE_REGIONS = (
    "Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
    "Indian/", "Pacific/",
)  # fmt: skip


def timezone_choices() -> list[tuple[str, str]]:
    names = [name for name in zoneinfo.available_timezones() if name.startswith(TIMEZONE_REGIONS)]
    return [(name, name.replace("_", " ")) for name in sorted([*names, "UTC"])]


class UserQuerySet(models.QuerySet["User"]):
    def update(self, **kwargs: Any) -> int:
        """Also forget the cached signed-in copies (a suspension must take effect at once)."""
        from alongside.accounts.signed_in import forget

        changed = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        forget(changed)
        return count


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def get_by_natural_key(self, handle: str | None) -> "User":
        return self.get(handle__iexact=handle)

    def create_user(self, handle: str, email: str, password: str | None = None, **extra) -> "User":
        user = self.model(handle=handle, email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.get_or_create(user=user)
        return user

    def create_superuser(self, handle: str, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(handle, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The handle is public to members; the email never is."""

    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        validators=[handle_validator],
        help_text=_("Your name on Alongside. A pseudonym is welcome."),
    )
    email = models.EmailField(_("email"), help_text=_("Private: never shown to anyone."))
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, choices=timezone_choices
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_staff = models.BooleanField(
        _("can use the admin site"),
        default=False,
        help_text=_("Operators of the instance. Staff of the organisation get the staff role."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=now)

    objects = UserManager()

    USERNAME_FIELD = "handle"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("handle"), name="user_handle_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @cached_property
    def roles(self) -> frozenset[str]:
        names = frozenset(self.groups.values_list("name", flat=True))
        return names | {Role.ADMIN} if self.is_superuser else names

    def has_role(self, role: str) -> bool:
        return role in self.roles


def default_visibility() -> dict[str, str]:
    # Private by default: members open up what they choose.
    return {field: Visibility.ONLY_ME for field in Profile.VISIBLE_FIELDS}


class Profile(models.Model):
    VISIBLE_FIELDS = (
        "display_name",
        "pronouns",
        "bio",
        "location",
        "timezone",
        "languages",
        "pathways",
    )

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_(
            "Optional. Many people in recovery use a first name and last initial at most, "
            "like “River T.”"
        ),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.CharField(_("about me"), max_length=500, blank=True)
    location = models.CharField(
        _("city or region"),
        max_length=80,
        blank=True,
        help_text=_("A city or region, never a street address."),
    )
    languages = models.CharField(
        _("languages I speak"),
        max_length=100,
        blank=True,
        help_text=_("For example: English, Spanish"),
    )
    pathways = models.JSONField(_("recovery pathways"), default=list, blank=True)
    visibility = models.JSONField(default=default_visibility)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"

    def visibility_of(self, field: str) -> str:
        return self.visibility.get(field, Visibility.ONLY_ME)

    def pathway_labels(self) -> list[str]:
        labels = dict(Pathway.choices)
        return [str(labels[p]) for p in self.pathways if p in labels]


class Connection(models.Model):
    """Informal peer support: a request that, once accepted, connects two members both ways."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Connected")

    requester = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    addressee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.CharField(_("a note with your request"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Least("requester", "addressee"),
                Greatest("requester", "addressee"),
                name="connection_pair_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("addressee")), name="connection_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["addressee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} -> {self.addressee_id} ({self.status})"

    def other(self, user: User) -> User:
        return self.addressee if self.requester_id == user.pk else self.requester


class Block(models.Model):
    """A blocked person cannot see, contact or find the blocker anywhere."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]
        indexes = [models.Index(fields=["blocked"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
