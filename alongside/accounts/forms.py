from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import (
    HANDLE_MAX_LENGTH,
    Pathway,
    Profile,
    User,
    Visibility,
    handle_validator,
    timezone_choices,
)

# Handles that would shadow a page or could pass for the organisation.
RESERVED_HANDLES = frozenset(
    {
        "admin", "administrator", "alongside", "api", "help", "me", "moderator", "moderation",
        "mod", "root", "settings", "staff", "support", "system", "www", "connections",
    }
)  # fmt: skip


def clean_handle_value(handle: str) -> str:
    handle = handle.strip()
    if handle.lower() in RESERVED_HANDLES:
        raise ValidationError(_("That handle is reserved. Try another one."))
    if User.objects.filter(handle__iexact=handle).exists():
        raise ValidationError(_("That handle is taken. Try another one."))
    return handle


class SignupForm(forms.Form):
    handle = forms.CharField(
        label=_("Handle"),
        max_length=HANDLE_MAX_LENGTH,
        validators=[handle_validator],
        help_text=_("Your name here. A pseudonym is welcome; 3 to 30 letters, numbers or _."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Private: never shown to anyone. We send a link to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        help_text=_("At least 10 characters. A few unrelated words make a strong password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial=settings.TIME_ZONE,
        help_text=_("Filled in from your device. Day counts and meetings use it."),
        widget=forms.Select(attrs={"data-browser-timezone": "true"}),
    )
    accept_guidelines = forms.BooleanField(
        label=_("I've read the community guidelines and will follow them"),
        error_messages={"required": _("Please read and accept the community guidelines.")},
    )

    def clean_handle(self) -> str:
        return clean_handle_value(self.cleaned_data["handle"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(handle=cleaned.get("handle", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Handle or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "That handle or email and password didn't match. Check them and try again."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm copies the handle's length; an email can be longer.
        username = self.fields["username"]
        assert isinstance(username, forms.CharField)
        username.max_length = 254
        username.widget.attrs["maxlength"] = "254"

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            if getattr(error, "code", "") != "invalid_login":
                raise
            from alongside.moderation.login import refusal

            notice = refusal(
                self.cleaned_data.get("username", ""), self.cleaned_data.get("password", "")
            )
            if notice is None:
                raise
            if notice == "lifted":  # the suspension just ended: try again
                return super().clean()
            raise ValidationError(notice, code="suspended") from error

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Please confirm your email first: we sent you a link."),
                    reverse("accounts:resend_confirmation"),
                    _("Send a new link"),
                ),
                code="unconfirmed",
            )


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)


VISIBILITY_LABELS = {
    "display_name": _("Who can see your display name"),
    "pronouns": _("Who can see your pronouns"),
    "bio": _("Who can see your about me"),
    "location": _("Who can see your city or region"),
    "timezone": _("Who can see your time zone"),
    "languages": _("Who can see your languages"),
    "pathways": _("Who can see your recovery pathways"),
}


class ProfileForm(forms.ModelForm):
    pathways = forms.MultipleChoiceField(
        label=_("Recovery pathways"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The approaches that help you. Choose any, or none."),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = Profile
        fields = ["display_name", "pronouns", "bio", "location", "languages", "pathways"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile: Profile = self.instance
        self.fields["timezone"].initial = profile.user.timezone
        for name in Profile.VISIBLE_FIELDS:
            self.fields[f"{name}_visibility"] = forms.ChoiceField(
                label=VISIBILITY_LABELS[name],
                choices=Visibility.choices,
                initial=profile.visibility_of(name),
            )

    def clean_display_name(self) -> str:
        return " ".join(self.cleaned_data["display_name"].split())

    def visibility(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"{name}_visibility"] for name in Profile.VISIBLE_FIELDS}

    def profile_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def field_rows(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each field with its own visibility control, for the template."""
        rows: list[tuple[forms.BoundField, forms.BoundField | None]] = []
        for name in [*self.Meta.fields, "timezone"]:
            vis = f"{name}_visibility"
            rows.append((self[name], self[vis] if vis in self.fields else None))
        return rows


class AccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Private. If you change it, we send a link to confirm the new address."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ConnectionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Add a note (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example, where you met."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That password isn't right."))
        return password


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search members"), max_length=60, required=False)
    after = forms.CharField(max_length=HANDLE_MAX_LENGTH, required=False)
