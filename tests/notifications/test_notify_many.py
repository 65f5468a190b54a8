"""notify_many(): notify() for many members at once, in queries that don't grow with them, and
with every rule of notify(). Also the header's unread count, cached per member."""

import itertools
import re
from datetime import UTC, datetime, time
from unittest.mock import patch

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy as _

from alongside.accounts import actions as accounts
from alongside.accounts.models import User
from alongside.notifications import actions, unread
from alongside.notifications.actions import NotificationError, notify, notify_many
from alongside.notifications.kinds import EmailChoice, Kind, get_verb, register_verb
from alongside.notifications.models import Delivery, Notification, PushSubscription
from alongside.notifications.selectors import unread_count, unread_counts
from tests.conftest import make_member

REPLY = register_verb(
    "test.many.reply",
    kind=Kind.REPLIES,  # email: digest, push: on, by default
    text=_("%(actor)s replied in %(topic)s."),
    summary=_("Someone replied"),
).name
MESSAGE = register_verb(
    "test.many.message",
    kind=Kind.MESSAGES,  # email: at once, push: on, by default
    text=_("%(actor)s wrote."),
    summary=_("You have a new message"),
).name
URGENT = register_verb(
    "test.many.urgent",
    kind=Kind.REPLIES,
    text=_("%(actor)s needs you now."),
    summary=_("Someone needs you now"),
    urgent=True,
).name
LIVE = "alongside.notifications.actions.send_to_member"
_devices = itertools.count()


def _device(user: User) -> PushSubscription:
    return PushSubscription.objects.create(
        user=user, endpoint=f"https://fcm.googleapis.com/fcm/send/{next(_devices)}", p256dh="k"
    )


def _plan(notification: Notification | None) -> dict[str, str]:
    assert notification is not None
    return dict(Delivery.objects.filter(notification=notification).values_list("channel", "status"))


def _crowd(count: int, start: int = 0) -> list[User]:
    members = [make_member(f"crowd{n}") for n in range(start, start + count)]
    for member in members[::2]:
        _device(member)
    for member in members[1::3]:
        actions.update_settings(
            user=member, preferences={Kind.REPLIES: {"email": EmailChoice.INSTANT, "push": False}}
        )
    return members


def _queries(run, callbacks) -> int:
    with CaptureQueriesContext(connection) as captured, callbacks(execute=True):
        run()
    return len(captured)


# The queries do not grow


def test_notifying_twenty_costs_the_same_queries_as_notifying_one(
    people, django_capture_on_commit_callbacks, settings
):
    # The real queue: enqueueing a delivery is one INSERT, sending it happens in the worker.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    one, twenty = _crowd(1), _crowd(20, start=1)
    for crowd in (one, twenty):
        for member in crowd:  # settings already loaded would hide a query per member
            User.objects.get(pk=member.pk)

    def send(crowd: list[User], key: str) -> None:
        recipients = list(User.objects.filter(pk__in=[m.pk for m in crowd]))
        sent = notify_many(
            recipients=recipients,
            verb=REPLY,
            actor=people.sam,
            params={"topic": "t"},
            key=lambda r: f"{key}:{r.pk}",
        )
        assert len(sent) == len(crowd)

    for_one = _queries(lambda: send(one, "a"), django_capture_on_commit_callbacks)
    for_twenty = _queries(lambda: send(twenty, "a"), django_capture_on_commit_callbacks)
    assert for_twenty == for_one, (for_one, for_twenty)
    # Sent again with the same keys: nothing new, and still no query per member.
    again = _queries(lambda: send(twenty, "a"), django_capture_on_commit_callbacks)
    assert again <= for_one
    assert Notification.objects.filter(verb=REPLY).count() == 21


def test_due_deliveries_of_a_fan_out_go_to_the_worker_in_batches(
    people, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    crowd = [make_member(f"pushed{n}") for n in range(30)]
    for member in crowd:
        _device(member)
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(recipients=crowd, verb=REPLY, actor=people.sam)
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert pending.count() == 30  # one push each; email waits for the digest
    batches = DBTaskResult.objects.filter(task_path__endswith="deliver_notifications")
    assert sorted(len(b.args_kwargs["args"][0]) for b in batches) == [5, 25]
    assert sorted(i for b in batches for i in b.args_kwargs["args"][0]) == sorted(
        pending.values_list("pk", flat=True)
    )


def test_a_batch_of_deliveries_is_sent_and_a_failure_left_for_the_sweep(
    people, django_capture_on_commit_callbacks
):
    crowd = [make_member(f"mailed{n}") for n in range(4)]
    send = "alongside.notifications.emails.EmailMultiAlternatives.send"
    real_send = __import__(
        "django.core.mail", fromlist=["EmailMultiAlternatives"]
    ).EmailMultiAlternatives.send
    calls = itertools.count()

    def flaky(message, *args, **kwargs):
        if next(calls) == 1:
            raise ConnectionError("down")
        return real_send(message, *args, **kwargs)

    mail.outbox.clear()
    with patch(send, flaky), django_capture_on_commit_callbacks(execute=True):
        notify_many(recipients=crowd, verb=MESSAGE, actor=people.sam)
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["pending", "sent", "sent", "sent"]  # the failed one waits for a retry
    assert len(mail.outbox) == 3


# Every rule of notify()


def test_it_writes_what_notify_writes(people):
    sent = notify_many(
        recipients=[people.river, people.jordan],
        verb=REPLY,
        actor=people.sam,
        params={"topic": "Tuesday"},
        url="/t/1/",
    )
    assert set(sent) == {people.river.pk, people.jordan.pk}
    for recipient in (people.river, people.jordan):
        stored = Notification.objects.get(recipient=recipient)
        assert stored == sent[recipient.pk]
        assert (stored.kind, stored.verb, stored.actor, stored.url) == (
            Kind.REPLIES,
            REPLY,
            people.sam,
            "/t/1/",
        )
        assert stored.params == {"topic": "Tuesday"} and stored.is_unread and not stored.urgent
        assert stored.text == "sam replied in Tuesday."
    assert unread_count(people.river) == unread_count(people.jordan) == 1


def test_an_unknown_verb_raises(people):
    with pytest.raises(NotificationError):
        notify_many(recipients=[people.river], verb="no.such.verb")


def test_nobody_at_all_is_nothing(people):
    assert notify_many(recipients=[], verb=REPLY, actor=people.sam) == {}


def test_inactive_members_the_actor_and_repeats_are_left_out(people):
    people.outsider.is_active = False
    people.outsider.save(update_fields=["is_active"])
    sent = notify_many(
        recipients=[people.outsider, people.sam, people.river, people.river],
        verb=REPLY,
        actor=people.sam,
    )
    assert list(sent) == [people.river.pk]
    assert list(Notification.objects.values_list("recipient__handle", flat=True)) == ["river"]


def test_nobody_is_notified_across_a_block_either_way(people):
    # river blocked drew (the fixture).
    about_drew = notify_many(
        recipients=[people.river, people.jordan], verb=REPLY, actor=people.drew
    )
    assert list(about_drew) == [people.jordan.pk]
    about_river = notify_many(
        recipients=[people.drew, people.jordan], verb=REPLY, actor=people.river
    )
    assert list(about_river) == [people.jordan.pk]
    recipients = sorted(Notification.objects.values_list("recipient__handle", flat=True))
    assert recipients == ["jordan", "jordan"]
    assert not Delivery.objects.filter(notification__recipient__in=[people.river, people.drew])


def test_without_an_actor_there_is_no_one_to_block(people):
    sent = notify_many(recipients=[people.river, people.drew], verb=REPLY)
    assert set(sent) == {people.river.pk, people.drew.pk}
    assert all(n.actor is None for n in sent.values())


def test_a_key_already_used_returns_that_notification_and_makes_no_other(people):
    first = notify(recipient=people.river, verb=REPLY, actor=people.sam, key="post:1:river")
    assert first is not None
    sent = notify_many(
        recipients=[people.river, people.jordan],
        verb=REPLY,
        actor=people.sam,
        key=lambda r: f"post:1:{r.handle}",
    )
    assert sent[people.river.pk] == first
    again = notify_many(
        recipients=[people.river, people.jordan],
        verb=REPLY,
        actor=people.sam,
        key=lambda r: f"post:1:{r.handle}",
    )
    assert again == sent
    assert Notification.objects.count() == 2
    # One delivery per channel each, however often it was sent.
    assert Delivery.objects.filter(notification=first).count() == 1


def test_one_key_for_everyone_is_once_per_recipient(people):
    notify_many(recipients=[people.river, people.jordan], verb=REPLY, key="event:7")
    notify_many(recipients=[people.river, people.jordan, people.sam], verb=REPLY, key="event:7")
    assert sorted(Notification.objects.values_list("recipient__handle", flat=True)) == [
        "jordan",
        "river",
        "sam",
    ]


def test_without_a_key_each_call_is_new(people):
    notify_many(recipients=[people.river], verb=REPLY)
    notify_many(recipients=[people.river], verb=REPLY)
    assert Notification.objects.filter(recipient=people.river).count() == 2


def test_a_key_sent_at_the_same_moment_elsewhere_still_notifies_the_others(people):
    """The race notify() covers with its IntegrityError: another worker wrote river's
    notification between the key check and the insert."""
    raced = notify(recipient=people.river, verb=REPLY, actor=people.sam, key="k")
    definition = get_verb(REPLY)
    assert definition is not None and raced is not None
    made = actions._create(
        definition,
        [people.river, people.jordan],
        people.sam,
        {},
        "",
        {people.river.pk: "k", people.jordan.pk: "k"},
        None,
    )
    assert made[people.river.pk] == raced
    assert Notification.objects.filter(recipient=people.jordan, key="k").exists()
    assert Notification.objects.filter(recipient=people.river).count() == 1


def test_each_recipient_gets_the_deliveries_notify_would_plan(people):
    """The same crowd, notified one by one and all at once, gets the same plan each."""
    crowd = _crowd(9)
    unconfirmed = accounts.register_member(
        handle="unconfirmed", email="unconfirmed@example.org", password="a-long-passphrase-1"
    )
    assert unconfirmed is not None
    _device(unconfirmed)
    crowd.append(unconfirmed)
    actions.update_settings(
        user=crowd[4], preferences={Kind.REPLIES: {"email": EmailChoice.OFF, "push": True}}
    )
    one_by_one = {
        member.pk: _plan(notify(recipient=member, verb=REPLY, actor=people.sam, key="a"))
        for member in crowd
    }
    together = notify_many(recipients=crowd, verb=REPLY, actor=people.sam, key="b")
    assert {pk: _plan(n) for pk, n in together.items()} == one_by_one
    # The crowd is varied enough for that to mean something.
    plans = {tuple(sorted(plan.items())) for plan in one_by_one.values()}
    assert len(plans) >= 4, plans
    assert one_by_one[unconfirmed.pk] == {"push": "pending"}
    assert one_by_one[crowd[4].pk] == {"push": "pending"}


def test_urgent_verbs_skip_the_digest(people):
    sent = notify_many(recipients=[people.river, people.jordan], verb=URGENT, actor=people.sam)
    assert all(n.urgent for n in sent.values())
    assert [_plan(n) for n in sent.values()] == [{"email": "pending"}] * 2


def test_quiet_hours_and_not_before_hold_email_and_push(people):
    river = people.river
    river.timezone = "Europe/London"
    river.save(update_fields=["timezone"])
    actions.update_settings(
        user=river, preferences={}, quiet_hours_start=time(22), quiet_hours_end=time(7)
    )
    _device(river)
    night = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)
    later = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    with patch("django.utils.timezone.now", return_value=night):
        sent = notify_many(
            recipients=[User.objects.get(pk=river.pk), people.jordan],
            verb=MESSAGE,
            actor=people.sam,
        )
        held = notify_many(recipients=[people.jordan], verb=MESSAGE, not_before=later)
    rivers = Delivery.objects.filter(notification=sent[river.pk])
    assert {d.deliver_after for d in rivers} == {datetime(2026, 1, 15, 7, 0, tzinfo=UTC)}
    jordans = Delivery.objects.filter(notification=sent[people.jordan.pk])
    assert {d.deliver_after for d in jordans} == {night}
    assert {
        d.deliver_after for d in Delivery.objects.filter(notification=held[people.jordan.pk])
    } == {later}


def test_each_recipient_hears_their_live_count(people, django_capture_on_commit_callbacks):
    notify(recipient=people.river, verb=REPLY, actor=people.morgan)
    with patch(LIVE) as live, django_capture_on_commit_callbacks(execute=True):
        notify_many(recipients=[people.river, people.jordan], verb=REPLY, actor=people.sam)
    sent = {call.args[0]: call.args[1] for call in live.call_args_list}
    assert sent == {
        people.river.pk: {"type": "notifications.unread", "count": 2},
        people.jordan.pk: {"type": "notifications.unread", "count": 1},
    }


def test_a_broken_channel_layer_does_not_stop_the_fan_out(
    people, django_capture_on_commit_callbacks
):
    with (
        patch(LIVE, side_effect=RuntimeError("redis down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = notify_many(recipients=[people.river, people.jordan], verb=REPLY, actor=people.sam)
    assert len(sent) == 2


# The header's unread count, cached


BADGE = re.compile(r"data-unread-count( hidden)?>.*?<span data-unread-number>(\d*)</span>", re.S)


def _badge(client) -> tuple[int | None, list[str]]:
    """The header's count on the notification centre, and the queries that page ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/notifications/")
    assert response.status_code == 200
    found = BADGE.search(response.content.decode())
    assert found
    hidden, number = found.groups()
    return (None if hidden else int(number)), [q["sql"] for q in captured.captured_queries]


def _counts(sql: list[str]) -> list[str]:
    return [q for q in sql if "COUNT(" in q and "notifications_notification" in q]


def test_a_second_page_view_takes_the_count_from_the_cache(people, client_for):
    notify(recipient=people.river, verb=REPLY, actor=people.sam)
    client = client_for(people.river)
    first, sql = _badge(client)
    assert first == 1 and len(_counts(sql)) == 1
    second, sql = _badge(client)
    assert second == 1 and _counts(sql) == []


def test_the_count_changes_at_once_after_a_new_notification(
    people, client_for, django_capture_on_commit_callbacks
):
    client = client_for(people.river)
    assert _badge(client)[0] is None
    notify(recipient=people.river, verb=REPLY, actor=people.sam)
    assert _badge(client)[0] == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(recipients=[people.river, people.jordan], verb=REPLY, actor=people.morgan)
    assert _badge(client)[0] == 2
    assert _badge(client_for(people.jordan))[0] == 1


def test_the_count_changes_at_once_after_marking_read(people, client_for):
    first = notify(recipient=people.river, verb=REPLY, actor=people.sam)
    notify(recipient=people.river, verb=REPLY, actor=people.jordan)
    assert first is not None
    client = client_for(people.river)
    assert _badge(client)[0] == 2
    actions.mark_read(user=people.river, notification=first)
    assert _badge(client)[0] == 1
    actions.mark_all_read(user=people.river)
    assert _badge(client)[0] is None


def test_the_count_changes_at_once_after_a_block_either_way(
    people, client_for, django_capture_on_commit_callbacks
):
    notify(recipient=people.river, verb=REPLY, actor=people.sam)
    notify(recipient=people.river, verb=REPLY, actor=people.jordan)
    notify(recipient=people.sam, verb=REPLY, actor=people.river)
    river, sam = client_for(people.river), client_for(people.sam)
    assert (_badge(river)[0], _badge(sam)[0]) == (2, 1)
    with patch(LIVE) as live, django_capture_on_commit_callbacks(execute=True):
        accounts.block_member(blocker=people.sam, blocked=people.river)
    assert (_badge(river)[0], _badge(sam)[0]) == (1, None)
    # Both members' open pages heard their new counts too.
    sent = {call.args[0]: call.args[1]["count"] for call in live.call_args_list}
    assert sent == {people.river.pk: 1, people.sam.pk: 0}
    with django_capture_on_commit_callbacks(execute=True):
        accounts.block_member(blocker=people.jordan, blocked=people.river)
    assert _badge(river)[0] is None


def test_a_count_read_before_a_change_is_not_served_after_it(people):
    """A reader that counted before a notification was written, and stores its count only
    after the writer forgot the old one, must not leave the old count in the cache."""
    original = unread_counts

    def slow_count(user_ids):
        counted = original(user_ids)
        notify(recipient=people.river, verb=REPLY, actor=people.sam)  # lands meanwhile
        return counted

    with patch("alongside.notifications.selectors.unread_counts", slow_count):
        assert unread.count_for(people.river.pk) == 0
    assert unread.count_for(people.river.pk) == 1


def test_the_cached_counts_agree_with_the_selector(people):
    notify(recipient=people.river, verb=REPLY, actor=people.sam)
    notify(recipient=people.river, verb=REPLY)
    notify(recipient=people.sam, verb=REPLY, actor=people.river)
    read = notify(recipient=people.jordan, verb=REPLY, actor=people.sam)
    assert read is not None
    actions.mark_read(user=people.jordan, notification=read)
    accounts.block_member(blocker=people.river, blocked=people.sam)  # hides sam's, both ways
    members = [people.river, people.sam, people.jordan, people.outsider]
    expected = {m.pk: unread_count(m) for m in members}
    assert expected == {
        people.river.pk: 1,
        people.sam.pk: 0,
        people.jordan.pk: 0,
        people.outsider.pk: 0,
    }
    assert unread_counts(list(expected)) == expected
    unread.changed(expected)
    assert unread.counts_for(list(expected)) == expected
    assert unread.counts_for(list(expected)) == expected  # the second time from the cache


def test_the_cached_count_expires_as_a_backstop(people):
    with patch("alongside.core.cached_counts.cache") as cache:
        cache.get_many.return_value = {}
        cache.add.return_value = True
        unread.count_for(people.river.pk)
    [(stored, timeout)] = [call.args for call in cache.set_many.call_args_list]
    assert timeout == unread.UNREAD_SECONDS <= 300
    assert list(stored) == [f"notifications:unread:{people.river.pk}"]
