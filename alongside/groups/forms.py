from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Group


class GroupForm(forms.ModelForm):
    tag_names = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=300,
        help_text=_("Separate with commas, e.g. parents, opioids, alumni."),
    )

    class Meta:
        model = Group
        fields = [
            "name",
            "description",
            "guidelines",
            "language",
            "timezone",
            "visibility",
            "join_policy",
            "size_limit",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "guidelines": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())
        self.fields["timezone"].widget.attrs["data-browser-timezone"] = ""

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the group a name."))
        return name

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tag_names", "").split(",") if t.strip()][:8]

    def group_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search groups"), required=False, max_length=100)
    tag = forms.SlugField(required=False, max_length=40)
    after = forms.CharField(required=False, max_length=100)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A note for the facilitators (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note to 500 characters.")},
    )


class InviteForm(forms.Form):
    handle = forms.CharField(label=_("Invite a member by handle"), max_length=30)
