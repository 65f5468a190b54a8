"""Replies reach the thread's author and everyone who took part before."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.core.events import subscribe
from alongside.discussions.models import Post
from alongside.notifications.actions import notify
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "discussion.reply",
    kind=Kind.REPLIES,
    text=_("%(actor)s replied in “%(thread)s”."),
    summary=_("Someone replied in a conversation you're part of"),
)


@subscribe("discussion.replied")
def tell_the_participants(*, post_id: int) -> None:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return
    thread = post.thread
    earlier = set(
        Post.objects.filter(thread=thread, id__lt=post.pk, deleted_at__isnull=True)
        .exclude(author__isnull=True)
        .values_list("author_id", flat=True)
    )
    from alongside.accounts.models import User

    for recipient in User.objects.filter(pk__in=earlier, is_active=True):
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
