"""Crisis resources shown on /help/: national lines from public sources, then local ones."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.support.models import CrisisLine


@dataclass(frozen=True)
class Line:
    name: str | Promise
    description: str | Promise
    phone: str = ""
    text: str = ""
    url: str = ""
    hours: str | Promise = ""

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


EMERGENCY = Line(
    name=_("Emergency: 911"),
    description=_(
        "For an overdose or immediate danger, call 911. If someone may be overdosing on opioids, "
        "give naloxone (Narcan) if you have it, and stay with them."
    ),
    phone="911",
)

NATIONAL_LINES = [
    Line(
        name=_("988 Suicide & Crisis Lifeline"),
        description=_(
            "Call or text 988 to talk with someone now, or chat online. Veterans, press 1."
        ),
        phone="988",
        text="988",
        url="https://988lifeline.org",
        hours=_("24/7, free and confidential"),
    ),
    Line(
        name=_("SAMHSA National Helpline"),
        description=_(
            "Treatment referral and information for substance use, in English and Spanish. "
            "TTY: 1-800-487-4889. Text your ZIP code to 435748 (HELP4U)."
        ),
        phone="1-800-662-4357",
        text="435748",
        url="https://findtreatment.gov",
        hours=_("24/7, free and confidential"),
    ),
]


def local_lines() -> list[Line | CrisisLine]:
    """Lines from the LOCAL_CRISIS_LINES setting, then those added in the admin."""
    lines: list[Line | CrisisLine] = []
    for entry in filter(None, (e.strip() for e in settings.LOCAL_CRISIS_LINES.split(";"))):
        name, _sep, rest = entry.partition("|")
        phone, _sep, note = rest.partition("|")
        lines.append(Line(name=name.strip(), phone=phone.strip(), description=note.strip()))
    lines.extend(CrisisLine.objects.filter(is_active=True))
    return lines
