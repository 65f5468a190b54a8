"""Support now, through the actions: who is alerted, how (in the app, live, by email and push,
around quiet hours and mentors' contact hours), "I'm here", widening after the wait, the rate
limit and closing.

The plain helpers here (`at`, `volunteer`, `reasons`, `WED`, ...) are reused by the other
support test files.
"""

from datetime import UTC, datetime, time, timedelta
from unittest.mock import patch

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from alongside.accounts.actions import block_member, request_connection
from alongside.accounts.models import User
from alongside.groups import actions as groups
from alongside.mentoring.actions import end_mentorship
from alongside.mentoring.models import MentorProfile
from alongside.messaging import access as messaging_access
from alongside.messaging import actions as messaging
from alongside.messaging.models import Conversation, Participant
from alongside.notifications.models import (
    Delivery,
    Notification,
    NotificationSettings,
    PushSubscription,
)
from alongside.support import actions
from alongside.support.models import OnCallVolunteer, SupportRecipient, SupportRequest
from tests.conftest import make_member
from tests.helpers import push_keys
from tests.mentoring.conftest import ask, make_mentor, pair
from tests.messaging.conftest import connect, new_group

# A Wednesday in July: 11:00 in Los Angeles (the default zone), 14:00 in New York, 19:00 in
# London and 03:00 on Thursday in Tokyo.
WED = datetime(2025, 7, 9, 18, 0, tzinfo=UTC)
# 23:00 on that Wednesday in Los Angeles: inside 22:00-07:00 quiet hours and outside a
# mentor's default contact hours (09:00-21:00).
LATE = datetime(2025, 7, 10, 6, 0, tzinfo=UTC)
LIVE = "alongside.support.handlers.send_to_member"
PUSH = "alongside.notifications.webpush.send_push"
CRISIS = "I want to die tonight"
FINE = "Had a good walk today and called my sponsor."


def at(moment: datetime):
    return patch("django.utils.timezone.now", return_value=moment)


def volunteer(
    user: User,
    slots: list[str],
    *,
    zone: str | None = None,
    approved: bool = True,
    active: bool = True,
) -> OnCallVolunteer:
    """An on-call volunteer made directly (joining through the action is tested elsewhere)."""
    if zone:
        User.objects.filter(pk=user.pk).update(timezone=zone)
        user.refresh_from_db()
    return OnCallVolunteer.objects.create(
        user=user,
        slots=slots,
        approved_at=WED - timedelta(days=30) if approved else None,
        active=active,
    )


def reasons(request: SupportRequest) -> dict[str, str]:
    return dict(request.recipients.values_list("user__handle", "reason"))


def alerted(verb: str = "support.request") -> list[str]:
    return sorted(
        Notification.objects.filter(verb=verb).values_list("recipient__handle", flat=True)
    )


def live_events(live, user: User) -> list[dict]:
    return [call.args[1] for call in live.call_args_list if call.args[0] == user.pk]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


# Who is alerted


def test_default_audiences_reach_mentor_connections_and_on_call_peers(people, on_commit):
    ash = make_mentor("ash")
    pair(people.river, ash)
    connect(people.river, people.outsider)
    pat = make_member("pat")
    volunteer(pat, ["wed-morning"])
    with at(WED), patch(LIVE) as live, on_commit():
        request = actions.ask_for_support(requester=people.river)
    assert request.audiences == ["mentor", "connections", "on_call"]
    assert reasons(request) == {"ash": "mentor", "outsider": "connections", "pat": "on_call"}
    assert alerted() == ["ash", "outsider", "pat"]
    url = reverse("support:request", args=[request.pk])
    for who in (ash, people.outsider, pat):
        assert live_events(live, who) == [
            {"type": "support.request", "url": url, "handle": "river"}
        ]
    notification = Notification.objects.get(recipient=ash, verb="support.request")
    assert notification.urgent and notification.actor == people.river
    assert notification.url == url
    assert not live_events(live, people.river)


def test_only_an_active_mentorship_counts(people, on_commit):
    former, asked = make_mentor("ash"), make_mentor("bo")
    ended = pair(people.river, former)
    end_mentorship(user=people.river, mentorship=ended)
    ask(people.river, asked)  # a request, not a mentorship
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.river, audiences=["mentor"])
    assert reasons(request) == {}
    assert alerted() == []


def test_only_accepted_connections_are_asked(people, on_commit):
    connect(people.river, people.outsider)
    request_connection(requester=people.river, addressee=people.sam)  # pending
    request_connection(requester=people.jordan, addressee=people.river)  # pending
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.river, audiences=["connections"])
    assert reasons(request) == {"outsider": "connections"}
    assert alerted() == ["outsider"]


def test_a_group_reaches_its_members_but_nobody_blocked_and_not_the_requester(people, on_commit):
    group = new_group(people.jordan)
    blocker = make_member("blocker")
    for member in (people.river, people.sam, people.drew, blocker):
        groups.join_group(user=member, group=group)
    block_member(blocker=blocker, blocked=people.river)
    with at(WED), on_commit():
        request = actions.ask_for_support(
            requester=people.river, audiences=["group"], group_id=group.pk
        )
    assert request.group_id == group.pk
    assert reasons(request) == {"jordan": "group", "sam": "group"}
    assert alerted() == ["jordan", "sam"]


def test_a_group_the_requester_is_not_in_is_refused_and_nothing_saved(people, on_commit):
    theirs = new_group(people.jordan, name="Morning circle")
    with on_commit(), pytest.raises(actions.SupportError, match="choose one of your groups"):
        actions.ask_for_support(requester=people.river, audiences=["group"], group_id=theirs.pk)
    with on_commit(), pytest.raises(actions.SupportError, match="choose one of your groups"):
        actions.ask_for_support(requester=people.river, audiences=["group"], group_id=None)
    assert not SupportRequest.objects.exists()
    assert not Notification.objects.exists()


def test_on_call_peers_on_shift_now_in_their_own_time_zone(people, on_commit):
    on = {
        "la": (["wed-morning"], "America/Los_Angeles"),  # 11:00 there
        "ny": (["wed-afternoon"], "America/New_York"),  # 14:00 there
        "ldn": (["wed-evening"], "Europe/London"),  # 19:00 there
        "tokyo": (["wed-night"], "Asia/Tokyo"),  # 03:00 Thursday, still Wednesday night
    }
    off = {
        "ldn_morning": (["wed-morning"], "Europe/London"),  # their morning is over
        "la_evening": (["wed-evening"], "America/Los_Angeles"),  # not yet
        "tokyo_thu": (["thu-night"], "Asia/Tokyo"),  # tomorrow night
    }
    for handle, (slots, zone) in {**on, **off}.items():
        volunteer(make_member(handle), slots, zone=zone)
    volunteer(make_member("waiting"), ["wed-morning"], approved=False)
    volunteer(make_member("left"), ["wed-morning"], active=False)
    gone = make_member("gone")
    volunteer(gone, ["wed-morning"])
    User.objects.filter(pk=gone.pk).update(is_active=False)
    volunteer(people.drew, ["wed-morning"])  # river blocked drew
    blocker = make_member("blocker")
    volunteer(blocker, ["wed-morning"])
    block_member(blocker=blocker, blocked=people.river)
    volunteer(people.river, ["wed-morning"])  # the requester is on call herself
    with at(WED), patch(LIVE) as live, on_commit():
        request = actions.ask_for_support(requester=people.river, audiences=["on_call"])
    assert reasons(request) == dict.fromkeys(on, "on_call")
    assert alerted() == sorted(on)
    assert {
        call.args[0]
        for call in live.call_args_list
        if call.args[1].get("type") == ("support.request")
    } == set(User.objects.filter(handle__in=on).values_list("pk", flat=True))


def test_invalid_audiences_are_refused_and_nothing_saved(people, on_commit):
    for audiences in (["everyone"], ["connections", "staff"]):
        with on_commit(), pytest.raises(actions.SupportError, match="choose who to ask"):
            actions.ask_for_support(requester=people.river, audiences=audiences)
    assert not SupportRequest.objects.exists()
    assert not SupportRecipient.objects.exists()


def test_an_overlong_message_is_refused_and_nothing_saved(people, on_commit):
    connect(people.river, people.outsider)
    with on_commit(), pytest.raises(actions.SupportError, match="500 characters"):
        actions.ask_for_support(requester=people.river, message="x" * 501)
    assert not SupportRequest.objects.exists()
    assert alerted() == []
    with on_commit():
        request = actions.ask_for_support(requester=people.river, message="x" * 500)
    assert len(request.message) == 500


def test_the_message_is_stored_as_written(people, on_commit):
    script = "<script>alert('hi')</script>"
    with on_commit():
        request = actions.ask_for_support(requester=people.river, message=script)
    request.refresh_from_db()
    assert request.message == script


# Live, and around quiet hours and contact hours


@pytest.mark.django_db(transaction=True)
def test_the_alert_arrives_live_on_the_recipients_open_pages(people):
    connect(people.river, people.outsider)
    client = Client()
    client.force_login(people.outsider)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}".encode()
    from alongside.asgi import application

    async def scenario() -> list[dict]:
        socket = WebsocketCommunicator(
            application,
            "/ws/member/",
            headers=[(b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie)],
        )
        assert (await socket.connect())[0]
        request = await sync_to_async(actions.ask_for_support)(
            requester=people.river, audiences=["connections"]
        )
        events = []
        while not any(e.get("type") == "support.request" for e in events):
            events.append(await socket.receive_json_from(timeout=3))
        await socket.disconnect()
        events.append({"request": request.pk})
        return events

    events = async_to_sync(scenario)()
    request_id = events.pop()["request"]
    assert {
        "type": "support.request",
        "url": reverse("support:request", args=[request_id]),
        "handle": "river",
    } in events


def _quiet(user: User, *, urgent_through: bool) -> None:
    NotificationSettings.objects.create(
        user=user,
        quiet_hours_start=time(22),
        quiet_hours_end=time(7),
        urgent_in_quiet_hours=urgent_through,
    )


def _subscribe(user: User) -> None:
    p256dh, auth = push_keys(user.pk)
    PushSubscription.objects.create(
        user=user,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{user.pk}",
        p256dh=p256dh,
        auth=auth,
    )


def _deliveries(user: User) -> dict[str, Delivery]:
    return {
        d.channel: d
        for d in Delivery.objects.filter(
            notification__recipient=user, notification__verb="support.request"
        )
    }


def test_quiet_hours_let_urgent_alerts_through_for_those_who_chose_it(people, on_commit):
    connect(people.river, people.outsider)
    _quiet(people.outsider, urgent_through=True)
    _subscribe(people.outsider)
    with at(LATE), patch(PUSH) as push, on_commit():
        actions.ask_for_support(requester=people.river, audiences=["connections"])
    deliveries = _deliveries(people.outsider)
    assert set(deliveries) == {"email", "push"}
    assert all(d.status == Delivery.Status.SENT for d in deliveries.values())
    assert [m.to for m in mail.outbox] == [["outsider@example.org"]]
    assert push.call_count == 1


def test_quiet_hours_hold_urgent_alerts_for_those_who_did_not(people, on_commit):
    connect(people.river, people.outsider)
    _quiet(people.outsider, urgent_through=False)
    _subscribe(people.outsider)
    with at(LATE), patch(PUSH) as push, on_commit():
        actions.ask_for_support(requester=people.river, audiences=["connections"])
    morning = datetime(2025, 7, 10, 14, 0, tzinfo=UTC)  # 07:00 in Los Angeles
    deliveries = _deliveries(people.outsider)
    assert set(deliveries) == {"email", "push"}
    for delivery in deliveries.values():
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.deliver_after == morning
    assert mail.outbox == []
    assert push.call_count == 0
    # The in-app notification is there at once.
    assert alerted() == ["outsider"]


def test_a_mentor_who_did_not_opt_in_hears_at_the_start_of_contact_hours(people, on_commit):
    ash = make_mentor("ash")
    pair(people.river, ash)
    assert MentorProfile.objects.get(user=ash).urgent_through is False
    with at(LATE), on_commit():
        actions.ask_for_support(requester=people.river, audiences=["mentor"])
    email = _deliveries(ash)["email"]
    assert email.status == Delivery.Status.PENDING
    assert email.deliver_after == datetime(2025, 7, 10, 16, 0, tzinfo=UTC)  # 09:00 there
    assert not [m for m in mail.outbox if m.to == ["ash@example.org"]]
    assert alerted() == ["ash"]


def test_a_mentor_who_opted_in_hears_at_once_outside_contact_hours(people, on_commit):
    ash = make_mentor("ash")
    pair(people.river, ash)
    MentorProfile.objects.filter(user=ash).update(urgent_through=True)
    with at(LATE), on_commit():
        actions.ask_for_support(requester=people.river, audiences=["mentor"])
    email = _deliveries(ash)["email"]
    assert email.status == Delivery.Status.SENT
    assert [m for m in mail.outbox if m.to == ["ash@example.org"]]


# "I'm here"


@pytest.fixture
def circle(people):
    """river and pat are in jordan's group but are not connections."""
    group = new_group(people.jordan)
    pat = make_member("pat")
    for member in (people.river, pat):
        groups.join_group(user=member, group=group)
    return group, pat


def _ask_circle(people, circle, on_commit) -> SupportRequest:
    group, _pat = circle
    with at(WED), on_commit():
        return actions.ask_for_support(
            requester=people.river, audiences=["group"], group_id=group.pk
        )


def test_im_here_opens_a_conversation_without_a_message_request(people, circle, on_commit):
    request = _ask_circle(people, circle, on_commit)
    _group, pat = circle
    assert not messaging_access.may_write_freely(pat, people.river)
    with at(WED + timedelta(minutes=2)), patch(LIVE) as live, on_commit():
        recipient = actions.respond(responder=pat, request=request)
    assert recipient.responded_at == WED + timedelta(minutes=2)
    notice = Notification.objects.get(recipient=people.river, verb="support.responded")
    assert notice.actor == pat and notice.urgent
    assert live_events(live, people.river)[-1]["type"] == "support.responded"
    conversation = Conversation.objects.get(pair_key=Conversation.key_for(pat.pk, people.river.pk))
    states = dict(conversation.participants.values_list("user__handle", "state"))
    assert states == {"pat": Participant.State.ACTIVE, "river": Participant.State.ACTIVE}
    # They can talk straight away, both ways (for a while: the pair is a week long).
    with at(WED + timedelta(minutes=3)), on_commit():
        assert messaging_access.may_write_freely(pat, people.river)
        messaging.send_message(user=pat, conversation=conversation, body="I'm here with you.")
        messaging.send_message(user=people.river, conversation=conversation, body="Thank you.")
    assert conversation.messages.count() == 2


def test_responding_twice_changes_nothing_more(people, circle, on_commit):
    request = _ask_circle(people, circle, on_commit)
    _group, pat = circle
    with at(WED + timedelta(minutes=2)), on_commit():
        actions.respond(responder=pat, request=request)
    with at(WED + timedelta(minutes=5)), on_commit():
        again = actions.respond(responder=pat, request=request)
    assert again.responded_at == WED + timedelta(minutes=2)
    assert alerted("support.responded") == ["river"]
    assert Conversation.objects.filter(participants__user=pat).count() == 1
    assert Participant.objects.filter(user__in=[pat, people.river]).count() == 2


def test_im_here_clears_an_earlier_message_request_from_the_requester(people, circle, on_commit):
    _group, pat = circle
    with on_commit():
        earlier = messaging.start_conversation(user=people.river, other=pat)
        messaging.send_message(user=people.river, conversation=earlier, body="Hi, from group.")
    assert earlier.participants.get(user=pat).state == Participant.State.REQUESTED
    request = _ask_circle(people, circle, on_commit)
    with at(WED + timedelta(minutes=1)), on_commit():
        actions.respond(responder=pat, request=request)
    states = dict(earlier.participants.values_list("user__handle", "state"))
    assert states == {"pat": Participant.State.ACTIVE, "river": Participant.State.ACTIVE}


def test_responding_to_a_closed_request_gets_a_kind_message(people, circle, on_commit):
    request = _ask_circle(people, circle, on_commit)
    _group, pat = circle
    with on_commit():
        actions.close_request(requester=people.river, request=request)
    with on_commit(), pytest.raises(actions.SupportError, match=r"okay now\. Thank you for coming"):
        actions.respond(responder=pat, request=request)
    assert not SupportRecipient.objects.filter(responded_at__isnull=False).exists()
    assert alerted("support.responded") == []
    assert not Conversation.objects.filter(participants__user=pat).exists()


def test_someone_not_asked_cannot_respond(people, circle, on_commit):
    request = _ask_circle(people, circle, on_commit)
    with on_commit(), pytest.raises(actions.SupportError, match="isn't open to you"):
        actions.respond(responder=people.outsider, request=request)


# Widening after the wait


@pytest.fixture
def quiet_request(people, on_commit):
    """river asked only her connection (outsider) at WED; pat is on call all Wednesday morning
    (Los Angeles) and drew, whom river blocked, is too."""
    connect(people.river, people.outsider)
    pat = make_member("pat")
    volunteer(pat, ["wed-morning"])
    volunteer(people.drew, ["wed-morning"])
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.river, audiences=["connections"])
    assert request.widened_at is None
    return request


def _widen(moment: datetime, on_commit):
    with at(moment), patch(LIVE) as live, on_commit():
        result = actions.widen_unanswered(now=moment)
    return result, live


def test_nothing_widens_before_the_wait_is_over(people, quiet_request, on_commit):
    result, _live = _widen(WED + timedelta(minutes=9, seconds=59), on_commit)
    assert result == (0, 0)
    quiet_request.refresh_from_db()
    assert quiet_request.widened_at is None and quiet_request.lines_reshown_at is None
    assert reasons(quiet_request) == {"outsider": "connections"}


def test_after_the_wait_on_call_peers_are_asked_once(people, quiet_request, on_commit):
    later = WED + timedelta(minutes=10)
    result, live = _widen(later, on_commit)
    assert result == (1, 0)
    quiet_request.refresh_from_db()
    assert quiet_request.widened_at == later
    assert reasons(quiet_request) == {"outsider": "connections", "pat": "on_call"}
    assert alerted() == ["outsider", "pat"]
    pat = User.objects.get(handle="pat")
    assert [e["type"] for e in live_events(live, pat)].count("support.request") == 1
    # Again: nothing more.
    result, live = _widen(later + timedelta(minutes=1), on_commit)
    assert result == (0, 0)
    assert alerted() == ["outsider", "pat"]
    assert SupportRecipient.objects.filter(request=quiet_request).count() == 2
    assert not live_events(live, pat)


def test_the_wait_comes_from_settings(people, quiet_request, on_commit, settings):
    settings.SUPPORT_WIDEN_MINUTES = 5
    result, _live = _widen(WED + timedelta(minutes=5), on_commit)
    assert result == (1, 0)


def test_an_answered_request_is_not_widened_or_reshown(people, quiet_request, on_commit):
    with at(WED + timedelta(minutes=3)), on_commit():
        actions.respond(responder=people.outsider, request=quiet_request)
    for minutes in (11, 25, 40):
        result, _live = _widen(WED + timedelta(minutes=minutes), on_commit)
        assert result == (0, 0)
    quiet_request.refresh_from_db()
    assert quiet_request.widened_at is None and quiet_request.lines_reshown_at is None
    assert reasons(quiet_request) == {"outsider": "connections"}
    assert alerted("support.unanswered") == []


def test_a_closed_request_is_not_widened(people, quiet_request, on_commit):
    with on_commit():
        actions.close_request(requester=people.river, request=quiet_request)
    assert _widen(WED + timedelta(minutes=30), on_commit)[0] == (0, 0)
    assert "pat" not in reasons(quiet_request)


def test_still_unanswered_the_requester_is_shown_the_lines_again_once(
    people, quiet_request, on_commit, client_for
):
    widened_at = WED + timedelta(minutes=10)
    _widen(widened_at, on_commit)
    result, _live = _widen(widened_at + timedelta(minutes=9), on_commit)
    assert result == (0, 0)
    reshown = widened_at + timedelta(minutes=10)
    result, live = _widen(reshown, on_commit)
    assert result == (0, 1)
    quiet_request.refresh_from_db()
    assert quiet_request.lines_reshown_at == reshown
    assert alerted("support.unanswered") == ["river"]
    notice = Notification.objects.get(verb="support.unanswered")
    assert notice.urgent and "988" in notice.text
    assert live_events(live, people.river)[-1]["type"] == "support.unanswered"
    # Running the job again (or twice at once) does nothing more.
    for minutes in (1, 30):
        assert _widen(reshown + timedelta(minutes=minutes), on_commit)[0] == (0, 0)
    assert alerted("support.unanswered") == ["river"]
    assert alerted() == ["outsider", "pat"]
    page = client_for(people.river).get(reverse("support:request", args=[quiet_request.pk]))
    assert "Nobody has answered yet, and that's not about you" in page.text
    assert "tel:988" in page.text


def test_a_request_that_asked_on_call_peers_at_once_is_reshown_after_the_wait(people, on_commit):
    pat = make_member("pat")
    volunteer(pat, ["wed-morning"])
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.river)
    assert request.widened_at == WED
    assert _widen(WED + timedelta(minutes=9), on_commit)[0] == (0, 0)
    assert _widen(WED + timedelta(minutes=10), on_commit)[0] == (0, 1)
    assert alerted() == ["pat"]
    assert alerted("support.unanswered") == ["river"]


def test_the_periodic_job_widens(people, quiet_request, on_commit):
    from alongside.support.tasks import widen_unanswered_requests

    with at(WED + timedelta(minutes=11)), on_commit():
        assert widen_unanswered_requests.call() == 1
    assert "pat" in reasons(quiet_request)


# The rate limit


def test_a_fourth_request_in_an_hour_is_met_kindly_and_not_saved(people, on_commit):
    for _ in range(3):
        with on_commit():
            actions.ask_for_support(requester=people.river)
    with on_commit(), pytest.raises(actions.SupportLimited) as error:
        actions.ask_for_support(requester=people.river)
    assert "988" in error.value.message and "911" in error.value.message
    assert SupportRequest.objects.filter(requester=people.river).count() == 3
    # Someone else is not limited by river.
    with on_commit():
        actions.ask_for_support(requester=people.outsider)


# Closing


def test_im_okay_now_closes_with_what_helped(people, on_commit):
    with on_commit():
        request = actions.ask_for_support(requester=people.river)
    with at(WED), on_commit():
        actions.close_request(
            requester=people.river, request=request, what_helped="Breathing, and tea."
        )
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.CLOSED and not request.is_open
    assert request.closed_at == WED
    assert request.what_helped == "Breathing, and tea."


def test_an_overlong_what_helped_is_refused_and_the_request_stays_open(people, on_commit):
    with on_commit():
        request = actions.ask_for_support(requester=people.river)
    with on_commit(), pytest.raises(actions.SupportError, match="500 characters"):
        actions.close_request(requester=people.river, request=request, what_helped="x" * 501)
    request.refresh_from_db()
    assert request.is_open and request.what_helped == "" and request.closed_at is None


def test_only_the_requester_can_close(people, on_commit):
    connect(people.river, people.outsider)
    with on_commit():
        request = actions.ask_for_support(requester=people.river)
    with pytest.raises(SupportRequest.DoesNotExist):
        actions.close_request(requester=people.outsider, request=request)
    request.refresh_from_db()
    assert request.is_open


def test_a_closed_request_alerts_nobody_later(people, on_commit):
    connect(people.river, people.outsider)
    with patch("alongside.support.actions.publish"):
        request = actions.ask_for_support(requester=people.river, audiences=["connections"])
    actions.close_request(requester=people.river, request=request)
    from alongside.support.handlers import alert_recipients

    alert_recipients(request_id=request.pk, user_ids=[people.outsider.pk])
    assert alerted() == []
