"""Replies reach everyone following the thread: its author and those who joined in follow it
by themselves, and anyone can follow or stop following."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.core.events import subscribe
from alongside.discussions.models import Follow, Post
from alongside.discussions.policies import policy_for
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "discussion.reply",
    kind=Kind.REPLIES,
    text=_("%(actor)s replied in “%(thread)s”."),
    summary=_("Someone replied in a conversation you're part of"),
)


@subscribe("discussion.replied")
def tell_the_followers(*, post_id: int) -> None:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return
    thread = post.thread
    policy = policy_for(thread.board)
    followers = Follow.objects.filter(thread=thread).exclude(user=post.author)
    for recipient in User.objects.filter(pk__in=followers.values("user_id"), is_active=True):
        if not policy.may_read(recipient, thread.board):
            continue  # e.g. they left the group: following a thread doesn't outlast access
        # In an anonymous thread its author replies anonymously too.
        actor = None if thread.anonymous and post.author_id == thread.author_id else post.author
        notify(
            recipient=recipient,
            verb="discussion.reply",
            actor=actor,
            params={"thread": thread.title},
            url=reverse("discussions:thread", args=[thread.pk]) + f"#post-{post.pk}",
            key=f"discussion.reply:{post.pk}:{recipient.pk}",
        )
