"""Staff of an organisation (/org/<slug>/...): the aggregate dashboard and its CSV, invites,
announcements, and the outreach list of members who asked to be checked on."""

import csv
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.types import MemberRequest
from alongside.organizations import access, actions, charts, selectors
from alongside.organizations.forms import AnnouncementForm, InviteForm, OutreachNoteForm
from alongside.organizations.models import Announcement, Invite
from alongside.organizations.views.common import attempt, page


@login_required
@require_GET
def dashboard(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug)
    board = selectors.dashboard(found.organization)
    chosen = next(
        (c for c in board.cohorts if c.slug == request.GET.get("cohort")),
        board.cohorts[0] if board.cohorts else None,
    )
    context = {
        "found": found,
        "organization": found.organization,
        "board": board,
        "measures": selectors.measures(),
        "load_measures": selectors.load_measures(),
        "chosen": chosen,
        "charts": charts.cohort_charts(board, chosen) if chosen else [],
        "tables": [
            (cohort, board.rows_of(cohort), board.load[cohort.pk]) for cohort in board.cohorts
        ],
    }
    return page(request, "organizations/dashboard.html", context)


@login_required
@require_GET
def export_csv(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug)
    board = selectors.dashboard(found.organization)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{found.organization.slug}-engagement-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    for row in selectors.csv_rows(board):
        # A cohort name starting with = + - @ must not run as a formula in a spreadsheet.
        writer.writerow(["'" + cell if cell[:1] in "=+-@" else cell for cell in row])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invites(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug, coordinator=True)
    form = InviteForm(request.POST or None, organization=found.organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = datetime.combine(data["expires_on"], datetime.max.time())
        invite = attempt(
            form,
            lambda: actions.create_invite(
                found=found,
                cohort=data["cohort"],
                groups=list(data["groups"]),
                expires_at=timezone.make_aware(expires),
                max_uses=data["max_uses"],
                label=data["label"],
            ),
        )
        if invite:
            messages.success(request, _("The invite is ready. Share the link or the code."))
            return redirect("organizations:invites", slug)
    context = {
        "found": found,
        "organization": found.organization,
        "form": form,
        "invites": Invite.objects.filter(organization=found.organization)
        .select_related("cohort")
        .prefetch_related("groups")[:100],
        "now": timezone.now(),
    }
    return page(request, "organizations/invites.html", context, form)


@login_required
@require_POST
def revoke(request: MemberRequest, slug: str, invite_id: int) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug, coordinator=True)
    invite = access.access_invite_for_staff(found, invite_id)
    actions.revoke_invite(found=found, invite=invite)
    messages.success(request, _("The invite no longer works."))
    return redirect("organizations:invites", slug)


@login_required
@require_http_methods(["GET", "POST"])
def announcements(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug, coordinator=True)
    form = AnnouncementForm(request.POST or None, organization=found.organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cohort = data.pop("cohort")
        if attempt(form, lambda: actions.publish_announcement(found=found, cohort=cohort, **data)):
            messages.success(request, _("Published on alumni's home pages."))
            return redirect("organizations:announcements", slug)
    context = {
        "found": found,
        "organization": found.organization,
        "form": form,
        "announcements": Announcement.objects.filter(
            organization=found.organization
        ).select_related("cohort", "meeting")[:100],
    }
    return page(request, "organizations/announcements.html", context, form)


@login_required
@require_POST
def delete_announcement(request: MemberRequest, slug: str, announcement_id: int) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug, coordinator=True)
    announcement = access.access_announcement_for_staff(found, announcement_id)
    actions.delete_announcement(found=found, announcement=announcement)
    messages.success(request, _("Removed from alumni's home pages."))
    return redirect("organizations:announcements", slug)


@login_required
@require_GET
def outreach(request: MemberRequest, slug: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug)
    context = {
        "found": found,
        "organization": found.organization,
        "entries": selectors.outreach_list(found.organization),
    }
    return page(request, "organizations/outreach.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outreach_member(request: MemberRequest, slug: str, handle: str) -> HttpResponse:
    found = access.access_org_for_staff(request.user, slug)
    consent = access.access_outreach_member(found, handle)
    form = OutreachNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = attempt(
            form,
            lambda: actions.record_outreach(
                found=found, consent=consent, body=form.cleaned_data["body"]
            ),
        )
        if note:
            messages.success(request, _("Your note is saved. Thank you for reaching out."))
            return redirect(reverse("organizations:outreach", args=[slug]))
    context = {
        "found": found,
        "organization": found.organization,
        "member": consent.user,
        "signals": selectors.signals_for(found.organization, consent.user),
        "notes": selectors.outreach_notes(found.organization, consent.user),
        "form": form,
    }
    return page(request, "organizations/outreach_member.html", context, form)
