"""Finding a mentor (/mentors/): preferences, recommendations, becoming a mentor, asking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alongside.core.types import MemberRequest
from alongside.mentoring import access, actions, rules, selectors
from alongside.mentoring.forms import (
    SUGGESTED_COMMITMENT,
    SUGGESTED_REQUEST,
    BecomeMentorForm,
    PreferencesForm,
    RequestForm,
)
from alongside.mentoring.models import MentorProfile
from alongside.mentoring.views.common import attempt, page
from alongside.moderation.rules import check_can


@login_required
@require_GET
def finder(request: MemberRequest) -> HttpResponse:
    found = selectors.finder_page(request.user)
    context = {
        "preferences": found.preferences,
        "has_preferences": found.has_preferences,
        "recommendations": found.recommendations,
        "is_mentor": found.is_mentor,
    }
    return page(request, "mentoring/finder.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: MemberRequest) -> HttpResponse:
    current = selectors.preferences_of(request.user)
    initial = {
        name: getattr(current, name)
        for name in (
            "pathway",
            "languages",
            "gender_preference",
            "experiences",
            "help_with",
            "availability",
            "open_to_introductions",
        )
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.save_preferences(user=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Saved. Here are mentors who fit what you said."))
        return redirect("mentoring:finder")
    return page(request, "mentoring/preferences.html", {"form": form}, form)


@login_required
@require_http_methods(["GET", "POST"])
def become(request: MemberRequest) -> HttpResponse:
    if MentorProfile.objects.filter(user=request.user).exists():
        return redirect("mentoring:profile")
    eligibility = rules.eligibility(request.user)
    form = BecomeMentorForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: actions.become_mentor(user=request.user, **form.cleaned_data))
    ):
        messages.success(
            request,
            _(
                "Welcome, mentor. Thank you for offering your experience. "
                "Take care of yourself too."
            ),
        )
        return redirect("mentoring:index")
    context = {"form": form, "eligibility": eligibility}
    return page(request, "mentoring/become.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: MemberRequest, handle: str) -> HttpResponse:
    profile = access.access_mentor_for_user(request.user, handle)
    mentor = profile.user
    suggested = {
        "message": SUGGESTED_REQUEST % {"mentor": mentor.handle},
        "commitment": SUGGESTED_COMMITMENT,
    }
    form = RequestForm(request.POST or None, initial=suggested)
    if request.method == "POST" and form.is_valid():
        sent = attempt(
            form,
            lambda: _limited_request(request.user, mentor, form.cleaned_data),
        )
        if sent:
            messages.success(
                request,
                _(
                    "Your request is on its way to %(mentor)s. They have a week to answer; "
                    "we'll tell you either way."
                )
                % {"mentor": mentor.handle},
            )
            return redirect("mentoring:request", sent.pk)
    context = {
        "mentor_profile": profile,
        "mentor": mentor,
        "match": selectors.match_for(request.user, profile),
        "form": form,
        "is_self": mentor.pk == request.user.pk,
    }
    return page(request, "mentoring/ask.html", context, form)


def _limited_request(user, mentor, data):
    check_can(user, "mentor_requests")
    return actions.send_request(mentee=user, mentor=mentor, **data)
