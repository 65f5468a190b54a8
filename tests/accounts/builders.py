"""Small helpers for the accounts tests: state changes go through the actions, like a member's."""

import re
from typing import Protocol

from django.utils.html import escape

from alongside.accounts import actions
from alongside.accounts.models import Connection, Profile, User, Visibility
from alongside.accounts.tokens import make_confirmation_token
from tests.conftest import PASSWORD

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Page(Protocol):
    """What the helpers need of a test client's response."""

    @property
    def content(self) -> bytes: ...


def new_member(handle: str, *, confirmed: bool = True, email: str | None = None) -> User:
    user = actions.register_member(
        handle=handle, email=email or f"{handle}@example.org", password=PASSWORD
    )
    assert user is not None
    if confirmed:
        actions.confirm_email(token=make_confirmation_token(user))
    user.refresh_from_db()
    return user


def set_profile(user: User, *, visibility: str = Visibility.MEMBERS, **fields: object) -> Profile:
    """Fill in profile fields, each shown at `visibility` (the same way the settings page does)."""
    profile = actions.update_profile(
        user=user,
        profile_fields=fields,
        visibility=dict.fromkeys(Profile.VISIBLE_FIELDS, visibility),
        timezone_name=user.timezone,
    )
    user.profile = profile  # the caller's copy of the member shows the saved profile
    return profile


def connect(requester: User, addressee: User) -> Connection:
    connection = actions.request_connection(requester=requester, addressee=addressee)
    return actions.accept_connection(user=addressee, connection=connection)


def html(response: Page) -> str:
    return response.content.decode()


def shows(response: Page, text: str) -> bool:
    """True if the page shows `text` as a member would read it.

    Apostrophes may appear escaped (from variables) or not (from template text); markup may
    only ever appear escaped.
    """
    page = html(response)
    return escape(text) in page or ("<" not in text and text in page)


def profile_handles(response: Page) -> list[str]:
    """The member handles linked from a page, in order."""
    return re.findall(r'href="/people/([A-Za-z0-9_]+)/"', html(response))


def without_csrf(content: bytes) -> str:
    """A page's HTML without its per-render CSRF tokens, to compare two pages exactly."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def profile_snapshot(user: User) -> dict[str, object]:
    profile = Profile.objects.get(user=user)
    fields = ["display_name", "pronouns", "bio", "location", "languages", "pathways", "visibility"]
    return {name: getattr(profile, name) for name in fields}
