from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.forms import SignupForm
from alongside.groups.models import Group
from alongside.meetings.models import Meeting
from alongside.organizations.models import Announcement, CheckOnMe, Cohort, Organization


def _cohort_groups(organization: Organization) -> Any:
    return Group.objects.filter(
        pk__in=Cohort.groups.through.objects.filter(cohort__organization=organization).values(
            "group_id"
        )
    ).order_by("name")


class InviteForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    groups = forms.ModelMultipleChoiceField(
        label=_("Also join these cohort groups"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_uses = forms.IntegerField(
        label=_("How many people can use it"),
        min_value=1,
        max_value=1000,
        required=False,
        initial=1,
        help_text=_("1 for one person; leave empty for a link the whole cohort can use."),
    )
    expires_on = forms.DateField(
        label=_("Works until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    label = forms.CharField(
        label=_("Label (only staff see it)"),
        max_length=80,
        required=False,
        help_text=_("e.g. 'Discharge group, Nov 14'. Never a name."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_field = self.fields["cohort"]
        groups_field = self.fields["groups"]
        assert isinstance(cohort_field, forms.ModelChoiceField)
        assert isinstance(groups_field, forms.ModelMultipleChoiceField)
        cohort_field.queryset = Cohort.objects.filter(organization=organization)
        groups_field.queryset = _cohort_groups(organization)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=30)

    def clean_label(self) -> str:
        return " ".join(self.cleaned_data["label"].split())


class AnnouncementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Announcement.Kind.choices)
    cohort = forms.ModelChoiceField(
        label=_("For"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("All alumni"),
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (events)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    location = forms.CharField(label=_("Where (events)"), max_length=200, required=False)
    meeting = forms.ModelChoiceField(
        label=_("Or a meeting of a cohort group (members RSVP there)"),
        queryset=Meeting.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort_field = self.fields["cohort"]
        meeting_field = self.fields["meeting"]
        assert isinstance(cohort_field, forms.ModelChoiceField)
        assert isinstance(meeting_field, forms.ModelChoiceField)
        cohort_field.queryset = Cohort.objects.filter(organization=organization)
        meeting_field.queryset = Meeting.objects.filter(
            group__in=_cohort_groups(organization)
        ).order_by("name")

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give it a title."))
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a few words."))
        return body

    def clean_location(self) -> str:
        return " ".join(self.cleaned_data["location"].split())


class CheckOnMeForm(forms.ModelForm):
    class Meta:
        model = CheckOnMe
        fields = ["when_quiet", "quiet_days", "when_craving", "when_unanswered"]
        widgets = {"quiet_days": forms.NumberInput(attrs={"min": 2, "max": 60})}


class OutreachNoteForm(forms.Form):
    body = forms.CharField(
        label=_("How you reached out"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member can read this note. Write what you'd be glad for them to see."),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a few words about how you reached out."))
        return body


class JoinSignupForm(SignupForm):
    """The ordinary sign-up form (same rules), on the invite's page."""


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invite code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        return "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
