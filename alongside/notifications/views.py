"""The notification centre, notification settings, push subscriptions and unsubscribe links."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.models import User
from alongside.core.errors import ApplicationError
from alongside.core.types import MemberRequest
from alongside.notifications import access, actions, selectors, webpush
from alongside.notifications.forms import NotificationSettingsForm, PushSubscriptionForm
from alongside.notifications.kinds import Kind
from alongside.notifications.tokens import DIGEST, read_unsubscribe_token


@login_required
@require_GET
def index(request: MemberRequest) -> HttpResponse:
    after = request.GET.get("after", "")
    cursor = int(after) if after.isascii() and after.isdigit() else None
    page = selectors.notifications_page(request.user, after=cursor)
    return render(request, "notifications/index.html", {"page": page})


@login_required
@require_GET
def open_notification(request: MemberRequest, notification_id: int) -> HttpResponse:
    """Following a notification marks it read and goes where it points."""
    notification = access.access_notification_for_user(request.user, notification_id)
    actions.mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:index")


@login_required
@require_POST
def mark_read(request: MemberRequest, notification_id: int) -> HttpResponse:
    notification = access.access_notification_for_user(request.user, notification_id)
    actions.mark_read(user=request.user, notification=notification)
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request: MemberRequest) -> HttpResponse:
    actions.mark_all_read(user=request.user)
    messages.success(request, _("All caught up."))
    return redirect("notifications:index")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: MemberRequest) -> HttpResponse:
    prefs = actions.settings_for(request.user)
    form = NotificationSettingsForm(request.POST if request.method == "POST" else None, prefs=prefs)
    if request.method == "POST":
        if form.is_valid():
            actions.update_settings(
                user=request.user, preferences=form.preferences(), **form.settings_fields()
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
        messages.error(request, _("Please check the fields marked below. Nothing was saved yet."))
    context = {
        "form": form,
        "devices": selectors.push_subscriptions(request.user),
        "vapid_public_key": webpush.public_key(),
    }
    return render(
        request, "notifications/settings.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def push_subscribe(request: MemberRequest) -> JsonResponse:
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("This browser can't receive notifications from us.")}, status=400
        )
    try:
        actions.save_push_subscription(user=request.user, **form.cleaned_data)
    except ApplicationError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request: MemberRequest) -> JsonResponse:
    endpoint = request.POST.get("endpoint", "")
    for device in selectors.push_subscriptions(request.user):
        if device.endpoint == endpoint:
            actions.remove_push_subscription(user=request.user, subscription=device)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def remove_device(request: MemberRequest, subscription_id: int) -> HttpResponse:
    device = access.access_push_subscription_for_user(request.user, subscription_id)
    actions.remove_push_subscription(user=request.user, subscription=device)
    messages.success(request, _("That device won't get notifications any more."))
    return redirect("notifications:settings")


@csrf_exempt  # the signed token is the proof; mail apps POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    kind = found[1] if found else ""
    if user is None or (kind != DIGEST and kind not in Kind.values):
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    label = _("digest") if kind == DIGEST else Kind(kind).label
    if request.method == "POST":
        actions.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribed.html", {"label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so it may show notifications for every page."""
    script = render_to_string("notifications/sw.js", {"site_name": settings.SITE_NAME})
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
