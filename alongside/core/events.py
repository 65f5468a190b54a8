"""Events, published once the transaction that caused them commits.

Actions call `publish("connection.accepted", ...)`; notifications and real-time fan-out
subscribe with `@subscribe("connection.accepted")`, and work the writer need not wait for
(screening what they wrote, telling the people it concerns) with `background=True`. Business
rules never live in handlers of Django signals: actions stay the one place where writes happen.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
_background: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str, *, background: bool = False) -> Callable[[Handler], Handler]:
    """Run the handler after each `name` event commits: in the request that caused it, or
    with `background=True` in the worker (`alongside worker`), for work the member who wrote
    need not wait for (screening, notifications). Background handlers get the event's payload
    as JSON gives it back (ids, text, bools, lists)."""

    def register(handler: Handler) -> Handler:
        handlers = _background[name] if background else _handlers[name]
        if handler not in handlers:
            handlers.append(handler)
        return handler

    return register


def _run(name: str, handlers: list[Handler], payload: dict[str, Any]) -> None:
    for handler in list(handlers):
        try:
            handler(**payload)
        except Exception:
            # One failing subscriber must not undo a write the member already saw succeed.
            logger.exception("Event handler %r failed for %s", handler, name)


def run_in_background(name: str, payload: dict[str, Any]) -> None:
    """The background handlers of an event (the worker's side of `publish`)."""
    _run(name, _background[name], payload)


def publish(name: str, **payload: Any) -> None:
    """Run the subscribers of `name` after the current transaction commits: the request's own
    at once, the background ones through one task for the event."""

    def dispatch() -> None:
        _run(name, _handlers[name], payload)
        if not _background[name]:
            return
        from alongside.core.tasks import handle_event

        try:
            handle_event.enqueue(name, payload)
        except Exception:  # a queue that is down must not cost the event its handlers
            logger.exception("Could not enqueue the %s event; handling it now", name)
            run_in_background(name, payload)

    transaction.on_commit(dispatch)
