"""Where a hard day can lead: the features that exist on this instance, most personal first."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SupportLink:
    label: Promise
    url: str


# (URL name, label); the first that resolve are offered. Later features slot in by name.
CANDIDATES = [
    ("mentoring:index", _("Reach out to your mentor")),
    ("support_now:index", _("Ask for support now")),
    ("people:connections", _("Reach out to one of your connections")),
    ("forum:strategies", _("Try a strategy peers found helpful for cravings")),
    ("meetings:finder", _("Find a meeting today")),
    ("support:help", _("Talk to someone now: crisis lines, free and confidential")),
]


def support_links() -> list[SupportLink]:
    links = []
    for name, label in CANDIDATES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if name == "forum:strategies":
            url += "?situation=cravings"
        links.append(SupportLink(label, url))
    return links
