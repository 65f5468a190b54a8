"""The forum is for every member: anyone may read and post (anonymously if they like);
moderators moderate."""

from django.urls import reverse

from alongside.accounts.models import Role, User
from alongside.discussions.models import Board
from alongside.discussions.policies import register_policy
from alongside.forum.models import Category

BOARD_KIND = "forum"


class ForumPolicy:
    allows_anonymous = True

    def may_read(self, user: User, board: Board) -> bool:
        return user.is_authenticated and user.is_active

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        return bool(user.roles & {Role.MODERATOR, Role.ADMIN})

    def title(self, board: Board) -> str:
        category = Category.objects.filter(board=board).first()
        return category.name if category else ""

    def url(self, board: Board) -> str:
        category = Category.objects.filter(board=board).first()
        return (
            reverse("forum:category", args=[category.slug]) if category else reverse("forum:index")
        )


register_policy(BOARD_KIND, ForumPolicy())
