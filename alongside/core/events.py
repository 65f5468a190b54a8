"""In-process events, published once the transaction that caused them commits.

Actions call `publish("connection.accepted", ...)`; notifications and real-time fan-out
subscribe with `@subscribe("connection.accepted")`. Business rules never live in handlers
of Django signals: actions stay the one place where writes happen.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if handler not in _handlers[name]:
            _handlers[name].append(handler)
        return handler

    return register


def publish(name: str, **payload: Any) -> None:
    """Run the subscribers of `name` after the current transaction commits."""

    def dispatch() -> None:
        for handler in list(_handlers[name]):
            try:
                handler(**payload)
            except Exception:
                # One failing subscriber must not undo a write the member already saw succeed.
                logger.exception("Event handler %r failed for %s", handler, name)

    transaction.on_commit(dispatch)
