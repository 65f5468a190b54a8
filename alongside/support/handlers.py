"""Support now, told in real time: recipients get an urgent alert (live, then push and email),
the requester hears who is coming, and text that suggests danger reaches moderators."""

import logging
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role, User
from alongside.core.events import subscribe
from alongside.core.realtime import send_to_member
from alongside.notifications.actions import notify, notify_many
from alongside.notifications.kinds import Kind, register_verb
from alongside.support import actions
from alongside.support.models import CrisisFlag, OnCallVolunteer, SupportRequest

logger = logging.getLogger(__name__)

register_verb(
    "support.request",
    kind=Kind.SUPPORT_NOW,
    text=_("%(actor)s needs support now. Can you be there?"),
    summary=_("Someone you know needs support now"),
    urgent=True,
)
register_verb(
    "support.responded",
    kind=Kind.SUPPORT_NOW,
    text=_("%(actor)s is here for you. Open your conversation."),
    summary=_("Someone is here for you on Alongside"),
    urgent=True,
)
register_verb(
    "support.unanswered",
    kind=Kind.SUPPORT_NOW,
    text=_(
        "Nobody has answered yet, and you still matter. Please call or text 988 now, or call "
        "911 if you're in danger. We'll keep your request open."
    ),
    summary=_("Your support request: please reach a crisis line"),
    urgent=True,
)
register_verb(
    "crisis.flagged",
    kind=Kind.MODERATION,
    text=_("Something %(actor)s wrote suggests they may be in danger. Please look now."),
    summary=_("An urgent safety item is waiting"),
    urgent=True,
)
register_verb(
    "support.volunteered",
    kind=Kind.MODERATION,
    text=_("%(actor)s offered to be an on-call peer and is waiting for approval."),
    summary=_("An on-call volunteer is waiting for approval"),
)


def _live(user_id: int, event: dict[str, Any]) -> None:
    try:
        send_to_member(user_id, event)
    except Exception:  # the notification and the page still tell them
        logger.warning("Could not send a live support alert", exc_info=True)


def _hold(recipient: User) -> Any:
    """Mentors who didn't let urgent alerts through their contact hours wait for them."""
    from alongside.mentoring.rules import contact_hold

    return contact_hold(recipient, timezone.now(), urgent=True)


@subscribe("support.requested")
def alert_recipients(*, request_id: int, user_ids: list[int]) -> None:
    request = SupportRequest.objects.select_related("requester").filter(pk=request_id).first()
    if request is None or not request.is_open:
        return
    url = reverse("support:request", args=[request.pk])
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        notify(
            recipient=user,
            verb="support.request",
            actor=request.requester,
            url=url,
            key=f"support.request:{request.pk}",
            not_before=_hold(user),
        )
        _live(
            user.pk,
            {"type": "support.request", "url": url, "handle": request.requester.handle},
        )
    if request.message:
        actions.screen(
            author_id=request.requester_id,
            source=CrisisFlag.Source.SUPPORT,
            object_id=request.pk,
            text=request.message,
        )


@subscribe("support.responded")
def tell_requester(*, request_id: int, responder_id: int) -> None:
    request = SupportRequest.objects.select_related("requester").filter(pk=request_id).first()
    responder = User.objects.filter(pk=responder_id).first()
    if request is None or responder is None:
        return
    url = reverse("messaging:start", args=[responder.handle])
    notify(
        recipient=request.requester,
        verb="support.responded",
        actor=responder,
        url=url,
        key=f"support.responded:{request.pk}:{responder.pk}",
    )
    _live(
        request.requester_id,
        {"type": "support.responded", "url": url, "handle": responder.handle},
    )


@subscribe("support.unanswered")
def show_lines_again(*, request_id: int) -> None:
    request = SupportRequest.objects.select_related("requester").filter(pk=request_id).first()
    if request is None or not request.is_open:
        return
    url = reverse("support:request", args=[request.pk])
    notify(
        recipient=request.requester,
        verb="support.unanswered",
        url=url,
        key=f"support.unanswered:{request.pk}",
    )
    _live(request.requester_id, {"type": "support.unanswered", "url": url})


def _moderators() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.MODERATOR) | Q(is_superuser=True))
        .distinct()
    )


@subscribe("crisis.flagged")
def alert_moderators(*, flag_id: int) -> None:
    flag = CrisisFlag.objects.select_related("author").filter(pk=flag_id).first()
    if flag is None:
        return
    notify_many(
        recipients=_moderators(),
        verb="crisis.flagged",
        actor=flag.author,
        url=reverse("moderation:queue"),
        key=f"crisis.flagged:{flag.pk}",
    )


@subscribe("support.volunteered")
def ask_for_approval(*, volunteer_id: int) -> None:
    volunteer = OnCallVolunteer.objects.select_related("user").filter(pk=volunteer_id).first()
    if volunteer is None:
        return
    notify_many(
        recipients=_moderators(),
        verb="support.volunteered",
        actor=volunteer.user,
        url=reverse("support:roster"),
        key=f"support.volunteered:{volunteer.pk}",
    )


# Screening what people write, wherever they write it


@subscribe("discussion.started", background=True)
def screen_thread(*, thread_id: int) -> None:
    from alongside.discussions.models import Post

    post = Post.objects.filter(thread_id=thread_id, is_opening=True).first()
    if post is not None and post.author_id:
        text = f"{post.thread.title}\n\n{post.body}"
        actions.screen(
            author_id=post.author_id, source=CrisisFlag.Source.POST, object_id=post.pk, text=text
        )


@subscribe("discussion.replied", background=True)
@subscribe("discussion.edited", background=True)
def screen_reply(*, post_id: int) -> None:
    from alongside.discussions.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is not None and post.author_id:
        actions.screen(
            author_id=post.author_id,
            source=CrisisFlag.Source.POST,
            object_id=post.pk,
            text=post.body,
        )


@subscribe("message.sent", background=True)
@subscribe("message.changed", background=True)
def screen_message(*, message_id: int, **_: Any) -> None:
    from alongside.messaging.models import Message

    message = Message.objects.filter(pk=message_id, deleted_at__isnull=True).first()
    if message is not None:
        actions.screen(
            author_id=message.author_id,
            source=CrisisFlag.Source.MESSAGE,
            object_id=message.pk,
            text=message.body,
        )


@subscribe("check_in.saved", background=True)
def screen_check_in(*, check_in_id: int) -> None:
    from alongside.recovery.models import CheckIn

    check_in = CheckIn.objects.filter(pk=check_in_id).first()
    if check_in is not None:
        actions.screen(
            author_id=check_in.user_id,
            source=CrisisFlag.Source.CHECK_IN,
            object_id=check_in.pk,
            text=f"{check_in.note}\n\n{check_in.gratitude}",
        )
