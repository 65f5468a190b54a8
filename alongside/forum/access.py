from django.http import Http404

from alongside.accounts.models import Connection, User, Visibility
from alongside.discussions.access import blocked_between
from alongside.forum.models import Category, Story, Strategy


def access_category(slug: str) -> Category:
    category = Category.objects.select_related("board").filter(slug=slug).first()
    if category is None:
        raise Http404
    return category


def may_read_story(viewer: User, story: Story) -> bool:
    if story.author_id == viewer.pk:
        return True
    if not story.published or story.visibility == Visibility.ONLY_ME:
        return False
    if blocked_between(viewer, story.author_id):
        return False
    if story.visibility == Visibility.MEMBERS:
        return True
    return Connection.objects.filter(
        status=Connection.Status.ACCEPTED,
        requester_id__in=[viewer.pk, story.author_id],
        addressee_id__in=[viewer.pk, story.author_id],
    ).exists()


def access_story_for_user(viewer: User, story_id: int) -> Story:
    story = Story.objects.select_related("author").filter(pk=story_id).first()
    if story is None or not may_read_story(viewer, story):
        raise Http404
    return story


def access_own_story(viewer: User, story_id: int) -> Story:
    story = Story.objects.filter(pk=story_id, author=viewer).first()
    if story is None:
        raise Http404
    return story


def access_strategy_for_user(viewer: User, strategy_id: int) -> Strategy:
    strategy = (
        Strategy.objects.select_related("author")
        .filter(pk=strategy_id, hidden_at__isnull=True)
        .first()
    )
    if strategy is None or blocked_between(viewer, strategy.author_id):
        raise Http404
    return strategy
