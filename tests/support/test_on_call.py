"""The on-call roster: joining (mentors at once, others after a moderator), approving, leaving,
coverage across time zones, and who may keep the roster."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.core.models import AuditLogEntry
from alongside.notifications.models import Notification
from alongside.support import actions, selectors
from alongside.support.models import OnCallVolunteer
from tests.conftest import make_member
from tests.helpers import assert_queries_do_not_grow
from tests.mentoring.conftest import make_mentor
from tests.messaging.conftest import connect
from tests.support.test_support_now import LIVE, WED, at, reasons, volunteer

ON_CALL = reverse("support:on_call")
ROSTER = reverse("support:roster")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def approve_url(user: User) -> str:
    return reverse("support:approve", args=[user.handle])


# Joining


def test_a_mentor_joins_the_roster_at_once(people, on_commit):
    ash = make_mentor("ash")
    with at(WED), on_commit():
        joined = actions.join_on_call(user=ash, slots=["wed-morning", "wed-morning", "fri-night"])
    assert joined.approved_at == WED and joined.active
    assert joined.slots == ["wed-morning", "fri-night"]
    assert not Notification.objects.filter(verb="support.volunteered").exists()


def test_anyone_else_waits_and_moderators_are_asked(people, on_commit):
    with on_commit():
        joined = actions.join_on_call(user=people.river, slots=["wed-morning"])
    assert joined.approved_at is None and joined.active
    notices = Notification.objects.filter(verb="support.volunteered")
    assert list(notices.values_list("recipient__handle", flat=True)) == ["morgan"]
    assert notices.get().url == ROSTER and notices.get().actor == people.river
    # Saving new hours while waiting asks nobody again.
    with on_commit():
        actions.join_on_call(user=people.river, slots=["thu-morning"])
    assert notices.count() == 1
    # Waiting volunteers are not alerted.
    connect(people.outsider, people.sam)
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.outsider, audiences=["on_call"])
    assert reasons(request) == {}


def test_a_moderator_approves_and_it_is_audited(people, on_commit):
    with on_commit():
        waiting = actions.join_on_call(user=people.river, slots=["wed-morning"])
    with at(WED):
        actions.approve_volunteer(moderator=people.morgan, volunteer=waiting)
    waiting.refresh_from_db()
    assert waiting.approved_at == WED and waiting.approved_by == people.morgan
    entry = AuditLogEntry.objects.get(action="support.on_call_approved")
    assert entry.actor == people.morgan
    assert entry.target_type == "support.oncallvolunteer" and entry.target_id == str(waiting.pk)
    with at(WED), on_commit():
        request = actions.ask_for_support(requester=people.outsider, audiences=["on_call"])
    assert reasons(request) == {"river": "on_call"}


def test_a_regular_member_cannot_approve(people, on_commit, client_for):
    with on_commit():
        waiting = actions.join_on_call(user=people.river, slots=["wed-morning"])
    with pytest.raises(actions.SupportError, match="Only moderators and staff"):
        actions.approve_volunteer(moderator=people.outsider, volunteer=waiting)
    for who in (people.outsider, people.sam, people.jordan, people.river):
        assert client_for(who).post(approve_url(people.river)).status_code == 404, who.handle
    waiting.refresh_from_db()
    assert waiting.approved_at is None
    assert not AuditLogEntry.objects.filter(action="support.on_call_approved").exists()


def test_moderators_and_staff_approve_through_the_roster(people, on_commit, client_for):
    with on_commit():
        actions.join_on_call(user=people.river, slots=["wed-morning"])
        actions.join_on_call(user=people.outsider, slots=["wed-morning"])
    page = client_for(people.morgan).get(ROSTER)
    assert "Approve river" in page.text and "Approve outsider" in page.text
    response = client_for(people.morgan).post(approve_url(people.river), follow=True)
    assert response.redirect_chain == [(ROSTER, 302)]
    assert "Approve river" not in response.text
    response = client_for(people.casey).post(approve_url(people.outsider))
    assert response.status_code == 302
    approved = dict(OnCallVolunteer.objects.values_list("user__handle", "approved_by__handle"))
    assert approved == {"river": "morgan", "outsider": "casey"}
    assert client_for(people.morgan).post(approve_url(people.sam)).status_code == 404


def test_invalid_slots_are_refused(people, client_for):
    with pytest.raises(actions.SupportError, match="choose times from the list"):
        actions.join_on_call(user=people.river, slots=["wed-brunch"])
    assert not OnCallVolunteer.objects.exists()
    response = client_for(people.river).post(ON_CALL, {"slots": ["wed-brunch"]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not OnCallVolunteer.objects.exists()


def test_joining_without_any_hours_is_a_clear_error(people, client_for):
    # A browser always sends the CSRF token with the form, so the form is bound.
    response = client_for(people.river).post(ON_CALL, {"csrfmiddlewaretoken": "token"})
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert not OnCallVolunteer.objects.exists()


def test_joining_and_leaving_through_the_page(people, client_for, on_commit):
    ash = make_mentor("ash")
    client = client_for(ash)
    assert "Join the roster" in client.get(ON_CALL).text
    with on_commit():
        response = client.post(ON_CALL, {"slots": ["wed-morning"]}, follow=True)
    assert "on the roster for the hours you chose" in response.text
    assert "On the roster" in response.text and "Leave the roster" in response.text
    response = client.post(ON_CALL, {"leave": "1"}, follow=True)
    assert "off the on-call roster" in response.text
    assert OnCallVolunteer.objects.get(user=ash).active is False

    waiting = client_for(people.river)
    with on_commit():
        response = waiting.post(ON_CALL, {"slots": ["wed-morning"]}, follow=True)
    assert "A moderator will confirm you soon" in response.text
    assert "Waiting for a moderator" in response.text


def test_leaving_stops_alerts(people, on_commit):
    ash = make_mentor("ash")
    with on_commit():
        actions.join_on_call(user=ash, slots=["wed-morning"])
    with at(WED), patch(LIVE), on_commit():
        first = actions.ask_for_support(requester=people.river, audiences=["on_call"])
    assert reasons(first) == {"ash": "on_call"}
    actions.leave_on_call(user=ash)
    with at(WED), patch(LIVE), on_commit():
        second = actions.ask_for_support(requester=people.outsider, audiences=["on_call"])
        third = actions.ask_for_support(requester=people.jordan, audiences=["connections"])
    assert reasons(second) == {}
    with at(WED + timedelta(minutes=11)), patch(LIVE), on_commit():
        actions.widen_unanswered()
    assert reasons(third) == {}
    # Coming back keeps the approval.
    with on_commit():
        back = actions.join_on_call(user=ash, slots=["wed-morning"])
    assert back.active and back.approved_at is not None


# Coverage


def test_coverage_counts_hours_in_the_organisations_zone(people):
    # The organisation is in Los Angeles (UTC-7 in July).
    volunteer(make_member("ldn"), ["mon-morning"], zone="Europe/London")  # 06-11 UTC
    volunteer(make_member("ny"), ["mon-morning"], zone="America/New_York")  # 11-16 UTC
    volunteer(make_member("la"), ["mon-morning"])  # 14-19 UTC
    volunteer(make_member("waiting"), ["tue-morning"], approved=False)
    volunteer(make_member("left"), ["tue-morning"], active=False)
    roster = selectors.roster(now=WED)
    assert roster.zone == "America/Los_Angeles"
    assert roster.volunteers == 3
    days = dict(roster.days)
    monday, tuesday, sunday = days["Monday"], days["Tuesday"], days["Sunday"]
    # London's 07:00-12:00 is 23:00 Sunday to 04:00 Monday here.
    assert sunday[23] == 1 and sum(sunday) == 1
    assert monday[0:4] == [1, 1, 1, 1]
    # New York's is 04:00-09:00; Los Angeles' own is 07:00-12:00.
    assert monday[4:7] == [1, 1, 1]
    assert monday[7:9] == [2, 2]
    assert monday[9:12] == [1, 1, 1]
    assert monday[12:] == [0] * 12
    assert sum(tuesday) == 0
    assert roster.gaps == 168 - 13
    assert [v.user.handle for v in roster.pending] == ["waiting"]


def test_an_empty_roster_is_all_gaps(db):
    roster = selectors.roster(now=WED)
    assert roster.volunteers == 0 and roster.gaps == 168


def test_the_roster_page_shows_counts_only(people, client_for):
    volunteer(make_member("ldn"), ["mon-morning"], zone="Europe/London")
    with at(WED):
        page = client_for(people.morgan).get(ROSTER)
    assert page.status_code == 200
    assert "1 peer on the roster." in page.text
    assert "163 hours a week have nobody on call." in page.text
    assert "ldn" not in page.text  # who is on call when stays with each volunteer


def test_only_moderators_and_staff_see_the_roster(people, client_for):
    for who in (people.morgan, people.casey):
        assert client_for(who).get(ROSTER).status_code == 200
    for who in (people.river, people.sam, people.jordan, people.outsider):
        assert client_for(who).get(ROSTER).status_code == 404, who.handle


def test_the_roster_page_costs_the_same_with_more_volunteers(people, client_for):
    volunteer(make_member("first"), ["mon-morning"])
    volunteer(make_member("early"), ["mon-morning"], approved=False)

    def grow() -> None:
        for n in range(4):
            volunteer(make_member(f"v{n}"), ["tue-evening", "sat-night"], zone="Europe/Paris")
            volunteer(make_member(f"w{n}"), ["wed-morning"], approved=False)

    assert_queries_do_not_grow(client_for(people.morgan), ROSTER, grow)
