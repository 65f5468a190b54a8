"""Reporting, the review queue, decisions, notices and appeals, the audit log, guidelines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.moderation import access, actions, selectors
from alongside.moderation.forms import (
    ActionForm,
    AppealForm,
    DecisionForm,
    DismissForm,
    ReportForm,
)
from alongside.moderation.login import action_from_token
from alongside.moderation.models import ReviewItem
from alongside.moderation.targets import REPORTABLE, resolve_for_reporter


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/guidelines.html")


def _show_errors(request: HttpRequest, form) -> None:
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))


@login_required
@require_http_methods(["GET", "POST"])
def report(request: MemberRequest, target_type: str, target_id: int) -> HttpResponse:
    if target_type not in REPORTABLE:
        raise Http404
    target = resolve_for_reporter(request.user, target_type, target_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report(
                reporter=request.user,
                target_type=target_type,
                target_id=target_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Thank you for telling us. A moderator will look at it soon; you can "
                    "follow what happens here. Nobody is told who reported."
                ),
            )
            return redirect("moderation:my_reports")
    context = {"form": form, "target": target}
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def my_reports(request: MemberRequest) -> HttpResponse:
    return render(
        request, "moderation/my_reports.html", {"reports": selectors.my_reports(request.user)}
    )


@login_required
@require_GET
def queue(request: MemberRequest) -> HttpResponse:
    if not access.may_review(request.user):
        raise Http404
    resolved = request.GET.get("show") == "reviewed"
    context = {
        "items": selectors.queue(request.user, resolved=resolved),
        "resolved": resolved,
        "moderator": access.is_moderator(request.user),
    }
    return render(request, "moderation/queue.html", context)


def _allowed(found: access.ItemAccess) -> set[str]:
    every = {"hide", "restore", "edit_title", "lock", "unlock", "warn", "mute", "suspend", "ban"}
    return {a for a in every if found.may(a)}


def _item_context(request: MemberRequest, found: access.ItemAccess, form=None) -> dict:
    page = selectors.item_page(found)
    return {
        "page": page,
        "item": found.item,
        "action_form": form or ActionForm(allowed=_allowed(found)),
        "dismiss_form": DismissForm(),
        "decision_form": DecisionForm(),
        "crisis_url": selectors.crisis_url(found.item, page.target),
    }


@login_required
@require_GET
def item(request: MemberRequest, item_id: int) -> HttpResponse:
    found = access.access_item_for_user(request.user, item_id)
    return render(request, "moderation/item.html", _item_context(request, found))


@login_required
@require_POST
def act(request: MemberRequest, item_id: int) -> HttpResponse:
    found = access.access_item_for_user(request.user, item_id)
    form = ActionForm(request.POST, allowed=_allowed(found))
    if form.is_valid():
        try:
            actions.act(
                reviewer=request.user,
                access=found,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                title=form.cleaned_data["title"],
                days=form.cleaned_data["days"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Done. It's in the audit log."))
            return redirect("moderation:item", item_id)
    context = _item_context(request, found, form)
    return render(request, "moderation/item.html", context, status=400)


@login_required
@require_POST
def dismiss(request: MemberRequest, item_id: int) -> HttpResponse:
    found = access.access_item_for_user(request.user, item_id)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            actions.dismiss(reviewer=request.user, access=found, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if found.item.crisis_flag_id:
                messages.success(request, _("Marked as looked after."))
            else:
                messages.success(request, _("Marked as reviewed: no action needed."))
            return redirect("moderation:queue")
    else:
        _show_errors(request, form)
    return redirect("moderation:item", item_id)


@login_required
@require_POST
def decide(request: MemberRequest, item_id: int, verdict: str) -> HttpResponse:
    found = access.access_item_for_user(request.user, item_id)
    if found.item.kind != ReviewItem.Kind.APPEAL:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_appeal(
                reviewer=request.user,
                access=found,
                reverse=verdict == "reverse",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The member has been told."))
            return redirect("moderation:queue")
    else:
        _show_errors(request, form)
    return redirect("moderation:item", item_id)


@login_required
@require_GET
def notices(request: MemberRequest) -> HttpResponse:
    return render(
        request, "moderation/notices.html", {"notices": selectors.notices_for(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice(request: MemberRequest, action_id: int) -> HttpResponse:
    decision = access.access_own_action(request.user, action_id)
    return _notice(request, decision, logged_in=True)


def _notice(request: HttpRequest, decision, *, logged_in: bool) -> HttpResponse:
    appeal = selectors.appeal_of(decision)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.appeal(member=decision.member, action=decision, text=form.cleaned_data["text"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your appeal is with the moderators. You'll hear what they decide.")
            )
            if logged_in:
                return redirect("moderation:notice", decision.pk)
            return redirect(request.path)
    context = {"decision": decision, "appeal": appeal, "form": form, "logged_in": logged_in}
    return render(request, "moderation/notice.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def appeal_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """For a suspended or banned member, who can't log in: the link from the login page."""
    decision = action_from_token(token)
    if decision is None or decision.member is None:
        raise Http404
    return _notice(request, decision, logged_in=False)


@login_required
@require_GET
def log(request: MemberRequest) -> HttpResponse:
    access.require_moderator(request.user)
    return render(request, "moderation/log.html", {"entries": selectors.audit_log()})


@login_required
@require_GET
def crisis_redirect(request: MemberRequest) -> HttpResponse:
    access.require_moderator(request.user)
    return redirect("moderation:queue")
