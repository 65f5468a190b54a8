from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every form field as one accessible group: label, help, errors, input (wired by aria)."""

    field_template_name = "includes/field.html"
