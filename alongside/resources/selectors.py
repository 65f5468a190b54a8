"""Reads for the directory pages: active resources, searched and filtered, a bounded page."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from alongside.resources.models import Category, Resource

PER_PAGE = 50
MAX_QUERY = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def clean_query(raw: str) -> str:
    """What we search for: trimmed, bounded, and without NUL (which PostgreSQL refuses)."""
    return " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY]


def categories() -> list[Category]:
    """Categories with something in them, for the filter."""
    shown = Resource.objects.filter(category=OuterRef("pk"), is_active=True)
    return list(Category.objects.filter(Exists(shown)).order_by("position", "name"))


@dataclass(frozen=True)
class Directory:
    page: Page
    query: str
    category: Category | None
    area: str


def _search(resources: QuerySet[Resource], query: str) -> QuerySet[Resource]:
    """PostgreSQL full-text search (name weighted above description) when on PostgreSQL, plus a
    substring match on the name so "narc" finds Narcotics Anonymous; a substring match on SQLite."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("name", weight="A") + SearchVector("description", weight="B")
        wanted = SearchQuery(query, search_type="websearch")
        # Match with @@, not rank > 0: ts_rank gives a tiny positive rank to non-matches.
        return resources.annotate(document=vector, rank=SearchRank(vector, wanted)).filter(
            Q(document=wanted) | Q(name__icontains=query)
        )
    return resources.filter(Q(name__icontains=query) | Q(description__icontains=query))


def directory(
    *, query: str = "", category_slug: str = "", area: str = "", page: str | int = 1
) -> Directory:
    """One page of active resources in category order; unknown filters are ignored."""
    query = clean_query(query)
    category = (
        Category.objects.filter(slug=category_slug).first()
        if SLUG.fullmatch(category_slug)
        else None
    )
    resources = Resource.objects.filter(is_active=True).select_related("category")
    if category is not None:
        resources = resources.filter(category=category)
    if area not in Resource.Area.values:
        area = ""
    if area:
        resources = resources.filter(area=area)
    order = ["category__position", "category__name", "category_id"]
    if query:
        resources = _search(resources, query)
        if connection.vendor == "postgresql":
            order.append("-rank")
    resources = resources.order_by(*order, "position", "name", "id")
    return Directory(
        page=Paginator(resources, PER_PAGE).get_page(page),
        query=query,
        category=category,
        area=area,
    )
