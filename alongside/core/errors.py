"""Business errors: actions raise these, views turn them into a clear message."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the product was not met. The message is user-facing and translated."""

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
