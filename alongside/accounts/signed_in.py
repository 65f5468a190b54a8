"""The signed-in member, loaded once every few minutes instead of on every request.

Django's AuthenticationMiddleware reads the user row (and `User.roles` its groups) on every
request. The backend keeps that user in the shared cache instead, and every write that could
change it forgets the copy: saving or deleting a user (signals), `User.objects...update()` and
`delete()` (the queryset, e.g. a suspension), and changes to their groups (roles). The short
timeout bounds what a race between a write and a cache fill could leave behind.
"""

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from alongside.accounts.models import User

TIMEOUT = 120


def _key(user_id: object) -> str:
    return f"signed-in-user:{user_id}"


def load(user_id: str | int) -> User | None:
    """The user with this primary key, from the cache when it's there."""
    user = cache.get(_key(user_id))
    if user is None:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return None
        user.roles  # noqa: B018  (computed now, so the cached copy carries it)
        cache.set(_key(user_id), user, TIMEOUT)
    return user


def forget(user_ids: Iterable[object]) -> None:
    keys = [_key(pk) for pk in user_ids]
    if keys:
        cache.delete_many(keys)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def _user_changed(sender: type[User], instance: User, **kwargs: Any) -> None:
    forget([instance.pk])


@receiver(m2m_changed, sender=User.groups.through)
def _roles_changed(
    sender: type, instance: object, action: str, reverse: bool, pk_set: set | None, **kwargs: Any
) -> None:
    if not reverse:  # a user's groups changed
        forget([instance.pk])  # type: ignore[attr-defined]
    elif action == "pre_clear":  # a group emptied: its members, before they're gone
        forget(instance.user_set.values_list("pk", flat=True))  # type: ignore[attr-defined]
    elif pk_set:  # users added to or removed from a group, seen from the group
        forget(pk_set)
