"""Small-number suppression holds for every figure, chart table and CSV cell, whatever the
size of a cohort (0 to 12 members): anything under 5 reads "fewer than 5"."""

import csv
import io
import re
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from alongside.meetings.actions import schedule_meeting
from alongside.meetings.models import Attendance
from alongside.organizations import charts, selectors
from alongside.organizations.models import Cohort
from alongside.organizations.suppression import THRESHOLD, suppress
from alongside.support.models import Audience, SupportRecipient, SupportRequest
from tests.conftest import make_member
from tests.organizations.conftest import Alumni, checked_in, enrol

pytestmark = pytest.mark.django_db
FEWER = "fewer than 5"


def safe(display: str) -> bool:
    if display == FEWER:
        return True
    if display.endswith(" min"):
        return True  # a median time, shown only when it rests on 5 or more answers
    return int(display) >= THRESHOLD


def expected(n: int) -> str:
    return FEWER if n < THRESHOLD else str(n)


@pytest.mark.parametrize("count", [0, 1, 4, 5])
def test_the_helper(count: int):
    figure = suppress(count)
    assert figure.display == expected(count)
    assert figure.suppressed == (count < THRESHOLD)
    assert suppress(count, shown=3.5).display == (FEWER if count < 5 else "3.5")


@pytest.fixture
def meeting(alumni: Alumni):
    return schedule_meeting(
        user=alumni.people.casey, group=alumni.group, name="Alumni circle",
        start_date=date(2026, 10, 27), start_time=time(19), duration_minutes=60,
        repeat="weekly", repeat_until=None, timezone="America/Los_Angeles", mode="online",
        location_name="", address="", location_notes="",
        conference_url="https://meet.example.org/x", conference_phone="", conference_notes="",
        notes="", types=[],
    )  # fmt: skip


def fill(alumni: Alumni, meeting, size: int) -> Cohort:
    cohort = Cohort.objects.create(
        organization=alumni.cedar, name=f"Size {size}", slug=f"size-{size}",
        discharge_month=date(2026, 11, 1),
    )  # fmt: skip
    today = timezone.localdate()
    for index in range(size):
        member = make_member(f"m{size}x{index}")
        enrol(cohort, member)
        checked_in(member)
        Attendance.objects.create(
            meeting=meeting, occurrence_date=today, user=member, confirmed_at=timezone.now()
        )
        request = SupportRequest.objects.create(requester=member)
        SupportRecipient.objects.create(
            request=request,
            user=alumni.people.jordan,
            reason=Audience.CONNECTIONS,
            responded_at=request.created_at + timedelta(minutes=index + 1),
        )
    return cohort


@pytest.mark.parametrize("size", range(13))
def test_every_figure_is_suppressed_below_five(alumni: Alumni, meeting, client_for, size: int):
    cohort = fill(alumni, meeting, size)
    board = selectors.dashboard(alumni.cedar)
    [this_month] = [r for r in board.rows_of(cohort) if r.month == board.months[-1]]
    for name in ("active", "check_ins", "attended", "requests", "answered"):
        assert this_month.figures[name].display == expected(size), name
    minutes = this_month.figures["response_minutes"]
    assert minutes.suppressed == (size < THRESHOLD)
    if size >= THRESHOLD:
        assert minutes.display == f"{(size + 1) / 2:g} min"
    assert board.load[cohort.pk]["members"].display == expected(size)

    for row in board.rows:
        for figure in row.figures.values():
            assert safe(figure.display), (row.cohort.name, row.month, figure)
    for figures in board.load.values():
        for figure in figures.values():
            assert safe(figure.display)
    for chart in charts.cohort_charts(board, cohort):
        for _label, value in chart.rows:
            assert safe(value)
        # A suppressed month draws no bar at all.
        drawn = [h for _x, _y, _w, h in chart.bars if h > 0]
        assert (not drawn) if size < THRESHOLD else drawn

    casey = client_for(alumni.people.casey)
    response = casey.get("/org/cedar-ridge/engagement.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Cohort", "Month", "Measure", "Value"]
    assert rows[1:], "the CSV has figures"
    for cohort_name, _month, measure, value in rows[1:]:
        assert safe(value), (cohort_name, measure, value)
    cells = [
        v for name, _m, measure, v in rows[1:] if name == cohort.name and measure == "Check-ins"
    ]
    assert expected(size) in cells

    html = casey.get(f"/org/cedar-ridge/?cohort={cohort.slug}").content.decode()
    figures = [c.strip() for c in re.findall(r"<td>([^<]*)</td>", html)]
    numbers = [c for c in figures if c[:1].isdigit()]
    assert [c for c in figures if c == FEWER]
    for cell in numbers:
        assert safe(cell), cell


def test_no_totals_across_cohorts_to_subtract_from(alumni: Alumni, meeting, client_for):
    """Six members in one cohort and three in another: a total of nine would give the three
    away. The dashboard has no totals row, and the CSV none either."""
    fill(alumni, meeting, 6)
    fill(alumni, meeting, 3)
    rows = selectors.csv_rows(selectors.dashboard(alumni.cedar))
    assert all(row[0] != "" and "total" not in row[0].lower() for row in rows[1:])
    assert not [row for row in rows if row[3] in {"9", "11"}]


def test_formula_like_cohort_names_are_neutralised_in_the_csv(alumni: Alumni, client_for):
    Cohort.objects.filter(pk=alumni.november.pk).update(name="=HYPERLINK(1)")
    body = client_for(alumni.people.casey).get("/org/cedar-ridge/engagement.csv").content.decode()
    assert "\n=HYPERLINK" not in body and "'=HYPERLINK(1)" in body


def test_a_member_of_two_organisations_is_counted_in_each_once(alumni: Alumni):
    members = [make_member(f"both{i}") for i in range(5)]
    for member in members:
        enrol(alumni.november, member)
        enrol(alumni.harbor_cohort, member)
        checked_in(member)
    for org, cohort in ((alumni.cedar, alumni.november), (alumni.harbor, alumni.harbor_cohort)):
        board = selectors.dashboard(org)
        assert [c.pk for c in board.cohorts] == [cohort.pk]
        [now] = [r for r in board.rows if r.month == board.months[-1]]
        assert now.figures["check_ins"].display == "5"
        assert now.figures["active"].display == "5"
