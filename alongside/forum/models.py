from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Visibility


class Category(models.Model):
    """A forum category; each has its own discussions board."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    board = models.OneToOneField(
        "discussions.Board", on_delete=models.PROTECT, related_name="category"
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Situation(models.TextChoices):
    CRAVINGS = "cravings", _("Cravings")
    TRIGGERS = "triggers", _("Triggers")
    STRESS = "stress", _("Stress")
    SLEEP = "sleep", _("Sleep")
    RELATIONSHIPS = "relationships", _("Relationships")
    LONELINESS = "loneliness", _("Loneliness")
    BOREDOM = "boredom", _("Boredom")
    CELEBRATIONS = "celebrations", _("Celebrations")


class Strategy(models.Model):
    """Something practical that helped a member, that others can vouch for."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="strategies"
    )
    title = models.CharField(_("title"), max_length=120)
    situation = models.CharField(_("it helps with"), max_length=20, choices=Situation.choices)
    what_to_do = models.TextField(_("what to do"), max_length=2000)
    when_it_helps = models.CharField(_("when it helps"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=now)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "strategies"
        indexes = [models.Index(fields=["situation", "-created_at"], name="strategy_situation_idx")]

    def __str__(self) -> str:
        return self.title


class Vouch(models.Model):
    """ "This worked for me too." Counted, never listed by person."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="vouches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["strategy", "user"], name="vouch_once")]

    def __str__(self) -> str:
        return f"{self.user_id} vouched for {self.strategy_id}"


class Story(models.Model):
    """A member's recovery story: long form, drafted in private, shared as they choose."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("your story"), max_length=50_000)
    body_html = models.TextField()
    published = models.BooleanField(_("published"), default=False)
    visibility = models.CharField(
        _("who can read it"), max_length=12, choices=Visibility.choices, default=Visibility.ONLY_ME
    )
    thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["published", "visibility", "-updated_at"], name="story_list_idx")
        ]

    def __str__(self) -> str:
        return self.title
