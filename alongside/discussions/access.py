from dataclasses import dataclass

from django.db.models import Exists, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Block, User
from alongside.accounts.selectors import blocks_with
from alongside.discussions.models import Board, Post, Thread
from alongside.discussions.policies import Rights, board_relations, policy_for, rights_on


def blocked_between(user: User, author_id: int | None) -> bool:
    if author_id is None or author_id == user.pk:
        return False
    return Block.objects.filter(
        Q(blocker=user, blocked_id=author_id) | Q(blocker_id=author_id, blocked=user)
    ).exists()


def access_board_for_user(user: User, board_id: int) -> Board:
    board = Board.objects.filter(pk=board_id).first()
    if board is None or not user.is_authenticated or not policy_for(board).may_read(user, board):
        raise Http404
    return board


@dataclass(frozen=True)
class ThreadAccess:
    thread: Thread
    rights: Rights


def access_thread_page(
    user: User, thread_id: int, *, queryset: QuerySet[Thread] | None = None
) -> ThreadAccess:
    """The thread, if this member may open it, with what they may do there: one query for the
    thread, its author, its board and the board's owner (and whatever `queryset` annotates),
    plus what the owner needs to decide (a group's membership)."""
    if not user.is_authenticated:
        raise Http404
    owners = [f"board__{name}" for name in board_relations()]
    thread = (
        (queryset if queryset is not None else Thread.objects.all())
        .select_related("board", "author", *owners)
        .annotate(blocked=Exists(blocks_with(user, "author_id")))
        .filter(pk=thread_id, deleted_at__isnull=True)
        .first()
    )
    if thread is None or thread.blocked:
        raise Http404
    rights = rights_on(thread.board, user)
    if not rights.read:
        raise Http404
    if thread.hidden_at is not None and thread.author_id != user.pk and not rights.moderate:
        raise Http404
    return ThreadAccess(thread, rights)


def access_thread_for_user(user: User, thread_id: int) -> Thread:
    return access_thread_page(user, thread_id).thread


def access_post_for_user(user: User, post_id: int) -> Post:
    post = Post.objects.filter(pk=post_id).first()
    if post is None or post.deleted_at is not None or blocked_between(user, post.author_id):
        raise Http404
    found = access_thread_page(user, post.thread_id)
    post.thread = found.thread
    if post.hidden_at is not None and post.author_id != user.pk and not found.rights.moderate:
        raise Http404
    return post
