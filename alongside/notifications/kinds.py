"""What a notification can be about, and what each says in the app and, discreetly, outside it.

Features register their verbs here (`register_verb`) next to the code that sends them. The
in-app text may name people and details; the `summary` is what email subjects and push
payloads carry by default, so it never says more than "something happened on Alongside".
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MESSAGES = "messages", _("Messages")
    REPLIES = "replies", _("Replies to your posts")
    CONNECTIONS = "connections", _("Connection requests")
    GROUPS = "groups", _("Groups")
    MILESTONES = "milestones", _("Milestones of your connections")
    MENTORING = "mentoring", _("Mentoring")
    MEETINGS = "meetings", _("Meetings")
    SUPPORT_NOW = "support_now", _("Support now")
    MODERATION = "moderation", _("Safety and moderation")


class EmailChoice(models.TextChoices):
    INSTANT = "instant", _("Each one")
    DIGEST = "digest", _("Digest")
    OFF = "off", _("Off")


# What a new member gets: email only where waiting would hurt, everything else in the digest.
DEFAULT_PREFERENCES: dict[str, dict[str, Any]] = {
    Kind.MESSAGES: {"email": EmailChoice.INSTANT, "push": True},
    Kind.REPLIES: {"email": EmailChoice.DIGEST, "push": True},
    Kind.CONNECTIONS: {"email": EmailChoice.DIGEST, "push": True},
    Kind.GROUPS: {"email": EmailChoice.DIGEST, "push": True},
    Kind.MILESTONES: {"email": EmailChoice.DIGEST, "push": False},
    Kind.MENTORING: {"email": EmailChoice.INSTANT, "push": True},
    Kind.MEETINGS: {"email": EmailChoice.DIGEST, "push": True},
    Kind.SUPPORT_NOW: {"email": EmailChoice.INSTANT, "push": True},
    Kind.MODERATION: {"email": EmailChoice.INSTANT, "push": False},
}


@dataclass(frozen=True)
class Verb:
    name: str
    kind: Kind
    text: Promise  # in the app: "%(actor)s would like to connect with you."
    summary: Promise  # outside it: "You have a new connection request"
    urgent: bool = False  # may reach members in quiet hours who allowed urgent alerts
    # Turns stored params (language-neutral keys) into words in the active language.
    describe: Callable[[dict[str, Any]], dict[str, Any]] | None = None


_verbs: dict[str, Verb] = {}


def register_verb(
    name: str,
    *,
    kind: Kind,
    text: Promise,
    summary: Promise,
    urgent: bool = False,
    describe: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Verb:
    verb = Verb(name=name, kind=kind, text=text, summary=summary, urgent=urgent, describe=describe)
    _verbs[name] = verb
    return verb


def get_verb(name: str) -> Verb | None:
    return _verbs.get(name)


FALLBACK_TEXT = _("You have a new notification.")
FALLBACK_SUMMARY = _("You have a new notification")
