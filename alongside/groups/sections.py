"""What's new in the member's groups, and the member's own threads, on the home page: both
lists in one query (a UNION ALL of the two), two cards. The query depends on nothing but the
member, so its SQL is built once per process (core.prepared)."""

import operator
from datetime import date
from typing import Any

from django.db.models import Exists, QuerySet, Value

from alongside.accounts.models import User
from alongside.accounts.selectors import blocks_with
from alongside.core.pagination import moment_to_micros
from alongside.core.prepared import prepared
from alongside.core.sections import Section, register_facts, register_section
from alongside.discussions import sections as discussions
from alongside.discussions.models import Thread
from alongside.discussions.selectors import author_label
from alongside.groups.models import Membership

SHOWN = 5


@register_facts("home")
def home_facts(*, user: User, today: date) -> dict[str, Any]:
    return {"groups_member": Exists(Membership.objects.filter(user=user))}


def group_thread_ids(viewer: User, *, limit: int) -> QuerySet[Thread, Any]:
    """The most recently active threads across the viewer's groups (ids), minus hidden ones
    and blocked authors: group content for members only, as groups.selectors reads it."""
    return (
        Thread.objects.filter(
            board__group__memberships__user=viewer, deleted_at__isnull=True, hidden_at__isnull=True
        )
        .exclude(Exists(blocks_with(viewer, "author_id")))
        .order_by("-last_activity_at", "-id")
        .values("pk")[:limit]
    )


@prepared
def _threads(*, user: User, today: date) -> QuerySet[Thread, Any]:
    mine = discussions.my_thread_ids(user, limit=SHOWN)
    found = group_thread_ids(user, limit=SHOWN + 1)  # one more: is there a next page?
    return (
        discussions.home_threads(user)
        .filter(pk__in=mine)
        .annotate(part=Value(0))
        .union(
            discussions.home_threads(user, counted=False)
            .filter(pk__in=found)
            .annotate(part=Value(1)),
            all=True,
        )
    )


@register_section("home")
def threads(*, user: User, facts: dict[str, Any]) -> list[Section]:
    """The member's own threads and their groups' latest, one query (a UNION ALL) for both."""
    if not (facts["discussions_authored"] or facts["groups_member"]):
        return []
    rows = sorted(
        _threads.rows(user=user),
        key=operator.itemgetter("last_activity_at", "id"),
        reverse=True,
    )
    mine = [row for row in rows if row["part"] == 0]
    in_groups = [row for row in rows if row["part"] == 1]
    sections = []
    if mine:
        sections.append(Section("discussions/home_section.html", {"threads": mine}))
    if in_groups:
        shown = in_groups[:SHOWN]
        for row in shown:
            author = (
                User(pk=row["author_id"], handle=row["author_handle"]) if row["author_id"] else None
            )
            thread = Thread(pk=row["id"], anonymous=row["anonymous"], author_id=row["author_id"])
            row["author_label"] = author_label(thread, author, user, moderator=False)
        last = shown[-1]
        more = len(in_groups) > SHOWN
        cursor = f"{moment_to_micros(last['last_activity_at'])}.{last['id']}" if more else None
        sections.append(Section("groups/home_section.html", {"threads": shown, "cursor": cursor}))
    return sections
