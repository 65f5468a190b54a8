"""Every write of the alumni program: keyword-only, transactional, audited where staff act."""

import contextlib
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish
from alongside.groups.access import blocked_with_a_facilitator
from alongside.groups.actions import _add_member
from alongside.groups.models import Group
from alongside.organizations.access import StaffAccess
from alongside.organizations.models import (
    Announcement,
    CheckOnMe,
    Cohort,
    CohortMembership,
    Invite,
    Organization,
    OutreachNote,
)


class OrganizationError(ApplicationError):
    pass


def _require_coordinator(found: StaffAccess) -> None:
    if not found.is_coordinator:
        raise OrganizationError(_("Only alumni coordinators can do that."))


@transaction.atomic
def create_invite(
    *,
    found: StaffAccess,
    cohort: Cohort,
    groups: list[Group],
    expires_at: datetime,
    max_uses: int | None,
    label: str = "",
) -> Invite:
    _require_coordinator(found)
    if cohort.organization_id != found.organization.pk:
        raise OrganizationError(_("Choose one of your organisation's cohorts."))
    allowed = set(cohort.groups.values_list("pk", flat=True))
    if any(group.pk not in allowed for group in groups):
        raise OrganizationError(_("An invite can only add people to the cohort's own groups."))
    if expires_at <= timezone.now():
        raise OrganizationError(_("Choose a date in the future for the invite to work until."))
    if max_uses is not None and max_uses < 1:
        raise OrganizationError(_("An invite needs at least one use."))
    invite = Invite.objects.create(
        organization=found.organization,
        cohort=cohort,
        label=label.strip(),
        max_uses=max_uses,
        expires_at=expires_at,
        created_by=found.staff.user,
    )
    invite.groups.set(groups)
    log_action(
        actor=found.staff.user,
        action="organizations.invite_created",
        target=invite,
        cohort=cohort.pk,
        max_uses=max_uses,
    )
    return invite


@transaction.atomic
def revoke_invite(*, found: StaffAccess, invite: Invite) -> Invite:
    _require_coordinator(found)
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        log_action(actor=found.staff.user, action="organizations.invite_revoked", target=invite)
    return invite


def invite_problem(invite: Invite) -> str | None:
    """Why an invite doesn't work any more, in words for the person holding it."""
    if invite.revoked_at is not None:
        return _("This invite has been withdrawn.")
    if invite.expires_at <= timezone.now():
        return _("This invite has expired.")
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return _("This invite has already been used.")
    return None


@transaction.atomic
def redeem_invite(*, user: User, invite: Invite) -> CohortMembership:
    """Enrol `user` in the invite's cohort and its chosen groups; uses are counted under a row
    lock, so a single-use code works once even when two people race for it."""
    invite = (
        Invite.objects.select_for_update()
        .select_related("organization", "cohort")
        .get(pk=invite.pk)
    )
    problem = invite_problem(invite)
    if problem:
        raise OrganizationError(
            problem + " " + _("Ask %(org)s for a new one.") % {"org": invite.organization.name}
        )
    if CohortMembership.objects.filter(organization=invite.organization, user=user).exists():
        raise OrganizationError(
            _("You're already part of %(org)s's alumni program.")
            % {"org": invite.organization.name}
        )
    membership = CohortMembership.objects.create(
        organization=invite.organization, cohort=invite.cohort, user=user, invite=invite
    )
    invite.uses += 1
    invite.save(update_fields=["uses"])
    for group in invite.groups.all():
        if blocked_with_a_facilitator(user, group):
            continue  # looks like any group they can't see; never reveals the block
        # The organisation's invite is the welcome: no join request, even for private groups.
        # A full group must not stop the enrolment; the member can ask later.
        with contextlib.suppress(ApplicationError):
            _add_member(group, user)
    log_action(actor=user, action="organizations.invite_redeemed", target=invite)
    publish(
        "organizations.enrolled",
        organization_id=invite.organization.pk,
        cohort_id=invite.cohort.pk,
        user_id=user.pk,
    )
    return membership


@transaction.atomic
def publish_announcement(
    *, found: StaffAccess, cohort: Cohort | None, **fields: Any
) -> Announcement:
    _require_coordinator(found)
    if cohort is not None and cohort.organization_id != found.organization.pk:
        raise OrganizationError(_("Choose one of your organisation's cohorts."))
    meeting = fields.get("meeting")
    if fields.get("kind") == Announcement.Kind.EVENT and not (fields.get("starts_at") or meeting):
        raise OrganizationError(_("An event needs a start time or a group meeting."))
    if meeting is not None and not cohort_group_ids(found.organization) & {meeting.group_id}:
        raise OrganizationError(_("Choose a meeting of one of your cohorts' groups."))
    fields["title"] = " ".join(fields.get("title", "").split())
    fields["body"] = fields.get("body", "").strip()
    if not fields["title"] or not fields["body"]:
        raise OrganizationError(_("An announcement needs a title and some text."))
    announcement = Announcement.objects.create(
        organization=found.organization, cohort=cohort, created_by=found.staff.user, **fields
    )
    log_action(
        actor=found.staff.user, action="organizations.announcement_published", target=announcement
    )
    return announcement


@transaction.atomic
def delete_announcement(*, found: StaffAccess, announcement: Announcement) -> None:
    _require_coordinator(found)
    log_action(
        actor=found.staff.user,
        action="organizations.announcement_deleted",
        target=announcement,
        title=announcement.title,
    )
    announcement.delete()


def cohort_group_ids(organization: Organization) -> set[int]:
    return set(
        Cohort.groups.through.objects.filter(cohort__organization=organization).values_list(
            "group_id", flat=True
        )
    )


@transaction.atomic
def set_check_on_me(
    *,
    membership: CohortMembership,
    quiet_days: int,
    when_quiet: bool,
    when_craving: bool,
    when_unanswered: bool,
) -> CheckOnMe | None:
    """Save the member's choices; choosing no signal at all is opting out."""
    if not (when_quiet or when_craving or when_unanswered):
        stop_check_on_me(membership=membership)
        return None
    if not 2 <= quiet_days <= 60:
        raise OrganizationError(_("Choose between 2 and 60 days."))
    consent, created = CheckOnMe.objects.update_or_create(
        organization=membership.organization,
        user=membership.user,
        defaults={
            "quiet_days": quiet_days,
            "when_quiet": when_quiet,
            "when_craving": when_craving,
            "when_unanswered": when_unanswered,
            "updated_at": timezone.now(),
        },
    )
    log_action(
        actor=membership.user,
        action="organizations.check_on_me_started"
        if created
        else "organizations.check_on_me_changed",
        target=consent,
        quiet_days=quiet_days if when_quiet else None,
        craving=when_craving,
        unanswered=when_unanswered,
    )
    return consent


@transaction.atomic
def stop_check_on_me(*, membership: CohortMembership) -> None:
    deleted, _rows = CheckOnMe.objects.filter(
        organization=membership.organization, user=membership.user
    ).delete()
    if deleted:
        log_action(
            actor=membership.user,
            action="organizations.check_on_me_stopped",
            organization=membership.organization.pk,
        )


@transaction.atomic
def record_outreach(*, found: StaffAccess, consent: CheckOnMe, body: str) -> OutreachNote:
    body = body.strip()
    if not body:
        raise OrganizationError(_("Write a few words about how you reached out."))
    if len(body) > 1000:
        raise OrganizationError(_("Keep the note to 1,000 characters."))
    # Consent may have been withdrawn since the page was opened.
    if not CheckOnMe.objects.filter(pk=consent.pk).exists():
        raise OrganizationError(_("This member no longer asks to be checked on."))
    note = OutreachNote.objects.create(
        organization=found.organization, member=consent.user, author=found.staff.user, body=body
    )
    log_action(
        actor=found.staff.user,
        action="organizations.outreach_recorded",
        target=note,
        member=consent.user.pk,
    )
    publish(
        "organizations.outreach",
        note_id=note.pk,
        organization_id=found.organization.pk,
        member_id=consent.user.pk,
        author_id=found.staff.user.pk,
    )
    return note
