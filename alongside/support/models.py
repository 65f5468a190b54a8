from django.db import models
from django.utils.translation import gettext_lazy as _


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
