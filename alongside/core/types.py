from django.http import HttpRequest

from alongside.accounts.models import User


class MemberRequest(HttpRequest):
    """The request of a login_required view: its user is a logged-in member."""

    user: User
