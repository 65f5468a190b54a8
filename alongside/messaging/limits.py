"""Sending limits: generous for everyone, tighter for accounts in their first week, so that
spam and harassment from fresh accounts stay small. Counters live in the cache (Redis in
production, shared by every process)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import User
from alongside.core.errors import ApplicationError

NEW_ACCOUNT = timedelta(days=7)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


EVERYONE = Limit("messages", 30, 60)
NEW_MESSAGES = Limit("new-messages", 10, 10 * 60)
NEW_REQUESTS = Limit("new-requests", 3, 24 * 60 * 60)
REQUESTS = Limit("requests", 10, 24 * 60 * 60)


class RateLimited(ApplicationError):
    pass


def _hit(user: User, limit: Limit) -> bool:
    """Count one use; False if the limit was already reached in this window."""
    key = f"limit:{limit.name}:{user.pk}"
    if cache.add(key, 1, timeout=limit.seconds):
        return True
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return True
    return used <= limit.count


def is_new(user: User) -> bool:
    return user.date_joined > timezone.now() - NEW_ACCOUNT


def check_send(user: User, *, is_request: bool) -> None:
    limits = [EVERYONE]
    if is_new(user):
        limits.append(NEW_MESSAGES)
    if is_request:
        limits.append(NEW_REQUESTS if is_new(user) else REQUESTS)
    for limit in limits:
        if not _hit(user, limit):
            minutes = max(limit.seconds // 60, 1)
            if limit in (NEW_REQUESTS, REQUESTS):
                raise RateLimited(
                    ngettext(
                        "You've sent %(n)d message request today, the most for now. "
                        "You can send more tomorrow; your connections can get a message any time.",
                        "You've sent %(n)d message requests today, the most for now. "
                        "You can send more tomorrow; your connections can get a message any time.",
                        limit.count,
                    )
                    % {"n": limit.count}
                )
            if limit is NEW_MESSAGES:
                message = _(
                    "You're sending messages quickly. In your first week you can send %(n)d "
                    "messages every %(minutes)d minutes. Please wait a little and try again; "
                    "your message is still in the box."
                )
            else:
                message = _(
                    "You're sending messages quickly: up to %(n)d a minute. Please wait a "
                    "moment and try again; your message is still in the box."
                )
            raise RateLimited(message % {"n": limit.count, "minutes": minutes})
