"""Automatic flags from what members write, and who hears about moderation."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role, User
from alongside.core.events import subscribe
from alongside.moderation import actions, rules
from alongside.moderation.models import ModAction, Reason, Report, ReviewItem, TargetType
from alongside.moderation.targets import load
from alongside.notifications.actions import notify, notify_many
from alongside.notifications.kinds import Kind, register_verb

register_verb(
    "moderation.item",
    kind=Kind.MODERATION,
    text=_("Something is waiting for review in the moderation queue."),
    summary=_("Something is waiting for review"),
)
register_verb(
    "moderation.action",
    kind=Kind.MODERATION,
    text=_("A moderator made a decision about something of yours. See what happened and why."),
    summary=_("A moderation notice is waiting for you"),
)
register_verb(
    "moderation.reversed",
    kind=Kind.MODERATION,
    text=_("A moderator reversed an earlier decision about something of yours."),
    summary=_("A moderation decision was reversed"),
)
register_verb(
    "moderation.appeal_decided",
    kind=Kind.MODERATION,
    text=_("A moderator answered your appeal."),
    summary=_("Your appeal was answered"),
)
register_verb(
    "moderation.report_reviewed",
    kind=Kind.MODERATION,
    text=_("Thank you for your report: a moderator has reviewed it."),
    summary=_("Your report was reviewed"),
)

EARLY_MESSAGES = 5  # contact details in a conversation's first messages are worth a look


def moderators() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=Role.MODERATOR) | Q(is_superuser=True))
        .distinct()
    )


def _reviewers(item: ReviewItem) -> list[User]:
    people = {u.pk: u for u in moderators()}
    if item.group_id and item.kind != ReviewItem.Kind.APPEAL:
        from alongside.groups.models import Membership

        for membership in Membership.objects.filter(
            group_id=item.group_id, role=Membership.Role.FACILITATOR
        ).select_related("user"):
            people.setdefault(membership.user_id, membership.user)
    return [u for u in people.values() if u.pk != item.member_id]


@subscribe("moderation.item_opened")
def tell_reviewers(*, item_id: int, created: bool) -> None:
    item = ReviewItem.objects.filter(pk=item_id).first()
    if item is None or not created:
        return
    url = reverse("moderation:item", args=[item.pk])
    notify_many(
        recipients=_reviewers(item),
        verb="moderation.item",
        url=url,
        key=f"moderation.item:{item.pk}",
    )


@subscribe("moderation.acted")
def tell_member(*, action_id: int) -> None:
    action = ModAction.objects.select_related("member").filter(pk=action_id).first()
    if action is None or action.member is None:
        return
    notify(
        recipient=action.member,
        verb="moderation.action",
        url=reverse("moderation:notice", args=[action.pk]),
        key=f"moderation.action:{action.pk}",
    )


@subscribe("moderation.reversed")
def tell_member_reversed(*, action_id: int) -> None:
    action = ModAction.objects.select_related("member").filter(pk=action_id).first()
    if action is None or action.member is None:
        return
    notify(
        recipient=action.member,
        verb="moderation.reversed",
        url=reverse("moderation:notice", args=[action.pk]),
        key=f"moderation.reversed:{action.pk}",
    )


@subscribe("moderation.appeal_decided")
def tell_appellant(*, item_id: int) -> None:
    item = ReviewItem.objects.select_related("member").filter(pk=item_id).first()
    if item is None or item.member is None or item.action_id is None:
        return
    notify(
        recipient=item.member,
        verb="moderation.appeal_decided",
        url=reverse("moderation:notice", args=[item.action_id]),
        key=f"moderation.appeal_decided:{item.pk}",
    )


@subscribe("moderation.item_resolved")
def tell_reporters(*, item_id: int) -> None:
    url = reverse("moderation:my_reports")
    reports = {
        made.reporter_id: made
        for made in Report.objects.filter(item_id=item_id).select_related("reporter")
    }
    notify_many(
        recipients=[made.reporter for made in reports.values()],
        verb="moderation.report_reviewed",
        url=url,
        key=lambda reporter: f"moderation.report_reviewed:{reports[reporter.pk].pk}",
    )


@subscribe("crisis.flagged")
def crisis_into_queue(*, flag_id: int) -> None:
    """Crisis flags join the one queue, first of all (support already told moderators)."""
    from alongside.moderation.targets import Target
    from alongside.support.models import CrisisFlag

    flag = CrisisFlag.objects.select_related("author").filter(pk=flag_id).first()
    if flag is None:
        return
    kinds = {
        CrisisFlag.Source.POST: TargetType.POST,
        CrisisFlag.Source.MESSAGE: TargetType.MESSAGE,
        CrisisFlag.Source.CHECK_IN: TargetType.CHECK_IN,
        CrisisFlag.Source.SUPPORT: TargetType.SUPPORT,
    }
    target_type = kinds[CrisisFlag.Source(flag.source)]
    target = load(target_type, flag.object_id) or Target(
        target_type, flag.object_id, None, flag.author, None, "", ""
    )
    target.group = None  # crisis items are for moderators
    actions.flag(
        target=target,
        reason=Reason.CRISIS,
        detail={"categories": flag.categories},
        crisis_flag=flag,
    )


def _screen_post(post_id: int) -> None:
    target = load(TargetType.POST, post_id)
    if target is None or target.member is None:
        return
    post = target.obj
    text = f"{post.thread.title}\n\n{post.body}" if post.is_opening else post.body
    if post.held:
        actions.flag(target=target, reason=Reason.LINKS, detail={"held": True})
    elif rules.looks_like_spam(text):
        actions.flag(target=target, reason=Reason.SPAM)
    found = rules.identifying_details(text)
    if found:
        actions.flag(target=target, reason=Reason.IDENTITY, detail={"looks_like": found})


@subscribe("discussion.started", background=True)
def screen_thread(*, thread_id: int) -> None:
    from alongside.discussions.models import Post

    post = Post.objects.filter(thread_id=thread_id, is_opening=True).first()
    if post is not None:
        _screen_post(post.pk)


@subscribe("discussion.replied", background=True)
@subscribe("discussion.edited", background=True)
def screen_reply(*, post_id: int) -> None:
    _screen_post(post_id)


@subscribe("message.sent", background=True)
def screen_early_message(*, message_id: int, **_: Any) -> None:
    """Contact details or off-platform invitations from a new account, or in a
    conversation's first messages: a common first step of scams and grooming."""
    from alongside.messaging.models import Message

    message = Message.objects.select_related("author").filter(pk=message_id).first()
    if message is None:
        return
    early = (
        Message.objects.filter(conversation_id=message.conversation_id, pk__lte=message.pk).count()
        <= EARLY_MESSAGES
    )
    if not (early or rules.is_new(message.author)):
        return
    found = rules.contact_details(message.body)
    target = load(TargetType.MESSAGE, message.pk)
    if found and target is not None:
        actions.flag(target=target, reason=Reason.CONTACT, detail={"looks_like": found})
