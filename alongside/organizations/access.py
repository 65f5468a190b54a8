"""Who may see what of an organisation. Staff are people with an `OrganizationStaff` row for
that organisation (the site's staff role, moderators and operators are not enough); a member
of a cohort may see their own check-on-me page. Everyone else gets the same 404 as for an
organisation that doesn't exist."""

from dataclasses import dataclass

from django.http import Http404

from alongside.accounts.models import User
from alongside.organizations.models import (
    Announcement,
    CheckOnMe,
    CohortMembership,
    Invite,
    Organization,
    OrganizationStaff,
)


@dataclass(frozen=True)
class StaffAccess:
    organization: Organization
    staff: OrganizationStaff

    @property
    def is_coordinator(self) -> bool:
        return self.staff.role == OrganizationStaff.Role.COORDINATOR


def access_org_for_staff(user: User, slug: str, *, coordinator: bool = False) -> StaffAccess:
    """The dashboard and outreach are for both roles; invites and announcements for
    alumni coordinators only."""
    staff = (
        OrganizationStaff.objects.select_related("organization")
        .filter(organization__slug=slug, user=user, user__is_active=True)
        .first()
    )
    if staff is None:
        raise Http404
    found = StaffAccess(staff.organization, staff)
    if coordinator and not found.is_coordinator:
        raise Http404
    return found


def access_org_for_member(user: User, slug: str) -> CohortMembership:
    membership = (
        CohortMembership.objects.select_related("organization", "cohort")
        .filter(organization__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_outreach_member(found: StaffAccess, handle: str) -> CheckOnMe:
    """A member on the outreach list: only while they consent, only in this organisation."""
    consent = (
        CheckOnMe.objects.select_related("user")
        .filter(organization=found.organization, user__handle__iexact=handle, user__is_active=True)
        .first()
    )
    if (
        consent is None
        or not CohortMembership.objects.filter(
            organization=found.organization, user=consent.user
        ).exists()
    ):
        raise Http404
    return consent


def access_invite_for_staff(found: StaffAccess, invite_id: int) -> Invite:
    invite = Invite.objects.filter(organization=found.organization, pk=invite_id).first()
    if invite is None:
        raise Http404
    return invite


def access_announcement_for_staff(found: StaffAccess, announcement_id: int) -> Announcement:
    announcement = Announcement.objects.filter(
        organization=found.organization, pk=announcement_id
    ).first()
    if announcement is None:
        raise Http404
    return announcement


def access_invite_by_code(code: str) -> Invite:
    """Anyone may open an invite link; an unknown code is a 404. A revoked, expired or used-up
    one is found (the page explains it no longer works)."""
    invite = (
        Invite.objects.select_related("organization", "cohort")
        .filter(code=code.strip().upper()[:16])
        .first()
    )
    if invite is None:
        raise Http404
    return invite
