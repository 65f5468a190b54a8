from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alongside.meetings.models import RSVP, Meeting
from alongside.meetings.types import type_choices


class MeetingForm(forms.ModelForm):
    types = forms.MultipleChoiceField(
        label=_("Meeting types"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = [
            "name",
            "start_date",
            "start_time",
            "duration_minutes",
            "repeat",
            "repeat_until",
            "timezone",
            "mode",
            "location_name",
            "address",
            "location_notes",
            "conference_url",
            "conference_phone",
            "conference_notes",
            "notes",
            "types",
            "in_finder",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "repeat_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "repeat": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        common = {
            "O",
            "C",
            "BE",
            "D",
            "SP",
            "ST",
            "B",
            "W",
            "M",
            "LGBTQ",
            "S",
            "X",
            "A",
            "Y",
            "ASL",
            "MED",
        }
        types = self.fields["types"]
        assert isinstance(types, forms.MultipleChoiceField)
        types.choices = [c for c in type_choices(get_language() or "en") if c[0] in common]

    def meeting_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RSVPForm(forms.Form):
    status = forms.ChoiceField(choices=RSVP.Status.choices)


class CancelForm(forms.Form):
    occurrence_date = forms.DateField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("A short note for those who planned to come (optional)"),
        required=False,
        max_length=300,
    )
