"""Crisis resources (/help/), "I need support now" (/support-now/), the on-call roster and
the moderators' crisis queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.support import access, actions, selectors
from alongside.support.forms import CloseForm, OnCallForm, SupportRequestForm
from alongside.support.models import CrisisFlag
from alongside.support.resources import EMERGENCY, NATIONAL_LINES, local_lines


def _lines() -> dict[str, object]:
    return {"emergency": EMERGENCY, "national": NATIONAL_LINES, "local": local_lines()}


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis resources: no login, no tracking, nothing that can fail to load."""
    return render(request, "support/help.html", _lines())


@login_required
@require_http_methods(["GET", "POST"])
def support_now(request: MemberRequest) -> HttpResponse:
    groups = selectors.groups_of(request.user)
    form = SupportRequestForm(request.POST if request.method == "POST" else None, groups=groups)
    limited = False
    if request.method == "POST" and form.is_valid():
        try:
            support_request = actions.ask_for_support(
                requester=request.user,
                audiences=form.cleaned_data["audiences"] or None,
                message=form.cleaned_data["message"],
                group_id=form.cleaned_data["group"],
            )
        except actions.SupportLimited as error:
            form.add_error(None, error.message)
            limited = True
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("support:request", support_request.pk)
    context = {
        **_lines(),
        "form": form,
        "limited": limited,
        "open_requests": selectors.open_requests_of(request.user),
        "has_mentor": selectors.has_mentor(request.user),
    }
    return render(request, "support/support_now.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def request_detail(request: MemberRequest, request_id: int) -> HttpResponse:
    found = access.access_request_for_user(request.user, request_id)
    context = {
        **_lines(),
        "found": found,
        "support_request": found.request,
        "status": selectors.request_status(found.request),
        "close_form": CloseForm(),
        "now": timezone.now(),
    }
    return render(request, "support/request.html", context)


@login_required
@require_POST
def here(request: MemberRequest, request_id: int) -> HttpResponse:
    found = access.access_request_for_user(request.user, request_id)
    if found.is_requester:
        return redirect("support:request", request_id)
    try:
        actions.respond(responder=request.user, request=found.request)
    except ApplicationError as error:
        messages.info(request, error.message)
        return redirect("support:request", request_id)
    messages.success(
        request,
        _(
            "Thank you for being there. %(handle)s knows you're coming. Listen first; if "
            "they're in danger, help them reach 988 or 911."
        )
        % {"handle": found.request.requester.handle},
    )
    return redirect("messaging:start", found.request.requester.handle)


@login_required
@require_POST
def close(request: MemberRequest, request_id: int) -> HttpResponse:
    found = access.access_request_for_user(request.user, request_id)
    if not found.is_requester:
        return redirect("support:request", request_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.close_request(
                requester=request.user,
                request=found.request,
                what_helped=form.cleaned_data["what_helped"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("We're glad you're okay. Reaching out was brave; you can do it again any time."),
            )
            return redirect("support:now")
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("support:request", request_id)


@login_required
@require_http_methods(["GET", "POST"])
def on_call(request: MemberRequest) -> HttpResponse:
    volunteer = selectors.volunteer_of(request.user)
    form = OnCallForm(request.POST or None, initial={"slots": volunteer.slots if volunteer else []})
    if request.method == "POST":
        if request.POST.get("leave"):
            actions.leave_on_call(user=request.user)
            messages.success(request, _("You're off the on-call roster. Thank you for your time."))
            return redirect("support:on_call")
        if form.is_valid():
            try:
                volunteer = actions.join_on_call(
                    user=request.user, slots=form.cleaned_data["slots"]
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("You're on the roster for the hours you chose.")
                    if volunteer.approved_at
                    else _("Thank you for offering. A moderator will confirm you soon."),
                )
                return redirect("support:on_call")
    context = {"form": form, "volunteer": volunteer}
    return render(request, "support/on_call.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def roster(request: MemberRequest) -> HttpResponse:
    access.require_roster_keeper(request.user)
    context = {"roster": selectors.roster(), "hours": range(24)}
    return render(request, "support/roster.html", context)


@login_required
@require_POST
def approve(request: MemberRequest, handle: str) -> HttpResponse:
    volunteer = access.access_volunteer(request.user, handle)
    actions.approve_volunteer(moderator=request.user, volunteer=volunteer)
    messages.success(request, _("%(handle)s is on the roster.") % {"handle": volunteer.user.handle})
    return redirect("support:roster")


@login_required
@require_GET
def crisis_queue(request: MemberRequest) -> HttpResponse:
    """Moved: crisis flags come first in the one moderation queue."""
    access.require_moderator(request.user)
    return redirect("moderation:queue")


@login_required
@require_POST
def review(request: MemberRequest, flag_id: int) -> HttpResponse:
    access.require_moderator(request.user)
    flag = CrisisFlag.objects.filter(pk=flag_id, reviewed_at__isnull=True).first()
    if flag is not None:
        actions.review_flag(moderator=request.user, flag=flag)
        from alongside.moderation.models import ReviewItem

        ReviewItem.objects.filter(crisis_flag=flag, status=ReviewItem.Status.OPEN).update(
            status=ReviewItem.Status.RESOLVED,
            outcome=ReviewItem.Outcome.NO_ACTION,
            resolved_at=timezone.now(),
            resolved_by=request.user,
        )
        messages.success(request, _("Marked as looked after."))
    return redirect("moderation:queue")
