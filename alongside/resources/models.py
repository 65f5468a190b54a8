"""The resource directory: helplines, treatment locators, sober living, recovery community
organisations, online meetings and harm reduction, curated by the organisation in the admin."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ["http", "https"]


class WebURLField(models.URLField):
    """A URL members can follow: http or https only, so nothing like javascript: can reach a
    link (Django's own URLField also accepts ftp)."""

    default_validators = [URLValidator(schemes=WEB_SCHEMES)]


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("resource category")
        verbose_name_plural = _("resource categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    class Area(models.TextChoices):
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="resources", verbose_name=_("category")
    )
    description = models.TextField(_("description"), max_length=2000, help_text=_("Plain text."))
    url = WebURLField(_("website"), max_length=500, blank=True, help_text=_("http or https only."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    sms = models.CharField(
        _("text (SMS) number"), max_length=20, blank=True, help_text=_("e.g. 741741")
    )
    sms_keyword = models.CharField(
        _("text keyword"), max_length=30, blank=True, help_text=_("What to text, e.g. HOME")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=40, blank=True)
    area = models.CharField(_("area"), max_length=10, choices=Area.choices, default=Area.NATIONAL)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("e.g. English, Spanish")
    )
    hours = models.CharField(_("hours"), max_length=120, blank=True, help_text=_("e.g. 24/7"))
    is_active = models.BooleanField(_("shown in the directory"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["position", "name"]
        indexes = [
            models.Index(fields=["is_active", "category", "position"], name="resource_list_idx")
        ]
        constraints = [
            # The validator is the friendly check; this one holds for every way of writing.
            models.CheckConstraint(
                condition=Q(url="")
                | Q(url__istartswith="https://")
                | Q(url__istartswith="http://"),
                name="resource_url_is_web",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def sms_number(self) -> str:
        return "".join(ch for ch in self.sms if ch.isdigit() or ch == "+")

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.address, self.city, self.state) if part)
