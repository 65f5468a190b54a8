from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.moderation.actions import APPEAL_MAX, MAX_DAYS, NOTE_MAX, REASON_MAX, TITLE_MAX
from alongside.moderation.models import REPORT_REASONS


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What's wrong?"),
        choices=[(r.value, r.label) for r in REPORT_REASONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person you report is never told who reported them."),
    )


ACTION_CHOICES = [
    ("hide", _("Hide it")),
    ("restore", _("Restore it")),
    ("edit_title", _("Edit the thread's title")),
    ("lock", _("Close the thread to replies")),
    ("unlock", _("Reopen the thread")),
    ("warn", _("Warn the member (a private notice with the guidelines)")),
    ("mute", _("Mute: no posts, messages or requests for a few days")),
    ("suspend", _("Suspend: no logging in for a few days")),
    ("ban", _("Ban: close the account")),
]


class ActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ACTION_CHOICES)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The member sees this, and it goes in the audit log."),
    )
    title = forms.CharField(label=_("New title"), required=False, max_length=TITLE_MAX)
    days = forms.IntegerField(
        label=_("For how many days"), required=False, min_value=1, max_value=MAX_DAYS
    )

    def __init__(self, *args, allowed: set[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            field = self.fields["action"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in ACTION_CHOICES if c[0] in allowed]


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Note for the log (optional)"), required=False, max_length=REASON_MAX
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should a moderator look again?"),
        max_length=APPEAL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("You can appeal each decision once. Another moderator will read it."),
    )
