from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.notifications.kinds import EmailChoice, Kind
from alongside.notifications.models import NotificationSettings

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class NotificationSettingsForm(forms.Form):
    """Per kind: email (each one, digest, none) and push; then quiet hours and the digest."""

    quiet_hours_start = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    urgent_in_quiet_hours = forms.BooleanField(
        label=_("Let urgent support requests through during quiet hours"),
        required=False,
        help_text=_("When someone you support asks for help right now, you'll still hear."),
    )
    digest_frequency = forms.ChoiceField(
        label=_("Send my digest"), choices=NotificationSettings.DigestFrequency.choices
    )
    digest_hour = forms.TypedChoiceField(
        label=_("At"), choices=HOURS, coerce=int, help_text=_("In your own time zone.")
    )
    email_details = forms.BooleanField(
        label=_("Include details in emails"),
        required=False,
        help_text=NotificationSettings._meta.get_field("email_details").help_text,
    )

    def __init__(self, *args: Any, prefs: NotificationSettings, **kwargs: Any) -> None:
        initial = {
            "quiet_hours_start": prefs.quiet_hours_start,
            "quiet_hours_end": prefs.quiet_hours_end,
            "urgent_in_quiet_hours": prefs.urgent_in_quiet_hours,
            "digest_frequency": prefs.digest_frequency,
            "digest_hour": prefs.digest_hour,
            "email_details": prefs.email_details,
        }
        for kind in Kind.values:
            initial[f"email_{kind}"] = prefs.email_for(kind)
            initial[f"push_{kind}"] = prefs.push_for(kind)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[f"email_{kind}"] = forms.ChoiceField(
                label=_("Email for %(kind)s") % {"kind": label},
                choices=EmailChoice.choices,
            )
            self.fields[f"push_{kind}"] = forms.BooleanField(
                label=_("Push notifications for %(kind)s") % {"kind": label}, required=False
            )

    def kind_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"email_{kind}"], self[f"push_{kind}"])
            for kind, label in Kind.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_hours_start"), data.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(
                _("Choose both when quiet hours start and when they end, or leave both empty.")
            )
        if start is not None and start == end:
            raise forms.ValidationError(_("Quiet hours need to start and end at different times."))
        return data

    def preferences(self) -> dict[str, dict[str, Any]]:
        return {
            kind: {
                "email": self.cleaned_data[f"email_{kind}"],
                "push": self.cleaned_data[f"push_{kind}"],
            }
            for kind in Kind.values
        }

    def settings_fields(self) -> dict[str, Any]:
        names = [
            "quiet_hours_start",
            "quiet_hours_end",
            "urgent_in_quiet_hours",
            "digest_frequency",
            "digest_hour",
            "email_details",
        ]
        return {name: self.cleaned_data[name] for name in names}


class PushSubscriptionForm(forms.Form):
    """What a browser's PushManager gives us, posted by alongside.js."""

    endpoint = forms.URLField(max_length=1000)
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
    device = forms.CharField(max_length=100, required=False)
