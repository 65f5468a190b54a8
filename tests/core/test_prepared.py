"""core.prepared: SQL built once per process, run with each call's values (the viewer, ids,
dates) and shape (bools), and refused when a read depends on anything else."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from alongside.accounts.models import Block, Connection, User
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
        # The clock again, in a read of model instances.
        lambda *, user, today: CheckIn.objects.filter(user=user, created_at__lte=timezone.now()),
    ],
)
def test_a_read_that_depends_on_something_else_is_refused(db, build):
    make_member("someone")
    with pytest.raises(ImproperlyConfigured):
        Prepared(build).rows(user=make_member("viewer"), today=timezone.localdate())


def connections_as_instances(*, user, since_id, newest_first):
    found = (
        Connection.objects.filter(requester=user, id__gt=since_id)
        .select_related("addressee")
        .annotate(
            blocked=Exists(Block.objects.filter(blocker=user, blocked=OuterRef("addressee_id")))
        )
    )
    return found.order_by("-id" if newest_first else "id")


def test_model_instances_with_their_related_rows_ids_and_shapes(people, count_queries):
    read = Prepared(connections_as_instances)
    first = connect(people.sam, people.jordan)
    connect(people.sam, people.morgan)
    connect(people.sam, people.drew)

    rows = read.rows(user=people.sam, since_id=0, newest_first=False)
    assert [row.addressee.handle for row in rows] == ["jordan", "morgan", "drew"]
    assert all(isinstance(row.addressee, User) and row.blocked is False for row in rows)
    assert rows[0].created_at.tzinfo is not None
    newest = read.rows(user=people.sam, since_id=first.pk, newest_first=True)
    assert [row.addressee.handle for row in newest] == ["drew", "morgan"]
    assert read.rows(user=people.river, since_id=0, newest_first=True) == []
    # Each shape is built once, then only run: one query, nothing built.
    assert count_queries(lambda: read.rows(user=people.sam, since_id=0, newest_first=True)) == 1
    assert len(read._compiled) == 2


def test_an_id_that_never_reaches_the_sql_is_refused(db):
    def ignores_its_id(*, user, thread):
        return Connection.objects.filter(requester=user)

    with pytest.raises(ImproperlyConfigured):
        Prepared(ignores_its_id).rows(user=make_member("viewer"), thread=3)


def test_a_prepared_read_cannot_be_changed_after_it_is_written(people):
    read = Prepared(connections_as_instances)
    compiled = read._for({"user": people.sam, "since_id": 0, "newest_first": True})
    with pytest.raises(TypeError):
        compiled.query.chain()
    with pytest.raises(TypeError):
        read.rows(user=people.sam, since_id=1.5, newest_first=True)  # no kind of value it takes
    with pytest.raises(TypeError):
        read.rows(user=people.sam, since_id=0, newest_first=True, other=1)


def test_moments_some_days_from_a_calls_moment(people):
    def connections_before(*, user, moment):
        return Connection.objects.filter(
            requester=user, created_at__lt=moment + timedelta(days=1)
        ).values("addressee_id")

    read = Prepared(connections_before)
    connect(people.sam, people.jordan)
    now = timezone.now()
    assert read.rows(user=people.sam, moment=now) == [{"addressee_id": people.jordan.pk}]
    assert read.rows(user=people.sam, moment=now - timedelta(days=2)) == []


def test_text_reaches_the_sql_as_it_is_and_a_rewritten_one_is_refused(people):
    def by_handle(*, handle):
        return User.objects.filter(handle=handle).values("id")

    def by_part_of_a_handle(*, handle):
        return User.objects.filter(handle__icontains=handle).values("id")

    assert Prepared(by_handle).rows(handle="sam") == [{"id": people.sam.pk}]
    assert Prepared(by_handle).rows(handle="nobody") == []
    with pytest.raises(ImproperlyConfigured):
        Prepared(by_part_of_a_handle).rows(handle="sa")
