"""Links for every row of a long list, from one `reverse()` each."""

from collections.abc import Callable

from django.urls import reverse


def url_for_each(name: str, *args: object) -> Callable[[int], str]:
    """The URL `name` takes for any id as its last argument, from one reverse() (a thread page
    shows 50 posts with three links each, and reverse() was a tenth of the page's time)."""
    marker = "2147483647"
    head, tail = reverse(name, args=[*args, int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"
