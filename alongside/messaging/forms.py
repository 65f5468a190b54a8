from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.messaging.models import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You can use **bold**, *italics*, lists and links."),
    )
