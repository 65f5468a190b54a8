"""The forum is for every member: anyone may read and post (anonymously if they like);
moderators moderate."""

from collections.abc import Sequence

from django.urls import reverse

from alongside.accounts.models import Role, User
from alongside.discussions.models import Board
from alongside.discussions.policies import register_policy
from alongside.forum.models import Category

BOARD_KIND = "forum"


def _category(board: Board) -> Category | None:
    """The board's category: read with the board where the page selected it, else once per
    board (Django keeps it on the instance, a missing one included)."""
    try:
        return board.category
    except Category.DoesNotExist:
        return None


def _is_member(user: User) -> bool:
    return user.is_authenticated and user.is_active


class ForumPolicy:
    allows_anonymous = True
    board_relations = ("category",)

    def may_read(self, user: User, board: Board) -> bool:
        return _is_member(user)

    def readers_among(self, users: Sequence[User], board: Board) -> list[User]:
        return [user for user in users if _is_member(user)]

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        return bool(user.roles & {Role.MODERATOR, Role.ADMIN})

    def title(self, board: Board) -> str:
        category = _category(board)
        return category.name if category else ""

    def url(self, board: Board) -> str:
        category = _category(board)
        return (
            reverse("forum:category", args=[category.slug]) if category else reverse("forum:index")
        )


register_policy(BOARD_KIND, ForumPolicy())
