"""Alumni's side: joining with an invite (/join/), and "check on me" (/org/<slug>/check-on-me/)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts.actions import register_member
from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.organizations import access, actions, selectors
from alongside.organizations.forms import CheckOnMeForm, CodeForm, JoinSignupForm
from alongside.organizations.models import CheckOnMe
from alongside.organizations.views.common import page


@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("organizations:join", form.cleaned_data["code"])
    status = 400 if form.errors else 200
    return render(request, "organizations/enter_code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    invite = access.access_invite_by_code(code)
    problem = actions.invite_problem(invite)
    context: dict[str, object] = {"invite": invite, "problem": problem, "groups": None}
    if problem:
        return render(request, "organizations/join.html", context, status=410)
    context["groups"] = list(invite.groups.all())
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                actions.redeem_invite(user=request.user, invite=invite)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect("organizations:join", invite.code)
            messages.success(
                request,
                _("Welcome to %(org)s's alumni network.") % {"org": invite.organization.name},
            )
            return redirect("organizations:check_on_me", invite.organization.slug)
        return render(request, "organizations/join.html", context)
    form = JoinSignupForm(request.POST or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member = register_member(
                    handle=form.cleaned_data["handle"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    timezone_name=form.cleaned_data["timezone"],
                    language=request.LANGUAGE_CODE,
                )
                # None: the email has an account (its owner was emailed). The page must look
                # the same, so the invite is simply not used; they can log in and use it.
                if member is not None:
                    actions.redeem_invite(user=member, invite=invite)
                    if (
                        apps.is_installed("alongside.moderation")
                        and "accept_guidelines" in form.fields
                    ):
                        from alongside.moderation.actions import accept_guidelines

                        accept_guidelines(user=member)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("accounts:check_inbox")
    return render(request, "organizations/join.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def check_on_me(request: MemberRequest, slug: str) -> HttpResponse:
    membership = access.access_org_for_member(request.user, slug)
    consent = CheckOnMe.objects.filter(
        organization=membership.organization, user=request.user
    ).first()
    form = CheckOnMeForm(
        request.POST or None,
        instance=consent or CheckOnMe(organization=membership.organization, user=request.user),
    )
    if request.method == "POST":
        if request.POST.get("stop"):
            actions.stop_check_on_me(membership=membership)
            messages.success(
                request, _("Done. Staff no longer see anything about you beyond overall numbers.")
            )
            return redirect("organizations:check_on_me", slug)
        if form.is_valid():
            try:
                saved = actions.set_check_on_me(
                    membership=membership,
                    quiet_days=form.cleaned_data["quiet_days"],
                    when_quiet=form.cleaned_data["when_quiet"],
                    when_craving=form.cleaned_data["when_craving"],
                    when_unanswered=form.cleaned_data["when_unanswered"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Saved. Staff will see only what this page shows.")
                    if saved
                    else _("Done. Staff no longer see anything about you beyond overall numbers."),
                )
                return redirect("organizations:check_on_me", slug)
    context = {
        "membership": membership,
        "organization": membership.organization,
        "consent": consent,
        "form": form,
        "signals": selectors.signals_for(membership.organization, request.user),
        "notes": selectors.outreach_notes(membership.organization, request.user),
        "help_lines": list(membership.organization.help_lines.all()),
        "page_url": reverse("organizations:check_on_me", args=[slug]),
    }
    return page(request, "organizations/check_on_me.html", context, form)
