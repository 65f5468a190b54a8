"""The mentor finder stays within the page budget (10 queries in all, the chrome included)
whatever the number of mentors, requests and blocks; the ranking itself runs no query."""

from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.accounts.actions import block_member
from alongside.mentoring import actions
from tests.conftest import make_member
from tests.mentoring.viewkit import mentor_from, pair_up, request_to

BUDGET = 10
_n = count(1)


def mentor(**fields):
    return mentor_from(f"guide{next(_n)}", **fields)


def finder_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/mentors/")
    assert response.status_code == 200
    return len(captured), "\n".join(q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize("with_preferences", [True, False])
def test_the_finder_is_flat_and_within_budget(people, client_for, with_preferences):
    river = people.river
    if with_preferences:
        actions.save_preferences(user=river, pathway="12-step", languages=["en"])
    sam = mentor_from(people.sam, capacity=6, about="Here to listen.")
    request_to(river, sam)
    client = client_for(river)
    finder_queries(client)  # the first view also fills the shared pool and the header counts
    before, sql = finder_queries(client)
    assert before <= BUDGET, sql

    for i in range(6):
        more = mentor(about="Glad to help.", languages=["en", "es"])
        if i % 2:
            actions.verify_mentor(actor=people.casey, mentor=more)
    request_to(river, mentor())
    block_member(blocker=river, blocked=mentor())
    pair_up(river, mentor())
    finder_queries(client)
    after, sql = finder_queries(client)
    assert after == before, f"{before} -> {after}\n{sql}"


def test_a_mentor_sees_the_finder_within_budget(people, client_for):
    sam = mentor_from(people.sam)
    for _ in range(3):
        mentor()
    client = client_for(sam)
    finder_queries(client)
    queries, sql = finder_queries(client)
    assert queries <= BUDGET, sql
    assert "Become a mentor" not in client.get("/mentors/").content.decode()


def test_the_finder_for_a_newcomer_lists_who_has_room(people, client_for):
    newcomer = make_member("newcomer")
    mentor(about="Walked this road.")
    page = client_for(newcomer).get("/mentors/").content.decode()
    assert "Walked this road." in page
    assert "Become a mentor" in page
