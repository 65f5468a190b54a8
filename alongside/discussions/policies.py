"""Who may read, write and moderate on a board is decided by whoever owns it (groups, forum)."""

from dataclasses import dataclass
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


# Optional on a policy:
# - `allows_anonymous = True`: members may post anonymously on its boards.
# - `board_relations = ("category",)`: the owner's reverse one-to-one on Board, read with the
#   board wherever a page fetches it (so `title` and `url` cost no query of their own).
# - `rights(user, board) -> Rights`: all three answers at once, when the owner can give them
#   for the price of one (a group reads the membership once).


@dataclass(frozen=True)
class Rights:
    """What one member may do on one board, asked of its owner once per page."""

    read: bool
    post: bool
    moderate: bool


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


def rights_on(board: Board, user: User) -> Rights:
    policy = policy_for(board)
    combined = getattr(policy, "rights", None)
    if combined is not None:
        return combined(user, board)
    if not policy.may_read(user, board):
        return Rights(read=False, post=False, moderate=False)
    return Rights(
        read=True, post=policy.may_post(user, board), moderate=policy.may_moderate(user, board)
    )


def board_relations() -> list[str]:
    """The owners' reverse one-to-ones on Board, for `select_related("board__<name>")`."""
    return sorted({name for p in _policies.values() for name in getattr(p, "board_relations", ())})
