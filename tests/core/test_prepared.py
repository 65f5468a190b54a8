"""core.prepared: SQL built once per process, run with each viewer's values, and refused when a
read depends on anything else."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from alongside.accounts.models import Block, Connection
from alongside.core.prepared import Prepared
from alongside.recovery.models import CheckIn
from tests.accounts.builders import connect
from tests.conftest import make_member


def connections_of(*, user, today):
    return (
        Connection.objects.filter(requester=user)
        .exclude(Exists(Block.objects.filter(blocker=user, blocked=OuterRef("addressee_id"))))
        .order_by("created_at")
        .values("addressee_id", "created_at", handle=F("addressee__handle"))
    )


def test_each_viewer_gets_their_own_rows_through_djangos_converters(people, count_queries):
    read = Prepared(connections_of)
    connect(people.river, people.sam)
    connect(people.sam, people.jordan)
    connect(people.sam, people.morgan)

    assert [row["handle"] for row in read.rows(user=people.river)] == ["sam"]
    assert [row["handle"] for row in read.rows(user=people.sam)] == ["jordan", "morgan"]
    assert read.rows(user=people.outsider) == []
    [row] = read.rows(user=people.river)
    assert row["created_at"].tzinfo is not None  # a datetime, as .values() would give
    assert count_queries(lambda: read.rows(user=people.river)) == 1


def test_dates_some_days_from_the_viewers_today(people):
    def check_ins_this_week(*, user, today):
        week = CheckIn.objects.filter(user=user, day__gt=today - timedelta(days=7), day__lte=today)
        return week.values("day")

    read = Prepared(check_ins_this_week)
    river = people.river
    today = timezone.localdate()
    for days_ago in (0, 3, 9):
        CheckIn.objects.create(user=river, day=today - timedelta(days=days_ago), mood=3, craving=1)
    days = sorted(row["day"] for row in read.rows(user=river, today=today))
    assert days == [today - timedelta(days=3), today]
    later = sorted(row["day"] for row in read.rows(user=river, today=today + timedelta(days=4)))
    assert later == [today]
    with pytest.raises(TypeError):
        read.rows(user=river)  # this one needs a today


@pytest.mark.parametrize(
    "build",
    [
        # The clock: the SQL would keep the moment it was first built.
        lambda *, user, today: CheckIn.objects.filter(
            user=user, created_at__gte=timezone.now()
        ).values("id"),
        # Another field of the viewer than their id.
        lambda *, user, today: Connection.objects.filter(message=str(user.pk * 2)).values("id"),
        # Rows as model instances, not .values().
        lambda *, user, today: CheckIn.objects.filter(user=user),
    ],
)
def test_a_read_that_depends_on_something_else_is_refused(db, build):
    make_member("someone")
    with pytest.raises(ImproperlyConfigured):
        Prepared(build).rows(user=make_member("viewer"), today=timezone.localdate())
