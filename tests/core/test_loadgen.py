"""`alongside loadgen` at a tiny scale: the counts add up, the links hold, the seed decides."""

import pytest
from django.core.management import call_command

from alongside.accounts.models import User
from alongside.core.loadgen import PASSWORD, Scale
from alongside.discussions.models import Post, Thread
from alongside.groups.models import Group, Membership
from alongside.meetings.models import DirectoryMeeting
from alongside.mentoring.models import MentorProfile, Mentorship
from alongside.messaging.models import Conversation, Message, Participant
from alongside.recovery.models import CheckIn, Journey


def snapshot() -> tuple:
    return (
        list(User.objects.order_by("id").values_list("handle", "timezone", "language")),
        list(Thread.objects.order_by("id").values_list("board_id", "title", "reply_count")),
        list(Post.objects.order_by("id").values_list("thread_id", "author_id", "body")),
        list(Message.objects.order_by("id").values_list("conversation_id", "author_id", "body")),
        list(DirectoryMeeting.objects.order_by("id").values_list("latitude", "types")),
        list(CheckIn.objects.order_by("id").values_list("user_id", "mood")),
    )


@pytest.mark.django_db
def test_a_tiny_community_in_proportion_and_the_same_for_the_same_seed() -> None:
    call_command("loadgen", members=60, seed=3, verbosity=0)
    scale = Scale.for_members(60)
    assert User.objects.count() == 60
    assert Journey.objects.values("user").distinct().count() == 60
    assert CheckIn.objects.values("user").distinct().count() == 12  # a fifth
    assert Group.objects.count() == scale.groups
    assert Membership.objects.filter(role="facilitator").count() == scale.groups
    assert Thread.objects.count() == scale.threads
    for thread in Thread.objects.all():  # counters agree with the posts
        assert thread.posts.count() == thread.reply_count + 1
        assert thread.posts.filter(is_opening=True).count() == 1
    assert Thread.objects.filter(reply_count__gte=50).exists()  # for the thread-page benchmark
    assert MentorProfile.objects.count() == scale.mentors
    assert Mentorship.objects.count() == scale.mentorships
    assert DirectoryMeeting.objects.count() == scale.meetings
    direct = Conversation.objects.filter(kind="direct")
    assert Participant.objects.count() == 2 * direct.count()
    last = Message.objects.filter(conversation=direct.first()).order_by("-id").first()
    assert last is not None and direct.first().last_message_id == last.pk
    assert Message.objects.first().body.endswith(".")  # encrypted at rest, read back plain
    assert User.objects.first().check_password(PASSWORD)
    first = snapshot()

    # The same seed again, after clearing out: the same community.
    User.objects.all().delete()
    Group.objects.all().delete()
    DirectoryMeeting.objects.all().delete()
    from alongside.discussions.models import Board
    from alongside.forum.models import Category

    Category.objects.all().delete()
    Board.objects.all().delete()
    Conversation.objects.all().delete()
    call_command("loadgen", members=60, seed=3, verbosity=0)
    again = snapshot()
    # Ids start after the deleted ones, so compare everything but the ids' offsets.
    assert [row[1:] for row in again[0]] == [row[1:] for row in first[0]]
    assert [row[1:] for row in again[1]] == [row[1:] for row in first[1]]
    assert [row[2] for row in again[2]] == [row[2] for row in first[2]]
    assert [row[2] for row in again[3]] == [row[2] for row in first[3]]
    assert again[4] == first[4]
    assert [row[1] for row in again[5]] == [row[1] for row in first[5]]
    # And a new User id sequence keeps working after the explicit ids.
    assert User.objects.create_user("after_loadgen", "after@example.org", "x").pk > 0
