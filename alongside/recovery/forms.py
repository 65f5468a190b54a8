from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.recovery import barc
from alongside.recovery.models import CONGRATULATION_MAX, Journey, Reaction, Trigger

MOODS = [
    (1, _("1 · Very low")),
    (2, _("2 · Low")),
    (3, _("3 · Okay")),
    (4, _("4 · Good")),
    (5, _("5 · Very good")),
]
CRAVINGS = [(n, str(n)) for n in range(11)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = [
            "substance",
            "substance_other",
            "pathway",
            "start_date",
            "sharing",
            "show_substance",
        ]
        widgets = {"start_date": DateInput(), "sharing": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pathway"].help_text = _("Optional. The path that's working for you now.")


class SetbackForm(forms.Form):
    new_start = forms.DateField(
        label=_("Your new start date"),
        widget=DateInput(),
        help_text=_("Usually today. Your earlier days still count: they stay in your history."),
    )
    reflection = forms.CharField(
        label=_("A private reflection (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, what you learned, what might help next time. Only you see it."),
    )
    tell_mentor = forms.BooleanField(
        label=_("Let my mentor know, so they can support me"),
        required=False,
        help_text=_(
            "If you have a mentor on Alongside, they get a private note. Nobody else is told."
        ),
    )


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How are you feeling today?"), choices=MOODS, coerce=int, widget=forms.RadioSelect
    )
    craving = forms.TypedChoiceField(
        label=_("How strong are cravings today? (0 none, 10 very strong)"),
        choices=CRAVINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )
    triggers = forms.MultipleChoiceField(
        label=_("Anything that stirred things up?"),
        choices=Trigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    used = forms.BooleanField(
        label=_("I used today"),
        required=False,
        help_text=_("Honest answers help you see patterns. Nobody else sees this."),
    )
    gratitude = forms.CharField(
        label=_("Something you're grateful for (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("A private note (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecoveryCapitalForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, statement in enumerate(barc.ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=statement, choices=barc.SCALE, coerce=int, widget=forms.RadioSelect
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(barc.ITEMS) + 1)]


class CongratulateForm(forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices, required=False)
    message = forms.CharField(
        label=_("Or a few words"),
        required=False,
        max_length=CONGRATULATION_MAX,
        error_messages={
            "max_length": _(
                "Your message is too long: please keep it to %(limit_value)d characters."
            )
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("message") or self.has_error("reaction"):
            return data  # that field's own error says what is wrong
        if not data.get("reaction") and not (data.get("message") or "").strip():
            raise forms.ValidationError(_("Choose a reaction or write a few words."))
        return data


class TrendSharingForm(forms.Form):
    with_mentor = forms.BooleanField(required=False)
