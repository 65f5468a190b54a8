"""PostgreSQL plans a page's repeated queries once per connection (settings: server-side
binding, psycopg's prepare threshold), not once per request; the rest of the suite runs
every query of the app through the same binding."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F

from alongside.accounts.models import User
from tests.conftest import make_member

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared(fragment: str) -> list[tuple[str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return cursor.fetchall()


@on_postgres
@pytest.mark.postgres
def test_the_database_binds_parameters_and_prepares_repeated_statements():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


@on_postgres
@pytest.mark.postgres
def test_a_query_run_again_with_other_values_reuses_one_statement(db):
    people = [make_member(f"prep{n}") for n in range(4)]
    for person in people:  # the same SQL with another member's values each time
        found = User.objects.annotate(prep_probe=F("pk")).get(pk=person.pk, handle=person.handle)
        assert found.prep_probe == person.pk
    statements = _prepared('AS "prep_probe"')
    assert len(statements) == 1, statements
    statement, generic, custom = statements[0]
    assert "$1" in statement and "prep" not in statement.replace("prep_probe", "")
    assert generic + custom >= 1  # planned once, run again from the plan cache


@on_postgres
@pytest.mark.postgres
def test_a_statement_run_once_is_not_kept(db):
    person = make_member("once")
    assert User.objects.annotate(once_probe=F("pk")).get(pk=person.pk).once_probe == person.pk
    assert _prepared('AS "once_probe"') == []
