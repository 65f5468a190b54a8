"""One mentorship (/mentoring/<id>/): agreement, messages, check-ins, goals, trends, ending."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.types import MemberRequest
from alongside.mentoring import access, actions, selectors
from alongside.mentoring.forms import (
    AgreementForm,
    FeedbackForm,
    GoalForm,
    LogForm,
    ScheduleForm,
)
from alongside.mentoring.models import Channel, Mentorship
from alongside.mentoring.views.common import attempt, page
from alongside.recovery import trends


def _back(mentorship: Mentorship, anchor: str = "") -> HttpResponse:
    url = reverse("mentoring:mentorship", args=[mentorship.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _detail(request: MemberRequest, mentorship: Mentorship, **forms: object) -> HttpResponse:
    if not mentorship.is_active:
        # The forms are gone from an ended mentorship's page: say why nothing was saved.
        for form in forms.values():
            for error in getattr(form, "non_field_errors", list)():
                messages.error(request, error)
    context = {
        "mentorship": mentorship,
        "is_mentor": mentorship.mentor_id == request.user.pk,
        "other": mentorship.mentee
        if mentorship.mentor_id == request.user.pk
        else mentorship.mentor,
        "data": selectors.mentorship_page(mentorship),
        "schedule_form": forms.get("schedule_form") or ScheduleForm(),
        "goal_form": forms.get("goal_form") or GoalForm(),
        "log_form": LogForm(),
        "feedback_form": FeedbackForm(),
        "channel_choices": Channel.choices,
    }
    return page(request, "mentoring/mentorship.html", context, *forms.values())  # type: ignore[arg-type]


@login_required
@require_GET
def mentorship(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    return _detail(request, found)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    if not found.is_active:
        raise Http404
    initial = {
        "cadence": found.cadence,
        "channels": found.channels,
        "contact_hours": found.contact_hours,
        "boundaries": found.boundaries,
        "crisis_plan": found.crisis_plan,
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: actions.update_agreement(
                user=request.user, mentorship=found, **form.cleaned_data
            ),
        )
    ):
        messages.success(
            request,
            _("Agreement saved and confirmed by you. We've asked the other person to confirm."),
        )
        return _back(found, "agreement")
    return page(request, "mentoring/agreement.html", {"form": form, "mentorship": found}, form)


@login_required
@require_POST
def confirm(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    try:
        updated = actions.confirm_agreement(user=request.user, mentorship=found)
    except actions.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You both agreed. That's a good foundation.")
            if updated.agreed
            else _("You confirmed the agreement."),
        )
    return _back(found, "agreement")


@login_required
@require_POST
def schedule(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    with timezone.override(ZoneInfo(request.user.timezone)):
        form = ScheduleForm(request.POST)
        valid = form.is_valid()
    if valid and attempt(
        form,
        lambda: actions.schedule_check_in(
            user=request.user, mentorship=found, when=form.cleaned_data["when"]
        ),
    ):
        messages.success(request, _("Check-in scheduled. We'll remind you both beforehand."))
        return _back(found, "check-ins")
    return _detail(request, found, schedule_form=form)


@login_required
@require_POST
def log(request: MemberRequest, mentorship_id: int, check_in_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    check_in = access.access_check_in_for_user(request.user, found, check_in_id)
    form = LogForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: actions.log_check_in(user=request.user, check_in=check_in, **form.cleaned_data),
    ):
        messages.success(request, _("Logged. Thank you for showing up for each other."))
        return _back(found, "check-ins")
    for error in [*form.non_field_errors(), *[e for errs in form.errors.values() for e in errs]]:
        messages.error(request, error)
    return _back(found, "check-ins")


@login_required
@require_POST
def add_goal(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    if found.mentee_id != request.user.pk:
        raise Http404
    form = GoalForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: actions.add_goal(
            user=request.user, mentorship=found, title=form.cleaned_data["title"]
        ),
    ):
        return _back(found, "goals")
    return _detail(request, found, goal_form=form)


@login_required
@require_POST
def goal(request: MemberRequest, mentorship_id: int, goal_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    the_goal = access.access_goal_for_mentee(request.user, found, goal_id)
    if request.POST.get("delete"):
        actions.delete_goal(user=request.user, goal=the_goal)
    else:
        actions.set_goal_done(user=request.user, goal=the_goal, done=bool(request.POST.get("done")))
    return _back(found, "goals")


@login_required
@require_GET
def mentee_trends(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    """The mentee's charts (never their notes), only while they consent and the mentorship lasts."""
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    data = selectors.mentorship_page(found)
    if found.mentor_id != request.user.pk or not data.shares_trends:
        raise Http404
    days = trends.parse_range(request.GET.get("days"))
    context = {
        "mentorship": found,
        "trends": trends.trends_for(found.mentee, days),
        "ranges": trends.RANGES,
    }
    return page(request, "mentoring/trends.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def end(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    if not found.is_active:
        return _back(found)
    if request.method == "POST":
        actions.end_mentorship(user=request.user, mentorship=found)
        if found.mentee_id == request.user.pk:
            messages.success(
                request,
                _(
                    "Your mentorship has ended. Thank you for the work you put in. "
                    "When you're ready, other mentors have room."
                ),
            )
        else:
            messages.success(
                request, _("Your mentorship has ended. Thank you for giving your time.")
            )
        return _back(found, "feedback")
    other = found.mentee if found.mentor_id == request.user.pk else found.mentor
    return page(request, "mentoring/end.html", {"mentorship": found, "other": other})


@login_required
@require_POST
def feedback(request: MemberRequest, mentorship_id: int) -> HttpResponse:
    found = access.access_mentorship_for_user(request.user, mentorship_id)
    form = FeedbackForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: actions.leave_feedback(user=request.user, mentorship=found, **form.cleaned_data),
    ):
        messages.success(request, _("Thank you. Your feedback stays private."))
    else:
        for error in [
            *form.non_field_errors(),
            *[e for errs in form.errors.values() for e in errs],
        ]:
            messages.error(request, error)
    return _back(found)
