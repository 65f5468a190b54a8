"""The member's own threads on the home page: replies and reactions since they last looked."""

from django.db.models import Count, Exists, OuterRef, Q

from alongside.accounts.models import User
from alongside.core.sections import Section, register_section
from alongside.discussions.models import ReadMark, Thread


@register_section("home")
def my_threads(*, user: User) -> Section | None:
    seen = ReadMark.objects.filter(
        thread=OuterRef("pk"), user=user, read_at__gte=OuterRef("last_activity_at")
    )
    threads = list(
        Thread.objects.filter(author=user, deleted_at__isnull=True)
        .annotate(
            seen=Exists(seen),
            reactions=Count(
                "posts__reactions",
                filter=Q(posts__is_opening=True) & ~Q(posts__reactions__user=user),
                distinct=True,
            ),
        )
        .order_by("-last_activity_at", "-id")[:5]
    )
    if not threads:
        return None
    return Section("discussions/home_section.html", {"threads": threads})
