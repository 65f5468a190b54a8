"""Every write to discussions: threads, replies, edits, deletions, pins, locks and reactions."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.discussions.markdown import render
from alongside.discussions.models import (
    Board,
    Bookmark,
    ContentWarning,
    Follow,
    Post,
    PostReaction,
    ReactionKind,
    ReadMark,
    Thread,
)
from alongside.discussions.policies import policy_for
from alongside.moderation import rules

TITLE_MAX = 200
BODY_MAX = 20_000


class DiscussionError(ApplicationError):
    pass


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise DiscussionError(_("Give the thread a title."))
    if len(title) > TITLE_MAX:
        raise DiscussionError(_("Keep the title to %(n)d characters.") % {"n": TITLE_MAX})
    return title


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DiscussionError(_("Write something first."))
    if len(body) > BODY_MAX:
        raise DiscussionError(
            _("That's longer than we can keep (%(n)d characters).") % {"n": BODY_MAX}
        )
    return body


def _held(user: User, body: str) -> bool:
    if not rules.is_new(user):
        return False
    earlier = Post.objects.filter(author=user, deleted_at__isnull=True).count()
    return rules.should_hold(user, body, earlier_posts=earlier)


@transaction.atomic
def start_thread(
    *,
    user: User,
    board: Board,
    title: str,
    body: str,
    anonymous: bool = False,
    content_warning: str = "",
) -> Thread:
    if not policy_for(board).may_post(user, board):
        raise DiscussionError(_("You can't start a thread here."))
    if content_warning and content_warning not in ContentWarning.values:
        raise DiscussionError(_("Choose a content warning from the list."))
    title, body = _clean_title(title), _clean_body(body)
    rules.check_not_muted(user)
    held = _held(user, body)
    thread = Thread.objects.create(
        board=board,
        author=user,
        title=title,
        anonymous=anonymous,
        content_warning=content_warning,
        hidden_at=timezone.now() if held else None,
    )
    Post.objects.create(
        thread=thread,
        author=user,
        body=body,
        body_html=render(body),
        is_opening=True,
        hidden_at=thread.hidden_at,
        held=held,
    )
    Follow.objects.create(thread=thread, user=user)  # the author hears about replies
    publish("discussion.started", thread_id=thread.pk)
    return thread


@transaction.atomic
def reply(*, user: User, thread: Thread, body: str) -> Post:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    policy = policy_for(thread.board)
    if thread.deleted_at is not None or not policy.may_post(user, thread.board):
        raise DiscussionError(_("You can't reply here."))
    if thread.locked and not policy.may_moderate(user, thread.board):
        raise DiscussionError(_("This thread is closed to new replies. You can still read it."))
    body = _clean_body(body)
    rules.check_not_muted(user)
    held = _held(user, body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=user,
        body=body,
        body_html=render(body),
        created_at=now,
        hidden_at=now if held else None,
        held=held,
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now
    )
    Follow.objects.get_or_create(thread=thread, user=user)  # those who join in follow too
    publish("discussion.replied", post_id=post.pk)
    return post


@transaction.atomic
def edit_post(*, user: User, post: Post, body: str, title: str | None = None) -> Post:
    if post.author_id != user.pk or post.deleted_at is not None:
        raise DiscussionError(_("You can only edit your own posts."))
    body = _clean_body(body)
    if post.is_opening and title is not None:
        Thread.objects.filter(pk=post.thread_id).update(title=_clean_title(title))
    if body != post.body:
        post.body, post.body_html, post.edited_at = body, render(body), timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        publish("discussion.edited", post_id=post.pk)
    return post


@transaction.atomic
def delete_post(*, user: User, post: Post) -> None:
    """Authors delete their own posts; moderators anyone's (audited). Deleting the opening post
    deletes the thread."""
    thread = post.thread
    moderating = post.author_id != user.pk
    if moderating and not policy_for(thread.board).may_moderate(user, thread.board):
        raise DiscussionError(_("You can only delete your own posts."))
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(deleted_at=now, body="", body_html="")
    if post.is_opening:
        Thread.objects.filter(pk=thread.pk).update(deleted_at=now)
    else:
        Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
    if moderating:
        log_action(actor=user, action="discussion.post_deleted", target=post)


def set_post_hidden(*, post: Post, hidden: bool) -> None:
    """Hide or restore a post (moderation decides who may and writes the audit log). Hiding an
    opening post hides its thread too."""
    moment = timezone.now() if hidden else None
    Post.objects.filter(pk=post.pk).update(hidden_at=moment, held=False)
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(hidden_at=moment)


def _moderate(user: User, thread: Thread) -> None:
    if not policy_for(thread.board).may_moderate(user, thread.board):
        raise DiscussionError(_("Only facilitators and moderators can do that."))


def set_pinned(*, user: User, thread: Thread, pinned: bool) -> None:
    _moderate(user, thread)
    Thread.objects.filter(pk=thread.pk).update(pinned=pinned)


def set_locked(*, user: User, thread: Thread, locked: bool) -> None:
    _moderate(user, thread)
    Thread.objects.filter(pk=thread.pk).update(locked=locked)
    log_action(
        actor=user, action="discussion.locked" if locked else "discussion.unlocked", target=thread
    )


def toggle_reaction(*, user: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it was there. Returns whether it is there now."""
    if kind not in ReactionKind.values:
        raise DiscussionError(_("Choose one of the reactions."))
    if post.deleted_at is not None:
        raise DiscussionError(_("That post was deleted."))
    deleted, _count = PostReaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    PostReaction.objects.get_or_create(post=post, user=user, kind=kind)
    return True


def toggle_follow(*, user: User, thread: Thread) -> bool:
    deleted, _count = Follow.objects.filter(thread=thread, user=user).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(thread=thread, user=user)
    return True


def toggle_bookmark(*, user: User, thread: Thread) -> bool:
    deleted, _count = Bookmark.objects.filter(thread=thread, user=user).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(thread=thread, user=user)
    return True


def mark_read(*, user: User, thread: Thread, last_read: datetime | None = None) -> None:
    """One upsert, however often the thread is opened. `last_read`: the member's mark, when the
    caller read it with the thread; a mark that already covers the thread's last activity needs
    no write (otherwise every page view would be a write)."""
    if last_read is not None and last_read >= thread.last_activity_at:
        return
    ReadMark.objects.bulk_create(
        [ReadMark(thread=thread, user=user, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["thread", "user"],
        update_fields=["read_at"],
    )
