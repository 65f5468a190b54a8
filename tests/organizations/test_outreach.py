"""Consented outreach: staff see only members who opted in, only the signals each chose, and
the member's own page shows exactly that. Opting out takes them off at once."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from alongside.core.models import AuditLogEntry
from alongside.notifications.models import Notification
from alongside.organizations import actions, selectors
from alongside.organizations.models import CheckOnMe, CohortMembership, OutreachNote
from alongside.support.models import SupportRequest
from tests.organizations.conftest import Alumni, checked_in, enrol

pytestmark = pytest.mark.django_db


def signals_on(html: str) -> list[str]:
    html = unescape(html)
    return re.findall(r"<li>((?:Hasn't|A check-in|A support-now)[^<]*)</li>", html)


def quiet(user, days: int) -> None:
    checked_in(user, days_ago=days)


def handles(alumni: Alumni) -> list[str]:
    return [s.consent.user.handle for s in selectors.outreach_list(alumni.cedar)]


def test_only_members_who_opted_in_appear(alumni: Alumni):
    quiet(alumni.river, 20)
    quiet(alumni.sam, 20)
    checked_in(alumni.people.outsider, craving=9)
    assert handles(alumni) == ["river"]


def test_a_member_who_checked_in_recently_is_not_listed(alumni: Alumni):
    quiet(alumni.river, 3)  # within the 5 days river chose
    assert handles(alumni) == []
    CheckOnMe.objects.filter(pk=alumni.river_consent.pk).update(quiet_days=2)
    assert handles(alumni) == ["river"]


def test_never_checked_in_counts_from_the_day_they_asked(alumni: Alumni):
    assert handles(alumni) == []
    CheckOnMe.objects.filter(pk=alumni.river_consent.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    assert handles(alumni) == ["river"]


def test_only_the_signals_the_member_chose(alumni: Alumni, client_for):
    # river chose "quiet" only: a high craving today is not staff's to see.
    checked_in(alumni.river, craving=9)
    assert handles(alumni) == []
    membership = CohortMembership.objects.get(user=alumni.river)
    actions.set_check_on_me(
        membership=membership, quiet_days=5, when_quiet=True, when_craving=True,
        when_unanswered=False,
    )  # fmt: skip
    [entry] = selectors.outreach_list(alumni.cedar)
    assert entry.describe() == ["A check-in with a high craving in the last 7 days"]
    html = client_for(alumni.people.casey).get("/org/cedar-ridge/outreach/").content.decode()
    assert signals_on(html) == ["A check-in with a high craving in the last 7 days"]
    assert "9" not in re.sub(r"<[^>]*>|\d{4}|&#x27;", "", html.split("<main", 1)[1]).split()


def test_unanswered_support_request_only_when_chosen(alumni: Alumni):
    request = SupportRequest.objects.create(
        requester=alumni.river, status=SupportRequest.Status.CLOSED
    )
    assert handles(alumni) == []
    CheckOnMe.objects.filter(pk=alumni.river_consent.pk).update(when_unanswered=True)
    [entry] = selectors.outreach_list(alumni.cedar)
    assert entry.unanswered and not entry.quiet and not entry.craving
    SupportRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert handles(alumni) == []


def test_the_member_sees_exactly_what_staff_see(alumni: Alumni, client_for):
    quiet(alumni.river, 20)
    staff_page = client_for(alumni.people.casey).get("/org/cedar-ridge/outreach/river/")
    own_page = client_for(alumni.river).get("/org/cedar-ridge/check-on-me/")
    assert signals_on(staff_page.content.decode()) == ["Hasn't checked in for more than 5 days"]
    assert signals_on(own_page.content.decode()) == signals_on(staff_page.content.decode())


def test_opting_out_removes_them_everywhere(alumni: Alumni, client_for):
    quiet(alumni.river, 20)
    river = client_for(alumni.river)
    response = river.post("/org/cedar-ridge/check-on-me/", {"stop": "1"})
    assert response.status_code == 302
    assert not CheckOnMe.objects.filter(user=alumni.river).exists()
    casey = client_for(alumni.people.casey)
    assert "river" not in casey.get("/org/cedar-ridge/outreach/").content.decode()
    assert casey.get("/org/cedar-ridge/outreach/river/").status_code == 404
    page = river.get("/org/cedar-ridge/check-on-me/").content.decode()
    assert "Nothing about you" in page
    assert AuditLogEntry.objects.filter(action="organizations.check_on_me_stopped").exists()


def test_choosing_no_signal_is_opting_out(alumni: Alumni, client_for):
    river = client_for(alumni.river)
    response = river.post("/org/cedar-ridge/check-on-me/", {"quiet_days": "7"})
    assert response.status_code == 302
    assert not CheckOnMe.objects.filter(user=alumni.river).exists()


def test_opting_in_from_the_page(alumni: Alumni, client_for):
    sam = client_for(alumni.sam)
    response = sam.post(
        "/org/cedar-ridge/check-on-me/",
        {"when_quiet": "on", "quiet_days": "10", "when_unanswered": "on"},
    )
    assert response.status_code == 302
    consent = CheckOnMe.objects.get(user=alumni.sam)
    assert (consent.quiet_days, consent.when_craving, consent.when_unanswered) == (10, False, True)
    for days in ("1", "61", "", "x"):
        bad = sam.post("/org/cedar-ridge/check-on-me/", {"when_quiet": "on", "quiet_days": days})
        assert bad.status_code == 400, days


def test_an_outreach_note_is_audited_shown_to_the_member_and_notified(
    alumni: Alumni, client_for, django_capture_on_commit_callbacks
):
    quiet(alumni.river, 20)
    casey = client_for(alumni.people.casey)
    with django_capture_on_commit_callbacks(execute=True):
        response = casey.post(
            "/org/cedar-ridge/outreach/river/", {"body": "Sent a message <script>x</script>"}
        )
    assert response.status_code == 302
    note = OutreachNote.objects.get()
    assert note.member == alumni.river and note.author == alumni.people.casey
    assert AuditLogEntry.objects.filter(
        action="organizations.outreach_recorded", actor=alumni.people.casey
    ).exists()
    assert Notification.objects.filter(recipient=alumni.river).exists()
    for message in mail.outbox:
        assert "Sent a message" not in str(message.body)  # discreet outside the app
    own = client_for(alumni.river).get("/org/cedar-ridge/check-on-me/").content.decode()
    assert "Sent a message &lt;script&gt;x&lt;/script&gt;" in own
    listed = casey.get("/org/cedar-ridge/outreach/").content.decode()
    assert "Last reached out on" in listed


def test_a_note_needs_the_consent_to_still_be_there(alumni: Alumni):
    consent = alumni.river_consent
    CheckOnMe.objects.filter(pk=consent.pk).delete()
    with pytest.raises(actions.OrganizationError):
        actions.record_outreach(found=alumni.casey, consent=consent, body="Hello")


def test_consent_to_one_organisation_shows_nothing_to_another(alumni: Alumni):
    quiet(alumni.river, 20)
    enrol(alumni.harbor_cohort, alumni.river)  # in both, consenting only to Cedar Ridge
    assert selectors.outreach_list(alumni.harbor) == []
    assert handles(alumni) == ["river"]


def test_the_dashboard_names_nobody(alumni: Alumni, client_for):
    for days in range(6):
        quiet(alumni.river, days) if days else checked_in(alumni.river)
    html = client_for(alumni.people.casey).get("/org/cedar-ridge/").content.decode()
    main = html.split("<main", 1)[1]
    for handle in ("river", "sam"):
        assert handle not in main
    csv = client_for(alumni.people.casey).get("/org/cedar-ridge/engagement.csv")
    body = csv.content.decode()
    assert "river" not in body and "sam" not in body
