"""Signed one-click unsubscribe links: they work without logging in and cannot be forged."""

from django.core import signing

SALT = "alongside.notifications.unsubscribe"
DIGEST = "digest"  # the digest email's link: stop every digest


def make_unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
