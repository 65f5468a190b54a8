from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils import translation

from alongside.core.fragments import fragment_key

# The header's sections: the page is in one when its path is the section's URL ("exact") or
# holds it ("within"); mentors' profiles belong to Mentoring.
_EXACT = {
    "home": "core:home",
    "people": "people:directory",
    "meetings": "meetings:finder",
    "connections": "people:connections",
    "notifications": "notifications:index",
}
_WITHIN = {
    "groups": "groups:directory",
    "forum": "forum:index",
    "mentoring": "mentoring:index",
    "messages": "messaging:inbox",
    "settings": "settings:index",
}


def site(request: HttpRequest) -> dict[str, str]:
    return {"SITE_NAME": settings.SITE_NAME, "ORGANIZATION_NAME": settings.ORGANIZATION_NAME}


@lru_cache(maxsize=8)
def _section_urls(prefix: str) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {name: reverse(view) for name, view in _EXACT.items()},
        {name: reverse(view) for name, view in _WITHIN.items()},
    )


def nav_sections(path: str) -> frozenset[str]:
    """The header sections a path is in (aria-current on their links)."""
    exact, within = _section_urls(get_script_prefix())
    current = {name for name, url in exact.items() if path == url}
    current |= {name for name, url in within.items() if url in path}
    if "/mentors/" in path:
        current.add("mentoring")
    return frozenset(current)


def chrome(request: HttpRequest) -> dict[str, Any]:
    """What base.html's header and footer need: the current sections, and the key their
    rendering is kept under in the fragment cache (alongside.core.fragments; the template adds
    the unread counts). The header is the same for everyone in the same language, section and
    sign-in state with the same counts, and rendering its links, labels and URLs cost more than
    many pages' own content."""
    sections = nav_sections(request.path)
    user = getattr(request, "user", None)
    key = fragment_key(
        translation.get_language(), user is not None and user.is_authenticated,
        sorted(sections), get_script_prefix(), settings.SITE_NAME, settings.ORGANIZATION_NAME,
    )  # fmt: skip
    return {"nav_current": sections, "chrome_key": key}
