from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from alongside.accounts.models import User


class HandleOrEmailBackend(ModelBackend):
    """Log in with the handle or the email, in any letter case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        username = username.strip()
        user = User.objects.filter(Q(handle__iexact=username) | Q(email__iexact=username)).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in member of a request, from the cache (alongside.accounts.signed_in)."""
        from alongside.accounts.signed_in import load

        user = load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Throttle one account however its name is typed."""
    raw = str((credentials or {}).get("username") or request.POST.get("username", ""))
    typed = raw.strip().lower()
    handle = (
        User.objects.filter(Q(handle__iexact=typed) | Q(email__iexact=typed))
        .values_list("handle", flat=True)
        .first()
    )
    return handle.lower() if handle else typed
