"""A member's own settings: profile and who sees it, account, blocks, export, deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import actions, selectors
from alongside.accounts.forms import AccountForm, DeleteAccountForm, ProfileForm
from alongside.core.errors import ApplicationError
from alongside.core.exports import export_member_data
from alongside.core.types import MemberRequest


@login_required
def overview(request: MemberRequest) -> HttpResponse:
    return render(request, "accounts/settings/index.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: MemberRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user.profile)
    if request.method == "POST":
        if form.is_valid():
            actions.update_profile(
                user=request.user,
                profile_fields=form.profile_fields(),
                visibility=form.visibility(),
                timezone_name=form.cleaned_data["timezone"],
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("settings:profile")
        messages.error(request, _("Please check the fields marked below. Nothing was saved yet."))
    status = 400 if form.errors else 200
    return render(request, "accounts/settings/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: MemberRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(
        request.POST or None, initial={"email": user.email, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = form.cleaned_data["email"].lower() != user.email
            actions.change_email(user=user, email=form.cleaned_data["email"])
            actions.set_language(user=user, language=form.cleaned_data["language"])
        except ApplicationError as error:
            form.add_error("email", error.message)
        else:
            if changed:
                messages.info(request, _("We sent a link to confirm your new email."))
            messages.success(request, _("Your account settings are saved."))
            return redirect("settings:account")
    status = 400 if form.errors else 200
    return render(request, "accounts/settings/account.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/settings/password.html"
    success_url = reverse_lazy("settings:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


@login_required
def blocked(request: MemberRequest) -> HttpResponse:
    blocks = selectors.blocked_members(request.user)
    return render(request, "accounts/settings/blocked.html", {"blocks": blocks})


@login_required
@require_POST
def unblock(request: MemberRequest, user_id: int) -> HttpResponse:
    actions.unblock_member(blocker=request.user, blocked_id=user_id)
    messages.success(request, _("Unblocked."))
    return redirect("settings:blocked")


@login_required
@require_http_methods(["GET", "POST"])
def export(request: MemberRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "accounts/settings/export.html")
    data = {"exported_at": timezone.now(), **export_member_data(request.user)}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"alongside-{request.user.handle}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: MemberRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        actions.delete_account(user=user)
        messages.success(request, _("Your account and everything in it are deleted. Take care."))
        return redirect("core:home")
    status = 400 if form.errors else 200
    return render(request, "accounts/settings/delete.html", {"form": form}, status=status)
