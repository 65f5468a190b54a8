from django.db.models import Q
from django.http import Http404

from alongside.accounts.models import Block, User
from alongside.discussions.models import Board, Post, Thread
from alongside.discussions.policies import policy_for


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


def access_thread_for_user(user: User, thread_id: int) -> Thread:
    thread = (
        Thread.objects.select_related("board", "author")
        .filter(pk=thread_id, deleted_at__isnull=True)
        .first()
    )
    if (
        thread is None
        or not user.is_authenticated
        or not policy_for(thread.board).may_read(user, thread.board)
        or blocked_between(user, thread.author_id)
    ):
        raise Http404
    if (
        thread.hidden_at is not None
        and thread.author_id != user.pk
        and not policy_for(thread.board).may_moderate(user, thread.board)
    ):
        raise Http404
    return thread


def access_post_for_user(user: User, post_id: int) -> Post:
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None or blocked_between(user, post.author_id):
        raise Http404
    thread = access_thread_for_user(user, post.thread_id)
    if (
        post.hidden_at is not None
        and post.author_id != user.pk
        and not policy_for(thread.board).may_moderate(user, thread.board)
    ):
        raise Http404
    return post
