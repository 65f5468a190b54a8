from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.mentoring.choices import slot_choices
from alongside.support.models import Audience


class SupportRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A few words (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the people you ask will see it."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who to ask"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave these as they are to ask your mentor, your connections and on-call peers."
        ),
    )
    group = forms.TypedChoiceField(
        label=_("Which group"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(
        self, *args: object, groups: list[tuple[int, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["group"].choices = [("", _("Choose a group")), *(groups or [])]  # type: ignore[attr-defined]
        self.fields["audiences"].initial = ["mentor", "connections", "on_call"]


class CloseForm(forms.Form):
    what_helped = forms.CharField(
        label=_("What helped? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only you see this. It can help you next time."),
    )


class OnCallForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label=_("When you can be on call (your time zone)"),
        choices=slot_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You'll only be alerted in these hours. Choose what you can really give."),
    )
