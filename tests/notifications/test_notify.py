"""notify(): the one way to tell a member something. It writes the in-app notification and plans
one delivery per outside channel the member chose for that kind."""

import json
import re

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy as _

from alongside.accounts import actions as accounts
from alongside.accounts.models import Block, Connection, User
from alongside.core.exports import export_member_data
from alongside.notifications import actions
from alongside.notifications.actions import NotificationError, notify
from alongside.notifications.kinds import DEFAULT_PREFERENCES, EmailChoice, Kind, register_verb
from alongside.notifications.models import (
    Delivery,
    Notification,
    NotificationSettings,
    PushSubscription,
)
from alongside.notifications.selectors import notifications_page, unread_count

# One verb per kind, so every kind's defaults can be checked.
VERBS = {
    kind: register_verb(
        f"test.notify.{kind}",
        kind=Kind(kind),
        text=_("%(actor)s did something about %(topic)s."),
        summary=_("Something happened"),
    ).name
    for kind in Kind.values
}
URGENT_REPLY = register_verb(
    "test.notify.urgent_reply",
    kind=Kind.REPLIES,  # a digest kind by default
    text=_("%(actor)s needs you now."),
    summary=_("Someone needs you now"),
    urgent=True,
).name


def _subscribe(user: User, name: str = "phone") -> PushSubscription:
    return PushSubscription.objects.create(
        user=user, endpoint=f"https://fcm.googleapis.com/fcm/send/{user.handle}-{name}", p256dh="k"
    )


def _plan(notification: Notification | None) -> dict[str, str]:
    """channel -> status of the deliveries planned for a notification."""
    assert notification is not None
    return dict(Delivery.objects.filter(notification=notification).values_list("channel", "status"))


def test_notify_writes_the_in_app_notification(people):
    notification = notify(
        recipient=people.river,
        verb=VERBS[Kind.MESSAGES],
        actor=people.sam,
        params={"topic": "Tuesday"},
        url="/people/sam/",
    )
    assert notification is not None
    stored = Notification.objects.get()
    assert stored == notification
    assert stored.recipient == people.river
    assert stored.actor == people.sam
    assert stored.kind == Kind.MESSAGES
    assert stored.verb == "test.notify.messages"
    assert stored.params == {"topic": "Tuesday"}
    assert stored.url == "/people/sam/"
    assert stored.is_unread
    assert stored.urgent is False
    # The in-app text may name people; what may leave the app does not.
    assert stored.text == "sam did something about Tuesday."
    assert stored.summary == "Something happened"
    assert unread_count(people.river) == 1
    assert [n.pk for n in notifications_page(people.river).items] == [stored.pk]


@pytest.mark.parametrize("kind", Kind.values)
def test_default_routing_per_kind(people, kind):
    _subscribe(people.river)
    plan = _plan(notify(recipient=people.river, verb=VERBS[kind], actor=people.sam))
    default = DEFAULT_PREFERENCES[kind]
    expected = {
        EmailChoice.INSTANT: Delivery.Status.PENDING,
        EmailChoice.DIGEST: Delivery.Status.DIGEST,
    }.get(default["email"])
    assert plan.get(Delivery.Channel.EMAIL) == expected
    assert plan.get(Delivery.Channel.PUSH) == (Delivery.Status.PENDING if default["push"] else None)


def test_defaults_email_messages_at_once_and_keep_milestones_for_the_digest(people):
    # The defaults spelled out, so a change to DEFAULT_PREFERENCES is a conscious one.
    _subscribe(people.river)
    assert _plan(notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam)) == {
        "email": "pending",
        "push": "pending",
    }
    assert _plan(
        notify(recipient=people.river, verb=VERBS[Kind.CONNECTIONS], actor=people.sam)
    ) == {
        "email": "digest",
        "push": "pending",
    }
    assert _plan(notify(recipient=people.river, verb=VERBS[Kind.MILESTONES], actor=people.sam)) == {
        "email": "digest"
    }


def test_no_push_delivery_without_a_device(people):
    plan = _plan(notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam))
    assert plan == {"email": "pending"}


def test_changed_preferences_decide_the_routing(people):
    river = people.river
    _subscribe(river)
    actions.update_settings(
        user=river,
        preferences={
            Kind.MESSAGES: {"email": EmailChoice.OFF, "push": False},
            Kind.REPLIES: {"email": EmailChoice.INSTANT, "push": False},
            Kind.MILESTONES: {"email": EmailChoice.OFF, "push": True},
            Kind.MEETINGS: {"email": EmailChoice.DIGEST},  # push left as it was (on)
        },
    )
    prefs = NotificationSettings.objects.get(user=river)
    assert prefs.email_for(Kind.MESSAGES) == "off"
    assert prefs.push_for(Kind.MEETINGS) is True

    def plan(kind: str) -> dict[str, str]:
        return _plan(notify(recipient=river, verb=VERBS[kind], actor=people.sam))

    assert plan(Kind.MESSAGES) == {}
    assert plan(Kind.REPLIES) == {"email": "pending"}
    assert plan(Kind.MILESTONES) == {"push": "pending"}
    assert plan(Kind.MEETINGS) == {"email": "digest", "push": "pending"}
    # Turning every outside channel off still leaves the in-app notifications.
    assert Notification.objects.filter(recipient=river).count() == 4


def test_update_settings_refuses_an_unknown_email_choice(people):
    with pytest.raises(NotificationError):
        actions.update_settings(
            user=people.river, preferences={Kind.MESSAGES: {"email": "hourly", "push": True}}
        )
    assert not NotificationSettings.objects.filter(user=people.river).exists()


def test_an_urgent_verb_of_a_digest_kind_is_emailed_at_once(people):
    notification = notify(recipient=people.river, verb=URGENT_REPLY, actor=people.sam)
    assert notification is not None and notification.urgent
    assert _plan(notification) == {"email": "pending"}


@pytest.mark.parametrize(
    ("recipient", "actor"),
    [("river", "drew"), ("drew", "river")],
    ids=["about-someone-they-blocked", "about-someone-who-blocked-them"],
)
def test_nobody_is_notified_across_a_block(people, recipient, actor):
    assert Block.objects.filter(blocker=people.river, blocked=people.drew).exists()
    _subscribe(getattr(people, recipient))
    result = notify(
        recipient=getattr(people, recipient),
        verb=VERBS[Kind.MESSAGES],
        actor=getattr(people, actor),
        key="blocked-1",
    )
    assert result is None
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_nobody_is_notified_about_their_own_doing(people):
    assert notify(recipient=people.sam, verb=VERBS[Kind.MESSAGES], actor=people.sam) is None
    assert not Notification.objects.exists()


def test_deactivated_members_are_not_notified(people):
    people.outsider.is_active = False
    people.outsider.save(update_fields=["is_active"])
    assert notify(recipient=people.outsider, verb=VERBS[Kind.MESSAGES], actor=people.sam) is None
    assert not Notification.objects.exists()


def test_a_notification_without_an_actor_is_allowed(people):
    notification = notify(
        recipient=people.river, verb=VERBS[Kind.MODERATION], params={"topic": "a post"}
    )
    assert notification is not None
    assert notification.actor is None
    assert notification.text == "A member did something about a post."


def test_missing_params_fall_back_to_a_plain_text(people):
    notification = notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam)
    assert notification is not None
    assert notification.text == "You have a new notification."


def test_the_same_key_twice_makes_one_notification_and_one_delivery_per_channel(people):
    _subscribe(people.river)
    first = notify(
        recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam, key="message:7"
    )
    second = notify(
        recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam, key="message:7"
    )
    assert first is not None and second is not None
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "push"]
    # Another key (or another recipient with the same key) is another notification.
    notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam, key="message:8")
    notify(recipient=people.jordan, verb=VERBS[Kind.MESSAGES], actor=people.sam, key="message:7")
    assert Notification.objects.count() == 3


def test_without_a_key_each_call_is_a_new_notification(people):
    for _i in range(2):
        notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam)
    assert Notification.objects.filter(recipient=people.river).count() == 2
    assert Delivery.objects.count() == 2


def test_an_unconfirmed_email_gets_no_email_delivery(people):
    river = people.river
    river.email_confirmed_at = None
    river.save(update_fields=["email_confirmed_at"])
    _subscribe(river)
    for kind in (Kind.MESSAGES, Kind.CONNECTIONS):
        plan = _plan(notify(recipient=river, verb=VERBS[kind], actor=people.sam))
        assert plan == {"push": "pending"}


def test_a_member_who_never_confirmed_gets_in_app_notifications_only(people):
    newcomer = accounts.register_member(
        handle="newcomer", email="newcomer@example.org", password="a-long-test-passphrase"
    )
    assert newcomer is not None and not newcomer.email_confirmed
    notification = notify(recipient=newcomer, verb=VERBS[Kind.MESSAGES], actor=people.sam)
    assert notification is not None
    assert _plan(notification) == {}


def test_an_unknown_verb_raises(people):
    with pytest.raises(NotificationError, match=re.escape("no.such.verb")):
        notify(recipient=people.river, verb="no.such.verb", actor=people.sam)
    assert not Notification.objects.exists()


# Through the real views


def test_a_connection_request_and_its_acceptance_notify_the_right_people(
    people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.sam).post("/people/river/connect/", {"message": "Hi"})
    assert response.status_code == 302
    connection = Connection.objects.get(requester=people.sam, addressee=people.river)

    request = Notification.objects.get()
    assert request.recipient == people.river
    assert request.actor == people.sam
    assert request.verb == "connection.requested"
    assert request.kind == Kind.CONNECTIONS
    assert request.url == "/me/connections/"
    assert request.key == f"connection.requested:{connection.pk}"
    assert request.text == "sam would like to connect with you."
    # Connection requests wait for the digest by default: no email yet.
    assert _plan(request) == {"email": "digest"}
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.river).post(
            f"/me/connections/{connection.pk}/respond/", {"answer": "accept"}
        )
    assert response.status_code == 302
    accepted = Notification.objects.exclude(pk=request.pk).get()
    assert accepted.recipient == people.sam
    assert accepted.actor == people.river
    assert accepted.verb == "connection.accepted"
    assert accepted.url == "/people/river/"
    assert accepted.text == "river accepted your connection request."
    # river, who did the accepting, is told nothing more.
    assert Notification.objects.filter(recipient=people.river).count() == 1


def test_asking_twice_notifies_once(people, client_for, django_capture_on_commit_callbacks):
    sam = client_for(people.sam)
    with django_capture_on_commit_callbacks(execute=True):
        sam.post("/people/river/connect/", {"message": ""})
    with django_capture_on_commit_callbacks(execute=True):
        sam.post("/people/river/connect/", {"message": ""})
    assert Notification.objects.filter(recipient=people.river).count() == 1


def test_asking_back_accepts_and_tells_the_first_asker(
    people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.sam).post("/people/river/connect/", {"message": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.river).post("/people/sam/connect/", {"message": ""})
    assert Connection.objects.get().status == Connection.Status.ACCEPTED
    told = Notification.objects.get(recipient=people.sam)
    assert told.verb == "connection.accepted"
    assert told.actor == people.river


def test_a_blocked_member_cannot_reach_river_with_a_request(
    people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.drew).post("/people/river/connect/", {"message": "hello"})
    assert response.status_code == 404
    assert not Connection.objects.exists()
    assert not Notification.objects.exists()


def test_a_request_emailed_at_once_when_the_member_chose_it(
    people, client_for, django_capture_on_commit_callbacks
):
    actions.update_settings(
        user=people.river, preferences={Kind.CONNECTIONS: {"email": EmailChoice.INSTANT}}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.sam).post("/people/river/connect/", {"message": "Hi"})
    assert [m.to for m in mail.outbox] == [[people.river.email]]
    assert "sam" not in mail.outbox[0].subject
    assert Delivery.objects.get().status == Delivery.Status.SENT


# Deletion and export


def test_deleting_a_member_removes_their_notifications(people):
    _subscribe(people.river)
    mine = notify(recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam)
    actions.update_settings(user=people.river, preferences={}, email_details=True)
    about_me = notify(
        recipient=people.sam, verb=VERBS[Kind.MESSAGES], actor=people.river, params={"topic": "x"}
    )
    assert mine is not None and about_me is not None
    assert Delivery.objects.filter(notification=mine).exists()

    accounts.delete_account(user=people.river)

    assert not Notification.objects.filter(pk=mine.pk).exists()
    assert not Delivery.objects.filter(notification_id=mine.pk).exists()
    assert not PushSubscription.objects.filter(user_id=people.river.pk).exists()
    assert not NotificationSettings.objects.filter(user_id=people.river.pk).exists()
    # What sam was told stays sam's, but no longer names river.
    about_me.refresh_from_db()
    assert about_me.actor is None
    assert "river" not in about_me.text
    assert about_me.text == "A member did something about x."


def test_the_export_includes_notifications_and_settings(people, client_for):
    river = people.river
    _subscribe(river)
    PushSubscription.objects.filter(user=river).update(device="Firefox on Android")
    actions.update_settings(
        user=river,
        preferences={Kind.MESSAGES: {"email": EmailChoice.DIGEST, "push": False}},
        digest_frequency=NotificationSettings.DigestFrequency.WEEKLY,
        digest_hour=19,
        email_details=True,
    )
    notify(recipient=river, verb=VERBS[Kind.MESSAGES], actor=people.sam, params={"topic": "t1"})
    read = notify(
        recipient=river, verb=VERBS[Kind.REPLIES], actor=people.jordan, params={"topic": "t2"}
    )
    assert read is not None
    actions.mark_read(user=river, notification=read)
    notify(recipient=people.sam, verb=VERBS[Kind.MESSAGES], actor=river, params={"topic": "other"})

    section = export_member_data(river)["notifications"]
    assert [(n["text"], n["kind"]) for n in section["notifications"]] == [
        ("sam did something about t1.", "messages"),
        ("jordan did something about t2.", "replies"),
    ]
    assert section["notifications"][0]["read_at"] is None
    assert section["notifications"][1]["read_at"] is not None
    assert section["settings"]["preferences"]["messages"] == {"email": "digest", "push": False}
    assert section["settings"]["preferences"]["moderation"] == {"email": "instant", "push": False}
    assert section["settings"]["digest"] == {"frequency": "weekly", "hour": 19}
    assert section["settings"]["email_details"] is True
    assert [d["device"] for d in section["devices"]] == ["Firefox on Android"]

    # And through the real download.
    response = client_for(river).post("/settings/export/")
    assert response.status_code == 200
    data = json.loads(response.content)
    texts = [n["text"] for n in data["notifications"]["notifications"]]
    assert texts == ["sam did something about t1.", "jordan did something about t2."]
    assert "other" not in json.dumps(data["notifications"])
    # The export never carries the push keys or endpoints.
    assert "fcm.googleapis.com" not in response.content.decode()


def test_a_later_block_hides_earlier_notifications_from_the_list(people):
    notify(
        recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam, params={"topic": "x"}
    )
    accounts.block_member(blocker=people.river, blocked=people.sam)
    assert notifications_page(people.river).items == []


def test_a_later_block_takes_earlier_notifications_out_of_the_unread_count(people):
    notify(
        recipient=people.river, verb=VERBS[Kind.MESSAGES], actor=people.sam, params={"topic": "x"}
    )
    assert unread_count(people.river) == 1
    accounts.block_member(blocker=people.sam, blocked=people.river)
    assert unread_count(people.river) == len(notifications_page(people.river).items) == 0
