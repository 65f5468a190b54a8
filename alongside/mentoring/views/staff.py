"""Staff (/mentoring/staff/): mentor load in aggregate, verification, and cohort matching."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.types import MemberRequest
from alongside.mentoring import access, actions, selectors
from alongside.mentoring.forms import CohortForm, IntroductionForm
from alongside.mentoring.models import MentorProfile
from alongside.mentoring.views.common import attempt, page


@login_required
@require_GET
def overview(request: MemberRequest) -> HttpResponse:
    access.require_staff(request.user)
    context = {
        "load": selectors.mentor_load(),
        "cohort_form": CohortForm(),
        "mentors": MentorProfile.objects.select_related("user", "verified_by").order_by(
            "user__handle"
        )[:200],
    }
    return page(request, "mentoring/staff.html", context)


@login_required
@require_POST
def verify(request: MemberRequest, handle: str) -> HttpResponse:
    access.require_staff(request.user)
    profile = access.access_mentor_for_user(request.user, handle)
    verified = request.POST.get("verified") == "on"
    actions.verify_mentor(actor=request.user, mentor=profile.user, verified=verified)
    messages.success(
        request,
        _("%(handle)s is marked as verified.") % {"handle": profile.user.handle}
        if verified
        else _("%(handle)s is no longer marked as verified.") % {"handle": profile.user.handle},
    )
    return redirect("mentoring:staff")


@login_required
@require_http_methods(["GET", "POST"])
def cohort(request: MemberRequest) -> HttpResponse:
    access.require_staff(request.user)
    form = CohortForm(request.GET or None)
    days = form.cleaned_data["joined_within"] if form.is_valid() else 31
    if request.method == "POST":
        intro = IntroductionForm(request.POST)
        pairs = _pairs(request.POST.get("pairs", ""))
        if intro.is_valid():
            result = attempt(
                intro,
                lambda: actions.send_introductions(
                    staff=request.user,
                    pairings=pairs,
                    message=intro.cleaned_data["message"],
                    commitment=intro.cleaned_data["commitment"],
                ),
            )
            if result:
                sent, skipped = result
                messages.success(
                    request,
                    _("%(sent)d introductions sent; %(skipped)d no longer fit and were skipped.")
                    % {"sent": sent, "skipped": skipped},
                )
                return redirect("mentoring:staff")
    else:
        intro = None
    preview = selectors.cohort_preview(days)
    pairs_value = json.dumps([[p.mentee_id, p.mentor_id] for p in preview.pairings])
    intro = intro or IntroductionForm(initial={"pairs": pairs_value})
    context = {
        "form": form,
        "preview": preview,
        "rows": [
            (preview.people.get(p.mentee_id), preview.people.get(p.mentor_id), p.match)
            for p in preview.pairings
        ],
        "intro": intro,
        "days": days,
    }
    return page(request, "mentoring/cohort.html", context, intro)


def _pairs(raw: str) -> list[tuple[int, int]]:
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    return [
        (int(a), int(b))
        for item in data[:1000]
        if isinstance(item, list) and len(item) == 2
        for a, b in [item]
        if isinstance(a, int) and isinstance(b, int)
    ]
