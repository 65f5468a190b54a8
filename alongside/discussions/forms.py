from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.discussions.actions import BODY_MAX, TITLE_MAX
from alongside.discussions.models import ContentWarning

BODY_HELP = _("You can use **bold**, *italics*, lists and links.")


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("What's on your mind?"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    anonymous = forms.BooleanField(
        label=_("Post anonymously"),
        required=False,
        help_text=_(
            "Others see “A member”. Moderators can still see it's you, to keep people safe."
        ),
    )
    content_warning = forms.ChoiceField(
        label=_("Content warning (optional)"),
        required=False,
        choices=[("", _("None")), *ContentWarning.choices],
        help_text=_("Readers see the warning first and choose whether to open the thread."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=BODY_HELP,
    )


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)
    body = forms.CharField(
        label=_("Post"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
