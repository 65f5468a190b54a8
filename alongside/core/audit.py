from typing import Any

from django.db import models

from alongside.core.models import AuditLogEntry


def log_action(
    *, actor: Any, action: str, target: models.Model | None = None, **data: Any
) -> AuditLogEntry:
    """Record a security-, staff- or moderator-relevant action (pretix's `log_action`)."""
    return AuditLogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
