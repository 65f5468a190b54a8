"""Replies reach everyone following the thread: its author and those who joined in follow it
by themselves, and anyone can follow or stop following.

The reply's request only enqueues the fan-out (a background subscriber, core.events), so it
costs the same however many follow; the worker tells every follower at once (`notify_many`), in
a fixed number of queries too where the board's owner can say who of them may read it at once
(`readers_among`).
"""

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.events import subscribe
from alongside.discussions.models import Board, Follow, Post
from alongside.discussions.policies import BoardPolicy, policy_for
from alongside.notifications.actions import notify_many
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "discussion.reply",
    kind=Kind.REPLIES,
    text=_("%(actor)s replied in “%(thread)s”."),
    summary=_("Someone replied in a conversation you're part of"),
)


@subscribe("discussion.replied", background=True)
def tell_the_followers(*, post_id: int) -> None:
    notify_the_followers(post_id=post_id)


def readers_among(policy: BoardPolicy, board: Board, users: Sequence[User]) -> list[User]:
    """Those of `users` the board's owner lets read it. A policy may answer for all of them at
    once with `readers_among(users, board)` (one query); otherwise each is asked in turn."""
    batch = getattr(policy, "readers_among", None)
    if batch is not None:
        return list(batch(users, board))
    return [user for user in users if policy.may_read(user, board)]


def notify_the_followers(*, post_id: int) -> int:
    """Tell the followers of a reply's thread (idempotent: each one's key is the post's)."""
    post = Post.objects.select_related("thread__board", "author").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return 0
    thread = post.thread
    following = Follow.objects.filter(thread=thread).exclude(user=post.author)
    followers = list(User.objects.filter(pk__in=following.values("user_id"), is_active=True))
    # Following a thread doesn't outlast access: e.g. those who left the group hear nothing.
    recipients = readers_among(policy_for(thread.board), thread.board, followers)
    # In an anonymous thread its author replies anonymously too.
    actor = None if thread.anonymous and post.author_id == thread.author_id else post.author
    notified = notify_many(
        recipients=recipients,
        verb="discussion.reply",
        actor=actor,
        params={"thread": thread.title},
        url=reverse("discussions:thread", args=[thread.pk]) + f"#post-{post.pk}",
        key=lambda recipient: f"discussion.reply:{post.pk}:{recipient.pk}",
    )
    return len(notified)
