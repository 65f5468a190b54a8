"""Constraints hold in the database itself, on SQLite and on PostgreSQL alike."""

import os

import pytest
from django.db import IntegrityError, connection, transaction

from alongside.accounts.models import Block, Connection, User


@pytest.mark.django_db
def test_runs_on_the_database_named_by_database_url():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_handle_and_email_are_unique_in_any_letter_case(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(handle="RIVER", email="new@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(handle="newperson", email="RIVER@example.org")


@pytest.mark.django_db
def test_one_connection_per_pair_whoever_asked(people):
    Connection.objects.create(requester=people.sam, addressee=people.jordan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(requester=people.jordan, addressee=people.sam)
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(requester=people.sam, addressee=people.sam)


@pytest.mark.django_db
def test_no_self_blocks_and_no_duplicate_blocks(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=people.sam, blocked=people.sam)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=people.river, blocked=people.drew)
