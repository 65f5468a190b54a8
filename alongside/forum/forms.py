from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Visibility
from alongside.forum.models import Situation


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forum and your groups"), max_length=200, required=False)


class StrategyForm(forms.Form):
    title = forms.CharField(label=_("A short title"), max_length=120)
    situation = forms.ChoiceField(label=_("It helps with"), choices=Situation.choices)
    what_to_do = forms.CharField(
        label=_("What to do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    when_it_helps = forms.CharField(
        label=_("When it helps (optional)"), max_length=300, required=False
    )


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Your story"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("In your own words, at your own pace. Save a draft any time."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it once published"),
        choices=Visibility.choices,
        initial=Visibility.ONLY_ME,
        widget=forms.RadioSelect,
    )
