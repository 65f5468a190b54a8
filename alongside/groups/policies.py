"""How group discussions decide who reads, writes and moderates: the group's own members."""

from django.urls import reverse

from alongside.accounts.models import User
from alongside.discussions.models import Board
from alongside.discussions.policies import register_policy
from alongside.groups.access import may_moderate
from alongside.groups.models import Group, Membership


class GroupBoardPolicy:
    def _group(self, board: Board) -> Group | None:
        return Group.objects.filter(board=board).first()

    def may_read(self, user: User, board: Board) -> bool:
        group = self._group(board)
        return group is not None and Membership.objects.filter(group=group, user=user).exists()

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        group = self._group(board)
        return group is not None and may_moderate(user, group)

    def title(self, board: Board) -> str:
        group = self._group(board)
        return group.name if group else ""

    def url(self, board: Board) -> str:
        group = self._group(board)
        return reverse("groups:detail", args=[group.slug]) if group else reverse("groups:directory")


register_policy("group", GroupBoardPolicy())
