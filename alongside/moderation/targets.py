"""What can be reported, found the way each app finds it: a reporter must be able to see the
thing (the app's own access function, so a forbidden object is as missing as an absent one);
reviewers load it without those checks, because the queue already decided they may."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.moderation.models import TargetType


@dataclass
class Target:
    type: str
    id: int
    obj: Any
    member: User | None  # whose it is
    group: Any  # groups.Group whose facilitators review it, or None
    url: str
    label: str


def _group_of_board(board_id: int) -> Any:
    from alongside.groups.models import Group

    return Group.objects.filter(board_id=board_id).first()


def _post(post: Any) -> Target:
    thread = post.thread
    return Target(
        TargetType.POST,
        post.pk,
        post,
        post.author,
        _group_of_board(thread.board_id),
        reverse("discussions:thread", args=[thread.pk]) + f"#post-{post.pk}",
        _("A post in “%(title)s”") % {"title": thread.title},
    )


def load(target_type: str, target_id: int) -> Target | None:
    """For reviewers: the thing as it is now (hidden or not), or None if it is gone."""
    if target_type == TargetType.POST:
        from alongside.discussions.models import Post

        post = (
            Post.objects.select_related("thread", "author")
            .filter(pk=target_id, deleted_at__isnull=True)
            .first()
        )
        return _post(post) if post else None
    if target_type == TargetType.MESSAGE:
        from alongside.messaging.models import Message

        message = Message.objects.select_related("author", "conversation").filter(pk=target_id)
        found = message.first()
        if found is None:
            return None
        return Target(TargetType.MESSAGE, found.pk, found, found.author, None, "", _("A message"))
    if target_type == TargetType.PROFILE:
        user = User.objects.filter(pk=target_id).first()
        if user is None:
            return None
        url = reverse("people:profile", args=[user.handle])
        return Target(TargetType.PROFILE, user.pk, user, user, None, url, _("A profile"))
    if target_type == TargetType.GROUP:
        from alongside.groups.models import Group, Membership

        group = Group.objects.filter(pk=target_id).first()
        if group is None:
            return None
        first = (
            Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
            .select_related("user")
            .order_by("joined_at")
            .first()
        )
        url = reverse("groups:detail", args=[group.slug])
        label = _("The group “%(name)s”") % {"name": group.name}
        return Target(
            TargetType.GROUP, group.pk, group, first.user if first else None, None, url, label
        )
    if target_type == TargetType.MEETING:
        from alongside.meetings.models import Meeting

        meeting = Meeting.objects.select_related("group").filter(pk=target_id).first()
        if meeting is None:
            return None
        url = reverse("meetings:detail", args=[meeting.slug])
        label = _("The meeting “%(name)s”") % {"name": meeting.name}
        return Target(TargetType.MEETING, meeting.pk, meeting, None, None, url, label)
    if target_type == TargetType.STORY:
        from alongside.forum.models import Story

        story = Story.objects.select_related("author").filter(pk=target_id).first()
        if story is None:
            return None
        url = reverse("forum:story", args=[story.pk])
        label = _("The story “%(title)s”") % {"title": story.title}
        return Target(TargetType.STORY, story.pk, story, story.author, None, url, label)
    if target_type == TargetType.STRATEGY:
        from alongside.forum.models import Strategy

        strategy = Strategy.objects.select_related("author").filter(pk=target_id).first()
        if strategy is None:
            return None
        label = _("The strategy “%(title)s”") % {"title": strategy.title}
        url = reverse("forum:strategies")
        return Target(TargetType.STRATEGY, strategy.pk, strategy, strategy.author, None, url, label)
    return None


def resolve_for_reporter(user: User, target_type: str, target_id: int) -> Target:
    """The thing `user` wants to report, through its app's access rules (404 otherwise)."""
    if target_type == TargetType.POST:
        from alongside.discussions.access import access_post_for_user

        access_post_for_user(user, target_id)
    elif target_type == TargetType.MESSAGE:
        from alongside.messaging.access import access_message_for_user, conversation_access
        from alongside.messaging.models import Message

        message = Message.objects.filter(pk=target_id, deleted_at__isnull=True).first()
        found = conversation_access(user, message.conversation) if message else None
        if found is None:
            raise Http404
        access_message_for_user(user, found, target_id)
    elif target_type == TargetType.PROFILE:
        from alongside.accounts.access import access_member_for_user

        other = User.objects.filter(pk=target_id).first()
        if other is None:
            raise Http404
        access_member_for_user(user, other.handle)
    elif target_type == TargetType.GROUP:
        from alongside.groups.access import group_access
        from alongside.groups.models import Group

        group = Group.objects.filter(pk=target_id).first()
        if group is None or group_access(user, group) is None:
            raise Http404
    elif target_type == TargetType.MEETING:
        from alongside.meetings.access import may_see_meeting
        from alongside.meetings.models import Meeting

        meeting = Meeting.objects.select_related("group").filter(pk=target_id).first()
        if meeting is None or not may_see_meeting(user, meeting):
            raise Http404
    elif target_type == TargetType.STORY:
        from alongside.forum.access import access_story_for_user

        access_story_for_user(user, target_id)
    elif target_type == TargetType.STRATEGY:
        from alongside.forum.access import access_strategy_for_user

        access_strategy_for_user(user, target_id)
    else:
        raise Http404
    target = load(target_type, target_id)
    if target is None:
        raise Http404
    return target


REPORTABLE = {
    TargetType.POST,
    TargetType.MESSAGE,
    TargetType.PROFILE,
    TargetType.GROUP,
    TargetType.MEETING,
    TargetType.STORY,
    TargetType.STRATEGY,
}
