"""What the login page says to a suspended or banned member (only once the password is right,
so nobody learns another person's standing by typing their handle)."""

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.moderation.models import ModAction

APPEAL_SALT = "moderation.appeal"
APPEAL_DAYS = 60


def appeal_token(action: ModAction) -> str:
    return signing.dumps(action.pk, salt=APPEAL_SALT)


def action_from_token(token: str) -> ModAction | None:
    try:
        pk = signing.loads(token, salt=APPEAL_SALT, max_age=APPEAL_DAYS * 86400)
    except signing.BadSignature:
        return None
    return ModAction.objects.select_related("member").filter(pk=pk).first()


def refusal(username: str, password: str) -> str | None:
    """A message for the login form, "lifted" if a suspension just ended, else None."""
    from alongside.moderation.actions import lift_expired_suspensions

    username = (username or "").strip()
    user = User.objects.filter(Q(handle__iexact=username) | Q(email__iexact=username)).first()
    if user is None or user.is_active or not password or not user.check_password(password):
        return None
    now = timezone.now()
    action = (
        ModAction.objects.filter(
            member=user,
            kind__in=[ModAction.Kind.SUSPEND, ModAction.Kind.BAN],
            reversed_at__isnull=True,
        )
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("until")
        .first()
    )
    if action is None:
        if ModAction.objects.filter(member=user, kind=ModAction.Kind.SUSPEND).exists():
            lift_expired_suspensions()
            if User.objects.filter(pk=user.pk, is_active=True).exists():
                return "lifted"
        return None
    appeal = reverse("moderation:appeal_by_link", args=[appeal_token(action)])
    if action.kind == ModAction.Kind.BAN:
        text = _("A moderator has closed this account. Their reason: %(reason)s") % {
            "reason": action.reason
        }
    else:
        until = formats.date_format(timezone.localtime(action.until), "DATETIME_FORMAT")
        text = _(
            "A moderator has suspended this account until %(until)s. Their reason: %(reason)s"
        ) % {"until": until, "reason": action.reason}
    return format_html('{} <a href="{}">{}</a>', text, appeal, _("Appeal this decision"))
