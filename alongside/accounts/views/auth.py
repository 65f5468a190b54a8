"""Sign up, confirm the email, log in and out, reset a forgotten password."""

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import actions
from alongside.accounts.forms import LoginForm, ResendConfirmationForm, SignupForm
from alongside.accounts.models import User
from alongside.core.errors import ApplicationError


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.register_member(
                handle=form.cleaned_data["handle"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                timezone_name=form.cleaned_data["timezone"],
                language=request.LANGUAGE_CODE,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if member is not None:
                from alongside.moderation.actions import accept_guidelines

                accept_guidelines(user=member)
            return redirect("accounts:check_inbox")
    return render(request, "accounts/signup.html", {"form": form})


def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_inbox.html")


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        actions.confirm_email(token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("accounts:resend_confirmation")
    messages.success(request, _("Your email is confirmed. Welcome! You can log in now."))
    return redirect("core:home" if request.user.is_authenticated else "accounts:login")


@require_http_methods(["GET", "POST"])
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(
            email__iexact=form.cleaned_data["email"], email_confirmed_at__isnull=True
        ).first()
        if user is not None:
            actions.send_email_confirmation(user=user)
        # The same answer whether or not there is such an account.
        return redirect("accounts:check_inbox")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes calls this once an account or an address has too many failed logins."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    form = LoginForm(request)
    message = _(
        "Too many attempts to log in. For your safety, please try again in %(minutes)d minutes, "
        "or reset your password."
    ) % {"minutes": minutes}
    return render(
        request, "accounts/login.html", {"form": form, "locked_message": message}, status=429
    )


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    extra_email_context = {"site_name": settings.SITE_NAME}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.lift_login_lockout(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
