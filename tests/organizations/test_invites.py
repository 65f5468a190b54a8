"""Invites: single- and multi-use, expiry, withdrawal, another organisation's cohort, someone
already in the program; the join page signs a new member up (email confirmation as usual) and
lets a logged-in member redeem a code."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.core.models import AuditLogEntry
from alongside.groups.models import Membership
from alongside.organizations import actions
from alongside.organizations.models import CohortMembership, Invite
from tests.conftest import PASSWORD, make_member
from tests.organizations.conftest import Alumni

pytestmark = pytest.mark.django_db


def new_invite(alumni: Alumni, **overrides) -> Invite:
    fields = {
        "found": alumni.casey,
        "cohort": alumni.november,
        "groups": [alumni.group],
        "expires_at": timezone.now() + timedelta(days=7),
        "max_uses": 1,
    }
    return actions.create_invite(**(fields | overrides))


def sign_up(code: str, handle: str, **extra) -> Client:
    client = Client()
    data = {
        "handle": handle, "email": f"{handle}@example.org", "password": PASSWORD,
        "timezone": "America/Los_Angeles", "accept_guidelines": "on",
    } | extra  # fmt: skip
    response = client.post(f"/join/{code}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("accounts:check_inbox")
    return client


def test_a_new_member_joins_with_a_link_and_still_confirms_their_email(
    alumni: Alumni, django_capture_on_commit_callbacks
):
    invite = new_invite(alumni)
    page = Client().get(f"/join/{invite.code}/").content.decode()
    assert "Cedar Ridge Recovery" in page and "November alumni" in page
    with django_capture_on_commit_callbacks(execute=True):
        client = sign_up(invite.code, "robin")
    robin = User.objects.get(handle="robin")
    assert robin.email_confirmed_at is None
    assert CohortMembership.objects.filter(user=robin, cohort=alumni.november).exists()
    assert Membership.objects.filter(user=robin, group=alumni.group).exists()
    assert any("robin@example.org" in m.to for m in mail.outbox)
    # Unconfirmed: the ordinary login rule still holds.
    login = client.post(reverse("accounts:login"), {"username": "robin", "password": PASSWORD})
    assert "Please confirm your email first" in login.content.decode()
    invite.refresh_from_db()
    assert invite.uses == 1


def test_a_single_use_invite_works_once(alumni: Alumni):
    invite = new_invite(alumni)
    actions.redeem_invite(user=alumni.people.outsider, invite=invite)
    with pytest.raises(actions.OrganizationError, match="already been used"):
        actions.redeem_invite(user=alumni.people.jordan, invite=invite)
    response = Client().get(f"/join/{invite.code}/")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_a_multi_use_invite_works_until_its_limit(alumni: Alumni):
    invite = new_invite(alumni, max_uses=2)
    actions.redeem_invite(user=alumni.people.outsider, invite=invite)
    actions.redeem_invite(user=alumni.people.jordan, invite=invite)
    with pytest.raises(actions.OrganizationError):
        actions.redeem_invite(user=alumni.people.morgan, invite=invite)
    unlimited = new_invite(alumni, max_uses=None)
    for handle in ("a1x", "a2x", "a3x"):
        actions.redeem_invite(user=make_member(handle), invite=unlimited)
    unlimited.refresh_from_db()
    assert unlimited.uses == 3


def test_an_expired_invite_does_not_work(alumni: Alumni):
    invite = new_invite(alumni)
    Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    invite.refresh_from_db()
    with pytest.raises(actions.OrganizationError, match="expired"):
        actions.redeem_invite(user=alumni.people.outsider, invite=invite)
    assert Client().get(f"/join/{invite.code}/").status_code == 410
    response = Client().post(f"/join/{invite.code}/", {"handle": "late_one"})
    assert response.status_code == 410
    assert not User.objects.filter(handle="late_one").exists()


def test_a_withdrawn_invite_does_not_work(alumni: Alumni, client_for):
    invite = new_invite(alumni, max_uses=None)
    casey = client_for(alumni.people.casey)
    assert casey.post(f"/org/cedar-ridge/invites/{invite.pk}/revoke/").status_code == 302
    invite.refresh_from_db()
    assert invite.revoked_at is not None
    assert AuditLogEntry.objects.filter(action="organizations.invite_revoked").exists()
    with pytest.raises(actions.OrganizationError, match="withdrawn"):
        actions.redeem_invite(user=alumni.people.outsider, invite=invite)
    outsider = client_for(alumni.people.outsider)
    assert outsider.post(f"/join/{invite.code}/").status_code == 410
    assert not CohortMembership.objects.filter(user=alumni.people.outsider).exists()


def test_an_unknown_code_is_not_found():
    assert Client().get("/join/NOSUCHCODE/").status_code == 404


def test_invites_only_for_the_organisations_own_cohorts_and_groups(alumni: Alumni):
    with pytest.raises(actions.OrganizationError):
        new_invite(alumni, cohort=alumni.harbor_cohort, groups=[])
    with pytest.raises(actions.OrganizationError):
        new_invite(alumni, found=alumni.otto)  # otto's org has no November cohort
    with pytest.raises(actions.OrganizationError):
        new_invite(alumni, found=alumni.pat)  # a supervisor doesn't make invites
    other = alumni.group.__class__.objects.create(
        name="Not a cohort group", slug="not-cohort", description="x",
        board=alumni.group.board.__class__.objects.create(kind="group"),
    )  # fmt: skip
    with pytest.raises(actions.OrganizationError):
        new_invite(alumni, groups=[other])
    with pytest.raises(actions.OrganizationError):
        new_invite(alumni, expires_at=timezone.now() - timedelta(days=1))


def test_someone_already_in_the_program_is_told_so(alumni: Alumni, client_for):
    invite = new_invite(alumni, max_uses=None)
    with pytest.raises(actions.OrganizationError, match="already part"):
        actions.redeem_invite(user=alumni.river, invite=invite)
    response = client_for(alumni.river).post(f"/join/{invite.code}/", follow=True)
    assert "already part of Cedar Ridge Recovery" in response.content.decode()
    invite.refresh_from_db()
    assert invite.uses == 0


def test_a_logged_in_member_redeems_a_code(alumni: Alumni, client_for):
    invite = new_invite(alumni)
    outsider = client_for(alumni.people.outsider)
    form = outsider.post("/join/", {"code": f" {invite.code.lower()[:5]}-{invite.code[5:]} "})
    assert form["Location"] == f"/join/{invite.code}/"
    page = outsider.get(form["Location"]).content.decode()
    assert "Join the November alumni cohort" in page and 'name="password"' not in page
    response = outsider.post(f"/join/{invite.code}/")
    assert response["Location"] == "/org/cedar-ridge/check-on-me/"
    assert CohortMembership.objects.filter(user=alumni.people.outsider).exists()
    assert Membership.objects.filter(user=alumni.people.outsider, group=alumni.group).exists()


def test_an_email_that_has_an_account_looks_the_same_and_enrols_nobody(alumni: Alumni):
    invite = new_invite(alumni, max_uses=None)
    sign_up(invite.code, "someone_new", email="outsider@example.org")
    assert not User.objects.filter(handle="someone_new").exists()
    assert not CohortMembership.objects.filter(user=alumni.people.outsider).exists()


def test_a_blocked_facilitator_s_group_is_skipped_quietly(alumni: Alumni):
    from alongside.accounts.actions import block_member

    block_member(blocker=alumni.people.casey, blocked=alumni.people.outsider)
    actions.redeem_invite(user=alumni.people.outsider, invite=new_invite(alumni))
    assert CohortMembership.objects.filter(user=alumni.people.outsider).exists()
    assert not Membership.objects.filter(user=alumni.people.outsider, group=alumni.group).exists()


def test_casey_creates_an_invite_from_the_page(alumni: Alumni, client_for):
    casey = client_for(alumni.people.casey)
    response = casey.post(
        "/org/cedar-ridge/invites/",
        {
            "cohort": alumni.november.pk,
            "groups": [alumni.group.pk],
            "max_uses": "",
            "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "label": "Nov 14 discharge",
        },
    )
    assert response.status_code == 302
    invite = Invite.objects.get(label="Nov 14 discharge")
    assert invite.max_uses is None and list(invite.groups.all()) == [alumni.group]
    page = casey.get("/org/cedar-ridge/invites/").content.decode()
    assert invite.code in page and f"/join/{invite.code}/" in page
