"""Who may read, write and moderate on a board is decided by whoever owns it (groups, forum)."""

from typing import Protocol

from django.urls import reverse

from alongside.accounts.models import User
from alongside.discussions.models import Board


class BoardPolicy(Protocol):
    def may_read(self, user: User, board: Board) -> bool: ...
    def may_post(self, user: User, board: Board) -> bool: ...
    def may_moderate(self, user: User, board: Board) -> bool: ...
    def title(self, board: Board) -> str: ...
    def url(self, board: Board) -> str: ...


def allows_anonymous(board: Board) -> bool:
    """Owners may let members post anonymously (the forum does; groups, where people know each
    other, do not)."""
    return bool(getattr(policy_for(board), "allows_anonymous", False))


class Nobody:
    """For a board nobody claims: it looks missing to everyone."""

    def may_read(self, user: User, board: Board) -> bool:
        return False

    def may_post(self, user: User, board: Board) -> bool:
        return False

    def may_moderate(self, user: User, board: Board) -> bool:
        return False

    def title(self, board: Board) -> str:
        return ""

    def url(self, board: Board) -> str:
        return reverse("core:home")


_policies: dict[str, BoardPolicy] = {}


def register_policy(kind: str, policy: BoardPolicy) -> None:
    _policies[kind] = policy


def policy_for(board: Board) -> BoardPolicy:
    return _policies.get(board.kind, Nobody())
