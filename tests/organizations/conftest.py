"""The alumni program's cast: Cedar Ridge Recovery with casey (alumni coordinator) and pat
(peer-support supervisor); Harbor House with otto, its own coordinator. river is in Cedar
Ridge's November cohort and asked to be checked on; sam is in the same cohort and did not;
morgan moderates the site (no organisation access); outsider belongs to no cohort."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import User
from alongside.groups.actions import create_group
from alongside.groups.models import Group
from alongside.organizations import actions
from alongside.organizations.access import StaffAccess
from alongside.organizations.models import (
    CheckOnMe,
    Cohort,
    CohortMembership,
    Invite,
    Organization,
    OrganizationStaff,
)
from alongside.recovery.actions import save_check_in
from alongside.recovery.models import CheckIn
from tests.conftest import People, make_member


@dataclass
class Alumni:
    people: People
    cedar: Organization
    harbor: Organization
    november: Cohort
    harbor_cohort: Cohort
    casey: StaffAccess
    pat: StaffAccess
    otto: StaffAccess
    group: Group
    invite: Invite
    river_consent: CheckOnMe

    @property
    def river(self) -> User:
        return self.people.river

    @property
    def sam(self) -> User:
        return self.people.sam


def add_staff(org: Organization, user: User, role: str) -> StaffAccess:
    staff = OrganizationStaff.objects.create(organization=org, user=user, role=role)
    return StaffAccess(org, staff)


def enrol(cohort: Cohort, user: User) -> CohortMembership:
    return CohortMembership.objects.create(
        organization=cohort.organization, cohort=cohort, user=user
    )


def checked_in(user: User, *, days_ago: int = 0, craving: int = 2) -> CheckIn:
    """A check-in through the action, then moved back in time (only today's can be made)."""
    check_in = save_check_in(user=user, mood=3, craving=craving, triggers=[], used=False)
    if days_ago:
        CheckIn.objects.filter(pk=check_in.pk).update(day=check_in.day - timedelta(days=days_ago))
        check_in.refresh_from_db()
    return check_in


@pytest.fixture
def alumni(people: People) -> Alumni:
    cedar = Organization.objects.create(name="Cedar Ridge Recovery", slug="cedar-ridge")
    harbor = Organization.objects.create(name="Harbor House", slug="harbor-house")
    november = Cohort.objects.create(
        organization=cedar, name="November alumni", slug="november-2026",
        discharge_month=date(2026, 11, 1),
    )  # fmt: skip
    harbor_cohort = Cohort.objects.create(
        organization=harbor, name="Harbor alumni", slug="harbor-2026",
        discharge_month=date(2026, 11, 1),
    )  # fmt: skip
    group = create_group(
        user=people.casey,
        tags=[],
        name="Cedar Ridge November circle",
        description="For the November cohort.",
        visibility=Group.Visibility.PRIVATE,
        join_policy=Group.JoinPolicy.ASK,
    )
    november.groups.add(group)
    casey = add_staff(cedar, people.casey, OrganizationStaff.Role.COORDINATOR)
    pat = add_staff(cedar, make_member("pat"), OrganizationStaff.Role.SUPERVISOR)
    otto = add_staff(harbor, make_member("otto"), OrganizationStaff.Role.COORDINATOR)
    river_membership = enrol(november, people.river)
    enrol(november, people.sam)
    consent = actions.set_check_on_me(
        membership=river_membership,
        quiet_days=5,
        when_quiet=True,
        when_craving=False,
        when_unanswered=False,
    )
    assert consent is not None
    invite = actions.create_invite(
        found=casey,
        cohort=november,
        groups=[group],
        expires_at=timezone.now() + timedelta(days=30),
        max_uses=None,
        label="November discharge",
    )
    return Alumni(
        people=people, cedar=cedar, harbor=harbor, november=november,
        harbor_cohort=harbor_cohort, casey=casey, pat=pat, otto=otto, group=group,
        invite=invite, river_consent=consent,
    )  # fmt: skip
