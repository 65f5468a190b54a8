from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from alongside.accounts.models import Block, User
from alongside.accounts.selectors import blocks_with
from alongside.core.prepared import prepared
from alongside.discussions.models import Board, Bookmark, Follow, Post, ReadMark, Thread
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


@prepared
def _thread(*, user: User, thread_id: int) -> QuerySet[Thread, Thread]:
    """The thread with its author, its board and the board's owner, and what its page shows of
    the viewer: whether they follow and kept it, their read mark (`read_at`), and whether they
    ever posted anywhere (`has_posted`: the guidelines are offered before a first post)."""
    mine = {"thread": OuterRef("pk"), "user": user}
    owners = [f"board__{name}" for name in board_relations()]
    return (
        Thread.objects.filter(pk=thread_id, deleted_at__isnull=True)
        .select_related("board", "author", *owners)
        .annotate(
            blocked=Exists(blocks_with(user, "author_id")),
            following=Exists(Follow.objects.filter(**mine)),
            bookmarked=Exists(Bookmark.objects.filter(**mine)),
            read_at=Subquery(ReadMark.objects.filter(**mine).values("read_at")[:1]),
            has_posted=Exists(Post.objects.filter(author=user)),
        )
    )


def access_thread_page(user: User, thread_id: int) -> ThreadAccess:
    """The thread, if this member may open it, with what they may do there: one query for the
    thread and all `_thread` reads with it (its SQL built once per process, core.prepared),
    plus what the board's owner needs to decide (a group's membership)."""
    if not user.is_authenticated:
        raise Http404
    found = _thread.rows(user=user, thread_id=thread_id)
    thread = found[0] if found else None
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
