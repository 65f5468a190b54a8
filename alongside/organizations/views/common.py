from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.core.errors import ApplicationError


def attempt(form: forms.BaseForm, run: Callable[[], Any]) -> Any:
    """Run an action; a broken rule becomes the form's message and returns None."""
    try:
        return run() or True
    except ApplicationError as error:
        form.add_error(None, error.message)
        return None


def page(
    request: HttpRequest, template: str, context: dict[str, Any], *forms_: forms.BaseForm
) -> HttpResponse:
    status = 400 if any(f.is_bound and f.errors for f in forms_) else 200
    return render(request, template, context, status=status)
