from datetime import time
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway
from alongside.mentoring.choices import Experience, Gender, HelpArea, Language, slot_choices
from alongside.mentoring.models import Cadence, Channel, CheckInCall

CHECKBOXES = forms.CheckboxSelectMultiple
GENDER_CHOICES = [("", _("Prefer not to say")), *Gender.choices]
PREFERENCE_CHOICES = [("", _("No preference")), *Gender.choices]

SUGGESTED_REQUEST = _(
    "Hi %(mentor)s, I admire your strength in maintaining your recovery and believe I could "
    "benefit from your guidance. Would you consider being my sober mentor?"
)
SUGGESTED_COMMITMENT = _(
    "I own my recovery. I'll show up for the check-ins we agree on, be honest with you, "
    "and respect your time and boundaries."
)
ACCEPT_TEMPLATES = [
    _("Yes, I'd be glad to walk beside you for a while. Let's agree how it will work."),
    _("I'd be honoured. Thank you for asking — let's set up a first check-in."),
]
DECLINE_TEMPLATES = [
    _(
        "Thank you for asking me; it means a lot. I can't take on a new mentee right now, and "
        "I want you to have someone who can give you the time you deserve."
    ),
    _(
        "I'm grateful you reached out. I don't think I'm the right fit for what you're looking "
        "for, and I hope one of the other mentors here will be. Keep going."
    ),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _multiple(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=CHECKBOXES, help_text=help_text
    )


class MentorProfileForm(forms.Form):
    about = forms.CharField(
        label=_("About you as a mentor"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you'd like a mentee to know. No last names or contact details."),
    )
    pathways = _multiple(_("Pathways you know"), Pathway.choices)
    experiences = _multiple(_("Lived experience you can share"), Experience.choices)
    help_with = _multiple(_("What you can help with"), HelpArea.choices)
    languages = _multiple(_("Languages you speak"), Language.choices)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=GENDER_CHOICES,
        required=False,
        help_text=_("Only used when a mentee asks for a mentor of a particular gender."),
    )
    availability = _multiple(
        _("When you're usually free (your time zone)"),
        slot_choices(),
        help_text=_("Used to suggest mentees whose free times overlap with yours."),
    )
    capacity = forms.TypedChoiceField(
        label=_("How many mentees at once"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, settings.MENTOR_MAX_CAPACITY + 1)],
        initial=3,
        help_text=_("Most mentors do well with two or three. You can change it any time."),
    )
    accepting = forms.BooleanField(label=_("Accepting new mentees"), required=False, initial=True)
    contact_start = forms.TimeField(
        label=_("Contact hours start"), initial=time(9), widget=TimeInput()
    )
    contact_end = forms.TimeField(
        label=_("Contact hours end"),
        initial=time(21),
        widget=TimeInput(),
        help_text=_("Outside these hours, emails and pushes about mentoring wait until morning."),
    )
    urgent_through = forms.BooleanField(
        label=_("Let urgent support-now requests from my mentees through outside contact hours"),
        required=False,
    )


class BecomeMentorForm(MentorProfileForm):
    agreement = forms.BooleanField(
        label=_("I have read the mentor agreement and I accept it"),
        required=True,
        error_messages={"required": _("Please read and accept the mentor agreement.")},
    )


class PreferencesForm(forms.Form):
    pathway = forms.ChoiceField(
        label=_("Your pathway"),
        choices=[("", _("Not sure yet")), *Pathway.choices],
        required=False,
    )
    languages = _multiple(_("Languages you'd like to talk in"), Language.choices)
    gender_preference = forms.ChoiceField(
        label=_("Would you prefer a mentor of a particular gender?"),
        choices=PREFERENCE_CHOICES,
        required=False,
    )
    experiences = _multiple(_("Experiences that matter to you"), Experience.choices)
    help_with = _multiple(_("What you'd like help with"), HelpArea.choices)
    availability = _multiple(_("When you're usually free (your time zone)"), slot_choices())
    open_to_introductions = forms.BooleanField(
        label=_("Staff may introduce me to a mentor who fits"),
        required=False,
        help_text=_("The program's staff may send a request on your behalf to a mentor with room."),
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your request"),
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A suggestion to start from: make it your own. Honest, respectful and clear."),
    )
    commitment = forms.CharField(
        label=_("What you'll bring"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words on how you'll own your part of the journey."),
    )


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Yes, I'll mentor them")), ("decline", _("Not right now"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("A kind message"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("They'll see this either way. Pick a starting point below or write your own."),
    )


class AgreementForm(forms.Form):
    cadence = forms.ChoiceField(label=_("How often you'll check in"), choices=Cadence.choices)
    channels = forms.MultipleChoiceField(
        label=_("How you'll talk"), choices=Channel.choices, widget=CHECKBOXES
    )
    contact_hours = forms.CharField(label=_("When it's okay to get in touch"), max_length=200)
    boundaries = forms.CharField(
        label=_("Boundaries: what is and isn't okay"),
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    crisis_plan = forms.CharField(
        label=_("In a crisis"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A mentor is not a crisis line. Say where each of you turns first."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("When (your time zone)"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class LogForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Did you talk?"),
        choices=[
            (CheckInCall.Status.DONE, _("We talked")),
            (CheckInCall.Status.MISSED, _("It didn't happen")),
        ],
        widget=forms.RadioSelect,
    )
    how_it_went = forms.TypedChoiceField(
        label=_("How it went"),
        coerce=int,
        empty_value=None,
        choices=[("", _("Rather not say")), *CheckInCall.Feeling.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("A note for you both (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("A goal of yours"),
        max_length=200,
        help_text=_("Something you want to work toward, in your words."),
    )


class PauseForm(forms.Form):
    until = forms.DateField(label=_("Back on"), widget=DateInput())
    note = forms.CharField(
        label=_("A note for your mentees (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SCALE = [(n, str(n)) for n in range(1, 6)]


class WellbeingForm(forms.Form):
    stress = forms.TypedChoiceField(
        label=_("How stressed have you felt this month? (1 calm, 5 overwhelmed)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    sleep = forms.TypedChoiceField(
        label=_("How have you been sleeping? (1 poorly, 5 well)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    own_recovery = forms.TypedChoiceField(
        label=_("How steady does your own recovery feel? (1 shaky, 5 steady)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    capacity = forms.TypedChoiceField(
        label=_("How much room do you have for mentoring? (1 stretched thin, 5 plenty)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Did this mentorship help you?"),
        choices=[("", _("Rather not say")), ("yes", _("Yes")), ("no", _("Not really"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("Anything you'd like the program to know (optional)"),
        max_length=1200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Private: never shown to the other person."),
    )


class CohortForm(forms.Form):
    joined_within = forms.TypedChoiceField(
        label=_("Members who joined in the last"),
        coerce=int,
        choices=[(7, _("7 days")), (31, _("31 days")), (90, _("90 days")), (365, _("year"))],
        initial=31,
    )


class IntroductionForm(forms.Form):
    message = forms.CharField(
        label=_("Introduction sent with each request"),
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=_(
            "Hello from the alumni team. This member asked us to help them find a mentor, "
            "and we think you two could be a good fit. Would you consider mentoring them?"
        ),
    )
    commitment = forms.CharField(
        label=_("The member's commitment"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=SUGGESTED_COMMITMENT,
    )
    pairs = forms.CharField(widget=forms.HiddenInput)
