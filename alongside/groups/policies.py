"""How group discussions decide who reads, writes and moderates: the group's own members."""

from collections.abc import Sequence

from django.urls import reverse

from alongside.accounts.models import Role, User
from alongside.discussions.models import Board
from alongside.discussions.policies import Rights, register_policy
from alongside.groups.access import may_moderate
from alongside.groups.models import Group, Membership


def _group(board: Board) -> Group | None:
    """The board's group: read with the board where the page selected it, else once per board
    (Django keeps it on the instance, a missing one included)."""
    try:
        return board.group
    except Group.DoesNotExist:
        return None


class GroupBoardPolicy:
    board_relations = ("group",)

    def may_read(self, user: User, board: Board) -> bool:
        group = _group(board)
        return group is not None and Membership.objects.filter(group=group, user=user).exists()

    def readers_among(self, users: Sequence[User], board: Board) -> list[User]:
        """Those of `users` who are the group's members, in one query however many they are."""
        group = _group(board)
        if group is None or not users:
            return []
        ids = {user.pk for user in users}
        found = Membership.objects.filter(group=group, user_id__in=ids)
        members = set(found.values_list("user_id", flat=True))
        return [user for user in users if user.pk in members]

    def may_post(self, user: User, board: Board) -> bool:
        return self.may_read(user, board)

    def may_moderate(self, user: User, board: Board) -> bool:
        group = _group(board)
        return group is not None and may_moderate(user, group)

    def rights(self, user: User, board: Board) -> Rights:
        """One membership read for all three (a member reads and posts; its facilitators and
        the community's moderators moderate)."""
        group = _group(board)
        role = (
            Membership.objects.filter(group=group, user=user).values_list("role", flat=True).first()
            if group is not None and user.is_authenticated
            else None
        )
        if role is None:
            return Rights(read=False, post=False, moderate=False)
        moderator = role == Membership.Role.FACILITATOR or bool(
            user.roles & {Role.MODERATOR, Role.ADMIN}
        )
        return Rights(read=True, post=True, moderate=moderator)

    def title(self, board: Board) -> str:
        group = _group(board)
        return group.name if group else ""

    def url(self, board: Board) -> str:
        group = _group(board)
        return reverse("groups:detail", args=[group.slug]) if group else reverse("groups:directory")


register_policy("group", GroupBoardPolicy())
