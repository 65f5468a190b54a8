"""Messaging helpers: connections, old accounts, a direct conversation and a group room."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.actions import accept_connection, request_connection
from alongside.accounts.models import User
from alongside.groups import actions as groups
from alongside.groups.models import Group
from alongside.messaging import actions
from alongside.messaging.models import Conversation, Message


def connect(a: User, b: User) -> None:
    connection = request_connection(requester=a, addressee=b)
    accept_connection(user=b, connection=connection)


def age(user: User, days: int = 30) -> User:
    """An account older than the first week (no new-account limits)."""
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    return user


def say(user: User, conversation: Conversation, body: str = "Hello there") -> Message:
    return actions.send_message(user=user, conversation=conversation, body=body)


def new_group(lead: User, name: str = "Evening circle", policy: str = "open") -> Group:
    return groups.create_group(
        user=lead, tags=["evening"], name=name, description="About us.", guidelines="Be kind.",
        language="en", timezone="America/Los_Angeles", visibility="listed",
        join_policy=policy, size_limit=None,
    )  # fmt: skip


@pytest.fixture
def convo(people) -> Conversation:
    """river and morgan are connections; river started a conversation (no messages yet)."""
    connect(people.river, people.morgan)
    return actions.start_conversation(user=people.river, other=people.morgan)


@pytest.fixture
def group(people) -> Group:
    """jordan's open group, which river joined (morgan and outsider did not)."""
    group = new_group(people.jordan)
    groups.join_group(user=people.river, group=group)
    return group


@pytest.fixture
def room(group) -> Conversation:
    return actions.group_room(group)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the event handlers of what happens inside: `with on_commit(): ...`."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
