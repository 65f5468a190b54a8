"""Every write to accounts, profiles, connections and blocks."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import Block, Connection, Profile, Role, User
from alongside.accounts.tokens import make_confirmation_token, read_confirmation_token
from alongside.core.audit import log_action
from alongside.core.errors import ApplicationError
from alongside.core.events import publish


class AccountError(ApplicationError):
    pass


@transaction.atomic
def register_member(
    *,
    handle: str,
    email: str,
    password: str,
    timezone_name: str = settings.TIME_ZONE,
    language: str = "en",
) -> User | None:
    """Create a member; returns None (and tells the address's owner) if the email is taken.

    The sign-up page looks the same either way, so it never reveals who has an account.
    """
    if User.objects.filter(handle__iexact=handle).exists():
        raise AccountError(_("That handle is taken. Try another one."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        transaction.on_commit(lambda: send_account_exists_email(email=email))
        return None
    user = User.objects.create_user(
        handle, email, password, timezone=timezone_name, language=language
    )
    user.groups.add(Group.objects.get_or_create(name=Role.MEMBER)[0])
    transaction.on_commit(lambda: send_email_confirmation(user=user))
    publish("member.registered", user_id=user.pk)
    return user


def send_account_exists_email(*, email: str) -> None:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    with translation.override(user.language):
        context = {
            "user": user,
            "login": settings.SITE_URL + reverse("accounts:login"),
            "reset": settings.SITE_URL + reverse("accounts:password_reset"),
            "site_name": settings.SITE_NAME,
        }
        send_mail(
            subject=_("You already have an account on %(site)s") % {"site": settings.SITE_NAME},
            message=render_to_string("accounts/email/account_exists.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def send_email_confirmation(*, user: User) -> None:
    link = settings.SITE_URL + reverse(
        "accounts:confirm_email", kwargs={"token": make_confirmation_token(user)}
    )
    with translation.override(user.language):
        context = {"user": user, "link": link, "site_name": settings.SITE_NAME}
        send_mail(
            subject=_("Confirm your email for %(site)s") % {"site": settings.SITE_NAME},
            message=render_to_string("accounts/email/confirm_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def confirm_email(*, token: str) -> User:
    user = read_confirmation_token(token)
    if user is None:
        raise AccountError(
            _("That confirmation link has expired or was already replaced. We can send a new one.")
        )
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        log_action(actor=user, action="account.email_confirmed", target=user)
    return user


@transaction.atomic
def update_profile(
    *, user: User, profile_fields: dict[str, Any], visibility: dict[str, str], timezone_name: str
) -> Profile:
    profile = Profile.objects.select_for_update().get(user=user)
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    profile.visibility = {field: visibility[field] for field in Profile.VISIBLE_FIELDS}
    profile.full_clean()
    profile.save()
    if user.timezone != timezone_name:
        user.timezone = timezone_name
        user.save(update_fields=["timezone"])
    return profile


def _pair(a: User, b: User) -> Q:
    return Q(requester=a, addressee=b) | Q(requester=b, addressee=a)


@transaction.atomic
def request_connection(*, requester: User, addressee: User, message: str = "") -> Connection:
    if requester.pk == addressee.pk:
        raise AccountError(_("You can't connect with yourself."))
    if Block.objects.filter(
        Q(blocker=requester, blocked=addressee) | Q(blocker=addressee, blocked=requester)
    ).exists():
        # Looks exactly like a missing member to the person who was blocked.
        raise AccountError(_("That member isn't available."))
    from alongside.moderation.rules import check_not_muted

    check_not_muted(requester)
    existing = Connection.objects.select_for_update().filter(_pair(requester, addressee)).first()
    if existing is not None:
        if existing.status == Connection.Status.PENDING and existing.addressee_id == requester.pk:
            # They already asked us: asking back means yes.
            return accept_connection(user=requester, connection=existing)
        return existing
    connection = Connection.objects.create(
        requester=requester, addressee=addressee, message=message
    )
    publish("connection.requested", connection_id=connection.pk)
    return connection


@transaction.atomic
def accept_connection(*, user: User, connection: Connection) -> Connection:
    if connection.addressee_id != user.pk or connection.status != Connection.Status.PENDING:
        raise AccountError(_("That request is no longer waiting for you."))
    connection.status = Connection.Status.ACCEPTED
    connection.accepted_at = timezone.now()
    connection.save(update_fields=["status", "accepted_at"])
    publish("connection.accepted", connection_id=connection.pk)
    return connection


def decline_connection(*, user: User, connection: Connection) -> None:
    """Declining is quiet: the person who asked is not told."""
    if connection.addressee_id != user.pk or connection.status != Connection.Status.PENDING:
        raise AccountError(_("That request is no longer waiting for you."))
    connection.delete()


def withdraw_connection_request(*, user: User, connection: Connection) -> None:
    if connection.requester_id != user.pk or connection.status != Connection.Status.PENDING:
        raise AccountError(_("That request is no longer pending."))
    connection.delete()


def remove_connection(*, user: User, other: User) -> None:
    Connection.objects.filter(_pair(user, other)).delete()


@transaction.atomic
def block_member(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise AccountError(_("You can't block yourself."))
    block, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Connection.objects.filter(_pair(blocker, blocked)).delete()
    if created:
        log_action(actor=blocker, action="member.blocked", target=blocked)
        publish("member.blocked", blocker_id=blocker.pk, blocked_id=blocked.pk)
    return block


def unblock_member(*, blocker: User, blocked_id: int) -> None:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()
    if deleted:
        log_action(actor=blocker, action="member.unblocked", target=None, blocked_id=blocked_id)
        # What both may see changes back: the header's cached counts, among others.
        publish("member.unblocked", blocker_id=blocker.pk, blocked_id=blocked_id)


@transaction.atomic
def grant_role(*, actor: User | None, user: User, role: Role) -> None:
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    user.__dict__.pop("roles", None)
    log_action(actor=actor, action="role.granted", target=user, role=str(role))


@transaction.atomic
def revoke_role(*, actor: User | None, user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role))
    user.__dict__.pop("roles", None)
    log_action(actor=actor, action="role.revoked", target=user, role=str(role))


def change_email(*, user: User, email: str) -> User:
    email = email.strip().lower()
    if email == user.email:
        return user
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise AccountError(_("That email can't be used. Try another address."))
    user.email = email
    user.email_confirmed_at = None
    user.save(update_fields=["email", "email_confirmed_at"])
    log_action(actor=user, action="account.email_changed", target=user)
    transaction.on_commit(lambda: send_email_confirmation(user=user))
    return user


@transaction.atomic
def _login_names(user: User) -> Q:
    return Q(username__iexact=user.handle) | Q(username__iexact=user.email)


def lift_login_lockout(*, user: User) -> None:
    """Forget failed logins for this account: a member who proved who they are may try again."""
    AccessAttempt.objects.filter(_login_names(user)).delete()


def delete_account(*, user: User) -> None:
    """Delete the member and everything that is theirs. The audit log keeps no personal data."""
    user_id = user.pk
    log_action(actor=None, action="account.deleted", target=None, user_id=user_id)
    for records in (AccessAttempt, AccessFailureLog, AccessLog):
        records.objects.filter(_login_names(user)).delete()
    user.delete()
    publish("member.deleted", user_id=user_id)


def set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("That language isn't available yet."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
