"""The dashboard, its CSV, the outreach list and alumni's home page run the same number of
queries however many members, cohorts' activity and consents there are."""

import itertools
from datetime import date

import pytest

from alongside.organizations import actions
from alongside.organizations.models import Announcement, Cohort, CohortMembership
from alongside.support.models import SupportRequest
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow
from tests.organizations.conftest import Alumni, checked_in, enrol

pytestmark = pytest.mark.django_db
counter = itertools.count()


def grow(alumni: Alumni) -> None:
    cohort = Cohort.objects.create(
        organization=alumni.cedar, name=f"More {next(counter)}", slug=f"more-{next(counter)}",
        discharge_month=date(2026, 10, 1),
    )  # fmt: skip
    for _ in range(3):
        member = make_member(f"q{next(counter)}")
        membership = enrol(cohort, member)
        checked_in(member, days_ago=20, craving=8)
        SupportRequest.objects.create(requester=member, status=SupportRequest.Status.CLOSED)
        actions.set_check_on_me(
            membership=membership, quiet_days=3, when_quiet=True, when_craving=True,
            when_unanswered=True,
        )  # fmt: skip
    Announcement.objects.create(organization=alumni.cedar, title="More", body="News")


@pytest.mark.parametrize(
    "url", ["/org/cedar-ridge/", "/org/cedar-ridge/engagement.csv", "/org/cedar-ridge/outreach/"]
)
def test_staff_pages_stay_flat(alumni: Alumni, client_for, url: str):
    checked_in(alumni.river, days_ago=20)
    n = assert_queries_do_not_grow(client_for(alumni.people.casey), url, lambda: grow(alumni))
    assert n <= 20


def test_alumni_home_page_stays_flat(alumni: Alumni, client_for):
    client = client_for(alumni.river)

    def more() -> None:
        for i in range(5):
            Announcement.objects.create(organization=alumni.cedar, title=f"N{i}", body="b")
        grow(alumni)

    assert_queries_do_not_grow(client, "/", more)
    assert CohortMembership.objects.filter(user=alumni.river).count() == 1
