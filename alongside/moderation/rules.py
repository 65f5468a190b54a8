"""Protections that run inside other apps' actions: mutes, new-account limits, links held for
review, and the heuristics behind automatic flags. Imports only accounts and core, so any app
may call it."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.errors import ApplicationError

NEW_ACCOUNT = timedelta(days=7)
FIRST_POSTS = 3  # links in a new member's first posts wait for a moderator


class Restricted(ApplicationError):
    pass


class Limited(ApplicationError):
    pass


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


# New accounts (first week) per hour; everyone has a generous ceiling against scripts.
LIMITS = {
    "posts": (Limit("new-posts", 10, 3600), Limit("posts", 60, 3600)),
    "connections": (Limit("new-connections", 10, 3600), Limit("connections", 40, 3600)),
    "mentor_requests": (Limit("new-mentor-requests", 5, 3600), Limit("mentor-requests", 10, 3600)),
}


def is_new(user: User) -> bool:
    return user.date_joined > timezone.now() - NEW_ACCOUNT


def _hit(user: User, limit: Limit) -> bool:
    """Count one use in the cache (as messaging.limits does); False once the limit is passed."""
    key = f"limit:{limit.name}:{user.pk}"
    if cache.add(key, 1, timeout=limit.seconds):
        return True
    try:
        used = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=limit.seconds)
        return True
    return used <= limit.count


def active_mute(user: User):  # -> ModAction | None
    from alongside.moderation.models import ModAction

    now = timezone.now()
    return (
        ModAction.objects.filter(member=user, kind=ModAction.Kind.MUTE, reversed_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("-until")
        .first()
    )


def check_not_muted(user: User) -> None:
    mute = active_mute(user)
    if mute is not None:
        until = formats.date_format(timezone.localtime(mute.until), "DATETIME_FORMAT")
        raise Restricted(
            _(
                "A moderator has paused your posting, messages and requests until %(until)s. "
                "You can still read everything. See why, or appeal, under Moderation notices."
            )
            % {"until": until}
        )


def check_can(user: User, what: str) -> None:
    """Before a post, a connection request or a mentor request: mutes, then the hourly limits."""
    check_not_muted(user)
    new_limit, everyone = LIMITS[what]
    limits = [new_limit, everyone] if is_new(user) else [everyone]
    for limit in limits:
        if _hit(user, limit):
            continue
        if limit is new_limit:
            messages = {
                "posts": _(
                    "In your first week you can post %(n)d times an hour. Please wait a "
                    "little and try again; what you wrote is still in the box."
                ),
                "connections": _(
                    "In your first week you can send %(n)d connection requests an hour. "
                    "Please try again later."
                ),
                "mentor_requests": _(
                    "In your first week you can send %(n)d mentor requests an hour. "
                    "Please try again later."
                ),
            }
        else:
            messages = {
                "posts": _("You're posting quickly: up to %(n)d posts an hour. Please wait."),
                "connections": _("That's a lot of connection requests: up to %(n)d an hour."),
                "mentor_requests": _("That's a lot of mentor requests: up to %(n)d an hour."),
            }
        raise Limited(messages[what] % {"n": limit.count})


LINK = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


def should_hold(user: User, body: str, *, earlier_posts: int) -> bool:
    """Links in a new member's first posts wait for a moderator (spam's favourite shape)."""
    return is_new(user) and earlier_posts < FIRST_POSTS and bool(LINK.search(body))


# Heuristics for automatic flags and the "are you sure?" before posting

PHONE = re.compile(r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|"
    r"Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Calle|Avenida)\b\.?"
)
FULL_NAME = re.compile(
    r"\b(?:name is|named|called|real name|se llama|his name's|her name's)\s+"
    r"[A-Z][a-z]+\s+[A-Z][a-z]{2,}\b"
)
OFF_PLATFORM = re.compile(
    r"\b(?:whatsapp|telegram|snapchat|snap me|kik|signal app|text me|call me|dm me on|"
    r"add me on|instagram|insta)\b",
    re.IGNORECASE,
)


def identifying_details(text: str) -> list[str]:
    """What in `text` looks like it identifies someone: names, phones, addresses, emails."""
    found = []
    if FULL_NAME.search(text):
        found.append("name")
    if PHONE.search(text):
        found.append("phone")
    if ADDRESS.search(text):
        found.append("address")
    if EMAIL.search(text):
        found.append("email")
    return found


def contact_details(text: str) -> list[str]:
    found = []
    if PHONE.search(text):
        found.append("phone")
    if EMAIL.search(text):
        found.append("email")
    if OFF_PLATFORM.search(text):
        found.append("off_platform")
    return found


def looks_like_spam(text: str) -> bool:
    return len(LINK.findall(text)) >= 3
