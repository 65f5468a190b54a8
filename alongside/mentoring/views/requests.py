"""The mentoring page (/mentoring/), requests and answers, and a mentor's own settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.models import Role, User
from alongside.core.types import MemberRequest
from alongside.mentoring import access, actions, selectors
from alongside.mentoring.forms import (
    ACCEPT_TEMPLATES,
    DECLINE_TEMPLATES,
    MentorProfileForm,
    PauseForm,
    ResponseForm,
    WellbeingForm,
)
from alongside.mentoring.models import MentorProfile, MentorshipRequest
from alongside.mentoring.views.common import attempt, page
from alongside.recovery.selectors import member_today
from alongside.recovery.support_links import support_links


@login_required
@require_GET
def index(request: MemberRequest) -> HttpResponse:
    user = request.user
    context = {
        "dashboard": selectors.dashboard(user),
        "is_staff_member": user.has_role(Role.STAFF) or user.has_role(Role.ADMIN),
    }
    return page(request, "mentoring/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: MemberRequest, request_id: int) -> HttpResponse:
    mentor_request = access.access_request_for_user(request.user, request_id)
    is_mentor = mentor_request.mentor_id == request.user.pk
    form = ResponseForm(request.POST or None) if is_mentor else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            done = attempt(
                form,
                lambda: actions.respond_to_request(
                    mentor=request.user,
                    request=mentor_request,
                    accept=accept,
                    response=form.cleaned_data["response"],
                ),
            )
            if done:
                if accept:
                    messages.success(
                        request,
                        _("You're now mentoring %(mentee)s. Start by agreeing how it will work.")
                        % {"mentee": mentor_request.mentee.handle},
                    )
                    return redirect("mentoring:mentorship", done.pk)
                messages.success(request, _("Your kind reply is on its way."))
                return redirect("mentoring:index")
    declined = not is_mentor and mentor_request.status in (
        MentorshipRequest.Status.DECLINED,
        MentorshipRequest.Status.EXPIRED,
    )
    context = {
        "mentor_request": mentor_request,
        "is_mentor": is_mentor,
        "form": form,
        "accept_templates": ACCEPT_TEMPLATES,
        "decline_templates": DECLINE_TEMPLATES,
        "others": selectors.recommendations(request.user, limit=3) if declined else [],
    }
    return page(request, "mentoring/request.html", context, *([form] if form else []))


@login_required
@require_POST
def withdraw(request: MemberRequest, request_id: int) -> HttpResponse:
    mentor_request = access.access_request_for_user(request.user, request_id)
    if mentor_request.mentee_id != request.user.pk:
        raise Http404
    try:
        actions.withdraw_request(mentee=request.user, request=mentor_request)
    except actions.MentoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("mentoring:index")


def _mentor_profile(user: User) -> MentorProfile:
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is None:
        raise Http404
    return profile


PROFILE_FIELDS = (
    "about", "pathways", "experiences", "help_with", "languages", "gender", "availability",
    "capacity", "accepting", "contact_start", "contact_end", "urgent_through",
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: MemberRequest) -> HttpResponse:
    mentor_profile = _mentor_profile(request.user)
    initial = {name: getattr(mentor_profile, name) for name in PROFILE_FIELDS}
    form = MentorProfileForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: actions.update_mentor_profile(user=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("Your mentor profile is saved."))
        return redirect("mentoring:index")
    context = {
        "form": form,
        "mentor_profile": mentor_profile,
        "pause_form": PauseForm(),
        "paused": mentor_profile.is_paused(member_today(request.user)),
    }
    return page(request, "mentoring/profile.html", context, form)


@login_required
@require_POST
def pause(request: MemberRequest) -> HttpResponse:
    mentor_profile = _mentor_profile(request.user)
    if request.POST.get("resume"):
        actions.resume_mentoring(user=request.user)
        messages.success(request, _("Welcome back. You're listed for new mentees again."))
        return redirect("mentoring:profile")
    form = PauseForm(request.POST)
    if form.is_valid() and attempt(
        form, lambda: actions.pause_mentoring(user=request.user, **form.cleaned_data)
    ):
        messages.success(
            request,
            _(
                "Your break has started. New mentees won't be suggested until you're back, and "
                "your mentees have been told gently. Rest well."
            ),
        )
        return redirect("mentoring:profile")
    context = {
        "form": MentorProfileForm(
            initial={name: getattr(mentor_profile, name) for name in PROFILE_FIELDS}
        ),
        "mentor_profile": mentor_profile,
        "pause_form": form,
        "paused": mentor_profile.is_paused(member_today(request.user)),
    }
    return page(request, "mentoring/profile.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def wellbeing(request: MemberRequest) -> HttpResponse:
    _mentor_profile(request.user)
    form = WellbeingForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = attempt(
            form, lambda: actions.record_wellbeing(mentor=request.user, **form.cleaned_data)
        )
        if check and not check.worrying:
            messages.success(request, _("Thank you for checking in with yourself."))
            return redirect("mentoring:index")
    context = {
        "form": form,
        "check": check if check and check is not True else None,
        "latest": selectors.latest_wellbeing(request.user),
        "links": support_links(),
    }
    return page(request, "mentoring/wellbeing.html", context, form)
