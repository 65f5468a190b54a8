"""The resource directory (/resources/): public, like /help/; no login, no JavaScript."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.resources import access, selectors
from alongside.resources.models import Resource


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    found = selectors.directory(
        query=request.GET.get("q", ""),
        category_slug=request.GET.get("category", ""),
        area=request.GET.get("area", ""),
        page=request.GET.get("page", 1),
    )
    filters = QueryDict(mutable=True)
    for key, value in (
        ("q", found.query),
        ("category", found.category.slug if found.category else ""),
        ("area", found.area),
    ):
        if value:
            filters[key] = value
    context = {
        "directory": found,
        "page": found.page,
        "categories": selectors.categories(),
        "areas": Resource.Area.choices,
        "filters": filters.urlencode(),
        "filtered": bool(found.query or found.category or found.area),
    }
    return render(request, "resources/directory.html", context)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "resources/detail.html", {"resource": access.access_resource(slug)})
