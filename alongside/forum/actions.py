"""Every write to the forum's own parts: strategies and vouches, stories and sharing them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role, User, Visibility
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.discussions.actions import start_thread
from alongside.discussions.markdown import render
from alongside.forum.models import Category, Situation, Story, Strategy, Vouch

STORIES_CATEGORY = "recovery-stories"


class ForumError(ApplicationError):
    pass


def _text(value: str, limit: int, empty: str) -> str:
    value = value.strip()
    if not value:
        raise ForumError(empty)
    if len(value) > limit:
        raise ForumError(_("Please keep it to %(n)d characters.") % {"n": limit})
    return value


@transaction.atomic
def add_strategy(
    *, user: User, title: str, situation: str, what_to_do: str, when_it_helps: str = ""
) -> Strategy:
    if situation not in Situation.values:
        raise ForumError(_("Choose what it helps with."))
    strategy = Strategy.objects.create(
        author=user,
        title=_text(title, 120, _("Give it a short title.")),
        situation=situation,
        what_to_do=_text(what_to_do, 2000, _("Say what to do.")),
        when_it_helps=when_it_helps.strip()[:300],
    )
    Vouch.objects.create(strategy=strategy, user=user)
    return strategy


def toggle_vouch(*, user: User, strategy: Strategy) -> bool:
    deleted, _count = Vouch.objects.filter(strategy=strategy, user=user).delete()
    if deleted:
        return False
    Vouch.objects.get_or_create(strategy=strategy, user=user)
    return True


def hide_strategy(*, user: User, strategy: Strategy, reason: str = "") -> None:
    if not user.roles & {Role.MODERATOR, Role.ADMIN}:
        raise ForumError(_("Only moderators can do that."))
    Strategy.objects.filter(pk=strategy.pk).update(hidden_at=timezone.now())
    log_action(actor=user, action="strategy.hidden", target=strategy, reason=reason[:200])


@transaction.atomic
def save_story(
    *,
    user: User,
    title: str,
    body: str,
    visibility: str,
    published: bool,
    story: Story | None = None,
) -> Story:
    if visibility not in Visibility.values:
        raise ForumError(_("Choose who can read it."))
    title = _text(title, 160, _("Give your story a title."))
    body = _text(body, 50_000, _("Write a few words first."))
    story = story or Story(author=user)
    if story.author_id != user.pk:
        raise ForumError(_("You can only change your own story."))
    story.title, story.body, story.body_html = title, body, render(body)
    story.visibility, story.published, story.updated_at = visibility, published, timezone.now()
    story.save()
    return story


def delete_story(*, user: User, story: Story) -> None:
    Story.objects.filter(pk=story.pk, author=user).delete()


@transaction.atomic
def share_story(*, user: User, story: Story) -> Story:
    """Post the story to the forum's Recovery stories, where every member can read it."""
    if story.author_id != user.pk:
        raise ForumError(_("You can only share your own story."))
    if story.thread_id:
        raise ForumError(_("This story is already in the forum."))
    category = Category.objects.filter(slug=STORIES_CATEGORY).first()
    if category is None:
        raise ForumError(_("The forum has no place for stories yet."))
    thread = start_thread(user=user, board=category.board, title=story.title, body=story.body)
    story.thread = thread
    story.published = True
    if story.visibility != Visibility.MEMBERS:
        story.visibility = Visibility.MEMBERS  # it is in front of every member now
    story.save(update_fields=["thread", "published", "visibility"])
    return story
