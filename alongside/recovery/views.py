"""The member's own recovery pages: journeys, setbacks, check-ins, recovery capital, trends."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.recovery import access, actions, barc, selectors, trends
from alongside.recovery.forms import (
    CheckInForm,
    CongratulateForm,
    JourneyForm,
    RecoveryCapitalForm,
    SetbackForm,
    TrendSharingForm,
)
from alongside.recovery.models import Journey
from alongside.recovery.support_links import support_links
from alongside.support.crisis import offer_support


@login_required
def journey(request: MemberRequest) -> HttpResponse:
    context = {
        "summaries": selectors.journeys_of(request.user),
        "cheers": selectors.congratulations_received(request.user),
    }
    return render(request, "recovery/journey.html", context)


def _save_journey(
    request: MemberRequest, form: JourneyForm, journey: Journey | None = None
) -> bool:
    fields = {k: v for k, v in form.cleaned_data.items() if k != "start_date"}
    try:
        if journey is None:
            actions.create_journey(
                user=request.user, start_date=form.cleaned_data["start_date"], **fields
            )
        else:
            actions.update_journey(
                user=request.user,
                journey=journey,
                start_date=form.cleaned_data["start_date"],
                **fields,
            )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def journey_new(request: MemberRequest) -> HttpResponse:
    today = selectors.member_today(request.user)
    form = JourneyForm(request.POST or None, initial={"start_date": today})
    if request.method == "POST" and form.is_valid() and _save_journey(request, form):
        messages.success(request, _("Your journey is saved. Every day counts."))
        return redirect("recovery:journey")
    status = 400 if form.errors else 200
    return render(request, "recovery/journey_form.html", {"form": form, "new": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def journey_edit(request: MemberRequest, journey_id: int) -> HttpResponse:
    journey = access.access_journey_for_owner(request.user, journey_id)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid() and _save_journey(request, form, journey):
        messages.success(request, _("Your journey is saved."))
        return redirect("recovery:journey")
    if request.method == "POST":
        journey.refresh_from_db()  # the form changed the instance in memory
    status = 400 if form.errors else 200
    return render(
        request, "recovery/journey_form.html", {"form": form, "journey": journey}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def journey_delete(request: MemberRequest, journey_id: int) -> HttpResponse:
    journey = access.access_journey_for_owner(request.user, journey_id)
    if request.method == "POST":
        actions.delete_journey(user=request.user, journey=journey)
        messages.success(request, _("That journey and its history are deleted."))
        return redirect("recovery:journey")
    return render(request, "recovery/journey_delete.html", {"journey": journey})


@login_required
@require_http_methods(["GET", "POST"])
def setback(request: MemberRequest, journey_id: int) -> HttpResponse:
    journey = access.access_journey_for_owner(request.user, journey_id)
    today = selectors.member_today(request.user)
    form = SetbackForm(request.POST or None, initial={"new_start": today})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_setback(user=request.user, journey=journey, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error("new_start", error.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you for being honest with yourself. A setback is part of many "
                    "recoveries, and your earlier days still count. Today is a new start."
                ),
            )
            return redirect("recovery:journey")
    status = 400 if form.errors else 200
    context = {"form": form, "journey": journey, "links": support_links()}
    return render(request, "recovery/setback.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: MemberRequest) -> HttpResponse:
    today = selectors.member_today(request.user)
    existing = selectors.check_in_on(request.user, today)
    initial = {}
    if existing is not None:
        initial = {
            "mood": existing.mood,
            "craving": existing.craving,
            "triggers": existing.triggers,
            "used": existing.used,
            "gratitude": existing.gratitude,
            "note": existing.note,
        }
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_check_in(user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if offer_support(request, saved.note, saved.gratitude):
                pass  # the crisis resources say it better than any other message
            elif actions.needs_support(saved):
                messages.info(
                    request,
                    _(
                        "Thank you for checking in. Today sounds hard: "
                        "you don't have to face it alone."
                    ),
                )
            else:
                messages.success(
                    request, _("Checked in. Thank you for showing up for yourself today.")
                )
            return redirect("recovery:check_in")
    context = {
        "form": form,
        "existing": existing,
        "support": existing is not None and actions.needs_support(existing),
        "links": support_links(),
    }
    return render(request, "recovery/check_in.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_capital(request: MemberRequest) -> HttpResponse:
    history = selectors.assessments(request.user)
    form = RecoveryCapitalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.take_recovery_capital(user=request.user, answers=form.answers())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your answers are saved, for you alone."))
            return redirect("recovery:capital")
    latest = history[0] if history else None
    context = {
        "form": form,
        "history": history,
        "latest": latest,
        "meaning": barc.meaning(latest.total) if latest else "",
        "next_allowed": barc.next_allowed(latest.taken_on if latest else None),
        "today": selectors.member_today(request.user),
        "strong": barc.STRONG,
        "citation": barc.CITATION,
    }
    return render(request, "recovery/capital.html", context, status=400 if form.errors else 200)


@login_required
def trends_page(request: MemberRequest) -> HttpResponse:
    days = trends.parse_range(request.GET.get("days"))
    context = {
        "trends": trends.trends_for(request.user, days),
        "ranges": trends.RANGES,
        "shares_with_mentor": selectors.shares_trends_with_mentor(request.user),
    }
    return render(request, "recovery/trends.html", context)


@login_required
@require_POST
def trend_sharing(request: MemberRequest) -> HttpResponse:
    form = TrendSharingForm(request.POST)
    form.is_valid()
    with_mentor = bool(form.cleaned_data.get("with_mentor"))
    actions.set_trend_sharing(user=request.user, with_mentor=with_mentor)
    if with_mentor:
        messages.success(request, _("Your mentor can see your trends. You can stop this any time."))
    else:
        messages.success(request, _("Your trends are yours alone again."))
    return redirect("recovery:trends")


@login_required
@require_POST
def congratulate(request: MemberRequest, milestone_id: int) -> HttpResponse:
    milestone = access.access_milestone_for_user(request.user, milestone_id)
    form = CongratulateForm(request.POST)
    if form.is_valid():
        try:
            actions.congratulate(user=request.user, milestone=milestone, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Sent to %(handle)s.") % {"handle": milestone.journey.user.handle}
            )
    else:
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
    return redirect("/#celebrations")
