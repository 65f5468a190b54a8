"""Signed, expiring links for email confirmation: no table, nothing to clean up."""

from django.conf import settings
from django.core import signing

from alongside.accounts.models import User

_SALT = "alongside.accounts.confirm-email"


def make_confirmation_token(user: User) -> str:
    # The email is part of the token, so a link stops working once the address changes.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=_SALT, compress=True)


def read_confirmation_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.EMAIL_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
