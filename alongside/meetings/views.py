"""A meeting's page, RSVP, check-in, attendance, cancellation, calendars and proof of attendance."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.models import User
from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.groups.access import access_group_as_facilitator
from alongside.meetings import access, actions, ical, schedule, selectors, views_finder
from alongside.meetings.forms import CancelForm, MeetingForm, RSVPForm
from alongside.meetings.models import Attendance, CalendarFeed, DirectoryMeeting, Meeting
from alongside.meetings.tokens import make_proof_token, read_proof_token
from alongside.meetings.types import type_name


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request: MemberRequest, slug: str) -> HttpResponse:
    group = access_group_as_facilitator(request.user, slug).group
    initial = {
        "timezone": group.timezone,
        "start_date": timezone.localdate(),
        "duration_minutes": 60,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.schedule_meeting(
                user=request.user, group=group, **form.meeting_fields()
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting is scheduled. Members can now reply."))
            return redirect("meetings:detail", slug=meeting.slug)
    context = {"form": form, "group": group}
    return render(request, "meetings/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, slug: str) -> HttpResponse:
    meeting = access.access_meeting_as_facilitator(request.user, slug)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_meeting(user=request.user, meeting=meeting, **form.meeting_fields())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The meeting is updated."))
            return redirect("meetings:detail", slug=meeting.slug)
    if request.method == "POST":
        meeting.refresh_from_db()
    context = {"form": form, "group": meeting.group, "meeting": meeting}
    return render(request, "meetings/form.html", context, status=400 if form.errors else 200)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A group meeting's page for its members; otherwise the public finder page, if the
    meeting is in the finder (imported, or listed by its group)."""
    meeting = _group_meeting(request, slug)
    if meeting is None:
        listing = (
            DirectoryMeeting.objects.select_related("meeting__group", "source")
            .filter(slug=slug)
            .first()
        )
        if listing is None:
            raise Http404
        return views_finder.listing_page(request, listing)
    return _member_detail(request, meeting)  # type: ignore[arg-type]


def _member_detail(request: MemberRequest, meeting: Meeting) -> HttpResponse:
    now = timezone.now()
    upcoming = selectors.meeting_detail(meeting, request.user, now=now)
    runs = access.may_run_meeting(request.user, meeting)
    current = [o for o in upcoming.occurrences if schedule.in_check_in_window(o, now)]
    context = {
        "meeting": meeting,
        "upcoming": upcoming,
        "runs": runs,
        "can_check_in": bool(current),
        "rsvps": selectors.rsvps_for(meeting, request.user) if runs else [],
        "type_labels": [type_name(code, request.LANGUAGE_CODE) for code in meeting.types],
    }
    return render(request, "meetings/detail.html", context)


def meeting_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """A group meeting's calendar for its members; a finder meeting's for anyone."""
    meeting = _group_meeting(request, slug)
    if meeting is not None:
        return _ics(ical.calendar([meeting], name=meeting.name), f"{meeting.slug}.ics")
    listing = DirectoryMeeting.objects.filter(slug=slug).first()
    if listing is None:
        raise Http404
    return _ics(ical.directory_calendar(listing), f"{listing.slug}.ics")


def _group_meeting(request: HttpRequest, slug: str) -> Meeting | None:
    """The group meeting this member may see (members only), or None."""
    if not request.user.is_authenticated:
        return None
    try:
        return access.access_meeting_for_user(request.user, slug)
    except Http404:
        return None


@login_required
@require_POST
def rsvp(request: MemberRequest, slug: str) -> HttpResponse:
    meeting = access.access_meeting_for_user(request.user, slug)
    form = RSVPForm(request.POST)
    if form.is_valid():
        try:
            actions.rsvp(user=request.user, meeting=meeting, status=form.cleaned_data["status"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thanks for letting the group know."))
    else:
        messages.error(request, _("Choose going, maybe or not going."))
    return redirect("meetings:detail", slug=slug)


@login_required
@require_POST
def check_in(request: MemberRequest, slug: str) -> HttpResponse:
    meeting = access.access_meeting_for_user(request.user, slug)
    try:
        actions.check_in(user=request.user, meeting=meeting)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You're checked in. Glad you're here."))
    return redirect("meetings:detail", slug=slug)


def _parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: MemberRequest, slug: str, day: str) -> HttpResponse:
    meeting = access.access_meeting_as_facilitator(request.user, slug)
    occurrence_date = _parse_date(day)
    occurrence = schedule.occurrence_on(meeting, occurrence_date)
    if occurrence is None:
        raise Http404
    if request.method == "POST":
        raw = request.POST.get("member", "")
        member = (
            User.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
        )
        if member is None:
            messages.error(request, _("That person isn't in this group."))
        else:
            try:
                actions.mark_attendance(
                    user=request.user,
                    meeting=meeting,
                    occurrence_date=occurrence_date,
                    member=member,
                    present=request.POST.get("present") == "yes",
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Attendance saved."))
        return redirect("meetings:attendance", slug=slug, day=day)
    from alongside.groups.selectors import members_of

    present = {a.user_id: a for a in selectors.attendance_on(meeting, occurrence_date)}
    members = members_of(meeting.group, request.user) if meeting.group else []
    rows = [(m, present.get(m.user_id)) for m in members]
    context = {"meeting": meeting, "occurrence": occurrence, "rows": rows}
    return render(request, "meetings/attendance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: MemberRequest, slug: str) -> HttpResponse:
    meeting = access.access_meeting_as_facilitator(request.user, slug)
    form = CancelForm(request.POST or request.GET or None)
    occurrence_date = None
    if form.is_valid():
        occurrence_date = form.cleaned_data["occurrence_date"]
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel(
                user=request.user,
                meeting=meeting,
                occurrence_date=occurrence_date,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Cancelled. Everyone who replied has been told."))
            return redirect("meetings:detail", slug=slug)
    context = {"meeting": meeting, "form": form, "occurrence_date": occurrence_date}
    return render(request, "meetings/cancel.html", context, status=400 if form.errors else 200)


@login_required
def mine(request: MemberRequest) -> HttpResponse:
    """The member's meetings, attendance records and private calendar address."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {
        "going": selectors.going(request.user),
        "attended": selectors.my_attendance(request.user),
        "feed_url": request.build_absolute_uri(f"/meetings/calendar/{feed.token}.ics")
        if feed
        else "",
    }
    return render(request, "meetings/mine.html", context)


@login_required
@require_POST
def calendar_subscription(request: MemberRequest) -> HttpResponse:
    if request.POST.get("action") == "renew":
        actions.renew_calendar_feed(user=request.user)
        messages.success(
            request, _("Your calendar has a new private address; the old one stopped working.")
        )
    else:
        actions.calendar_feed(user=request.user)
        messages.success(request, _("Your private calendar address is ready."))
    return redirect("meetings:mine")


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar apps fetch this. The unguessable token is the key; renewing revokes it."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    meetings = selectors.going(feed.user)
    return _ics(ical.calendar(meetings, name="Alongside"), "alongside.ics")


@login_required
def proof(request: MemberRequest, attendance_id: int) -> HttpResponse:
    found = access.access_attendance_for_owner(request.user, attendance_id)
    if not found.confirmed:
        raise Http404
    verify = request.build_absolute_uri(f"/meetings/verify/{make_proof_token(found.pk)}/")
    return render(request, "meetings/proof.html", {"attendance": found, "verify_url": verify})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone the member shows their proof to can check it here, without an account."""
    attendance_id = read_proof_token(token)
    found: Attendance | None = None
    if attendance_id is not None:
        found = (
            Attendance.objects.select_related("meeting", "user", "confirmed_by")
            .filter(pk=attendance_id, confirmed_at__isnull=False)
            .first()
        )
    if found is None:
        return render(request, "meetings/verify.html", {"attendance": None}, status=404)
    return render(request, "meetings/verify.html", {"attendance": found})
