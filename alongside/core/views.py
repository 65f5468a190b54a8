from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from alongside.accounts.selectors import network_facts, recent_connections
from alongside.core.sections import page_facts, sections_for


def home(request: HttpRequest) -> HttpResponse:
    """Each domain's section, plus the member's network. One query first reads the small facts
    every section needs (core.sections.page_facts), so sections with nothing to show cost none."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    user = request.user
    facts = page_facts("home", user=user, also=[network_facts])
    context = {
        "connections": recent_connections(user) if facts["network_connected"] else [],
        "incoming": facts["network_incoming"] or 0,
        "introduced": facts["network_introduced"],
        "sections": sections_for("home", user=user, facts=facts),
    }
    return render(request, "core/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
