from collections.abc import Sequence
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Connection, User, Visibility
from alongside.accounts.selectors import blocks_with
from alongside.discussions.models import Post
from alongside.discussions.selectors import author_label
from alongside.forum.models import Category, Story, Strategy, Vouch


def _blocked(viewer: User, field: str) -> Exists:
    return Exists(blocks_with(viewer, field))


def categories() -> list[Category]:
    return list(
        Category.objects.annotate(
            last_activity=Max(
                "board__threads__last_activity_at",
                filter=Q(board__threads__deleted_at__isnull=True),
            )
        ).order_by("position", "name")
    )


def search(viewer: User, query: str, *, limit: int = 30) -> list[Post]:
    """Posts the viewer could open anyway: the forum and their own groups, nobody blocked.
    PostgreSQL's full-text search when available, a plain substring match on SQLite."""
    query = query.strip()[:200]
    if not query:
        return []
    readable = Q(thread__board__kind="forum") | Q(thread__board__group__memberships__user=viewer)
    posts: QuerySet[Post] = (
        Post.objects.filter(
            readable,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            thread__deleted_at__isnull=True,
        )
        .exclude(_blocked(viewer, "author_id"))
        .exclude(_blocked(viewer, "thread__author_id"))
        .select_related("thread", "author")
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("thread__title", weight="A") + SearchVector("body", weight="B")
        wanted = SearchQuery(query, search_type="websearch")
        # Filter on the match itself: ts_rank gives non-matching rows a tiny positive rank.
        posts = (
            posts.annotate(document=vector, rank=SearchRank(vector, wanted))
            .filter(document=wanted)
            .order_by("-rank", "-id")
        )
    else:
        posts = posts.filter(Q(body__icontains=query) | Q(thread__title__icontains=query)).order_by(
            "-id"
        )
    found = (
        list(posts.distinct()[:limit]) if connection.vendor != "postgresql" else list(posts[:limit])
    )
    for post in found:
        post.author_label = author_label(post.thread, post.author, viewer, moderator=False)  # type: ignore[attr-defined]
    return found


def strategies(viewer: User, *, situation: str = "", limit: int = 50) -> Sequence[Strategy]:
    """Ranked by peers who found them useful lately (recent vouches count double)."""
    recent = timezone.now() - timedelta(days=90)
    mine = Vouch.objects.filter(strategy=OuterRef("pk"), user=viewer)
    found = (
        Strategy.objects.filter(hidden_at__isnull=True)
        .exclude(_blocked(viewer, "author_id"))
        .annotate(
            vouch_count=Count("vouches", distinct=True),
            recent_vouches=Count(
                "vouches", filter=Q(vouches__created_at__gte=recent), distinct=True
            ),
            vouched=Exists(mine),
        )
        .select_related("author")
    )
    if situation:
        found = found.filter(situation=situation)
    ranked = sorted(found[:500], key=lambda s: (-(s.recent_vouches * 2 + s.vouch_count), -s.pk))
    return ranked[:limit]


def stories_for(viewer: User, *, limit: int = 30) -> list[Story]:
    """Published stories shared with the viewer, plus the viewer's own (drafts included)."""
    accepted = Connection.objects.filter(status=Connection.Status.ACCEPTED)
    connected = Q(author__in=accepted.filter(requester=viewer).values("addressee_id")) | Q(
        author__in=accepted.filter(addressee=viewer).values("requester_id")
    )
    shared = Q(published=True) & (
        Q(visibility=Visibility.MEMBERS) | (Q(visibility=Visibility.CONNECTIONS) & connected)
    )
    return list(
        Story.objects.filter(shared | Q(author=viewer))
        .exclude(_blocked(viewer, "author_id"))
        .select_related("author")
        .order_by("-updated_at", "-id")[:limit]
    )
