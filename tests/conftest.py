"""Named people in fixed roles, as in every test here.

river (member), sam (sober mentor), jordan (facilitator), morgan (moderator), casey (staff),
outsider (a member with no ties to anyone) and drew (a member river has blocked).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.accounts import actions
from alongside.accounts.models import Role, User

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "a-long-test-passphrase"


def unavailable(reason: str) -> None:
    """Skip on a laptop without the service; fail in CI, where everything must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must run this test)")
    pytest.skip(reason)


def make_member(handle: str, *roles: Role, **profile: str) -> User:
    user = actions.register_member(handle=handle, email=f"{handle}@example.org", password=PASSWORD)
    assert user is not None
    from alongside.accounts.tokens import make_confirmation_token

    actions.confirm_email(token=make_confirmation_token(user))
    for role in roles:
        actions.grant_role(actor=None, user=user, role=role)
    if profile:
        for key, value in profile.items():
            setattr(user.profile, key, value)
        user.profile.save()
    user.refresh_from_db()
    return user


@dataclass
class People:
    river: User
    sam: User
    jordan: User
    morgan: User
    casey: User
    outsider: User
    drew: User


@pytest.fixture
def people(db: None) -> People:
    river = make_member("river")
    sam = make_member("sam", Role.MENTOR)
    drew = make_member("drew")
    actions.block_member(blocker=river, blocked=drew)
    return People(
        river=river,
        sam=sam,
        jordan=make_member("jordan", Role.FACILITATOR),
        morgan=make_member("morgan", Role.MODERATOR),
        casey=make_member("casey", Role.STAFF),
        outsider=make_member("outsider"),
        drew=drew,
    )


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def count_queries() -> Callable[[Callable[[], object]], int]:
    """How many queries a callable runs (for asserting that a page's count does not grow)."""

    def count(run: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    return count


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A test that switches the language (a Spanish page, say) must not leave it switched."""
    from django.utils import translation

    yield
    translation.activate("en")
