from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.support.resources import EMERGENCY, NATIONAL_LINES, local_lines


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis resources: no login, no tracking, nothing that can fail to load."""
    context = {"emergency": EMERGENCY, "national": NATIONAL_LINES, "local": local_lines()}
    return render(request, "support/help.html", context)
